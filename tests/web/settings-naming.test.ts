import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

const pictures = screenshotDir();

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startUiServer({ episodes: 1, configFile: {} });
  server.gate.release();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/settings", "Settings");
});

afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
});

const namingInFile = () =>
  (parse(readFileSync(join(server.runtime.deps.config.dataDir, "config.toml"), "utf8")) as Json).naming;

test("File names: two selects, an example that follows them, saved to [naming] and applied at once", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/settings/general`);
  const card = page.getByRole("region", { name: "File names" });
  const example = card.getByTestId("file-name-example");
  await example.getByText("Show - S01E01.en.hi.srt").waitFor();
  expect(await card.getByLabel("Hearing-impaired tag").inputValue()).toBe("hi");
  expect(await card.getByLabel("Language code").inputValue()).toBe("alpha2");
  await card.getByText("Files already saved keep their names").waitFor();

  await card.getByLabel("Hearing-impaired tag").selectOption("sdh");
  await example.getByText("Show - S01E01.en.sdh.srt").waitFor();
  await card.getByLabel("Language code").selectOption("alpha3");
  await example.getByText("Show - S01E01.eng.sdh.srt").waitFor();
  await card.getByLabel("Hearing-impaired tag").selectOption("cc");
  await example.getByText("Show - S01E01.eng.cc.srt").waitFor();
  await card.getByLabel("Hearing-impaired tag").selectOption("sdh");

  await page.getByRole("button", { name: "Save" }).click();
  // Applied by the reload the save makes: no restart asked for.
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  expect(namingInFile()).toEqual({ hearingImpairedTag: "sdh", languageCode: "alpha3" });
  expect(server.runtime.deps.config.naming).toEqual({ hearingImpairedTag: "sdh", languageCode: "alpha3" });

  // Shown again as saved.
  await page.reload();
  await example.getByText("Show - S01E01.eng.sdh.srt").waitFor();
  expect(await card.getByLabel("Hearing-impaired tag").inputValue()).toBe("sdh");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("the General section with the File names card at desktop and phone width, light and dark", async () => {
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/settings/general",
      name: "settings-naming",
      storageState: session,
      ready: (p) => p.getByTestId("file-name-example").waitFor(),
    }),
  );
}, 120_000);
