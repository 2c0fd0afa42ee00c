import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { runMaintenance } from "../../src/jobs/maintenance.ts";
import { createLogger, type Logger } from "../../src/log.ts";
import { createLogBuffer } from "../../src/log-buffer.ts";
import { pollUntil } from "../support/poll.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

const pictures = screenshotDir();
const downloads = mkdtempSync(join(tmpdir(), "subhound-downloads-"));
/** The fake Sonarr's key: configured, so a secret the log must never show. */
const SONARR_KEY = "sonarr-key";

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;
let log: Logger;

beforeAll(async () => {
  const logBuffer = createLogBuffer();
  log = createLogger({
    level: "info",
    format: "json",
    write: () => {},
    buffer: logBuffer,
    secrets: [SONARR_KEY],
  });
  server = await startUiServer({ episodes: 2, runtime: { log, logBuffer } });
  browser = await launchBrowser();
  const { db, clock } = server.runtime.deps;
  await runMaintenance(
    { db, clock, dataDir: server.runtime.deps.config.dataDir, backupRetention: 3 },
    new AbortController().signal,
  );
  session = await signedInSession(browser.browser, server.url, "/system", "System");
  // After the sign-in, whose request is logged too: these are the newest lines.
  const providers = log.child({ component: "providers" });
  for (let i = 1; i <= 120; i++)
    providers.warn("provider slow to answer", { provider: "podnapisi", attempt: i, elapsedMs: 4000 + i });
  log.child({ component: "library" }).error(`sonarr refused the key ${SONARR_KEY}`, { status: 401 });
  log.child({ component: "scan" }).info("scan finished", { files: 2, added: 4 });
});

afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
  rmSync(downloads, { recursive: true, force: true });
});

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const logRows = (page: Page) => region(page, "Recent log").locator("tbody tr");

function openBackup(path: string): { tables: string[]; settings: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    const settings = db
      .query<{ key: string }, []>("SELECT key FROM app_settings ORDER BY key")
      .all()
      .map((r) => r.key);
    return { tables, settings };
  } finally {
    db.close();
  }
}

test("status and restore steps carry this install's paths", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/system`);
  const { dataDir } = server.runtime.deps.config;
  const status = region(page, "Status");
  await status.getByText(dataDir, { exact: true }).waitFor();
  await status.getByText(join(dataDir, "subhound.db"), { exact: true }).waitFor();
  await status.getByText(/journal wal/).waitFor();
  const restore = region(page, "Restore a backup");
  await restore
    .getByText(`sudo rm -f ${join(dataDir, "subhound.db")}-wal ${join(dataDir, "subhound.db")}-shm`)
    .waitFor();
  await restore.getByText(join(dataDir, "backups"), { exact: true }).waitFor();
  expect(await page.getByRole("link", { name: "System" }).getAttribute("aria-current")).toBe("page");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("the log: level chips, search, load more, auto-refresh; the secret never reaches the page", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/system`);
  const logs = region(page, "Recent log");
  // Info and up by default, newest first: the scan line on top, then the error, then warnings.
  await logRows(page).first().getByText("scan finished").waitFor();
  await logRows(page).nth(1).getByText("sonarr refused the key ***").waitFor();
  expect(await logRows(page).count()).toBe(100);
  expect(await page.content()).not.toContain(SONARR_KEY);

  await logs.getByRole("button", { name: "Load older lines" }).click();
  await logRows(page).nth(100).waitFor();
  expect(await logRows(page).count()).toBeGreaterThan(100);
  expect(await logs.getByRole("button", { name: "Load older lines" }).count()).toBe(0);

  await logs.getByRole("button", { name: "Errors", exact: true }).click();
  await page.waitForURL(/level=error/);
  await logRows(page).first().getByText("sonarr refused the key ***").waitFor();
  await pollCount(page, 1);

  await logs.getByRole("button", { name: "Info and up" }).click();
  await logs.getByRole("searchbox").fill("attempt=7");
  await page.waitForURL(/q=attempt%3D7/);
  // attempt=7 and attempt=70..79 match.
  await pollCount(page, 11);

  await logs.getByRole("searchbox").fill("");
  await logs.getByRole("button", { name: "Auto-refresh off" }).click();
  await logs.getByRole("button", { name: "Auto-refresh on" }).waitFor();
  log.child({ component: "jobs" }).warn("maintenance took long", { durationMs: 90_000 });
  await logRows(page).first().getByText("maintenance took long").waitFor({ timeout: 20_000 });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 90_000);

async function pollCount(page: Page, expected: number) {
  await pollUntil(
    () => logRows(page).count(),
    (n) => n === expected,
  );
}

test("a backup downloaded through the page opens with SQLite, and so does a rotated one", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/system`);
  const backups = region(page, "Backups");

  const now = page.waitForEvent("download");
  await backups.getByRole("link", { name: "Download a backup now" }).click();
  const made = await now;
  expect(made.suggestedFilename()).toMatch(/^subhound-\d{8}T\d{6}Z\.db$/);
  const fresh = join(downloads, made.suggestedFilename());
  await made.saveAs(fresh);
  const live = server.runtime.deps.db.sqlite;
  const copy = openBackup(fresh);
  expect(copy.tables).toContain("wanted_items");
  expect(copy.tables).toContain("ui_sessions");
  // The login made in setup is in it; the API key is not (configured here, and never stored).
  expect(copy.settings).toContain("uiUsername");
  const db = new Database(fresh, { readonly: true });
  expect(db.query("SELECT count(*) AS n FROM ui_sessions").get()).toEqual(
    live.query("SELECT count(*) AS n FROM ui_sessions").get(),
  );
  db.close();

  const rotated = backups.getByRole("list", { name: "Rotated backups" }).getByRole("listitem");
  expect(await rotated.count()).toBe(1);
  const name = (await rotated.first().locator("code").textContent())!;
  const later = page.waitForEvent("download");
  await rotated
    .first()
    .getByRole("link", { name: `Download ${name}` })
    .click();
  const named = await later;
  expect(named.suggestedFilename()).toBe(name);
  await named.saveAs(join(downloads, `rotated-${name}`));
  expect(openBackup(join(downloads, `rotated-${name}`)).tables).toEqual(copy.tables);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("screenshots: desktop and phone, light and dark, without sideways scrolling", async () => {
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/system",
      name: "system",
      storageState: session,
      ready: async (page) => {
        await region(page, "Status").getByText("Data dir").waitFor();
        await region(page, "Backups").getByRole("list", { name: "Rotated backups" }).waitFor();
        await logRows(page).getByText("scan finished").waitFor();
      },
    }),
  );
}, 120_000);
