import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { createLogger, type Logger } from "../../src/log.ts";
import { createLogBuffer, type LogBuffer } from "../../src/log-buffer.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;
let log: Logger;
let logBuffer: LogBuffer;

beforeAll(async () => {
  logBuffer = createLogBuffer();
  log = createLogger({ level: "info", format: "json", write: () => {}, buffer: logBuffer });
  server = await startUiServer({ episodes: 1, runtime: { log, logBuffer } });
  server.gate.release();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/system", "System");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const logRow = (page: Page, text: string) =>
  region(page, "Recent log").locator("tbody tr", { hasText: text });

test("a long log line wraps inside the log at desktop width instead of running off to the right", async () => {
  log
    .child({ component: "providers" })
    .error(
      `podnapisi answered 503: ${"the service is temporarily unavailable, try again later ".repeat(6)}`,
      {
        url: "http://127.0.0.1/subtitles/search/advanced?keywords=Some+Very+Long+Show+Name+With+Many+Words&seasons=1&episodes=1&language=de",
      },
    );
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/system`);
  const row = logRow(page, "podnapisi answered 503");
  await row.waitFor();
  const frame = region(page, "Recent log").locator(".table-wrap");
  // The whole line is readable without scrolling the log sideways.
  expect(await frame.evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
  const card = (await region(page, "Recent log").boundingBox())!;
  const message = (await row.getByText("podnapisi answered 503").boundingBox())!;
  expect(message.x + message.width).toBeLessThanOrEqual(card.x + card.width);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a log line from an earlier day shows its date, not only a time of day that reads as today's", async () => {
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  // The buffer keeps about a day of a quiet server's lines: yesterday's error is still there.
  logBuffer.push(
    "error",
    JSON.stringify({
      time: twoDaysAgo.toISOString(),
      level: "error",
      component: "library",
      msg: "sonarr listing failed two days ago",
    }),
  );
  log.child({ component: "scan" }).info("a line from just now");
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/system`);
  const old = logRow(page, "sonarr listing failed two days ago").locator("time");
  await old.waitFor();
  const day = await page.evaluate(
    (iso) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }).format(new Date(iso)),
    twoDaysAgo.toISOString(),
  );
  expect(await old.textContent()).toContain(day);
  // Today's lines keep the short time alone.
  const today = await page.evaluate(() =>
    new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }).format(new Date()),
  );
  expect(await logRow(page, "a line from just now").locator("time").textContent()).not.toContain(today);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a library scan that could not list Sonarr says so in the task's history, not just 'succeeded'", async () => {
  await server.sonarr.setMode("error");
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/tasks`);
  const scan = region(page, "Library scan");
  await scan.getByRole("button", { name: "Run now: Library scan" }).click();
  await scan.getByRole("button", { name: "Run now: Library scan" }).and(page.locator(":enabled")).waitFor();
  await scan.getByRole("button", { name: "History of Library scan" }).click();
  const run = scan.getByRole("list", { name: "Recent runs" }).getByRole("listitem").first();
  await run.waitFor();
  // Nothing could be listed: the run failed, with the server's reason, naming the library.
  const [stored] = (await (
    await fetch(`${server.url}/api/v1/tasks/wanted-scan/history`, { headers: { "X-Api-Key": server.apiKey } })
  ).json()) as { outcome: string; error: string }[];
  expect(stored!.outcome).toBe("failed");
  expect(stored!.error).toMatch(/^main: .*500/);
  await run.locator(".error-text", { hasText: stored!.error }).waitFor();
  await scan.getByText("failed", { exact: true }).first().waitFor();
  await server.sonarr.setMode("up");
  // Failed requests: none from the page (Sonarr's 500 went to the server).
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("the maintenance run's history says whether it wrote its backup", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/tasks`);
  const maintenance = region(page, "Maintenance");
  await maintenance.getByRole("button", { name: "Run now: Maintenance" }).click();
  await maintenance.locator(".pill", { hasText: "succeeded" }).first().waitFor();
  await maintenance.getByRole("button", { name: "History of Maintenance" }).click();
  const run = maintenance.getByRole("list", { name: "Recent runs" }).getByRole("listitem").first();
  await run.getByText(/^Backup written: subhound-\d{8}T\d{6}Z\.db$/).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);
