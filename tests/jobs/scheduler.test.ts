import { describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { configSchema } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createEventBus, type PublishedEvent } from "../../src/events/bus.ts";
import { createScheduler } from "../../src/jobs/scheduler.ts";
import { silentLogger } from "../../src/log.ts";
import { testConfig } from "../support/runtime.ts";

function setup() {
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  const clock = manualClock("2026-11-24T10:00:00Z");
  const events = createEventBus();
  const published: PublishedEvent[] = [];
  events.subscribe((e) => published.push(e));
  const scheduler = createScheduler({ db, clock, log: silentLogger, events, timezone: "UTC" });
  return { db, clock, events, published, scheduler };
}

/** A job body that waits for the test to release it. */
function gate() {
  let release: (summary?: unknown) => void = () => {};
  let fail: (error: Error) => void = () => {};
  let calls = 0;
  let lastSignal: AbortSignal | null = null;
  const run = (signal: AbortSignal) => {
    calls++;
    lastSignal = signal;
    return new Promise<{ summary: string | object }>((resolve, reject) => {
      release = (summary = "done") => resolve({ summary: summary as string | object });
      fail = reject;
    });
  };
  return {
    run,
    release: (summary?: unknown) => release(summary),
    fail: (error: Error) => fail(error),
    calls: () => calls,
    signal: () => lastSignal,
  };
}

