import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parse } from "smol-toml";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { pollUntil } from "../support/poll.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { horizontalOverflow, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { callApi, startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let podnapisi: FakePodnapisi;
let browser: TestBrowser;
let session: SessionState;
const pictures = screenshotDir();

const srt = (text: string) =>
  `1\n00:00:01,000 --> 00:00:03,000\n${text}\n\n2\n00:00:04,000 --> 00:00:06,000\n${text}!\n`;
const api = (path: string, init?: RequestInit) => callApi(server, path, init);
const configFile = () => join(server.runtime.deps.config.dataDir, "config.toml");
const subtitle = (show: number, pid: string, release: string, text: string) => ({
  pid,
  title: `Show ${show}`,
  year: 2020,
  season: 1,
  episode: 1,
  language: "de",
  releases: [release],
  content: srt(text),
  downloads: 10,
});

/**
 * Two shows get a weak German subtitle from the fake Podnapisi; the user then edits Show 2's, and a
 * release-matched one appears for both. The upgrade job must take Show 1's and leave Show 2's alone.
 */
beforeAll(async () => {
  podnapisi = await startFakePodnapisi();
  podnapisi.subtitles.push(
    subtitle(1, "pn-weak-1", "Unrelated.Name", "Alt eins"),
    subtitle(2, "pn-weak-2", "Unrelated.Name", "Alt zwei"),
  );
  server = await startUiServer({
    episodes: 2,
    providers: false,
    configFile: {},
    config: {
      languages: ["de"],
      providers: { podnapisi: { enabled: true, baseUrl: podnapisi.url } },
    },
  });
  server.gate.release();
  server.runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
  await server.runtime.deps.scanner.whenIdle();
  expect((await server.runtime.deps.searcher.start({ trigger: "api" }).done).found).toBe(2);
  const saved = (await api("/history")).items as { title: string; path: string }[];
  writeFileSync(saved.find((h) => h.title === "Show 2")!.path, srt("Meine Korrektur"));
  podnapisi.subtitles.push(
    subtitle(1, "pn-good-1", "Show.1.S01E01.1080p.WEB-DL-GRP", "Neu eins"),
    subtitle(2, "pn-good-2", "Show.2.S01E01.1080p.WEB-DL-GRP", "Neu zwei"),
  );
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await podnapisi?.stop();
  pictures.done();
});

const upgradeCard = (page: Page) => page.getByRole("region", { name: "Subtitle upgrades" });

test("Tasks: run the upgrade job; its run lists the upgrade and the file it left alone, with why", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/tasks`);
  const card = upgradeCard(page);
  await card.getByText("every 12 hours", { exact: false }).waitFor();
  await card.getByRole("button", { name: "Run now: Subtitle upgrades" }).click();
  await card.getByText("succeeded").first().waitFor();
  await card.getByRole("button", { name: "History of Subtitle upgrades" }).click();
  await card.getByText(/^Upgraded Show 1 S01E01 \[de\]: score \d+ → \d+ \(podnapisi\)$/).waitFor();
  await card
    .getByText(/^Left alone Show 2 .*\.de\.srt: the file was edited or replaced since Subhound wrote it/)
    .waitFor();
  await card.getByText(/upgraded 1 · no better 0 · at cutoff 0 · left alone 1/).waitFor();
  await card.screenshot({ path: join(pictures.dir, "upgrades-task-desktop-light.png") });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("History marks the upgrade with what it replaced, and filters by Upgraded; screenshots", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history`);
  await page.getByText("3 saved subtitles").waitFor();
  const rows = page.getByRole("table", { name: "History" }).locator("tbody tr");
  const upgraded = rows.filter({ hasText: "Upgraded" });
  await upgraded
    .locator("td.wide-only")
    .getByText(/from score \d+ \(podnapisi\)/)
    .waitFor();
  expect(await upgraded.count()).toBe(1);
  expect(await upgraded.textContent()).toContain("Show 1");
  await page.getByRole("button", { name: "Upgraded", exact: true }).click();
  await page.waitForURL(/action=upgraded/);
  await pollUntil(
    () => rows.count(),
    (n) => n === 1,
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
  const shots = await screenshotAll(browser.browser, server.url, pictures.dir, {
    path: "/history",
    name: "upgrades-history",
    storageState: session,
    ready: async (p) => {
      await p.getByText("3 saved subtitles").waitFor();
      await p.getByRole("table", { name: "History" }).locator("tbody tr").first().waitFor();
    },
  });
  for (const shot of shots) {
    expect(shot.overflow).toBeLessThanOrEqual(0);
    expect(shot.problems).toEqual({ consoleErrors: [], failedRequests: [] });
  }
}, 120_000);

test("Settings: the upgrade schedule and the default cutoff are saved to config.toml", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/settings/schedules`);
  const section = page.getByRole("region", { name: "Upgrades" });
  await section.getByLabel("Minimum score gain").waitFor();
  await section.screenshot({ path: join(pictures.dir, "upgrades-settings-desktop-light.png") });
  await section.getByLabel("Minimum score gain").fill("30");
  await section.getByLabel("Downloads of the last (days)").fill("14");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();

  await page.goto(`${server.url}/settings/general`);
  await page.getByLabel("Upgrade cutoff score").fill("400");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  const file = parse(readFileSync(configFile(), "utf8")) as {
    upgrades: { minGain: number; days: number };
    profile: { upgradeCutoff: number };
  };
  expect(file.upgrades).toMatchObject({ minGain: 30, days: 14 });
  expect(file.profile.upgradeCutoff).toBe(400);
  // Applied live: the next run reads them.
  expect(server.runtime.deps.config.upgrades).toMatchObject({ minGain: 30, days: 14 });
  expect((await api("/profiles")).default.upgradeCutoff).toBe(400);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a series' profile dialog sets its own cutoff, and clearing it follows the default again", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  await page.getByRole("button", { name: "Profile of Show 1" }).click();
  const dialog = page.getByRole("dialog", { name: "Profile: Show 1" });
  const field = dialog.getByLabel("Upgrade cutoff score");
  await field.waitFor();
  expect(await field.getAttribute("placeholder")).toBe("Default: 400");
  await field.fill("250");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await dialog.screenshot({ path: join(pictures.dir, "upgrades-profile-dialog-desktop-light.png") });
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "detached" });
  const overrides = (await api("/profiles")).overrides as { arrId: number; override: object }[];
  expect(overrides.map((o) => o.override)).toEqual([{ upgradeCutoff: 250 }]);

  await page.getByRole("button", { name: "Profile of Show 1" }).click();
  expect(await dialog.getByLabel("Upgrade cutoff score").inputValue()).toBe("250");
  await dialog.getByRole("button", { name: "Use the default" }).click();
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "detached" });
  await pollUntil(
    async () => ((await api("/profiles")).overrides as unknown[]).length,
    (n) => n === 0,
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);
