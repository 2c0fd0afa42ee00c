import { afterAll, beforeAll, expect, test } from "bun:test";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let podnapisi: FakePodnapisi;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  podnapisi = await startFakePodnapisi();
  // A fresh install: nothing configured but where the fakes are; one episode, so counts are 1.
  server = await startUiServer({
    providers: false,
    episodes: 1,
    configFile: {},
    config: { sonarr: [], providers: { podnapisi: { baseUrl: podnapisi.url } } },
  });
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await podnapisi?.stop();
});

test("the first run in words a user reads: named fields, no config paths, no count that lies while scanning", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/`);
  const guide = page.getByRole("region", { name: "Set up Subhound" });
  await guide.getByLabel("Sonarr URL").fill(server.sonarr.url);
  await guide.getByLabel("API key").fill(server.sonarr.apiKey);
  await guide.getByRole("button", { name: "Save and continue" }).click();

  // A refused language is named as the field it was typed in, not as `languages.1`.
  await guide.getByLabel("Subtitle languages you want").fill("en, klingon!!");
  await guide.getByRole("button", { name: "Save and continue" }).click();
  const refused = guide.getByRole("alert");
  await refused.getByText('got "klingon!!"', { exact: false }).waitFor();
  expect(await refused.textContent()).not.toContain("languages.1");
  await guide.getByLabel("Subtitle languages you want").fill("en");
  await guide.getByRole("button", { name: "Save and continue" }).click();

  // A provider's keys are labelled as in Settings, and its refusal names the field, not the config path.
  await guide.getByRole("button", { name: "OpenSubtitles" }).click();
  for (const label of ["API key", "Username", "Password"])
    await guide.getByLabel(label, { exact: true }).waitFor();
  await guide.getByRole("button", { name: "Enable OpenSubtitles" }).click();
  const missing = guide.getByRole("alert");
  await missing.getByText("API key: is required when the provider is enabled").waitFor();
  expect(await missing.textContent()).not.toContain("providers.opensubtitles");
  await guide.getByRole("button", { name: "Podnapisi" }).click();
  await guide.getByRole("button", { name: "Enable Podnapisi" }).click();
  await guide.getByRole("button", { name: "Continue" }).click();

  await guide.getByRole("button", { name: "Start the first scan" }).click();
  await guide.getByTestId("first-scan").getByText("running").waitFor();
  // While it runs, the counts do not tell the user to run a scan.
  const counts = page.getByRole("region", { name: "Subtitles" });
  await counts.getByText("The scan is running; the counts fill in when it finishes.").waitFor();
  expect(await counts.getByText(/run a scan/).count()).toBe(0);
  // Nor does the guide promise a list that fills while it runs: the lists load when it finishes.
  expect(await guide.getByText(/fills as it goes/).count()).toBe(0);
  server.gate.release();
  // One file, one language: singular words.
  await page.getByTestId("scan-activity").getByText("1 file, 1 new wanted").waitFor();
  await counts.getByText("Missing").waitFor();
  await page.getByRole("button", { name: "Search now" }).click();
  await page.getByRole("status").filter({ hasText: "Searching for 1 item" }).waitFor();
  expect(await page.getByText("Searching for 1 items").count()).toBe(0);
  // The refused saves were the expected failures.
  expect(problems.consoleErrors.every((e) => e.includes("422"))).toBe(true);
  expect(problems.failedRequests.every((r) => /PUT .*\/api\/v1\/settings: 422$/.test(r))).toBe(true);
  await page.context().close();
}, 120_000);
