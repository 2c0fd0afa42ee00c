/**
 * The scheduler as a homelab runs it: croner's own timer chain under fake timers (the system
 * clock and every timer move only when a test moves them), restarts over one database, clock
 * jumps, DST change days, overlapping runs and a database that stops taking writes.
 */
import { afterEach, describe, expect, jest, setSystemTime, test } from "bun:test";
import { systemClock } from "../../src/clock.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createEventBus } from "../../src/events/bus.ts";
import { registerSubhoundJobs } from "../../src/jobs/jobs.ts";
import { createScheduler, type JobDefinition } from "../../src/jobs/scheduler.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { testConfig } from "../support/runtime.ts";

afterEach(() => {
  jest.useRealTimers();
});

function freshDb(): DbHandle {
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  return db;
}

/** A scheduler over `db` on the (faked) system clock: what `serve` builds after each start. */
function boot(
  db: DbHandle,
  options: { timezone?: string; log?: Parameters<typeof createScheduler>[0]["log"] } = {},
) {
  return createScheduler({
    db,
    clock: systemClock,
    log: options.log ?? silentLogger,
    events: createEventBus(),
    timezone: options.timezone ?? "UTC",
  });
}

/** A job that notes when each run starts and finishes at once. */
function countingJob(name: string, schedule: string): JobDefinition & { starts: string[] } {
  const starts: string[] = [];
  return {
    name,
    schedule,
    starts,
    run: async () => {
      starts.push(new Date().toISOString());
      return { summary: "ok" };
    },
  };
}

/**
 * Lets promises settle: a quick run records its end and croner clears its busy flag a few ticks
 * after it started (a held run stays held).
 */
