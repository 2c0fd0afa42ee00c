import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { type LibraryServer, startLibraryServer } from "./support/library.ts";
import { callApi } from "./support/server.ts";

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startLibraryServer(3);
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (path: string, init?: RequestInit) => callApi(server, path, init);
const rows = (page: Page) => page.getByRole("table", { name: "Wanted items" }).locator("tbody tr");
const bulkBar = (page: Page) => page.getByRole("region", { name: "Selection" });

async function wantedPage(path = "/wanted") {
  const tracked = await openPage(browser.browser, { storageState: session });
  await tracked.page.goto(`${server.url}${path}`);
  // A listed row (skeleton rows have no checkbox).
  await tracked.page.getByRole("checkbox", { name: "Select row 1" }).waitFor();
  return tracked;
}

test("a clicked row's checkbox shows what the selection holds, also through a shift-click range", async () => {
  const { page, problems, context } = await wantedPage();
  const box = (n: number) => page.getByRole("checkbox", { name: `Select row ${n}` });
  const checked = () => rows(page).locator("input:checked").count();
  await box(2).click();
  await bulkBar(page).getByText("1 selected").waitFor();
  expect(await box(2).isChecked()).toBe(true);
  await box(4).click({ modifiers: ["Shift"] });
  await bulkBar(page).getByText("3 selected").waitFor();
  expect(await checked()).toBe(3);
  expect(await box(4).isChecked()).toBe(true);
  await box(3).click();
  await bulkBar(page).getByText("2 selected").waitFor();
  expect(await box(3).isChecked()).toBe(false);
  expect(await checked()).toBe(2);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a filter change unselects the rows it hides: the bulk action reaches only rows on screen", async () => {
  const { page, problems, context } = await wantedPage();
  await page.getByRole("checkbox", { name: "Select all rows" }).click();
  await bulkBar(page).getByText("6 selected").waitFor();
  await page.getByRole("button", { name: /^de German/ }).click();
  await pollUntil(
    () => rows(page).count(),
    (n) => n === 3,
  );
  // The three German rows stay checked; the hidden pt-BR ones are no longer counted nor acted on.
  await bulkBar(page).getByText("3 selected").waitFor();
  await bulkBar(page).getByRole("button", { name: "Ignore" }).click();
  await page.getByText("Ignored: 3 items").waitFor();
  const ignored = await api("/wanted?status=ignored");
  expect(ignored.items.map((i: Json) => i.language)).toEqual(["de", "de", "de"]);
  await api("/wanted/bulk", {
    method: "POST",
    body: JSON.stringify({ ids: ignored.items.map((i: Json) => i.id), action: "unignore" }),
  });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("shift-click after a filter change selects from the clicked row, not from a row of the old list", async () => {
  const { page, problems, context } = await wantedPage();
  await page.getByRole("checkbox", { name: "Select row 2" }).click();
  await bulkBar(page).getByText("1 selected").waitFor();
  await page.getByRole("button", { name: /^de German/ }).click();
  await pollUntil(
    () => rows(page).count(),
    (n) => n === 3,
  );
  await bulkBar(page).waitFor({ state: "detached" });
  await page.getByRole("checkbox", { name: "Select row 3" }).click({ modifiers: ["Shift"] });
  await bulkBar(page).getByText("1 selected").waitFor();
  expect(await rows(page).locator("input:checked").count()).toBe(1);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("status chips count what they list under the language filter, and say no number they cannot know", async () => {
  const { page, problems, context } = await wantedPage("/wanted?language=de");
  await pollUntil(
    () => rows(page).count(),
    (n) => n === 3,
  );
  const status = page.getByRole("group", { name: "Status" });
  await status.getByRole("button", { name: "Wanted 3", exact: true }).waitFor();
  await status.getByRole("button", { name: "Ignored 0", exact: true }).waitFor();
  await context.close();

  // A text search narrows the rows in a way the summary cannot count: the chips show no number.
  const searched = await wantedPage("/wanted?title=Show+2");
  const showTwo = searched.page;
  await pollUntil(
    () => rows(showTwo).count(),
    (n) => n === 2,
  );
  await showTwo
    .getByRole("group", { name: "Status" })
    .getByRole("button", { name: "Wanted", exact: true })
    .waitFor();
  await showTwo
    .getByRole("group", { name: "Language" })
    .getByRole("button", { name: "de German", exact: true })
    .waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  expect(searched.problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await searched.context.close();
}, 60_000);

test("closing an item's details goes back to the list's entry: Back then leaves the list, it never reopens the item", async () => {
  const { page, problems, context } = await wantedPage();
  await page.getByRole("button", { name: /^de German/ }).click();
  await page.waitForURL(/language=de/);
  await page
    .getByRole("button", { name: /^Details: Show 2 S01E01 de/ })
    .first()
    .click();
  const details = page.getByRole("dialog", { name: "Show 2 S01E01" });
  await details.waitFor();
  await page.waitForURL(/item=\d+/);
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "detached" });
  await page.waitForURL((u) => u.searchParams.get("language") === "de" && !u.searchParams.has("item"));
  await page.goBack();
  await page.waitForURL((u) => !u.searchParams.has("language"));
  expect(page.url()).not.toContain("item=");
  expect(await page.getByRole("dialog").count()).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("Next on a long page shows the new page from its top", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.setViewportSize({ width: 390, height: 480 });
  await page.goto(`${server.url}/wanted?pageSize=2`);
  await rows(page).first().waitFor();
  const pager = page.getByRole("navigation", { name: "Pages" });
  await pager.getByRole("button", { name: "Next" }).scrollIntoViewIfNeeded();
  expect(await page.evaluate("window.scrollY")).toBeGreaterThan(0);
  await pager.getByRole("button", { name: "Next" }).click();
  await page.waitForURL(/page=2/);
  await pollUntil(
    () => page.evaluate("window.scrollY"),
    (y) => y === 0,
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("on a phone the selection bar sticks below the top bar, not behind it", async () => {
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  await page.setViewportSize({ width: 390, height: 420 });
  await page.goto(`${server.url}/wanted`);
  await page.getByRole("checkbox", { name: "Select row 1" }).click();
  await bulkBar(page).waitFor();
  await page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)");
  await pollUntil(
    () => page.evaluate("window.scrollY"),
    (y) => (y as number) > 0,
  );
  const bar = (await bulkBar(page).boundingBox())!;
  const top = (await page.locator(".topbar").boundingBox())!;
  expect(bar.y).toBeGreaterThanOrEqual(top.y + top.height - 1);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("interactive search lists a blacklisted candidate as such, and says only another language leaves one out", async () => {
  const item = (await api("/wanted?language=de&title=Show+1&status=all")).items[0];
  await api("/blacklist", {
    method: "POST",
    body: JSON.stringify({ provider: "podnapisi", candidateId: "pn-hi", reason: "HI" }),
  });
  const { page, problems, context } = await wantedPage(`/wanted?language=de&title=Show+1`);
  // Podnapisi answers with one more subtitle than it lists: one in another language, as a provider may.
  await page.route(`**/api/v1/wanted/${item.id}/search`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const outcome of body.outcomes) if (outcome.provider === "podnapisi") outcome.candidates += 1;
    await route.fulfill({ response, json: body });
  });
  await page.getByRole("button", { name: /^Interactive search: Show 1 S01E01 de/ }).click();
  const dialog = page.getByRole("dialog", { name: /Interactive search: Show 1 S01E01/ });
  const candidates = dialog.getByRole("table", { name: "Candidates" });
  await candidates.waitFor();
  const lines = await candidates.locator("tbody tr").allInnerTexts();
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("Not taken automatically: blacklisted");
  const outcome = await dialog.getByRole("list", { name: "Providers asked" }).textContent();
  expect(outcome).toMatch(/2 found .*· 1 more left out: in another language$/);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await api(`/blacklist/${(await api("/blacklist"))[0].id}`, { method: "DELETE" });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);
