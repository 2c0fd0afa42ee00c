import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

/** Named profiles, tag assignment and the library options, edited in Settings and in a series' profile dialog. */

const pictures = screenshotDir();
let server: UiServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startUiServer({ episodes: 1, providers: false, configFile: {} });
  server.gate.release();
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
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

test("Settings: a named profile with its options, a tag assigned to it and the default's library options", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/settings/general`);
  await page.getByRole("heading", { name: "Named profiles and tags" }).waitFor();
  await page.getByLabel("Skip specials (season 0)").check();
  await page.getByLabel("No subtitle in a language the audio already has").first().check();

  await page.getByLabel("New profile name").fill("anime");
  await page.getByRole("button", { name: "Add profile" }).click();
  const anime = page.getByRole("group", { name: "Profile anime" });
  await anime.getByLabel("Languages").fill("ja, en");
  await anime.getByLabel("Languages").blur();
  await anime.getByRole("combobox", { name: /^Forced/ }).selectOption("separate");
  await anime.getByRole("combobox", { name: /^Extract embedded text streams/ }).selectOption("on");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tag (row 1)").fill("anime");

  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  const file = parse(readFileSync(join(server.runtime.deps.config.dataDir, "config.toml"), "utf8")) as Json;
  expect(file.profiles).toEqual({
    anime: { languages: ["ja", "en"], forced: "separate", extractEmbedded: true },
  });
  expect(file.profileTags).toEqual([{ tag: "anime", profile: "anime" }]);
  expect(file.profile).toMatchObject({ skipSpecials: true, audioRules: ["skip-audio-language"] });
  const profiles = await api("/profiles");
  expect(profiles.named.anime).toMatchObject({
    languages: ["ja", "en"],
    extractEmbedded: true,
    skipSpecials: true,
  });
  expect(profiles.tags).toEqual([{ tag: "anime", profile: "anime" }]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/settings/general",
      name: "settings-profiles",
      storageState: session,
      ready: (p) => p.getByRole("group", { name: "Profile anime" }).waitFor(),
    }),
  );
}, 120_000);

test('a series whose Sonarr tag picks a named profile says so on its page, not "default"', async () => {
  server.sonarr.tagSeries(1, ["Anime"]);
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series/main/1`);
  await page.getByRole("heading", { name: "Show 1", level: 1 }).waitFor();
  const button = page.getByRole("button", { name: /^Profile: / });
  await page.getByRole("button", { name: "Profile: anime (tag anime)" }).waitFor();
  expect(await button.textContent()).toBe("Profile: anime (tag anime)");
  // The list says it too (its profile column), not "Default".
  await page.goto(`${server.url}/series`);
  const listed = page.getByRole("button", { name: "Profile of Show 1" });
  await listed.waitFor();
  expect(await listed.textContent()).toBe("anime (tag)");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a series' profile dialog: follow a named profile, monitored only, own audio rules", async () => {
  const open = async (p: import("playwright-core").Page, button = "Profile of Show 1") => {
    await p.getByRole("button", { name: button }).click();
    const dialog = p.getByRole("dialog", { name: /Profile: Show 1/ });
    await dialog.getByRole("combobox", { name: /^Profile/ }).waitFor();
    return dialog;
  };
  // Sonarr tags the series; the next scan stores the tag, and the dialog names what it follows.
  server.sonarr.tagSeries(1, ["Anime"]);
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  const dialog = await open(page);
  await dialog.getByRole("option", { name: 'By its tag "anime": anime' }).waitFor({ state: "attached" });
  // Empty fields now follow the tag's profile.
  expect(await dialog.getByLabel("Languages").getAttribute("placeholder")).toBe("ja, en");
  await dialog.getByRole("combobox", { name: /^Profile/ }).selectOption("anime");
  await dialog.getByRole("combobox", { name: /^Monitored only/ }).selectOption("on");
  await dialog.getByLabel(/^Own rules/).check();
  await dialog.getByLabel("Forced only when the audio is foreign to its language").check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Profile saved").waitFor();
  const { overrides } = await api("/profiles");
  expect(overrides).toEqual([
    expect.objectContaining({
      kind: "series",
      override: {
        profileName: "anime",
        monitoredOnly: true,
        // The default's rule carried over, and the one checked here.
        audioRules: ["skip-audio-language", "forced-only-foreign-audio"],
      },
    }),
  ]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      // The series page opens the dialog at phone width too (the list's profile column is desktop-only).
      path: "/series/main/1",
      name: "series-profile-dialog",
      storageState: session,
      ready: async (p) => {
        const d = await open(p, "Profile: anime · custom");
        // The saved override shows: the profile chosen, the own rules checked.
        expect(await d.getByLabel("Forced only when the audio is foreign to its language").isChecked()).toBe(
          true,
        );
        expect(await d.getByRole("combobox", { name: /^Profile/ }).inputValue()).toBe("anime");
      },
    }),
  );
}, 120_000);
