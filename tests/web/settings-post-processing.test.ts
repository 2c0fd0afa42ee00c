import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { openPage } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const COMMAND = [
  "/usr/local/bin/subtitle-after-save",
  "--subtitle={{subtitles}}",
  "--video={{video}}",
  "--language={{language}}",
  "--notify=https://ntfy.example.org/a-rather-long-topic-name-for-subtitles",
];

const suite = settingsSuite({
  episodes: 1,
  config: { postProcessing: { command: COMMAND, timeoutMs: 30_000, onlyBelowScore: 300 } },
  configFile: {},
});

test("Settings → General shows the command read-only, and saving other settings keeps it", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/general`);
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
  await card.getByText(suite.configPath()).waitFor();
  // Nothing to type into: the command is the file's alone.
  expect(await card.locator("input, textarea, select").count()).toBe(0);

  const languages = page.getByLabel("Languages", { exact: true });
  await languages.fill("pt-BR, de, en");
  await languages.blur();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  const file = parse(readFileSync(suite.configPath(), "utf8")) as {
    languages: string[];
    postProcessing: unknown;
  };
  expect(file.languages).toEqual(["pt-BR", "de", "en"]);
  expect(file.postProcessing).toEqual({ command: COMMAND, timeoutMs: 30_000, onlyBelowScore: 300 });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("the post-processing card at desktop and phone width, light and dark", async () => {
  await suite.screenshots({
    path: "/settings/general",
    name: "settings-post-processing",
    ready: (p) => p.getByTestId("post-processing-command").waitFor(),
  });
}, 120_000);
