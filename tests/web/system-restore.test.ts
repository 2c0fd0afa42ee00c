import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { manualClock } from "../../src/clock.ts";
import { runMaintenance } from "../../src/jobs/maintenance.ts";
import { type RunningServer, startServer } from "../../src/listen.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { createRestartControl, type Supervisor } from "../../src/system/restart.ts";
import { waitForRestart } from "../../web/pages/system/restart-wait.ts";
import { testConfig } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

/** Pictures of the dialogs: kept in SUBHOUND_RESTORE_SHOTS to look at by hand, else removed after the run. */
const keepShots = process.env.SUBHOUND_RESTORE_SHOTS;
const SHOTS = keepShots ?? mkdtempSync(join(tmpdir(), "subhound-restore-shots-"));
mkdirSync(SHOTS, { recursive: true });

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (!keepShots) rmSync(SHOTS, { recursive: true, force: true });
});

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const dialog = (page: Page) => page.getByRole("dialog");

describe("the System page's restore and restart, against a server whose restart is a fake", () => {
  let server: UiServer;
  let session: SessionState;
  let backup: string;
  const restarts: string[] = [];
  const files = mkdtempSync(join(tmpdir(), "subhound-restore-files-"));

  /** The server as `serve` would wire it, under `supervisor`; the "restart" only records that it was asked. */
  const supervise = (supervisor: Supervisor | null | "none") => {
    if (supervisor === "none") {
      delete server.runtime.deps.restart;
      return;
    }
    server.runtime.deps.restart = createRestartControl({
      supervisor,
      stopping: () => false,
      stop: (reason) => restarts.push(reason),
    });
  };

  beforeAll(async () => {
    // From a config.toml, as `serve` starts: the Settings page can save (and a restart key waits).
    server = await startUiServer({ episodes: 1, configFile: {} });
    const { db, clock, config } = server.runtime.deps;
    const made = await runMaintenance(
      { db, clock, dataDir: config.dataDir, backupRetention: 3 },
      new AbortController().signal,
    );
    backup = (made.backup as { path: string }).path;
    session = await signedInSession(browser.browser, server.url, "/system", "System");
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  const pendingFile = () => join(server.runtime.deps.config.dataDir, "restore-pending.db");

  async function systemPage(viewport: "desktop" | "phone" = "desktop") {
    const opened = await openPage(browser.browser, { storageState: session, viewport });
    await opened.page.goto(`${server.url}/system`);
    await region(opened.page, "Status").getByText("Data dir").waitFor();
    return opened;
  }

  for (const [supervisor, words] of [
    [null, "If Subhound does not run as a service or in a container, start it again yourself"],
    ["systemd", "Subhound runs as a systemd service: systemd starts it again"],
    ["container", "it starts again if the container has a restart policy"],
  ] as const) {
    test(`Restart asks first, in words for ${supervisor ?? "no supervisor"}`, async () => {
      supervise(supervisor);
      const { page, context, problems } = await systemPage();
      await region(page, "Status").getByRole("button", { name: "Restart" }).click();
      await dialog(page).getByRole("heading", { name: "Restart Subhound?" }).waitFor();
      await dialog(page).getByText(words).waitFor();
      if (supervisor === null)
        await page.screenshot({ path: join(SHOTS, "restart-confirm-desktop.png"), animations: "disabled" });
      await dialog(page).getByRole("button", { name: "Cancel" }).click();
      await dialog(page).waitFor({ state: "detached" });
      expect(restarts).toEqual([]);
      expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
      await context.close();
    }, 60_000);
  }

  test("a server that cannot restart itself shows no Restart button", async () => {
    supervise("none");
    const { page, context } = await systemPage();
    await region(page, "Backups").getByRole("list", { name: "Rotated backups" }).waitFor();
    expect(await page.getByRole("button", { name: "Restart", exact: true }).count()).toBe(0);
    await context.close();
  }, 60_000);

  test("Restore… on a rotated backup: says what happens, then stages it and restarts", async () => {
    supervise("systemd");
    const name = backup.split("/").pop()!;
    const { page, context, problems } = await systemPage("phone");
    await region(page, "Backups")
      .getByRole("button", { name: `Restore ${name}` })
      .click();
    const box = dialog(page);
    await box.getByRole("heading", { name: `Restore ${name}?` }).waitFor();
    await box.getByText(/kept as .*backups\/subhound-before-restore-<time>\.db/).waitFor();
    await box.getByText("systemd starts it again").waitFor();
    await page.screenshot({ path: join(SHOTS, "restore-confirm-phone.png"), animations: "disabled" });
    await box.getByRole("button", { name: "Restore and restart" }).click();
    await page.getByRole("alertdialog").getByRole("heading", { name: "Restoring the backup…" }).waitFor();
    await page.getByRole("alertdialog").getByText("this page reloads by itself once it does").waitFor();
    await page.screenshot({ path: join(SHOTS, "restoring-phone.png"), animations: "disabled" });
    expect(restarts).toEqual(["restart requested to apply a restore"]);
    expect(existsSync(pendingFile())).toBe(true);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
    rmSync(pendingFile());
    restarts.length = 0;
  }, 60_000);

  test("Upload a backup…: a refused file says why in the dialog; a good one is staged and can be taken back", async () => {
    supervise("none");
    const { page, context } = await systemPage();
    const picker = page.getByLabel("Backup file to restore");
    const notSqlite = join(files, "notes.db");
    writeFileSync(notSqlite, "not a database");
    await picker.setInputFiles(notSqlite);
    const box = dialog(page);
    await box.getByRole("heading", { name: "Restore notes.db?" }).waitFor();
    // Without a restart of its own, the server applies it at the next start, and the dialog says so.
    await box.getByText("restart Subhound yourself to apply it").waitFor();
    await box.getByRole("button", { name: "Restore at the next start" }).click();
    await box
      .getByRole("alert")
      .getByText("the uploaded file cannot be restored: the file is not a SQLite database")
      .waitFor();
    await page.screenshot({ path: join(SHOTS, "upload-refused-desktop.png"), animations: "disabled" });
    await box.getByRole("button", { name: "Cancel" }).click();

    await picker.setInputFiles(backup);
    await box.getByRole("button", { name: "Restore at the next start" }).click();
    await box.waitFor({ state: "detached" });
    const notice = region(page, "Backups").getByRole("status");
    await notice.getByText(/A restored backup .* replaces the database at the next start/).waitFor();
    expect(existsSync(pendingFile())).toBe(true);
    await page.screenshot({
      path: join(SHOTS, "pending-desktop.png"),
      animations: "disabled",
      fullPage: true,
    });
    await notice.getByRole("button", { name: "Keep the current database" }).click();
    await notice.waitFor({ state: "detached" });
    expect(existsSync(pendingFile())).toBe(false);
    await context.close();
  }, 60_000);

  test("Settings that wait for a restart offer Restart now, with the same confirmation", async () => {
    supervise("systemd");
    const headers = { "X-Api-Key": server.apiKey, "Content-Type": "application/json" };
    const doc = (await (await fetch(`${server.url}/api/v1/settings`, { headers })).json()) as {
      revision: string;
    };
    const saved = await fetch(`${server.url}/api/v1/settings`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ revision: doc.revision, values: { log: { level: "debug" } } }),
    });
    expect(((await saved.json()) as { restartNeeded: string[] }).restartNeeded).toEqual(["log.level"]);
    for (const viewport of ["desktop", "phone"] as const) {
      const { page, context, problems } = await openPage(browser.browser, {
        storageState: session,
        viewport,
      });
      await page.goto(`${server.url}/settings/general`);
      const notice = page.getByRole("status").filter({ hasText: "Saved but not running yet" });
      await notice.getByText("restart Subhound to apply log.level").waitFor();
      await page.screenshot({
        path: join(SHOTS, `settings-restart-${viewport}.png`),
        animations: "disabled",
      });
      await notice.getByRole("button", { name: "Restart now" }).click();
      await dialog(page).getByRole("heading", { name: "Restart Subhound?" }).waitFor();
      await dialog(page).getByText("systemd starts it again").waitFor();
      await dialog(page).getByRole("button", { name: "Cancel" }).click();
      expect(restarts).toEqual([]);
      expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
      await context.close();
    }
  }, 60_000);

  test("a staged restore on a phone, and the System page as a whole", async () => {
    supervise("systemd");
    const { page, context } = await systemPage("phone");
    await region(page, "Backups").getByRole("list", { name: "Rotated backups" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "system-phone.png"), animations: "disabled", fullPage: true });
    await context.close();
  }, 60_000);
});