async function settle() {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** Moves fake time forward to `iso` in steps, letting runs finish between steps as they would. */
async function advanceTo(iso: string, stepMs = 10 * 60_000) {
  const target = Date.parse(iso);
  while (Date.now() < target) {
    jest.advanceTimersByTime(Math.min(stepMs, target - Date.now()));
    await settle();
  }
}

/** A finished scheduled run left by an earlier process. */
function insertRun(db: DbHandle, job: string, startedAt: string) {
  db.sqlite.run(
    "INSERT INTO job_runs (job, trigger, started_at, finished_at, outcome) VALUES (?, 'schedule', ?, ?, 'succeeded')",
    [job, startedAt, startedAt],
  );
}

describe("a run missed while the server was down", () => {
  test("is caught up once, a minute after start, and the Tasks page says when", async () => {
    const db = freshDb();
    // The NAS was off at 03:00: yesterday's run is the last one.
    insertRun(db, "nightly", "2026-11-23T03:00:00.000Z");
    jest.useFakeTimers({ now: new Date("2026-11-24T07:00:00Z") });
    const scheduler = boot(db);
    const job = countingJob("nightly", "0 3 * * *");
    scheduler.register(job);
    scheduler.start();
    expect(scheduler.list()[0]!.nextRun).toBe("2026-11-24T07:01:00.000Z");
    expect(scheduler.nextRun("nightly")).toBe("2026-11-24T07:01:00.000Z");
    await advanceTo("2026-11-24T07:00:59Z", 1000);
    expect(job.starts).toEqual([]);
    await advanceTo("2026-11-24T07:10:00Z", 1000);
    expect(job.starts).toEqual(["2026-11-24T07:01:00.000Z"]);
    expect(scheduler.history("nightly", 1)[0]).toMatchObject({ trigger: "schedule", outcome: "succeeded" });
    expect(scheduler.list()[0]!.nextRun).toBe("2026-11-25T03:00:00.000Z");
    await advanceTo("2026-11-25T03:00:30Z", 30 * 60_000);
    expect(job.starts).toEqual(["2026-11-24T07:01:00.000Z", "2026-11-25T03:00:00.000Z"]);
    await scheduler.shutdown(0);
  });

  test("a restart loop starts the missed run at most once", async () => {
    const db = freshDb();
    insertRun(db, "nightly", "2026-11-23T03:00:00.000Z");
    jest.useFakeTimers({ now: new Date("2026-11-24T03:05:00Z") });
    let starts = 0;
    const definition: JobDefinition = {
      name: "nightly",
      schedule: "0 3 * * *",
      // The heavy job never ends before the process dies.
      run: (signal) =>
        new Promise((_, reject) => {
          starts++;
          signal.addEventListener("abort", () => reject(new Error("killed")));
        }),
    };
    // A process that dies within seconds of starting never gets to the heavy job at all.
    for (let i = 0; i < 3; i++) {
      const scheduler = boot(db);
      scheduler.register(definition);
      scheduler.start();
      jest.advanceTimersByTime(10_000);
      await scheduler.shutdown(0);
    }
    expect(starts).toBe(0);
    // Then one that lives long enough starts it, and dies mid-run (kill -9: no shutdown).
    const first = boot(db);
    first.register(definition);
    first.start();
    await advanceTo("2026-11-24T03:07:00Z", 1000);
    expect(starts).toBe(1);
    first.stop();
    // Every later start sees the run it left (now interrupted) and does not start another.
    for (let i = 0; i < 3; i++) {
      const scheduler = boot(db);
      scheduler.register(definition);
      scheduler.start();
      await advanceTo(new Date(Date.now() + 5 * 60_000).toISOString(), 1000);
      await scheduler.shutdown(0);
    }
    expect(starts).toBe(1);
    expect(
      db.sqlite
        .query<{ outcome: string }, []>("SELECT outcome FROM job_runs ORDER BY id")
        .all()
        .map((r) => r.outcome),
    ).toEqual(["succeeded", "interrupted"]);
  });

  test("nothing is caught up for a job that never ran, nor for one that ran since its time", async () => {
    const db = freshDb();
    insertRun(db, "hourly", "2026-11-24T07:00:00.010Z");
    jest.useFakeTimers({ now: new Date("2026-11-24T07:20:00Z") });
    const scheduler = boot(db);
    const fresh = countingJob("fresh", "0 3 * * *");
    const hourly = countingJob("hourly", "0 * * * *");
    scheduler.register(fresh);
    scheduler.register(hourly);
    scheduler.start();
    expect(scheduler.list().map((j) => j.nextRun)).toEqual([
      "2026-11-25T03:00:00.000Z",
      "2026-11-24T08:00:00.000Z",
    ]);
    await advanceTo("2026-11-24T07:59:00Z", 60_000);
    expect([fresh.starts, hourly.starts]).toEqual([[], []]);
    await scheduler.shutdown(0);
  });

  test("a shutdown before the catch-up leaves no timer behind", async () => {
    const db = freshDb();
    insertRun(db, "nightly", "2026-11-23T03:00:00.000Z");
    jest.useFakeTimers({ now: new Date("2026-11-24T07:00:00Z") });
    const scheduler = boot(db);
    const job = countingJob("nightly", "0 3 * * *");
    scheduler.register(job);
    scheduler.start();
    await scheduler.shutdown(0);
    jest.advanceTimersByTime(5 * 60_000);
    await settle();
    expect(job.starts).toEqual([]);
  });
});

describe("clock jumps under croner's timer chain", () => {
  test("a clock set back after a run does not run the same time twice, and the next one still comes", async () => {
    const db = freshDb();
    jest.useFakeTimers({ now: new Date("2026-11-24T09:59:00Z") });
    const scheduler = boot(db);
    const job = countingJob("hourly", "0 * * * *");
    scheduler.register(job);
    scheduler.start();
    await advanceTo("2026-11-24T10:00:05Z", 1000);
    expect(job.starts).toEqual(["2026-11-24T10:00:00.000Z"]);
    // NTP steps the clock back five minutes.
    setSystemTime(new Date("2026-11-24T09:55:05Z"));
    await advanceTo("2026-11-24T10:30:00Z", 1000);
    expect(job.starts).toEqual(["2026-11-24T10:00:00.000Z"]);
    await advanceTo("2026-11-24T11:00:30Z", 60_000);
    expect(job.starts).toEqual(["2026-11-24T10:00:00.000Z", "2026-11-24T11:00:00.000Z"]);
    await scheduler.shutdown(0);
  });

  test("a clock set back by a year (a wrong RTC corrected) does not stall the schedule", async () => {
    const db = freshDb();
    jest.useFakeTimers({ now: new Date("2027-11-24T09:59:00Z") });
    const scheduler = boot(db);
    const job = countingJob("hourly", "0 * * * *");
    scheduler.register(job);
    scheduler.start();
    await advanceTo("2027-11-24T10:00:05Z", 1000);
    setSystemTime(new Date("2026-11-24T09:59:00Z"));
    await advanceTo("2026-11-24T10:00:30Z", 1000);
    expect(job.starts).toEqual(["2027-11-24T10:00:00.000Z", "2026-11-24T10:00:00.000Z"]);
    await scheduler.shutdown(0);
  });

  test("a suspend over several times runs once on wake, not once per missed time", async () => {
    const db = freshDb();
    jest.useFakeTimers({ now: new Date("2026-11-24T09:59:00Z") });
    const scheduler = boot(db);
    const job = countingJob("hourly", "0 * * * *");
    scheduler.register(job);
    scheduler.start();
    await advanceTo("2026-11-24T10:00:05Z", 1000);
    // The laptop sleeps three hours: the wall clock moves, the timers do not.
    setSystemTime(new Date("2026-11-24T13:20:00Z"));
    await advanceTo("2026-11-24T13:30:00Z", 1000);
    expect(job.starts).toHaveLength(2);
    expect(job.starts[1]! >= "2026-11-24T13:20:00.000Z" && job.starts[1]! <= "2026-11-24T13:20:30.000Z").toBe(
      true,
    );
    await advanceTo("2026-11-24T14:00:30Z", 60_000);
    expect(job.starts.at(-1)).toBe("2026-11-24T14:00:00.000Z");
    expect(job.starts).toHaveLength(3);
    await scheduler.shutdown(0);
  });
});

describe("DST change days", () => {
  const cases: { zone: string; schedule: string; from: string; to: string; runs: string[] }[] = [
    // Berlin springs forward at 02:00 (to 03:00) on 29 March 2026 and falls back at 03:00 (to 02:00) on 25 October.
    {
      zone: "Europe/Berlin",
      schedule: "0 3 * * *",
      from: "2026-03-28T12:00:00Z",
      to: "2026-03-30T12:00:00Z",
      runs: ["2026-03-29T01:00:00.000Z", "2026-03-30T01:00:00.000Z"],
    },
    {
      zone: "Europe/Berlin",
      schedule: "0 3 * * *",
      from: "2026-10-24T12:00:00Z",
      to: "2026-10-26T12:00:00Z",
      runs: ["2026-10-25T02:00:00.000Z", "2026-10-26T02:00:00.000Z"],
    },
    {
      // 02:30 does not exist on the spring day: once, at 03:00.
      zone: "Europe/Berlin",
      schedule: "30 2 * * *",
      from: "2026-03-28T12:00:00Z",
      to: "2026-03-30T12:00:00Z",
      runs: ["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"],
    },
    {
      // 02:30 happens twice on the autumn day: once, the first.
      zone: "Europe/Berlin",
      schedule: "30 2 * * *",
      from: "2026-10-24T12:00:00Z",
      to: "2026-10-26T12:00:00Z",
      runs: ["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"],
    },
    {
      zone: "America/New_York",
      schedule: "0 3 * * *",
      from: "2026-03-07T12:00:00Z",
      to: "2026-03-09T12:00:00Z",
      runs: ["2026-03-08T07:00:00.000Z", "2026-03-09T07:00:00.000Z"],
    },
    {
      zone: "America/New_York",
      schedule: "30 1 * * *",
      from: "2026-10-31T12:00:00Z",
      to: "2026-11-02T12:00:00Z",
      runs: ["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"],
    },
  ];
  for (const { zone, schedule, from, to, runs } of cases) {
    test(`"${schedule}" in ${zone} from ${from.slice(0, 10)}: once a day, at the time the API shows`, async () => {
      const db = freshDb();
      jest.useFakeTimers({ now: new Date(from) });
      const scheduler = boot(db, { timezone: zone });
      const job = countingJob("nightly", schedule);
      scheduler.register(job);
      scheduler.start();
      const shown: string[] = [];
      const steps = 30 * 60_000;
      while (Date.now() < Date.parse(to)) {
        const next = scheduler.list()[0]!.nextRun;
        if (next && !shown.includes(next)) shown.push(next);
        await advanceTo(new Date(Date.now() + steps).toISOString(), steps);
      }
      expect(job.starts).toEqual(runs);
      expect(shown.slice(0, 2)).toEqual(runs);
      expect(scheduler.list()[0]!.timezone).toBe(zone);
      await scheduler.shutdown(0);
    });
  }
});

describe("overlap", () => {
  test("a run still going at its next time: no second run, one right after it, then the schedule as before", async () => {
    const db = freshDb();
    jest.useFakeTimers({ now: new Date("2026-11-24T09:59:00Z") });
    const scheduler = boot(db);
    const starts: string[] = [];
    let finishFirst: () => void = () => {};
    scheduler.register({
      name: "search",
      schedule: "0 * * * *",
      run: () => {
        starts.push(new Date().toISOString());
        if (starts.length > 1) return Promise.resolve({ summary: "quick" });
        return new Promise((resolve) => {
          finishFirst = () => resolve({ summary: "long" });
        });
      },
    });
    scheduler.start();
    await advanceTo("2026-11-24T12:30:00Z", 60_000);
    expect(starts).toEqual(["2026-11-24T10:00:00.000Z"]);
    expect(scheduler.runNow("search")).toEqual({ ok: false, reason: "running" });
    finishFirst();
    await advanceTo("2026-11-24T12:31:00Z", 1000);
    expect(starts).toHaveLength(2);
    await advanceTo("2026-11-24T13:00:30Z", 60_000);
    expect(starts).toHaveLength(3);
    expect(starts[2]).toBe("2026-11-24T13:00:00.000Z");
    await scheduler.shutdown(0);
  });
});

describe("reload", () => {
  test("a new schedule moves the job at once: the old time does not fire, the new one does", async () => {
    const db = freshDb();
    jest.useFakeTimers({ now: new Date("2026-11-24T02:00:00Z") });
    const scheduler = boot(db);
    const job = countingJob("nightly", "0 3 * * *");
    scheduler.register(job);
    scheduler.start();
    scheduler.reschedule("nightly", "0 4 * * *");
    expect(scheduler.list()[0]!.nextRun).toBe("2026-11-24T04:00:00.000Z");
    await advanceTo("2026-11-24T03:30:00Z");
    expect(job.starts).toEqual([]);
    await advanceTo("2026-11-24T04:00:30Z", 30_000);
    expect(job.starts).toEqual(["2026-11-24T04:00:00.000Z"]);
    await scheduler.shutdown(0);
  });

  test("a schedule that never fires is reported in the log, naming its setting", () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ format: "json", write: (line) => lines.push(JSON.parse(line)) });
    jest.useFakeTimers({ now: new Date("2026-11-24T02:00:00Z") });
    const scheduler = boot(freshDb(), { log });
    scheduler.register({
      name: "wanted-scan",
      schedule: "0 0 31 2 *",
      scheduleKey: "scan.schedule",
      run: async () => ({ summary: "" }),
    });
    scheduler.register({ name: "fine", schedule: "0 3 * * *", run: async () => ({ summary: "" }) });
    scheduler.reschedule("fine", "0 0 30 2 *");
    const warnings = lines.filter((l) => l.level === "warn");
    expect(warnings).toMatchObject([
      { job: "wanted-scan", key: "scan.schedule", schedule: "0 0 31 2 *" },
      { job: "fine", schedule: "0 0 30 2 *" },
    ]);
    expect(String(warnings[0]!.msg)).toContain("never");
    expect(scheduler.list().map((j) => j.nextRun)).toEqual([null, null]);
  });
});

