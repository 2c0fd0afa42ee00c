import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { prepareWebAssets } from "../../src/webui/assets.ts";
import { buildWebBundle } from "../../src/webui/bundle.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";

let server: ReturnType<typeof Bun.serve>;
let browser: TestBrowser;
beforeAll(async () => {
  const assets = prepareWebAssets(
    await buildWebBundle(join(import.meta.dir, "fixtures", "components.html")),
    "",
  );
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname.slice(1) || "index.html";
      const asset = assets.get(path === "index.html" ? "index.html" : path);
      return asset
        ? new Response(asset.body, { headers: { "Content-Type": asset.type } })
        : new Response(null, { status: 404 });
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

test("data table: sort by header, shift-click selects a range, j/k move and Enter opens, / focuses search", async () => {
  const { page, problems } = await openPage(browser.browser);
  await page.goto(`http://127.0.0.1:${server.port}/`);
  const table = page.getByRole("table", { name: "Items" });
  const firstCells = () => table.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(await firstCells()).toEqual(["Item 1", "Item 2", "Item 3", "Item 4", "Item 5"]);
  await table.getByRole("button", { name: "Title" }).click();
  expect(await firstCells()).toEqual(["Item 5", "Item 4", "Item 3", "Item 2", "Item 1"]);
  expect(await table.getByRole("columnheader", { name: "Title" }).getAttribute("aria-sort")).toBe(
    "descending",
  );
  await table.getByRole("button", { name: "Title" }).click();

  await page.getByLabel("Select row 2").click();
  await page.getByLabel("Select row 4").click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("selected").textContent()).resolves.toBe("2,3,4");
  await page.getByLabel("Select all rows").click();
  await expect(page.getByTestId("selected").textContent()).resolves.toBe("1,2,3,4,5");
  await page.getByLabel("Select all rows").click();
  await expect(page.getByTestId("selected").textContent()).resolves.toBe("none");

  // Focus stays on the "select all" checkbox: row keys still work there.
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.keyboard.press("j");
  expect(await table.locator('tbody tr[data-active="true"] td:nth-child(2)').textContent()).toBe("Item 2");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("opened").textContent()).resolves.toBe("Item 2");

  await page.keyboard.press("/");
  expect(await page.evaluate("document.activeElement.getAttribute('aria-label')")).toBe("Search");
  // Typing in a field is never taken for a shortcut.
  await page.keyboard.type("jk");
  expect(await page.getByLabel("Search").inputValue()).toBe("jk");
  expect(await page.locator(".lang").filter({ hasText: "pt-BR" }).textContent()).toBe(
    "pt-BRPortuguese (Brazil) forced",
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);

test("relative time shows the exact time on hover; chips toggle; the pager pages", async () => {
  const { page, problems } = await openPage(browser.browser);
  await page.goto(`http://127.0.0.1:${server.port}/`);
  const time = page.locator("time");
  expect(await time.textContent()).toBe("3 hr. ago");
  expect(await time.getAttribute("title")).toMatch(/\d{1,2}:\d{2}:\d{2}/);
  const failed = page.getByRole("group", { name: "Status" }).getByRole("button", { name: /Failed/ });
  expect(await failed.getAttribute("aria-pressed")).toBe("false");
  await failed.click();
  expect(await failed.getAttribute("aria-pressed")).toBe("true");
  const pager = page.getByRole("navigation", { name: "Pages" });
  await pager.getByText("1–50 of 120").waitFor();
  expect(await pager.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);
  await pager.getByRole("button", { name: "Next" }).click();
  await pager.getByRole("button", { name: "Next" }).click();
  await pager.getByText("101–120 of 120").waitFor();
  expect(await pager.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);

test("dialog: focus moves in and stays in, Esc closes it and focus returns; toasts carry the detail", async () => {
  const { page } = await openPage(browser.browser);
  await page.goto(`http://127.0.0.1:${server.port}/`);
  await page.getByRole("button", { name: "Open dialog" }).click();
  const dialog = page.getByRole("dialog", { name: "A dialog" });
  await dialog.waitFor();
  const focused = () =>
    page.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.textContent");
  expect(await focused()).toBe("Close");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("Inside");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("Done");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("Close");
  await page.keyboard.press("Shift+Tab");
  expect(await focused()).toBe("Done");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  expect(await focused()).toBe("Open dialog");

  await page.getByRole("button", { name: "Toast" }).click();
  const toast = page.getByRole("alert").filter({ hasText: "Broken" });
  await toast.getByText("the detail").waitFor();
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await toast.waitFor({ state: "detached" });
}, 60_000);
