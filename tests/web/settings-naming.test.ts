import { expect, test } from "bun:test";
import { openPage } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const suite = settingsSuite();

const namingInFile = () => suite.savedConfig().naming;

test("File names: two selects, an example that follows them, saved to [naming] and applied at once", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/general`);
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
  expect(await card.getByLabel("Folder").inputValue()).toBe("");
  await card.getByLabel("Folder").selectOption("Subs");
  await example.getByText("Subs/Show - S01E01.eng.sdh.srt").waitFor();

  await page.getByRole("button", { name: "Save" }).click();
  // Applied by the reload the save makes: no restart asked for.
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  expect(namingInFile()).toEqual({ hearingImpairedTag: "sdh", languageCode: "alpha3", folder: "Subs" });
  expect(suite.server.runtime.deps.config.naming).toEqual({
    hearingImpairedTag: "sdh",
    languageCode: "alpha3",
    folder: "Subs",
  });

  // Shown again as saved.
  await page.reload();
  await example.getByText("Subs/Show - S01E01.eng.sdh.srt").waitFor();
  expect(await card.getByLabel("Hearing-impaired tag").inputValue()).toBe("sdh");
  expect(await card.getByLabel("Folder").inputValue()).toBe("Subs");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("the General section with the File names card at desktop and phone width, light and dark", async () => {
  await suite.screenshots({
    path: "/settings/general",
    name: "settings-naming",
    ready: (p) => p.getByTestId("file-name-example").waitFor(),
  });
}, 120_000);
