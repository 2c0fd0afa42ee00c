import { expect, test } from "bun:test";
import { appendFileSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import { openPage } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const suite = settingsSuite();

const focusedId = (page: Page) => page.evaluate("document.activeElement?.id ?? ''") as Promise<string>;
const focusedText = (page: Page) =>
  page.evaluate("document.activeElement?.textContent ?? ''") as Promise<string>;

test("a refused save puts the focus on the field to fix, not on the page's body", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("expected a whole number >= 1, got 0").waitFor();
  // Typing goes on where the error is; the keyboard user is not sent back to the top of the page.
  await pollUntil(
    () => focusedId(page),
    (id) => id === "setting-search-maxAttempts",
  );
  await page.getByRole("button", { name: "Discard" }).click();
  await context.close();
}, 60_000);

test("an error in another section: focus goes to the save bar's link, and the link to the field", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/general`);
  await page.locator("#setting-server-port").fill("99999");
  await page.getByRole("link", { name: "Schedules" }).click();
  await page.getByLabel("Attempts per item").fill("4");
  await page.getByRole("button", { name: "Save" }).click();
  const bar = page.getByRole("region", { name: "Unsaved changes" });
  await bar.getByText("1 setting needs a fix").waitFor();
  await pollUntil(
    () => focusedText(page),
    (text) => text === "General",
  );
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Server" }).waitFor();
  await pollUntil(
    () => focusedId(page),
    (id) => id === "setting-server-port",
  );
  await bar.getByRole("button", { name: "Discard" }).click();
  await context.close();
}, 60_000);

test("after 'changed since these settings were loaded', Discard loads the file as it is now and a save works", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").waitFor();
  // Someone edits config.toml by hand while the page is open.
  appendFileSync(suite.configPath(), "\n# edited by hand\n");
  await page.getByLabel("Attempts per item").fill("4");
  await page.getByRole("button", { name: "Save" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "changed since these settings were loaded" });
  await conflict.waitFor();
  await conflict.getByRole("button", { name: "Dismiss" }).click();
  await page.getByRole("button", { name: "Discard" }).click();
  await page.getByLabel("Attempts per item").fill("4");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved and applied" }).waitFor();
  expect(readFileSync(suite.configPath(), "utf8")).toContain("maxAttempts = 4");
  expect(suite.server.runtime.deps.config.search.maxAttempts).toBe(4);
  await context.close();
}, 60_000);

test("leaving the page (reload, close) with unsaved changes asks first; without changes it does not", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").click();
  await page.getByLabel("Attempts per item").fill("6");
  const asked: string[] = [];
  page.on("dialog", (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  // Dismissed: the reload is cancelled and the draft is still there.
  await page.reload({ timeout: 2_000 }).catch(() => {});
  expect(asked).toEqual(["beforeunload"]);
  expect(await page.getByLabel("Attempts per item").inputValue()).toBe("6");
  await page.getByRole("button", { name: "Discard" }).click();
  await page.getByRole("region", { name: "Unsaved changes" }).waitFor({ state: "detached" });
  await page.reload();
  await page.getByLabel("Attempts per item").waitFor();
  expect(asked).toEqual(["beforeunload"]);
  await context.close();
}, 60_000);

test("a field cleared and saved leaves config.toml, and its default shows again", async () => {
  const { page, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Minimum score", { exact: true }).fill("25");
  await page.getByRole("button", { name: "Save" }).click();
  await pollUntil(
    async () => readFileSync(suite.configPath(), "utf8"),
    (text) => /minScore = 25/.test(text),
  );
  // The page has taken the saved settings back (no unsaved change left) before the next edit: an
  // edit made before that would be replaced by them, and leave nothing to save.
  await page.getByRole("region", { name: "Unsaved changes" }).waitFor({ state: "detached" });
  await page.getByLabel("Minimum score", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await pollUntil(
    async () => readFileSync(suite.configPath(), "utf8"),
    (text) => !text.includes("minScore"),
  );
  expect(suite.server.runtime.deps.config.search.minScore).toBe(0);
  await pollUntil(
    () => page.getByLabel("Minimum score", { exact: true }).inputValue(),
    (value) => value === "0",
  );
  await context.close();
}, 60_000);
