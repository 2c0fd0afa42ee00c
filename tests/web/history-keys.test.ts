import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { downloadOneByHand, type LibraryServer, startLibraryServer } from "./support/library.ts";

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startLibraryServer(3);
  await downloadOneByHand(server);
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = (page: Page, table: string) => page.getByRole("table", { name: table }).locator("tbody tr");

test("j and Enter on the History open the row's item; closing it and Back return to the History", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history`);
  // The saved row itself, not a skeleton row shown while the list loads.
  await rows(page, "History").filter({ hasText: "Show 1 S01E01" }).waitFor();
  await page.keyboard.press("j");
  await rows(page, "History").and(page.locator("[data-active=true]")).waitFor();
  await page.keyboard.press("Enter");
  const details = page.getByRole("dialog", { name: "Show 1 S01E01" });
  await details.getByText(/Picked by hand from podnapisi/).waitFor();
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "detached" });
  await page.waitForURL((u) => u.pathname.endsWith("/wanted") && !u.searchParams.has("item"));
  await page.goBack();
  await page.getByRole("heading", { name: "History", level: 1 }).waitFor();
  expect(await page.getByRole("dialog").count()).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a blacklist that cannot load says why and offers to try again instead of 'Loading…' forever", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.route("**/api/v1/blacklist", (route) =>
    route.fulfill({
      status: 500,
      contentType: "application/problem+json",
      body: JSON.stringify({
        type: "about:blank",
        title: "Internal Server Error",
        status: 500,
        detail: "disk I/O error",
      }),
    }),
  );
  await page.goto(`${server.url}/blacklist`);
  const alert = page.locator("main").getByRole("alert");
  await alert.getByText("Could not load the blacklist").waitFor();
  expect(await alert.textContent()).toContain("disk I/O error");
  await page.getByText("Not loaded").waitFor();
  expect(await page.getByText("Loading…").count()).toBe(0);
  await page.unroute("**/api/v1/blacklist");
  await alert.getByRole("button", { name: "Try again" }).click();
  await page.getByText("Nothing is blacklisted").waitFor();
  await page.getByText("0 candidates never chosen again").waitFor();
  expect(problems.consoleErrors.every((e) => e.includes("500"))).toBe(true);
  expect(problems.failedRequests.length).toBeGreaterThan(0);
  expect(problems.failedRequests.filter((r) => !/GET .*\/api\/v1\/blacklist: 500$/.test(r))).toEqual([]);
  await context.close();
}, 60_000);