describe("scheduler", () => {
  test("nextRun comes from the cron and the injected clock", () => {
    const { scheduler, clock } = setup();
    scheduler.register({ name: "scan", schedule: "0 */6 * * *", run: async () => ({ summary: "ok" }) });
    expect(scheduler.list()[0]).toMatchObject({
      name: "scan",
      schedule: "0 */6 * * *",
      nextRun: "2026-11-24T12:00:00.000Z",
      lastRun: null,
      lastOutcome: null,
      running: false,
    });
    clock.set("2026-11-24T13:00:00Z");
    expect(scheduler.list()[0]!.nextRun).toBe("2026-11-24T18:00:00.000Z");
  });

  test("nextRun(name) follows the clock, a new schedule and a stop", () => {
    const { scheduler, clock } = setup();
    scheduler.register({ name: "scan", schedule: "0 */6 * * *", run: async () => ({ summary: "ok" }) });
    expect(scheduler.nextRun("scan")).toBe("2026-11-24T12:00:00.000Z");
    expect(scheduler.nextRun("scan")).toBe("2026-11-24T12:00:00.000Z");
    clock.set("2026-11-24T11:59:59Z");
    expect(scheduler.nextRun("scan")).toBe("2026-11-24T12:00:00.000Z");
    clock.set("2026-11-24T12:00:00Z");
    expect(scheduler.nextRun("scan")).toBe("2026-11-24T18:00:00.000Z");
    // A clock set back (a test, a corrected system time) is worked out again.
    clock.set("2026-11-24T05:00:00Z");
    expect(scheduler.nextRun("scan")).toBe("2026-11-24T06:00:00.000Z");
    scheduler.reschedule("scan", "30 5 * * *");
    expect(scheduler.nextRun("scan")).toBe("2026-11-24T05:30:00.000Z");
    expect(scheduler.nextRun("nothing")).toBeNull();
    scheduler.stop();
    expect(scheduler.nextRun("scan")).toBe(scheduler.list()[0]!.nextRun);
  });

  test("an invalid cron names the job and the expression", () => {
    const { scheduler } = setup();
    const register = (schedule: string) =>
      scheduler.register({ name: "broken", schedule, run: async () => ({ summary: "" }) });
    expect(() => register("61 * * * *")).toThrow('job "broken": invalid cron expression "61 * * * *"');
    expect(() => register("2026-01-01T00:00:00")).toThrow('job "broken": invalid cron expression');
    scheduler.register({ name: "ok", schedule: "0 * * * *", run: async () => ({ summary: "" }) });
    expect(() => scheduler.reschedule("ok", "bogus")).toThrow('job "ok": invalid cron expression "bogus"');
    expect(scheduler.list()[0]!.schedule).toBe("0 * * * *");
  });

  test("applyConfig re-arms the crons from a new config without a restart", () => {
    const { scheduler } = setup();
    scheduler.register({
      name: "wanted-scan",
      schedule: "0 */6 * * *",
      scheduleFrom: (config) => config.scan.schedule,
      run: async () => ({ summary: "" }),
    });
    scheduler.start();
    scheduler.applyConfig(testConfig({ scan: { schedule: "15 10 * * *" } }));
    expect(scheduler.list()[0]).toMatchObject({
      schedule: "15 10 * * *",
      nextRun: "2026-11-24T10:15:00.000Z",
    });
    scheduler.stop();
  });

  test("applyConfig changes nothing when one schedule is invalid", () => {
    const { scheduler } = setup();
    const run = async () => ({ summary: "" });
    scheduler.register({ name: "a", schedule: "0 * * * *", scheduleFrom: (c) => c.scan.schedule, run });
    scheduler.register({ name: "b", schedule: "0 * * * *", scheduleFrom: (c) => c.search.schedule, run });
    const config = testConfig();
    expect(() =>
      scheduler.applyConfig({
        ...config,
        scan: { ...config.scan, schedule: "5 * * * *" },
        search: { ...config.search, schedule: "x" },
      }),
    ).toThrow('job "b"');
    expect(scheduler.list().map((j) => j.schedule)).toEqual(["0 * * * *", "0 * * * *"]);
  });

  test("a trigger while the job runs is refused: one run, not two", async () => {
    const { scheduler } = setup();
    const job = gate();
    scheduler.register({ name: "slow", schedule: "0 * * * *", run: job.run });
    const first = scheduler.runNow("slow");
    expect(first.ok).toBe(true);
    expect(scheduler.runNow("slow")).toEqual({ ok: false, reason: "running" });
    // A new cron does not lift the guard (the reference's config save did).
    scheduler.reschedule("slow", "30 * * * *");
    expect(scheduler.runNow("slow")).toEqual({ ok: false, reason: "running" });
    await Promise.resolve();
    expect(scheduler.list()[0]!.running).toBe(true);
    job.release({ items: 3 });
    await scheduler.whenIdle("slow");
    expect(job.calls()).toBe(1);
    expect(scheduler.runNow("unknown")).toEqual({ ok: false, reason: "unknown" });
  });

  test("a finished run is recorded, listed and published", async () => {
    const { scheduler, published, clock } = setup();
    const job = gate();
    scheduler.register({ name: "work", schedule: "0 * * * *", run: job.run, progress: () => ({ done: 1 }) });
    const started = scheduler.runNow("work");
    if (!started.ok) throw new Error("did not start");
    await Promise.resolve();
    expect(scheduler.list()[0]).toMatchObject({
      running: true,
      progress: { done: 1 },
      currentRun: { id: started.runId, trigger: "manual", startedAt: "2026-11-24T10:00:00.000Z" },
    });
    const start = published.find((e) => e.event.type === "job.started");
    expect(start?.event.data).toEqual({
      name: "work",
      runId: started.runId,
      trigger: "manual",
      startedAt: "2026-11-24T10:00:00.000Z",
    });
    expect(scheduler.history("work", 5)[0]).toMatchObject({ id: started.runId, outcome: "running" });
    clock.advance(5000);
    job.release({ items: 3 });
    await scheduler.whenIdle();
    const [run] = scheduler.history("work", 5);
    expect(run).toMatchObject({
      id: started.runId,
      job: "work",
      trigger: "manual",
      startedAt: "2026-11-24T10:00:00.000Z",
      finishedAt: "2026-11-24T10:00:05.000Z",
      outcome: "succeeded",
      summary: { items: 3 },
      error: null,
    });
    expect(run!.durationMs).toBeGreaterThanOrEqual(0);
    expect(scheduler.list()[0]).toMatchObject({
      running: false,
      lastRun: "2026-11-24T10:00:00.000Z",
      lastOutcome: "succeeded",
    });
    expect(scheduler.list()[0]!.progress).toBeUndefined();
    const event = published.find((e) => e.event.type === "job.run");
    expect(event?.event.data).toMatchObject({ name: "work", runId: started.runId, outcome: "succeeded" });
  });

  test("an error is caught and recorded as a failure with its message", async () => {
    const { scheduler, published } = setup();
    scheduler.register({
      name: "bad",
      schedule: "0 * * * *",
      run: async () => {
        throw new Error("disk full");
      },
    });
    scheduler.runNow("bad");
    await scheduler.whenIdle();
    expect(scheduler.history("bad", 1)[0]).toMatchObject({
      outcome: "failed",
      error: "disk full",
      summary: null,
    });
    expect(scheduler.list()[0]!.lastOutcome).toBe("failed");
    expect(published.at(-1)?.event.data).toMatchObject({
      name: "bad",
      outcome: "failed",
      error: "disk full",
    });
    expect(scheduler.runNow("bad").ok).toBe(true);
    await scheduler.whenIdle();
  });

  test("cancel aborts the running job", async () => {
    const { scheduler } = setup();
    const job = gate();
    scheduler.register({ name: "long", schedule: "0 * * * *", run: job.run });
    expect(scheduler.cancel("long")).toEqual({ ok: false, reason: "not-running" });
    expect(scheduler.cancel("nope")).toEqual({ ok: false, reason: "unknown" });
    const started = scheduler.runNow("long");
    await Promise.resolve();
    expect(scheduler.cancel("long")).toEqual({ ok: true, runId: (started as { runId: number }).runId });
    expect(job.signal()?.aborted).toBe(true);
    job.fail(new Error("aborted"));
    await scheduler.whenIdle();
    expect(scheduler.history("long", 1)[0]).toMatchObject({ outcome: "cancelled" });
  });

  test("shutdown waits for a job that finishes in time", async () => {
    const { scheduler } = setup();
    const job = gate();
    scheduler.register({ name: "long", schedule: "0 * * * *", run: job.run });
    scheduler.start();
    scheduler.runNow("long");
    await Promise.resolve();
    const stopped = scheduler.shutdown(60_000);
    job.release("finished");
    await stopped;
    expect(job.signal()?.aborted).toBe(false);
    expect(scheduler.history("long", 1)[0]).toMatchObject({ outcome: "succeeded", summary: "finished" });
    expect(scheduler.list()[0]!.nextRun).toBeNull();
  });

  test("shutdown with nothing running stops every cron (none is left holding the process open)", async () => {
    const { scheduler } = setup();
    scheduler.register({ name: "hourly", schedule: "0 * * * *", run: async () => ({ summary: "ran" }) });
    scheduler.register({ name: "daily", schedule: "30 3 * * *", run: async () => ({ summary: "ran" }) });
    scheduler.start();
    expect(scheduler.list().map((j) => j.nextRun === null)).toEqual([false, false]);
    await scheduler.shutdown(60_000);
    expect(scheduler.list().map((j) => j.nextRun)).toEqual([null, null]);
  });

  test("shutdown aborts a job that outlives the timeout and waits for it to settle", async () => {
    const { scheduler } = setup();
    scheduler.register({
      name: "stubborn",
      schedule: "0 * * * *",
      run: (signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
    });
    scheduler.runNow("stubborn");
    await scheduler.shutdown(0);
    expect(scheduler.history("stubborn", 1)[0]).toMatchObject({ outcome: "cancelled", error: "aborted" });
    expect(scheduler.list()[0]!.running).toBe(false);
  });

  test("history is persisted, newest first, and a run left running is marked interrupted", async () => {
    const { scheduler, db, clock, events } = setup();
    let n = 0;
    scheduler.register({ name: "count", schedule: "0 * * * *", run: async () => ({ summary: { n: ++n } }) });
    for (let i = 0; i < 3; i++) {
      scheduler.runNow("count");
      await scheduler.whenIdle();
    }
    expect(scheduler.history("count", 2).map((r) => r.summary)).toEqual([{ n: 3 }, { n: 2 }]);
    db.sqlite.run(
      "INSERT INTO job_runs (job, trigger, started_at, outcome) VALUES ('count', 'schedule', '2026-11-24T09:00:00Z', 'running')",
    );
    const next = createScheduler({ db, clock, log: silentLogger, events });
    expect(next.history("count", 10)).toHaveLength(4);
    expect(next.history("count", 1)[0]).toMatchObject({
      outcome: "interrupted",
      finishedAt: "2026-11-24T10:00:00.000Z",
    });
  });
});

describe("schedule config", () => {
  test("an invalid cron fails config validation naming the key and the expression", () => {
    const result = configSchema.safeParse({
      scan: { schedule: "61 * * * *" },
      maintenance: { schedule: "daily" },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["scan.schedule", expect.stringContaining('invalid cron expression "61 * * * *"')],
      ["maintenance.schedule", expect.stringContaining('invalid cron expression "daily"')],
    ]);
    expect(configSchema.parse({ search: { schedule: "@hourly" } }).search.schedule).toBe("@hourly");
  });
});