describe("a run whose end cannot be recorded (a full disk)", () => {
  test("does not leave the job running forever nor take the server down", async () => {
    const db = freshDb();
    jest.useFakeTimers({ now: new Date("2026-11-24T10:00:00Z") });
    const scheduler = boot(db);
    const job = countingJob("maintenance", "30 3 * * *");
    scheduler.register(job);
    db.sqlite.run(
      "CREATE TRIGGER full_disk BEFORE UPDATE ON job_runs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    expect(scheduler.runNow("maintenance").ok).toBe(true);
    await scheduler.whenIdle("maintenance");
    expect(scheduler.list()[0]!.running).toBe(false);
    db.sqlite.run("DROP TRIGGER full_disk");
    const again = scheduler.runNow("maintenance");
    expect(again.ok).toBe(true);
    await scheduler.whenIdle("maintenance");
    expect(scheduler.history("maintenance", 1)[0]).toMatchObject({ outcome: "succeeded" });
    expect(job.starts).toHaveLength(2);
    await scheduler.shutdown(0);
  });
});

describe("Subhound's jobs", () => {
  test("a job turned off with a schedule that never fires is reported under its setting, for each job", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ format: "json", write: (line) => lines.push(JSON.parse(line)) });
    const db = freshDb();
    const never = "0 0 31 2 *";
    const config = testConfig({
      scan: { schedule: never },
      search: { schedule: never },
      upgrades: { schedule: never },
      maintenance: { schedule: never },
    });
    const unused = () => {
      throw new Error("not started in this test");
    };
    registerSubhoundJobs(boot(db, { log }), {
      config,
      db,
      clock: systemClock,
      scanner: { start: unused, cancel: unused, status: () => null },
      searcher: { start: unused, cancel: unused, status: () => null },
      upgrader: { run: unused, progress: () => null },
    });
    expect(lines.filter((l) => l.level === "warn").map((l) => [l.job, l.key])).toEqual([
      ["wanted-scan", "scan.schedule"],
      ["wanted-search", "search.schedule"],
      ["subtitle-upgrade", "upgrades.schedule"],
      ["maintenance", "maintenance.schedule"],
    ]);
  });
});
