import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { PASSWORD, USERNAME } from "./support/auth.ts";
import { openPage, recordBodies } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const SUBDL_KEY = "subdl-key-typed-in-the-page-77";
const OTHER_SONARR_KEY = "other-sonarr-key-55";

let other: FakeSonarr;
const suite = settingsSuite(
  async () => {
    other = await startFakeSonarr({ apiKey: OTHER_SONARR_KEY });
    other.addSeries({ title: "Other Show", path: "/other/Other Show", year: 2021 });
    return { episodes: 1, configFile: { env: { SUBHOUND_SEARCH__CONCURRENCY: "2" } } };
  },
  { after: () => other?.stop() },
);

test("a Sonarr instance added and tested in Settings is used by the next scan, without a restart", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const bodies = recordBodies(page);
  await page.goto(`${suite.server.url}/settings/library`);
  await page.getByRole("button", { name: "Add Sonarr" }).click();
  const card = page.getByRole("region", { name: "Sonarr sonarr-2" });
  await card.getByLabel("Name").fill("other");
  const added = page.getByRole("region", { name: "Sonarr other" });
  await added.getByLabel("URL").fill(other.url);
  await added.getByLabel("API key").fill("not-the-key-at-all");
  await added.getByRole("button", { name: "Test" }).click();
  await added.getByText(/Failed:/).waitFor();
  await added.getByLabel("API key").fill(OTHER_SONARR_KEY);
  // The answer was for the old key: it goes with the edit, not only with the next Test.
  await added.getByText(/Failed:/).waitFor({ state: "detached" });
  await added.getByRole("button", { name: "Test" }).click();
  await added.getByText(/Connected: Sonarr .* answered/).waitFor();

  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  await page.getByRole("region", { name: "Sonarr other" }).getByText("set", { exact: true }).waitFor();
  const file = suite.savedConfig();
  expect(file.sonarr.map((i: { name: string; apiKey: string }) => [i.name, i.apiKey])).toEqual([
    ["main", "sonarr-key"],
    ["other", OTHER_SONARR_KEY],
  ]);

  const listedBefore = other.requests.count("/api/v3/series");
  await page.goto(`${suite.server.url}/`);
  await page.getByRole("button", { name: "Scan now" }).click();
  await page.getByTestId("scan-activity").getByText("succeeded").waitFor();
  expect(other.requests.count("/api/v3/series")).toBeGreaterThan(listedBefore);
  for (const body of bodies) expect(body).not.toContain(OTHER_SONARR_KEY);
  // The wrong key's Test is the one expected failure the page made no request for: it answers 200.
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a provider key set in Settings is saved and applied, and never sent back to the browser", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const bodies = recordBodies(page);
  await page.goto(`${suite.server.url}/settings/providers`);
  const subdl = page.getByRole("region", { name: "SubDL", exact: true });
  await subdl.getByText("not set").first().waitFor();
  await subdl.getByLabel("Enabled").check();
  await subdl.getByLabel("API key").fill(SUBDL_KEY);
  await subdl.getByText("replaced on save").waitFor();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  await subdl.getByText("set", { exact: true }).waitFor();
  expect(await subdl.getByLabel("API key").inputValue()).toBe("");
  await page.reload();
  await subdl.getByText("set", { exact: true }).waitFor();

  expect(suite.server.runtime.deps.providers.names()).toContain("subdl");
  expect(suite.savedConfig().providers.subdl.apiKey).toBe(SUBDL_KEY);
  expect(bodies.length).toBeGreaterThan(3);
  for (const body of bodies) expect(body).not.toContain(SUBDL_KEY);
  expect(await page.content()).not.toContain(SUBDL_KEY);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a provider key typed but not saved is not what Test tries: Test waits for Save", async () => {
  const { page, problems, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/providers`);
  const subdl = page.getByRole("region", { name: "SubDL", exact: true });
  const test = subdl.getByRole("button", { name: "Test" });
  // Saved enabled with its key (the test before): testable as saved.
  await subdl.getByText("set", { exact: true }).waitFor();
  expect(await test.isEnabled()).toBe(true);
  // A new key typed: the running provider still has the old one, so a Test would answer about that.
  await subdl.getByLabel("API key").fill("a-new-key-not-saved-yet");
  await subdl.getByText("Save your changes, then Test.").waitFor();
  expect(await test.isDisabled()).toBe(true);
  await page.getByRole("button", { name: "Discard" }).click();
  await subdl.getByText("Save your changes, then Test.").waitFor({ state: "detached" });
  expect(await test.isEnabled()).toBe(true);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a value the schema refuses is shown beside its field and nothing is saved", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const before = readFileSync(suite.configPath(), "utf8");
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("expected a whole number >= 1, got 0").waitFor();
  await page.getByText("1 setting needs a fix").waitFor();
  expect(readFileSync(suite.configPath(), "utf8")).toBe(before);
  await page.getByRole("button", { name: "Discard" }).click();
  await page.getByText("1 setting needs a fix").waitFor({ state: "detached" });
  // The browser logs the refused save itself; nothing else went wrong.
  expect(problems.consoleErrors).toEqual([expect.stringContaining("422 (Unprocessable Entity)")]);
  expect(problems.failedRequests).toEqual([expect.stringMatching(/PUT .*\/api\/v1\/settings: 422$/)]);
  await page.context().close();
}, 60_000);

test("a refused entry of a list (a language code) is named beside the list, not only counted in the save bar", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  const before = readFileSync(suite.configPath(), "utf8");
  await page.goto(`${suite.server.url}/settings/general`);
  const languages = page.getByLabel("Languages", { exact: true });
  await languages.fill("de, klingon!!");
  await languages.blur();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("1 setting needs a fix").waitFor();
  // The server refuses `languages.1`; the Languages field says which value and why.
  const error = page.locator("#setting-languages-error");
  await error.waitFor();
  expect(await error.textContent()).toContain('got "klingon!!"');
  expect(await languages.getAttribute("aria-invalid")).toBe("true");
  expect(await languages.getAttribute("aria-describedby")).toContain("setting-languages-error");
  expect(readFileSync(suite.configPath(), "utf8")).toBe(before);
  await page.getByRole("button", { name: "Discard" }).click();
  await error.waitFor({ state: "detached" });
  await context.close();
}, 60_000);

test("a key set by the environment is read-only and names its variable", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  const field = page.getByLabel(/Items at once/);
  await field.waitFor();
  expect(await field.getAttribute("readonly")).not.toBeNull();
  expect(await field.inputValue()).toBe("2");
  await page.getByText("SUBHOUND_SEARCH__CONCURRENCY", { exact: true }).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("an error toast leaves the save bar's Save and Discard usable, at desktop and phone width", async () => {
  for (const viewport of ["desktop", "phone"] as const) {
    const { page, problems } = await openPage(suite.browser.browser, {
      storageState: suite.session,
      viewport,
    });
    await page.goto(`${suite.server.url}/settings/library`);
    const card = page.getByRole("region", { name: "Sonarr main" });
    // An empty URL: the server refuses the Test (problem+json), the error toast stays until dismissed.
    await card.getByLabel("URL").fill("");
    await card.getByRole("button", { name: "Test" }).click();
    const toast = page.getByRole("alert").filter({ hasText: "That did not work" });
    await toast.waitFor();
    const bar = page.getByRole("region", { name: "Unsaved changes" });
    const [t, b] = [(await toast.boundingBox())!, (await bar.boundingBox())!];
    expect({ viewport, overlap: t.y + t.height > b.y }).toEqual({ viewport, overlap: false });
    // Discard takes the click (nothing lies over it) and the draft goes.
    await bar.getByRole("button", { name: "Discard" }).click({ timeout: 5_000 });
    await bar.waitFor({ state: "detached" });
    expect(problems.failedRequests).toEqual([
      expect.stringMatching(/POST .*\/api\/v1\/settings\/arr\/test: 400$/),
    ]);
    await page.context().close();
  }
}, 60_000);

test("settings sections at desktop and phone width, light and dark", async () => {
  for (const [slug, heading] of [
    ["general", "Languages and default profile"],
    ["library", "Sonarr"],
    ["providers", "Podnapisi"],
    ["translation", "Translation"],
    ["media-servers", "Media servers"],
    ["schedules", "Scan"],
    ["authentication", "Change password"],
  ] as const) {
    await suite.screenshots({
      path: `/settings/${slug}`,
      name: `settings-${slug}`,
      ready: (p) => p.getByRole("heading", { name: heading, exact: true }).first().waitFor(),
    });
  }
}, 180_000);

test("a password change from Settings: the old password stops working, the new one signs in", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/authentication`);
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a new passphrase 2");
  await page.getByLabel("New password again").fill("a new passphrase 2");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("status").filter({ hasText: "Password changed" }).waitFor();
  const login = (password: string) =>
    fetch(`${suite.server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: USERNAME, password }),
    });
  expect((await login(PASSWORD)).status).toBe(401);
  expect((await login("a new passphrase 2")).status).toBe(200);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);
