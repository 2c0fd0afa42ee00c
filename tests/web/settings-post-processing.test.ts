import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

const pictures = screenshotDir();
const COMMAND = [
  "/usr/local/bin/subtitle-after-save",
  "--subtitle={{subtitles}}",
  "--video={{video}}",
  "--language={{language}}",
  "--notify=https://ntfy.example.org/a-rather-long-topic-name-for-subtitles",
];

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startUiServer({
    episodes: 1,
    config: { postProcessing: { command: COMMAND, timeoutMs: 30_000, onlyBelowScore: 300 } },
    configFile: {},
  });
  server.gate.release();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/settings", "Settings");
});

afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
});

const configFile = () => join(server.runtime.deps.config.dataDir, "config.toml");

test("Settings → General shows the command read-only, and saving other settings keeps it", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/settings/general`);
  const card = page.getByRole("region", { name: "Post-processing" });
  const shown = card.getByTestId("post-processing-command");
  await shown.waitFor();
  expect(await shown.textContent()).toBe(
    [
      "[postProcessing]",
      "command = [",
      ...COMMAND.map((a) => `  ${JSON.stringify(a)},`),
      "]",
      "timeoutMs = 30000",
      "onlyBelowScore = 300",
    ].join("\n"),
  );
  await card.getByText("Runs for subtitles a provider scored below 300").waitFor();
  await card.getByText(configFile()).waitFor();
  // Nothing to type into: the command is the file's alone.
  expect(await card.locator("input, textarea, select").count()).toBe(0);

  const languages = page.getByLabel("Languages", { exact: true });
  await languages.fill("pt-BR, de, en");
  await languages.blur();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  const file = parse(readFileSync(configFile(), "utf8")) as {
    languages: string[];
    postProcessing: unknown;
  };
  expect(file.languages).toEqual(["pt-BR", "de", "en"]);
  expect(file.postProcessing).toEqual({ command: COMMAND, timeoutMs: 30_000, onlyBelowScore: 300 });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("the post-processing card at desktop and phone width, light and dark", async () => {
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/settings/general",
      name: "settings-post-processing",
      storageState: session,
      ready: (p) => p.getByTestId("post-processing-command").waitFor(),
    }),
  );
}, 120_000);
