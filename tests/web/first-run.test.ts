import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

const pictures = screenshotDir();
let server: UiServer;
let podnapisi: FakePodnapisi;
let browser: TestBrowser;
let session: SessionState;
const folder = mkdtempSync(join(tmpdir(), "subhound-first-run-"));

beforeAll(async () => {
  writeFileSync(join(folder, "Film (2020).mkv"), "video");
  podnapisi = await startFakePodnapisi();
  // Nothing configured but where the fakes are: no library source, no provider enabled.
  server = await startUiServer({
    providers: false,
    episodes: 2,
    configFile: {},
    config: { sonarr: [], providers: { podnapisi: { baseUrl: podnapisi.url } } },
  });
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
});

afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
  await podnapisi?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const shoot = (name: string, heading: string) =>
  screenshotAll(browser.browser, server.url, pictures.dir, {
    path: "/",
    name,
    storageState: session,
    ready: async (p) => {
      await p.getByRole("heading", { name: "Set up Subhound" }).waitFor();
      await p.getByText(heading, { exact: true }).waitFor();
    },
  });

test("before a library source exists, the empty Wanted page says so and leads to the guide, not to a scan", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/wanted`);
  await page.getByText("No library source yet").waitFor();
  expect(await page.getByText("Nothing is missing").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Scan the library now" }).count()).toBe(0);
  await page.getByRole("link", { name: "Settings → Library sources" }).waitFor();
  await page.getByRole("link", { name: "setup guide on the Dashboard" }).click();
  await page.getByRole("region", { name: "Set up Subhound" }).waitFor();
  // The counts say what is missing too, not that a scan (of nothing) would fill them.
  const counts = page.getByRole("region", { name: "Subtitles" });
  await counts
    .getByText("No library source yet: the setup guide above adds Sonarr, Radarr or a folder.")
    .waitFor();
  expect(await counts.getByText(/run a scan/).count()).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("an unconfigured Subhound guides through source, languages and provider to a running first scan", async () => {
  expectClean(await shoot("first-run-source", "Where do your videos come from?"));
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/`);
  const guide = page.getByRole("region", { name: "Set up Subhound" });
  await guide.waitFor();

  // A folder has its Test too; this run goes on with Sonarr.
  await guide.getByRole("button", { name: "A folder" }).click();
  await guide.getByLabel("Folder to scan").fill(folder);
  await guide.getByRole("button", { name: "Test" }).click();
  await guide.getByText("Works: 1 video found").waitFor();
  await guide.getByRole("button", { name: "Sonarr" }).click();

  await guide.getByLabel("Sonarr URL").fill(server.sonarr.url);
  await guide.getByLabel("API key").fill("wrong-key");
  await guide.getByRole("button", { name: "Test" }).click();
  // It names the instance as it will be saved ("main"), not Sonarr's default name.
  await guide.getByText(/Failed: .*"main"/).waitFor();
  await guide.getByLabel("API key").fill(server.sonarr.apiKey);
  // That answer was for the wrong key: editing the key takes it away.
  await guide.getByText(/Failed:/).waitFor({ state: "detached" });
  await guide.getByRole("button", { name: "Test" }).click();
  await guide.getByText(/Works: Sonarr .* answered/).waitFor();
  await guide.getByRole("button", { name: "Save and continue" }).click();

  await guide.getByLabel("Subtitle languages you want").fill("en, de");
  await guide.getByText("German").waitFor();
  await guide.getByRole("button", { name: "Save and continue" }).click();

  await guide.getByRole("button", { name: "Podnapisi", pressed: true }).waitFor();
  await guide.getByRole("button", { name: "Enable Podnapisi" }).click();
  await guide.getByRole("button", { name: "Test" }).click();
  await guide.getByText(/Works: Podnapisi search answered/).waitFor();
  await guide.getByRole("button", { name: "Continue" }).click();

  await guide.getByRole("button", { name: "Start the first scan" }).click();
  // The gate holds every file: the first scan stays visibly running until released.
  await guide.getByTestId("first-scan").getByText("running").waitFor();
  await page.screenshot({ path: join(pictures.dir, "first-run-scan-desktop-light.png"), fullPage: true });
  server.gate.release();
  await guide.getByTestId("first-scan").getByText("succeeded").waitFor();

  const config = server.runtime.deps.config;
  expect(config.sonarr.map((i) => i.url)).toEqual([server.sonarr.url]);
  expect(config.languages).toEqual(["en", "de"]);
  expect(server.runtime.deps.providers.names()).toEqual(["podnapisi"]);
  expect(await page.content()).not.toContain(server.sonarr.apiKey);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });

  await guide.getByRole("button", { name: "Close the guide" }).click();
  await guide.waitFor({ state: "detached" });
  await page.context().close();
}, 120_000);
