import { afterEach, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createEventBus } from "../../src/events/bus.ts";
import { registerSubhoundJobs, type SubhoundJobDeps } from "../../src/jobs/jobs.ts";
import { createScheduler } from "../../src/jobs/scheduler.ts";
import { silentLogger } from "../../src/log.ts";
import { createProbeCache } from "../../src/media/probe/cache.ts";
import type { ScanProgress } from "../../src/wanted/scanner.ts";
import type { SearchRunProgress } from "../../src/wanted/search.ts";
import { testConfig } from "../support/runtime.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scanProgress(partial: Partial<ScanProgress> = {}): ScanProgress {
  return {
    scanId: 7,
    mode: "incremental",
    trigger: "schedule",
    scope: {},
    status: "succeeded",
    phase: "succeeded",
    done: 1,
    total: 1,
    current: null,
    startedAt: "2026-11-24T10:00:00.000Z",
    finishedAt: "2026-11-24T10:00:01.000Z",
    summary: null,
    errors: {},
    changed: 0,
    ...partial,
  };
}

function searchProgress(partial: Partial<SearchRunProgress> = {}): SearchRunProgress {
  return {
    runId: 4,
    trigger: "schedule",
    scope: {},
    status: "succeeded",
    total: 2,
    done: 2,
    found: 1,
    notFound: 1,
    failed: 0,
    skipped: 0,
    current: null,
    startedAt: "2026-11-24T10:00:00.000Z",
    finishedAt: "2026-11-24T10:00:01.000Z",
    ...partial,
  };
}

