import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

const pictures = screenshotDir();

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startUiServer({ episodes: 3 });
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/tasks", "Tasks");
});

afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
});

const card = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

test("schedules in words; run now shows progress live, cancel stops it, a second run finishes live", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/tasks`);
  const scan = card(page, "Library scan");
  await scan.getByText("On the hour, every 6 hours").waitFor();
  await scan.getByText("0 */6 * * *").waitFor();
  await card(page, "Maintenance").getByText("At 03:30").waitFor();
  await scan.getByText("never run").waitFor();

  // The scan gate holds every file inspection: the run stays visibly in progress.
  await scan.getByRole("button", { name: "Run now: Library scan" }).click();
  await scan.getByRole("progressbar").waitFor();
  await scan.getByText(/^scanning sonarr:main$/).waitFor();
  await page.screenshot({ path: join(pictures.dir, "tasks-running-desktop-light.png"), fullPage: true });
  expect(await scan.getByRole("button", { name: "Run now: Library scan" }).isDisabled()).toBe(true);
  await scan.getByRole("button", { name: "Cancel Library scan" }).click();
  await page.getByRole("status").filter({ hasText: "Library scan: stopping…" }).waitFor();
  // Cancelling waits for the inspections under way; letting them finish ends the run.
  server.gate.release();
  await scan.getByText("cancelled", { exact: true }).first().waitFor();
  expect(await scan.getByRole("button", { name: "Cancel Library scan" }).count()).toBe(0);
  // The focused Cancel button went with the run: focus moves to the card's Run now, not to <body>.
  await scan.getByRole("button", { name: "Run now: Library scan" }).and(page.locator(":focus")).waitFor();

  // Run again: it finishes on its own and the card changes without a reload.
  await scan.getByRole("button", { name: "Run now: Library scan" }).click();
  // The first run's toast may still show: this is the second run.
  await page.getByRole("status").filter({ hasText: "Library scan started (run 2)" }).waitFor();
  await scan.getByRole("button", { name: "Run now: Library scan" }).and(page.locator(":enabled")).waitFor();
  await scan
    .locator(".pill", { hasText: /^success$|^succeeded$/ })
    .first()
    .waitFor();

  await scan.getByRole("button", { name: "History of Library scan" }).click();
  const runs = scan.getByRole("list", { name: "Recent runs" });
  await runs.getByRole("listitem").nth(1).waitFor();
  expect(await runs.getByRole("listitem").count()).toBe(2);
  await runs.getByRole("listitem").first().getByText("run by hand").waitFor();
  await runs.getByRole("listitem").nth(1).getByText("cancelled", { exact: true }).waitFor();
  expect(
    await scan.getByRole("button", { name: "History of Library scan" }).getAttribute("aria-expanded"),
  ).toBe("true");

  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 90_000);

test("screenshots: desktop and phone, light and dark, without sideways scrolling", async () => {
  const results = await screenshotAll(browser.browser, server.url, pictures.dir, {
    path: "/tasks",
    name: "tasks",
    storageState: session,
    ready: async (page) => {
      const scan = card(page, "Library scan");
      await scan.getByRole("button", { name: "History of Library scan" }).click();
      await scan.getByRole("list", { name: "Recent runs" }).getByRole("listitem").nth(1).waitFor();
    },
  });
  expectClean(results);
}, 120_000);

test("a failing job shows its error on the card and in its history", async () => {
  server.runtime.deps.scheduler.register({
    name: "broken-job",
    description: "Fails on purpose",
    schedule: "0 4 * * 1",
    run: async () => {
      throw new Error("disk full");
    },
  });
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/tasks`);
  const broken = card(page, "Broken job");
  await broken.getByText("At 04:00, only on Monday").waitFor();
  await broken.getByRole("button", { name: "Run now" }).click();
  await broken.getByText("disk full").first().waitFor();
  await broken.getByRole("button", { name: "History" }).click();
  await broken.getByRole("list", { name: "Recent runs" }).getByText("disk full").waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a library scan started from the Dashboard is the Library scan task's last run, saying who started it", async () => {
  const started = server.runtime.deps.scanner.start({ mode: "incremental", trigger: "api" });
  if (!started.ok) throw new Error("a scan is already running");
  await started.done;
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/tasks`);
  const scan = card(page, "Library scan");
  await scan.getByText("started from the web UI or the API").waitFor();
  expect(await scan.textContent()).toContain("succeeded");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);
