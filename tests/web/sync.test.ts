import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parse } from "smol-toml";
import { cuesOf, linearMap, retime } from "../../src/sync/cue-times.ts";
import { pollUntil } from "../support/poll.ts";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { type LibraryServer, startLibraryServer } from "./support/library.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { callApi, startUiServer } from "./support/server.ts";

const CLIPS = join(import.meta.dir, "../fixtures/sync/clips");
const TRUTH = readFileSync(join(CLIPS, "fixture.truth.srt"), "utf8");
const SHIFTED = retime(TRUTH, "srt", linearMap(1, 2000));

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;
let subtitle: string;
const pictures = screenshotDir();

const api = (path: string, init?: RequestInit) => callApi(server, path, init);

beforeAll(async () => {
  server = await startLibraryServer(2);
  // Show 1 S01E01 gets real speech, and a German subtitle two seconds late is downloaded for it.
  const video = server.runtime.deps.db.sqlite
    .query<{ path: string }, []>("SELECT path FROM media_files WHERE title = 'Show 1'")
    .get()!.path;
  copyFileSync(join(CLIPS, "fixture.mka"), video);
  server.podnapisi.subtitles.push({
    pid: "pn-late",
    title: "Show 1",
    year: 2020,
    season: 1,
    episode: 1,
    language: "de",
    releases: ["Show.1.S01E01.1080p.WEB-DL-GRP"],
    content: SHIFTED,
    downloads: 5,
  });
  const item = (await api("/wanted?language=de&title=Show+1")).items[0];
  await api(`/wanted/${item.id}/search`, { method: "POST" });
  const saved = await api(`/wanted/${item.id}/download`, {
    method: "POST",
    body: JSON.stringify({ provider: "podnapisi", candidateId: "pn-late" }),
  });
  subtitle = saved.path;
  // The user's English subtitle of the same video, correctly timed: a reference to align to.
  writeFileSync(video.replace(/\.mkv$/, ".en.srt"), TRUTH);
  server.runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
  await server.runtime.deps.scanner.whenIdle();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

const historyRow = (page: Page) =>
  page.getByRole("table", { name: "History" }).locator("tbody tr").filter({ hasText: "Show 1" }).first();
const results = (page: Page) => page.getByRole("list", { name: "Syncs and fixes" }).locator("li");

test("from a history row: sync to the audio shows offset, ratio and confidence, then restore puts the original back", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history`);
  await historyRow(page)
    .getByRole("button", { name: /^Sync or fix / })
    .click();
  const dialog = page.getByRole("dialog", { name: "Sync and fix subtitle" });
  await dialog.getByText("None yet.").waitFor();
  expect(await dialog.getByLabel("Align to").inputValue()).toBe("0");
  await dialog.getByRole("button", { name: "Sync", exact: true }).click();
  const result = results(page).first();
  await result.getByText("synced", { exact: true }).waitFor({ timeout: 60_000 });
  const text = await result.textContent();
  expect(text).toContain("Sync to the audio");
  expect(text).toMatch(/offset −(19\d\d|20\d\d|2,0\d\d|1,9\d\d) ms · same framerate · confidence 0\.\d\d/);
  const cues = cuesOf(readFileSync(subtitle, "utf8"), "srt");
  const truth = cuesOf(TRUTH, "srt");
  expect(Math.max(...cues.map((c, i) => Math.abs(c.startMs - truth[i]!.startMs)))).toBeLessThanOrEqual(100);

  await result.getByRole("button", { name: /^Restore the file as it was/ }).click();
  await result.getByText("restored", { exact: true }).waitFor();
  expect(readFileSync(subtitle, "utf8")).toBe(SHIFTED);
  expect(await result.getByRole("button", { name: /^Restore/ }).count()).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 90_000);

test("fixes from the file dialog: a shift by N ms and a framerate conversion, shown as their result", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  await page.getByRole("table").locator("tbody tr").filter({ hasText: "Show 1" }).first().click();
  await page.getByRole("button", { name: "Details of S01E01" }).click();
  const files = page.getByRole("dialog").getByRole("table", { name: "Subtitle files" });
  await files.getByRole("button", { name: /^Sync or fix .*\.de\.srt$/ }).click();
  const dialog = page.getByRole("dialog", { name: "Sync and fix subtitle" });
  // The earlier sync of this file is listed here too (by file, across its history entries).
  await results(page).first().waitFor();
  const before = await results(page).count();
  const apply = dialog.getByRole("button", { name: "Apply fixes" });
  expect(await apply.isDisabled()).toBe(true);
  await dialog.getByLabel("Shift by (ms)").fill("12.5");
  await dialog.getByText("The shift is a whole number of milliseconds.").waitFor();
  await dialog.getByLabel("Shift by (ms)").fill("-2000");
  await apply.click();
  await pollUntil(
    () => results(page).count(),
    (n) => n === before + 1,
  );
  const shifted = results(page).first();
  await shifted.getByText("fixed", { exact: true }).waitFor();
  expect(await shifted.textContent()).toContain("shifted −2,000 ms");
  expect(cuesOf(readFileSync(subtitle, "utf8"), "srt")[0]!.startMs).toBe(cuesOf(TRUTH, "srt")[0]!.startMs);

  await dialog.getByLabel("Shift by (ms)").fill("");
  await dialog.getByLabel("Timed for (fps)").selectOption("25");
  await dialog.getByLabel("Video runs at (fps)").selectOption("23.976");
  await apply.click();
  await pollUntil(
    () => results(page).count(),
    (n) => n === before + 2,
  );
  expect(await results(page).first().textContent()).toContain("framerate 25/23.976");
  expect(cuesOf(readFileSync(subtitle, "utf8"), "srt")[0]!.startMs).toBe(
    Math.round((cuesOf(TRUTH, "srt")[0]!.startMs * 25) / 23.976),
  );
  // Undo the conversion: the earlier shift stands.
  await results(page)
    .first()
    .getByRole("button", { name: /^Restore/ })
    .click();
  await results(page).first().getByText("restored", { exact: true }).waitFor();
  expect(cuesOf(readFileSync(subtitle, "utf8"), "srt")[0]!.startMs).toBe(cuesOf(TRUTH, "srt")[0]!.startMs);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("from a history row, another subtitle of the same video is offered as the reference; in sync, the file is left as it is", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history`);
  await historyRow(page)
    .getByRole("button", { name: /^Sync or fix / })
    .click();
  const dialog = page.getByRole("dialog", { name: "Sync and fix subtitle" });
  const before = readFileSync(subtitle, "utf8");
  const reference = dialog.getByRole("option", { name: /^Subtitle file .*\.en\.srt$/ });
  await reference.waitFor({ state: "attached" });
  await dialog.getByLabel("Align to").selectOption({ label: (await reference.textContent())! });
  const count = await results(page).count();
  await dialog.getByRole("button", { name: "Sync", exact: true }).click();
  await pollUntil(
    () => results(page).count(),
    (n) => n === count + 1,
  );
  const result = results(page).first();
  await result.getByText("left untouched").waitFor({ timeout: 30_000 });
  const text = await result.textContent();
  expect(text).toMatch(/^Sync to .*\.en\.srt/);
  expect(text).toContain("already in sync");
  expect(text).toMatch(/confidence 0\.\d\d/);
  expect(readFileSync(subtitle, "utf8")).toBe(before);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("the profile dialog sets a title's after-download sync and fixes; the settings page shows the default's", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  await page.getByRole("button", { name: "Profile of Show 2" }).click();
  const dialog = page.getByRole("dialog", { name: /Profile: Show 2/ });
  const group = dialog.getByRole("group", { name: "After a download" });
  await group.getByText("Default fixes: none.").waitFor();
  await group.getByLabel("Sync to the video").selectOption("on");
  await group.getByLabel("Own fixes for this title").check();
  await group.getByLabel("Remove formatting tags").check();
  await group.getByLabel("Fix common OCR errors").check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Profile saved").waitFor();
  const { overrides } = await api("/profiles");
  expect(overrides).toEqual([
    expect.objectContaining({
      kind: "series",
      override: { syncAfterDownload: true, fixes: ["removeTags", "fixOcr"] },
    }),
  ]);

  await page.goto(`${server.url}/settings`);
  const defaults = page.getByRole("group", { name: "After a download" });
  await defaults.getByLabel(/^Sync each downloaded subtitle/).waitFor();
  expect(await defaults.getByLabel(/^Sync each downloaded subtitle/).isChecked()).toBe(false);
  expect(await defaults.getByRole("checkbox").count()).toBe(4);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("screenshots: the sync dialog with its results, and the profile dialog", async () => {
  const shots = await screenshotAll(browser.browser, server.url, pictures.dir, {
    path: "/history",
    name: "sync-dialog",
    storageState: session,
    ready: async (p: Page) => {
      await historyRow(p)
        .getByRole("button", { name: /^Sync or fix / })
        .click();
      await results(p).nth(2).waitFor();
    },
  });
  const show = (await api("/library/series?q=Show+2")).items[0];
  const profile = await screenshotAll(browser.browser, server.url, pictures.dir, {
    path: `/series/main/${show.seriesId}`,
    name: "profile-dialog",
    storageState: session,
    ready: async (p: Page) => {
      await p.getByRole("button", { name: /^Profile: / }).click();
      await p
        .getByRole("group", { name: "After a download" })
        .getByText("Own fixes for this title")
        .waitFor();
    },
  });
  expectClean([...shots, ...profile]);
}, 120_000);

test("while a sync runs its phase and a progress bar show, with Cancel; a refusal is shown, not swallowed", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history`);
  const path = encodeURIComponent(subtitle);
  // The real sync of a short clip finishes within a poll; this answer holds one mid-way.
  await page.route(`**/api/v1/subtitles/sync?path=${path}*`, async (route) => {
    const answer = await route.fetch();
    const page = (await answer.json()) as Json;
    page.items.unshift({
      ...page.items[0],
      id: 999,
      method: "audio",
      reference: { kind: "audio" },
      status: "running",
      phase: "aligning",
      outcome: null,
      reason: null,
      offsetMs: null,
      ratio: null,
      ratioLabel: null,
      confidence: null,
      originalSha256: null,
      restoredAt: null,
    });
    await route.fulfill({ response: answer, json: page });
  });
  await historyRow(page)
    .getByRole("button", { name: /^Sync or fix / })
    .click();
  const dialog = page.getByRole("dialog", { name: "Sync and fix subtitle" });
  const running = results(page).first();
  await running.getByRole("status").getByText("Aligning").waitFor();
  expect(await running.getByRole("progressbar").count()).toBe(1);
  await running.getByRole("button", { name: "Cancel" }).waitFor();
  // A second sync waits for the running one: the button says so by being off.
  expect(await dialog.getByRole("button", { name: "Sync", exact: true }).isDisabled()).toBe(true);
  await page.unroute(`**/api/v1/subtitles/sync?path=${path}*`);
  await context.close();

  // The user edits the file: Subhound refuses to touch it, and the dialog says why.
  const again = await openPage(browser.browser, { storageState: session });
  await again.page.goto(`${server.url}/history`);
  await historyRow(again.page)
    .getByRole("button", { name: /^Sync or fix / })
    .click();
  const mine = `${readFileSync(subtitle, "utf8")}\n`;
  writeFileSync(subtitle, mine);
  await again.page
    .getByRole("dialog", { name: "Sync and fix subtitle" })
    .getByRole("button", { name: "Sync", exact: true })
    .click();
  await again.page
    .getByRole("alert")
    .getByText(/it is the user's now and is never rewritten/)
    .waitFor();
  expect(readFileSync(subtitle, "utf8")).toBe(mine);
  expect(again.problems.failedRequests.filter((r) => !r.endsWith(": 409"))).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await again.context.close();
}, 60_000);

test("the default profile's after-download switches are saved from Settings into config.toml and applied", async () => {
  const own = await startUiServer({ episodes: 1, configFile: {} });
  own.gate.release();
  try {
    const signedIn = await signedInSession(browser.browser, own.url, "/settings", "Settings");
    const { page, problems, context } = await openPage(browser.browser, { storageState: signedIn });
    await page.goto(`${own.url}/settings`);
    const group = page.getByRole("group", { name: "After a download" });
    await group.getByLabel(/^Sync each downloaded subtitle/).check();
    await group.getByLabel("Remove hearing-impaired annotations (kept when HI is preferred)").check();
    await group.getByLabel("Fix common OCR errors").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
    const file = parse(readFileSync(join(own.runtime.deps.config.dataDir, "config.toml"), "utf8")) as {
      profile: { syncAfterDownload: boolean; fixes: string[] };
    };
    expect(file.profile).toMatchObject({
      syncAfterDownload: true,
      fixes: ["removeHearingImpaired", "fixOcr"],
    });
    const profiles = await fetch(`${own.url}/api/v1/profiles`, { headers: { "X-Api-Key": own.apiKey } });
    expect(((await profiles.json()) as Json).default).toMatchObject({
      syncAfterDownload: true,
      fixes: ["removeHearingImpaired", "fixOcr"],
    });
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
  } finally {
    await own.stop();
  }
}, 60_000);