function setup(options: { file?: boolean; retention?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-jobs-"));
  dirs.push(dataDir);
  const db = openDatabase({ path: options.file ? join(dataDir, "subhound.db") : ":memory:" });
  migrate(db.sqlite);
  const clock = manualClock("2026-11-24T03:30:00Z");
  const config = testConfig({ dataDir, maintenance: { backupRetention: options.retention ?? 2 } });
  const scanRequests: unknown[] = [];
  let scanDone: (p: ScanProgress) => void = () => {};
  let scanCancelled = 0;
  const scanner: SubhoundJobDeps["scanner"] = {
    start: (request) => {
      scanRequests.push(request);
      return { ok: true, scanId: 7, done: new Promise<ScanProgress>((r) => (scanDone = r)) };
    },
    cancel: () => {
      scanCancelled++;
      scanDone(scanProgress({ status: "cancelled" }));
      return 7;
    },
    status: () => scanProgress({ status: "running", phase: "scanning sonarr:main" }),
  };
  let searchDone: (p: SearchRunProgress) => void = () => {};
  const searcher: SubhoundJobDeps["searcher"] = {
    start: () => ({ runId: 4, total: 2, done: new Promise<SearchRunProgress>((r) => (searchDone = r)) }),
    cancel: () => [4],
    status: () => ({ ...searchProgress({ status: "running" }), transcribing: [] }),
  };
  const scheduler = createScheduler({
    db,
    clock,
    log: silentLogger,
    events: createEventBus(),
    timezone: "UTC",
  });
  registerSubhoundJobs(scheduler, { config, db, clock, scanner, searcher });
  return {
    dataDir,
    db,
    clock,
    config,
    scheduler,
    scanRequests,
    finishScan: (p: ScanProgress) => scanDone(p),
    finishSearch: (p: SearchRunProgress) => searchDone(p),
    scanCancelled: () => scanCancelled,
  };
}

describe("subhound jobs", () => {
  test("registers the three jobs with their configured schedules", () => {
    const { scheduler } = setup();
    expect(scheduler.list().map((j) => [j.name, j.schedule, j.nextRun])).toEqual([
      ["wanted-scan", "0 */6 * * *", "2026-11-24T06:00:00.000Z"],
      ["wanted-search", "0 * * * *", "2026-11-24T04:00:00.000Z"],
      ["maintenance", "30 3 * * *", "2026-11-25T03:30:00.000Z"],
    ]);
  });

  test("a scan or search started elsewhere (Dashboard, API, webhook) is the task's last run when newer", () => {
    const { scheduler, db } = setup();
    const last = (name: string) => {
      const job = scheduler.list().find((j) => j.name === name)!;
      return [job.lastRun, job.lastOutcome, job.lastDurationMs, job.lastError, job.lastTrigger];
    };
    expect(last("wanted-scan")).toEqual([null, null, null, null, null]);
    db.sqlite.run(
      `INSERT INTO scan_runs (mode, trigger, status, phase, errors_json, started_at, finished_at) VALUES
         ('full', 'api', 'succeeded', 'succeeded', '{}', '2026-11-24T02:00:00.000Z', '2026-11-24T02:00:04.000Z'),
         ('incremental', 'webhook', 'failed', 'failed', '{"scan":"database is locked"}', '2026-11-24T03:00:00.000Z', '2026-11-24T03:00:01.500Z'),
         ('full', 'api', 'running', 'scanning', '{}', '2026-11-24T03:20:00.000Z', NULL)`,
    );
    db.sqlite.run(
      `INSERT INTO search_runs (trigger, status, started_at, finished_at) VALUES
         ('api', 'succeeded', '2026-11-24T01:00:00.000Z', '2026-11-24T01:00:02.000Z')`,
    );
    // The newest that ended; one still running is not a last run.
    expect(last("wanted-scan")).toEqual([
      "2026-11-24T03:00:00.000Z",
      "failed",
      1500,
      "database is locked",
      "webhook",
    ]);
    expect(last("wanted-search")).toEqual(["2026-11-24T01:00:00.000Z", "succeeded", 2000, null, "api"]);
    // The job's own run, newer, wins.
    db.sqlite.run(
      `INSERT INTO job_runs (job, trigger, started_at, finished_at, outcome, duration_ms) VALUES
         ('wanted-search', 'manual', '2026-11-24T03:10:00.000Z', '2026-11-24T03:10:01.000Z', 'succeeded', 1000)`,
    );
    expect(last("wanted-search")).toEqual(["2026-11-24T03:10:00.000Z", "succeeded", 1000, null, "manual"]);
    // The search that run started itself is the run's, not newer news.
    db.sqlite.run(
      `INSERT INTO search_runs (trigger, status, started_at, finished_at) VALUES
         ('schedule', 'succeeded', '2026-11-24T03:10:00.100Z', '2026-11-24T03:10:00.900Z')`,
    );
    expect(last("wanted-search")).toEqual(["2026-11-24T03:10:00.000Z", "succeeded", 1000, null, "manual"]);
    expect(last("maintenance")).toEqual([null, null, null, null, null]);
  });

  test("applyConfig moves each job to its new schedule", () => {
    const { scheduler, config } = setup();
    scheduler.applyConfig({
      ...config,
      scan: { ...config.scan, schedule: "0 4 * * *" },
      maintenance: { ...config.maintenance, schedule: "0 5 * * 0" },
    });
    expect(scheduler.list().map((j) => j.nextRun)).toEqual([
      "2026-11-24T04:00:00.000Z",
      "2026-11-24T04:00:00.000Z",
      "2026-11-29T05:00:00.000Z",
    ]);
  });

  test("wanted-scan runs an automatic scan, reports its progress and returns its summary", async () => {
    const { scheduler, scanRequests, finishScan } = setup();
    scheduler.runNow("wanted-scan");
    await Promise.resolve();
    await Promise.resolve();
    expect(scanRequests).toEqual([{ mode: "auto", trigger: "schedule" }]);
    expect(scheduler.list()[0]!.progress).toMatchObject({ scanId: 7, phase: "scanning sonarr:main" });
    finishScan(scanProgress({ summary: { mode: "incremental", added: 2 } as ScanProgress["summary"] }));
    await scheduler.whenIdle();
    expect(scheduler.history("wanted-scan", 1)[0]).toMatchObject({
      outcome: "succeeded",
      summary: { scanId: 7, status: "succeeded", mode: "incremental", added: 2 },
    });
  });

  test("a failed scan fails the job; cancelling the job cancels the scan", async () => {
    const { scheduler, finishScan, scanCancelled } = setup();
    scheduler.runNow("wanted-scan");
    await Promise.resolve();
    finishScan(scanProgress({ status: "failed", errors: { scan: "sonarr unreachable" } }));
    await scheduler.whenIdle();
    expect(scheduler.history("wanted-scan", 1)[0]).toMatchObject({
      outcome: "failed",
      error: "sonarr unreachable",
    });

    scheduler.runNow("wanted-scan");
    await Promise.resolve();
    await Promise.resolve();
    scheduler.cancel("wanted-scan");
    await scheduler.whenIdle();
    expect(scanCancelled()).toBe(1);
    expect(scheduler.history("wanted-scan", 1)[0]).toMatchObject({ outcome: "cancelled" });
  });

  test("wanted-search summarises the search run", async () => {
    const { scheduler, finishSearch } = setup();
    scheduler.runNow("wanted-search");
    await Promise.resolve();
    await Promise.resolve();
    expect(scheduler.list()[1]!.progress).toMatchObject({ runId: 4, status: "running" });
    finishSearch(searchProgress());
    await scheduler.whenIdle();
    expect(scheduler.history("wanted-search", 1)[0]).toMatchObject({
      outcome: "succeeded",
      summary: { runId: 4, status: "succeeded", total: 2, found: 1, notFound: 1 },
    });
  });

  test("maintenance prunes the cache, records the integrity check and skips the backup of an in-memory DB", async () => {
    const { scheduler, db, clock } = setup();
    const cache = createProbeCache(db.sqlite);
    const result = { engine: "native" as const, streams: [] };
    cache.put({ path: "/media/kept.mkv", size: 1, mtimeMs: 1 }, result);
    cache.put({ path: "/media/gone.mkv", size: 1, mtimeMs: 1 }, result);
    db.sqlite.run(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at)
       VALUES ('standalone', 'main', 'k', 'movie', 'Kept', '/media/kept.mkv', '/media/kept.mkv', 1, '2026-11-24')`,
    );
    scheduler.runNow("maintenance");
    await scheduler.whenIdle();
    const [run] = scheduler.history("maintenance", 1);
    expect(run).toMatchObject({
      outcome: "succeeded",
      summary: {
        probeCachePruned: 1,
        integrityCheck: "ok",
        backup: { skipped: expect.stringContaining("in-memory") },
      },
    });
    expect(cache.get({ path: "/media/kept.mkv", size: 1, mtimeMs: 1 })).not.toBeNull();
    expect(cache.get({ path: "/media/gone.mkv", size: 1, mtimeMs: 1 })).toBeNull();
    const settings = Object.fromEntries(
      db.sqlite
        .query<{ key: string; value: string }, []>(
          "SELECT key, value FROM app_settings WHERE key LIKE 'maintenance.%'",
        )
        .all()
        .map((r) => [r.key, r.value]),
    );
    expect(settings).toEqual({
      "maintenance.integrityCheck": "ok",
      "maintenance.integrityCheckAt": clock.now().toISOString(),
    });
  });

  test("maintenance writes a backup into the data dir and keeps only the newest N", async () => {
    const { scheduler, dataDir, clock } = setup({ file: true, retention: 2 });
    const backups = join(dataDir, "backups");
    for (let i = 0; i < 3; i++) {
      scheduler.runNow("maintenance");
      await scheduler.whenIdle();
      clock.advance(86_400_000);
    }
    writeFileSync(join(backups, "notes.txt"), "mine");
    writeFileSync(join(backups, "subhound-manual.db"), "mine");
    scheduler.runNow("maintenance");
    await scheduler.whenIdle();
    const [run] = scheduler.history("maintenance", 1);
    expect(run!.outcome).toBe("succeeded");
    expect(run!.summary).toMatchObject({
      backup: {
        path: join(backups, "subhound-20261127T033000Z.db"),
        deleted: ["subhound-20261125T033000Z.db"],
      },
    });
    expect(readdirSync(backups).sort()).toEqual([
      "notes.txt",
      "subhound-20261126T033000Z.db",
      "subhound-20261127T033000Z.db",
      "subhound-manual.db",
    ]);
    const copy = openDatabase({ path: join(backups, "subhound-20261127T033000Z.db"), wal: false });
    expect(copy.sqlite.query("SELECT count(*) AS n FROM job_runs").get()).toEqual({ n: 4 });
    copy.close();
    expect(existsSync(join(backups, "subhound-20261124T033000Z.db"))).toBe(false);
  });
});

describe("the maintenance job's backup folder", () => {
  test("a partial copy a killed run left is removed by the next backup; a young one stays", async () => {
    const { scheduler, dataDir } = setup({ file: true, retention: 2 });
    const backups = join(dataDir, "backups");
    mkdirSync(backups, { recursive: true });
    // The job's clock says 2026-11-24T03:30Z: one partial is from the night before, one minutes old.
    const stale = ".subhound-20261123T033000Z.db.partial";
    const young = ".download-5d0c1b8e-1c1f-4f7a-8d6e-0f5f3c2b1a00.db";
    for (const [name, at] of [
      [stale, new Date("2026-11-23T03:31:00Z")],
      [young, new Date("2026-11-24T03:25:00Z")],
    ] as const) {
      writeFileSync(join(backups, name), "half a database");
      utimesSync(join(backups, name), at, at);
    }
    scheduler.runNow("maintenance");
    await scheduler.whenIdle();
    expect(scheduler.history("maintenance", 1)[0]!.outcome).toBe("succeeded");
    expect(readdirSync(backups).sort()).toEqual([young, "subhound-20261124T033000Z.db"]);
  });

  test("the integrity check reads the database file on a thread of its own, not on the server's connection", async () => {
    const { scheduler, db } = setup({ file: true, retention: 2 });
    // On a large library the check reads every page for seconds; on the server's own connection
    // that would hold every request, webhook and SSE stream meanwhile.
    const onServer: string[] = [];
    const query = db.sqlite.query.bind(db.sqlite);
    db.sqlite.query = ((sql: string) => {
      if (/integrity_check|quick_check/i.test(sql)) onServer.push(sql);
      return query(sql);
    }) as typeof db.sqlite.query;
    scheduler.runNow("maintenance");
    await scheduler.whenIdle();
    const [run] = scheduler.history("maintenance", 1);
    expect(run).toMatchObject({ outcome: "succeeded", summary: { integrityCheck: "ok" } });
    expect(onServer).toEqual([]);
  });

  test("a folder or link named like a backup is not the job's: kept, and the rotation goes on", async () => {
    const { scheduler, dataDir, clock } = setup({ file: true, retention: 1 });
    const backups = join(dataDir, "backups");
    mkdirSync(join(backups, "subhound-20200101T000000Z.db"), { recursive: true });
    const target = join(dataDir, "my-own.db");
    writeFileSync(target, "mine");
    symlinkSync(target, join(backups, "subhound-20200102T000000Z.db"));
    for (let i = 0; i < 2; i++) {
      scheduler.runNow("maintenance");
      await scheduler.whenIdle();
      clock.advance(86_400_000);
    }
    const [run] = scheduler.history("maintenance", 1);
    expect(run!.error).toBeNull();
    expect(run!.summary).toMatchObject({ backup: { deleted: ["subhound-20261124T033000Z.db"] } });
    expect(readdirSync(backups).sort()).toEqual([
      "subhound-20200101T000000Z.db",
      "subhound-20200102T000000Z.db",
      "subhound-20261125T033000Z.db",
    ]);
    expect(existsSync(target)).toBe(true);
  });
});

describe("the subtitle-upgrade job", () => {
  function upgradeSetup(refusal: string | null = null) {
    const db = openDatabase({ path: ":memory:" });
    migrate(db.sqlite);
    const clock = manualClock("2026-11-24T03:30:00Z");
    const config = testConfig({ upgrades: { schedule: "0 5 * * *" } });
    const signals: AbortSignal[] = [];
    let finish: () => void = () => {};
    const upgrader: NonNullable<SubhoundJobDeps["upgrader"]> = {
      run: (signal) => {
        signals.push(signal);
        return new Promise((resolve) => {
          finish = () => resolve({ total: 3, done: 3, upgraded: 1 } as never);
          signal.addEventListener("abort", () => resolve({ total: 3, done: 1, upgraded: 0 } as never));
        });
      },
      progress: () => ({ total: 3, done: 1, current: "Show S01E01 [de]" }) as never,
    };
    const scheduler = createScheduler({
      db,
      clock,
      log: silentLogger,
      events: createEventBus(),
      timezone: "UTC",
    });
    const idle = { start: () => ({ ok: false }) as never, cancel: () => null as never, status: () => null };
    registerSubhoundJobs(scheduler, {
      config,
      db,
      clock,
      scanner: idle as never,
      searcher: { start: () => ({}) as never, cancel: () => [], status: () => null },
      upgrader,
      searchRefusal: () => refusal,
    });
    return { scheduler, config, signals, finish: () => finish() };
  }

  test("runs on upgrades.schedule, shows the upgrader's progress and records its summary", async () => {
    const { scheduler, finish } = upgradeSetup();
    const job = () => scheduler.list().find((j) => j.name === "subtitle-upgrade")!;
    expect(job()).toMatchObject({ schedule: "0 5 * * *", nextRun: "2026-11-24T05:00:00.000Z" });
    scheduler.runNow("subtitle-upgrade");
    await Promise.resolve();
    expect(job().progress).toEqual({ total: 3, done: 1, current: "Show S01E01 [de]" });
    finish();
    await scheduler.whenIdle();
    expect(scheduler.history("subtitle-upgrade", 1)[0]).toMatchObject({
      outcome: "succeeded",
      summary: { total: 3, done: 3, upgraded: 1 },
    });
  });

  test("cancel aborts the run; no provider or upgrades.enabled = false skips it", async () => {
    const { scheduler, signals, config } = upgradeSetup();
    scheduler.runNow("subtitle-upgrade");
    await Promise.resolve();
    scheduler.cancel("subtitle-upgrade");
    await scheduler.whenIdle();
    expect(signals[0]!.aborted).toBe(true);
    expect(scheduler.history("subtitle-upgrade", 1)[0]).toMatchObject({ outcome: "cancelled" });

    scheduler.applyConfig({ ...config, upgrades: { ...config.upgrades, enabled: false } });
    scheduler.runNow("subtitle-upgrade");
    await scheduler.whenIdle();
    expect(scheduler.history("subtitle-upgrade", 1)[0]!.summary).toEqual({
      skipped: "upgrades.enabled is false",
    });

    const refused = upgradeSetup("no subtitle provider is enabled");
    refused.scheduler.runNow("subtitle-upgrade");
    await refused.scheduler.whenIdle();
    expect(refused.signals).toHaveLength(0);
    expect(refused.scheduler.history("subtitle-upgrade", 1)[0]!.summary).toEqual({
      skipped: "no subtitle provider is enabled",
    });
  });
});
