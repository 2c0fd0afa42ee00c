import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Page } from "playwright-core";
import { parse } from "smol-toml";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

/** The language cutoff, edited in a series' Profile dialog and in Settings, and the reason it gives in words. */

const pictures = screenshotDir();
let server: UiServer;
let browser: TestBrowser;
let session: SessionState;
let video: string;

async function scanNow() {
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
}

beforeAll(async () => {
  // Show 1 wants pt-BR and de; a German subtitle is already there.
  server = await startUiServer({ episodes: 1, providers: false, configFile: {} });
  server.gate.release();
  await scanNow();
  video = server.runtime.deps.db.sqlite
    .query<{ path: string }, []>("SELECT path FROM media_files")
    .get()!.path;
  writeFileSync(video.replace(/\.mkv$/, ".de.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHallo\n\n");
  await scanNow();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/settings", "Settings");
});
afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
});

const api = async (path: string): Promise<Json> =>
  (await fetch(`${server.url}/api/v1${path}`, { headers: { "X-Api-Key": server.apiKey } })).json();

async function openDialog(page: Page, button: string | RegExp = "Profile of Show 1") {
  const dialog = page.getByRole("dialog", { name: /Profile: Show 1/ });
  // The screenshots ask again in the dark: the dialog is open already.
  if ((await dialog.count()) === 0) await page.getByRole("button", { name: button }).click();
  await dialog.getByRole("combobox", { name: "Language cutoff" }).waitFor();
  return dialog;
}

test("the Profile dialog sets the cutoff; it is saved, shown again, and the wanted list says why in words", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  const dialog = await openDialog(page);
  const cutoff = dialog.getByRole("combobox", { name: "Language cutoff" });
  expect(await cutoff.locator("option").allTextContents()).toEqual([
    "Default: no cutoff (want every language)",
    "No cutoff (want every language)",
    "Any language",
    "Stop once Portuguese (Brazil) is there",
    "Stop once German is there",
  ]);
  await cutoff.selectOption({ label: "Stop once German is there" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Profile saved").waitFor();
  const { overrides } = await api("/profiles");
  expect(overrides).toEqual([expect.objectContaining({ kind: "series", override: { cutoff: "de" } })]);

  // Shown again after a reload.
  await page.reload();
  const again = await openDialog(page);
  expect(await again.getByRole("combobox", { name: "Language cutoff" }).inputValue()).toBe("de");
  await again.getByRole("button", { name: "Cancel" }).click();

  // Before the next scan, the Portuguese item says why it is going.
  await page.goto(`${server.url}/wanted`);
  const reason = page
    .getByRole("table", { name: "Wanted items" })
    .locator("tbody tr", { hasText: "pt-BR" })
    .locator(".wanted-reason");
  await reason.waitFor();
  const german = basename(video).replace(/\.mkv$/, ".de.srt");
  expect(await reason.textContent()).toBe(
    `Not needed: the cutoff is met by German (${german}): German is enough (cutoff = "de"); the next scan removes this item.`,
  );

  // The scan removed it; the file's details list Portuguese as not wanted, with the same words.
  await scanNow();
  await page.goto(`${server.url}/series/main/1`);
  await page.getByRole("button", { name: "Details of S01E01" }).click();
  const details = page.getByRole("dialog");
  await details.getByText("Not wanted for this file").waitFor();
  await details.getByText(/^Not needed: the cutoff is met by German/).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/series/main/1",
      name: "cutoff-profile-dialog",
      storageState: session,
      ready: async (p) => {
        const d = await openDialog(p, /^Profile: /);
        expect(await d.getByRole("combobox", { name: "Language cutoff" }).inputValue()).toBe("de");
      },
    }),
  );
}, 120_000);

test("Settings: the default profile's and a named profile's cutoff; a language not in the list is refused", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/settings/general`);
  await page.getByRole("heading", { name: "Languages and default profile" }).waitFor();
  const defaultCutoff = page.locator("#setting-profile-cutoff");
  expect(await defaultCutoff.locator("option").allTextContents()).toEqual([
    "No cutoff (want every language)",
    "Any language",
    "Stop once Portuguese (Brazil) is there",
    "Stop once German is there",
  ]);
  await defaultCutoff.selectOption({ label: "Any language" });

  await page.getByLabel("New profile name").fill("anime");
  await page.getByRole("button", { name: "Add profile" }).click();
  const anime = page.getByRole("group", { name: "Profile anime" });
  await anime.getByLabel("Languages").fill("ja, en");
  await anime.getByLabel("Languages").blur();
  const animeCutoff = anime.getByRole("combobox", { name: "Language cutoff" });
  expect(await animeCutoff.locator("option").allTextContents()).toEqual([
    "Default: any language",
    "No cutoff (want every language)",
    "Any language",
    "Stop once Japanese is there",
    "Stop once English is there",
  ]);
  await animeCutoff.selectOption({ label: "Stop once Japanese is there" });
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  const file = parse(readFileSync(join(server.runtime.deps.config.dataDir, "config.toml"), "utf8")) as Json;
  expect(file.profile.cutoff).toBe("any");
  expect(file.profiles).toEqual({ anime: { languages: ["ja", "en"], cutoff: "ja" } });
  const profiles = await api("/profiles");
  expect(profiles.default.cutoff).toBe("any");
  expect(profiles.named.anime.cutoff).toBe("ja");

  // German as the cutoff, then German taken out of the languages: the save names the key.
  await defaultCutoff.selectOption({ label: "Stop once German is there" });
  await page.getByLabel("Languages", { exact: true }).first().fill("pt-BR, en");
  await page.getByLabel("Languages", { exact: true }).first().blur();
  expect(await defaultCutoff.inputValue()).toBe("de");
  await page.getByRole("button", { name: "Save" }).click();
  const error = page.locator("#setting-profile-cutoff-error");
  await error.waitFor();
  expect(await error.textContent()).toContain(`"de" is not one of the profile's languages (pt-BR, en)`);
  expect(parse(readFileSync(join(server.runtime.deps.config.dataDir, "config.toml"), "utf8"))).toMatchObject({
    profile: { cutoff: "any" },
  });
  // Back to no cutoff: the key leaves config.toml.
  await defaultCutoff.selectOption({ label: "No cutoff (want every language)" });
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  const saved = parse(readFileSync(join(server.runtime.deps.config.dataDir, "config.toml"), "utf8")) as Json;
  expect(saved.profile?.cutoff).toBeUndefined();
  expect(saved.languages).toEqual(["pt-BR", "en"]);
  // The refused save is the one failed request; nothing else went wrong.
  expect(problems.consoleErrors).toEqual([expect.stringContaining("422 (Unprocessable Entity)")]);
  expect(problems.failedRequests).toEqual([expect.stringMatching(/PUT .*\/api\/v1\/settings: 422$/)]);
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/settings/general",
      name: "cutoff-settings",
      storageState: session,
      ready: (p) => p.getByRole("group", { name: "Profile anime" }).getByText("Language cutoff").waitFor(),
    }),
  );
}, 120_000);