describe("a restart through the page, with a server that really stops and starts again", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-restart-ui-"));
  let running: RunningServer;
  let runtime: Runtime;
  let url: string;
  // The next process starts once the test has seen the page wait for it (a quick one would reload
  // the page before "Restarting…" could be seen).
  let letNextStart: () => void = () => {};
  const nextStart = new Promise<void>((resolve) => {
    letNextStart = resolve;
  });

  /** A server on `port` (0 first) over the same data dir; its restart stops it and starts the next. */
  function start(port: number, clock?: ReturnType<typeof manualClock>): void {
    const config = testConfig({ dataDir, server: { host: "127.0.0.1", port } });
    runtime = createRuntime(config, {
      log: silentLogger,
      ...(clock ? { clock } : {}),
      cwd: dataDir,
      env: {},
    });
    running = startServer(runtime);
    url = `http://127.0.0.1:${running.port}`;
    const thisServer = running;
    runtime.deps.restart = createRestartControl({
      supervisor: "systemd",
      stopping: () => false,
      stop: () =>
        void thisServer
          .shutdown("restart")
          .then(() => nextStart)
          .then(() =>
            // As systemd would, later: the next process's clock says it started a minute on.
            start(thisServer.port, manualClock(new Date(Date.now() + 60_000))),
          ),
    });
  }

  beforeAll(() => start(0));
  afterAll(async () => {
    await running?.shutdown("test over");
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("Restart: the page says Restarting…, waits for the new process and reloads once it answers", async () => {
    const session = await signedInSession(browser.browser, url, "/system", "System");
    const first = runtime;
    const { page, context } = await openPage(browser.browser, { storageState: session });
    await page.goto(`${url}/system`);
    await region(page, "Status").getByText("Data dir").waitFor();
    await region(page, "Status").getByRole("button", { name: "Restart" }).click();
    const reloaded = page.waitForEvent("load");
    await dialog(page).getByRole("button", { name: "Restart" }).click();
    await page.getByRole("alertdialog").getByRole("heading", { name: "Restarting…" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "restarting-desktop.png"), animations: "disabled" });
    letNextStart();
    await reloaded;
    expect(runtime).not.toBe(first);
    await region(page, "Status").getByText("Data dir").waitFor();
    expect(await page.getByRole("alertdialog").count()).toBe(0);
    await context.close();
  }, 90_000);
});

