import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { type LibraryServer, startLibraryServer } from "./support/library.ts";
import { screenshotDir } from "./support/screenshots.ts";

// An item out of attempts is still searched weekly (search.afterAttemptsEveryDays): its Wanted row
// says so, with the pace read from the settings, instead of "out of attempts".

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;
const pictures = screenshotDir();
/** SUBHOUND_SHOTS=<dir> keeps the pictures for a look. */
const shots = process.env.SUBHOUND_SHOTS ?? pictures.dir;

beforeAll(async () => {
  server = await startLibraryServer(1);
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

const rows = (page: Page) => page.getByRole("table", { name: "Wanted items" }).locator("tbody tr");

test("a row out of attempts reads '10 of 10 attempts' and 'weekly from now on, next in 5 days'", async () => {
  const day = 24 * 3600_000;
  const now = Date.now();
  // Show 1's German item: ten misses, the last two days ago, the next weekly search in five days.
  server.runtime.deps.db.sqlite.run(
    `UPDATE wanted_items SET status = 'not_found', attempts = 10, last_searched_at = ?, retry_after = ?,
       last_error = 'no subtitle found by podnapisi'
     WHERE language = 'de' AND media_file_id = (SELECT id FROM media_files WHERE title = 'Show 1')`,
    [new Date(now - 2 * day).toISOString(), new Date(now + 5 * day + 3600_000).toISOString()],
  );
  for (const viewport of ["desktop", "phone"] as const) {
    const { page, problems, context } = await openPage(browser.browser, { storageState: session, viewport });
    await page.goto(`${server.url}/wanted?language=de`);
    await page.getByRole("heading", { name: "Wanted", level: 1 }).waitFor();
    const row = rows(page).filter({ hasText: "Show 1" });
    await row.waitFor();
    const text = await pollUntil(
      // As shown: the phone's line under the title is hidden on a desktop, and the other way round.
      async () => (await row.allInnerTexts())[0] ?? "",
      (t) => t.includes("weekly from now on"),
    );
    if (viewport === "desktop") {
      expect(text).toContain("10 of 10 attempts");
      expect(text).toMatch(/weekly from now on\s+next in 5 days/);
    } else {
      expect(text).toContain("10/10 attempts · weekly from now on, next in 5 days");
    }
    expect(text).not.toContain("out of attempts");
    await page.screenshot({ path: join(shots, `wanted-weekly-${viewport}.png`), fullPage: true });
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
  }
}, 60_000);

test("the settings' Search section holds the weekly search and the per-kind minimum scores", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/settings/schedules`);
  const every = page.getByLabel("After the attempts, search every (days)");
  await every.waitFor();
  expect(await every.inputValue()).toBe("7");
  expect(await page.getByLabel("Minimum score for episodes (%)").inputValue()).toBe("0");
  expect(await page.getByLabel("Minimum score for movies (%)").inputValue()).toBe("0");
  await page
    .getByRole("region", { name: "Search" })
    .screenshot({ path: join(shots, "settings-search-desktop.png") });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);