describe("waiting for a restart (the page's reconnect logic)", () => {
  const before = "2026-11-24T10:00:00.000Z";
  /** A liveness answer from a process started at `startedAt`, asked at `at`. */
  const answer = (startedAt: string, at: string) => ({
    time: at,
    uptimeSeconds: (Date.parse(at) - Date.parse(startedAt)) / 1000,
  });

  test("the old process answering, then nothing, then the new one: back only once the new one answers", async () => {
    const answers = [
      answer(before, "2026-11-24T11:00:00.000Z"),
      null,
      null,
      answer(before, "2026-11-24T11:00:03.000Z"),
      answer("2026-11-24T11:00:05.000Z", "2026-11-24T11:00:05.400Z"),
    ];
    let asked = 0;
    const outcome = await waitForRestart({
      before,
      deadlineMs: 60_000,
      liveness: async () => answers[asked++] ?? null,
      now: () => 0,
      pause: async () => {},
    });
    expect({ outcome, asked }).toEqual({ outcome: "back", asked: 5 });
  });

  test("a restart quicker than one poll is still seen: the answer's time less its uptime is after the old start", async () => {
    const outcome = await waitForRestart({
      before,
      deadlineMs: 60_000,
      liveness: async () => answer("2026-11-24T10:00:02.500Z", "2026-11-24T10:00:02.600Z"),
      now: () => 0,
      pause: async () => {},
    });
    expect(outcome).toBe("back");
  });

  test("nothing new by the deadline is late; an aborted wait stops asking", async () => {
    let clock = 0;
    let asked = 0;
    const late = await waitForRestart({
      before,
      deadlineMs: 90_000,
      intervalMs: 1000,
      liveness: async () => {
        asked++;
        return null;
      },
      now: () => clock,
      pause: async (ms) => {
        clock += ms;
      },
    });
    expect({ late, asked }).toEqual({ late: "late", asked: 91 });
    const stop = new AbortController();
    stop.abort();
    expect(
      await waitForRestart({ before, deadlineMs: 1000, signal: stop.signal, liveness: async () => null }),
    ).toBe("aborted");
  });
});
