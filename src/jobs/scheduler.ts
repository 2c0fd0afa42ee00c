import { Cron } from "croner";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { EventBus } from "../events/bus.ts";
import type { Logger } from "../log.ts";
import { createProcessOwner } from "../runs/process-owner.ts";
import { createRunRecorder } from "../runs/recorder.ts";
import { type JobRunRow, jobRunHistory, lastFinishedJobRun } from "../runs/run-store.ts";
import type { FinishedRunStatus, RunStatus } from "../runs/status.ts";
import { lastSlot, ranForSlot } from "./schedule-slot.ts";

export type JobTrigger = "schedule" | "manual";
/** A finished run's status, in the vocabulary scans and searches share. */
export type JobOutcome = FinishedRunStatus;

export interface JobDefinition {
  /** Kebab-case, unique: the key in the API and in `job_runs`. */
  name: string;
  /** One sentence on what the job does, for the tasks API and UI. */
  description?: string;
  schedule: string;
  /** Where `applyConfig` reads the job's schedule from. */
  scheduleFrom?: (config: Config) => string;
  /** The setting `scheduleFrom` reads ("scan.schedule"), named in warnings about the schedule. */
  scheduleKey?: string;
  /** Told about a config `applyConfig` accepted, for jobs that read other settings. */
  onConfig?: (config: Config) => void;
  /** Must stop soon after `signal` aborts. */
  run(signal: AbortSignal): Promise<{ summary: string | object }>;
  /** What the running job is doing, for `list()`; only asked while it runs. */
  progress?: () => unknown;
  /**
   * The latest finished run of the job's work however it was started (a scan from the Dashboard,
   * the API or a webhook): `list()` shows it as the last run when it is newer than the job's own.
   */
  lastWork?: () => LastWork | null;
}

/** A finished run of a job's work, as `lastWork` reports it. */
export interface LastWork {
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  outcome: JobOutcome;
  error: string | null;
  /** What started it: `schedule`, `manual` (Run now), or the work's own triggers (`api`, `webhook`, `cli`). */
  trigger: string;
}

export interface JobListing {
  name: string;
  description: string | null;
  schedule: string;
  /** The IANA zone the schedule is read in. */
  timezone: string;
  nextRun: string | null;
  lastRun: string | null;
  lastOutcome: JobOutcome | null;
  lastFinishedAt: string | null;
  lastDurationMs: number | null;
  lastError: string | null;
  lastTrigger: string | null;
  running: boolean;
  currentRun: { id: number; trigger: JobTrigger; startedAt: string } | null;
  progress?: unknown;
}

export interface JobRun {
  id: number;
  job: string;
  trigger: JobTrigger;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunStatus;
  summary: unknown;
  error: string | null;
  durationMs: number | null;
}

export type RunNowResult = { ok: true; runId: number } | { ok: false; reason: "running" | "unknown" };
export type CancelResult = { ok: true; runId: number } | { ok: false; reason: "not-running" | "unknown" };

export interface SchedulerDeps {
  db: DbHandle;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** IANA zone the cron expressions are read in; croner's default is the process zone. */
  timezone?: string;
  /** This process's owner id (`createProcessOwner`), recorded on its job runs. */
  owner?: string;
  /** Whether a pid is alive; tests stand in for the OS. */
  alive?: (pid: number) => boolean;
  /**
   * How long after `start` a run missed while the server was down is caught up (default a minute):
   * the start's own work goes first, and a process that keeps dying sooner never starts a heavy job.
   */
  catchUpDelayMs?: number;
}

const CATCH_UP_DELAY_MS = 60_000;

interface ActiveRun {
  runId: number;
  trigger: JobTrigger;
  startedAt: string;
  controller: AbortController;
  done: Promise<void>;
}

interface Job {
  definition: JobDefinition;
  schedule: string;
  cron: Cron;
  active: ActiveRun | null;
}

const SHUTDOWN = "shutdown";

function rowToRun(row: JobRunRow): JobRun {
  return {
    id: row.id,
    job: row.job,
    trigger: row.trigger as JobTrigger,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    outcome: row.outcome as JobRun["outcome"],
    summary: row.summaryJson === null ? null : JSON.parse(row.summaryJson),
    error: row.error,
    durationMs: row.durationMs,
  };
}

/**
 * Croner jobs behind one wrapper: created paused, never two runs of a job at once, every run
 * recorded in `job_runs` and published as `job.run`. Overlap is guarded here rather than by
 * croner alone, so a manual run, a rescheduled cron and the old cron all share one guard.
 */
export function createScheduler(deps: SchedulerDeps) {
  const log = deps.log.child({ component: "scheduler" });
  const jobs = new Map<string, Job>();
  const nextRuns = new Map<string, { cron: Cron; from: number; at: number; iso: string }>();
  /** Runs missed while the server was down, to be caught up soon after `start`. */
  const catchUps = new Map<string, { at: Date; timer: ReturnType<typeof setTimeout> }>();
  let started = false;

  const recorder = createRunRecorder("job", {
    db: deps.db.db,
    clock: deps.clock,
    owner: deps.owner ?? createProcessOwner(),
    ...(deps.alive ? { alive: deps.alive } : {}),
  });

  // A run still "running" whose process is gone died mid-run.
  const interrupted = recorder.interruptDead().length;
  if (interrupted > 0) log.warn("marked runs left by a previous process as interrupted", { interrupted });

  function createCron(name: string, pattern: string): Cron {
    if (!pattern.trim().startsWith("@") && pattern.trim().split(/\s+/).length < 5)
      throw new Error(`job "${name}": invalid cron expression "${pattern}": expected 5 to 7 fields`);
    try {
      return new Cron(
        pattern,
        {
          paused: true,
          protect: true,
          catch: (error) => log.error("job callback threw", { job: name, error }),
          ...(deps.timezone ? { timezone: deps.timezone } : {}),
        },
        // Awaited: croner's `protect` then skips the job's times while its run goes on.
        () => runScheduled(name),
      );
    } catch (error) {
      throw new Error(`job "${name}": invalid cron expression "${pattern}": ${(error as Error).message}`);
    }
  }

  /**
   * The time a scheduled run is owed for: the job's newest time up to `now` when no run has started
   * for it yet. Any run that started for it counts, however it ended (interrupted by a crash
   * included), so no restart or clock jump runs one time twice.
   */
  function owedSlot(job: Job, now: Date, latest = latestRun(job.definition.name)): Date | null {
    const slot = lastSlot(job.cron, now);
    if (!slot) return null;
    return latest && ranForSlot(job.cron, slot, new Date(latest.startedAt)) ? null : slot;
  }

  const latestRun = (name: string): JobRunRow | undefined => jobRunHistory(deps.db.db, name, 1)[0];

  /**
   * What a job's time coming (croner) or a catch-up runs. croner runs a time again when the clock
   * was set back past it after its run; the run recorded for that time stops it here.
   */
  async function runScheduled(name: string): Promise<void> {
    const job = jobs.get(name);
    if (!job) return;
    const due = owedSlot(job, deps.clock.now());
    if (!due) {
      log.info("scheduled run skipped: a run already started for this time", { job: name });
      return;
    }
    const result = execute(job, "schedule");
    if (!result.ok) {
      log.info("scheduled run skipped: the previous run is still going", { job: name });
      return;
    }
    await result.done;
  }

  /** Sets a catch-up for each job whose last time passed while the server was down. */
  function planCatchUps(): void {
    const now = deps.clock.now();
    const delay = deps.catchUpDelayMs ?? CATCH_UP_DELAY_MS;
    for (const job of jobs.values()) {
      const name = job.definition.name;
      // A job that never ran has missed nothing: a first start runs nothing before its time.
      if (catchUps.has(name)) continue;
      const latest = latestRun(name);
      if (!latest) continue;
      const due = owedSlot(job, now, latest);
      if (!due) continue;
      const at = new Date(now.getTime() + delay);
      const timer = setTimeout(() => {
        catchUps.delete(name);
        void runScheduled(name);
      }, delay);
      catchUps.set(name, { at, timer });
      nextRuns.delete(name);
      log.info("a run was missed while the server was down: it runs soon", {
        job: name,
        due: due.toISOString(),
        at: at.toISOString(),
      });
    }
  }

  function clearCatchUps(): void {
    for (const { timer } of catchUps.values()) clearTimeout(timer);
    catchUps.clear();
    nextRuns.clear();
  }

  /** When the job runs next: its next time, or a pending catch-up before that. */
  function nextRunOf(job: Job, now: Date): Date | null {
    const next = job.cron.nextRun(now);
    const catchUp = catchUps.get(job.definition.name)?.at;
    return catchUp && (!next || catchUp < next) ? catchUp : next;
  }

  function warnIfNeverFires(job: Job): void {
    if (job.cron.nextRun(deps.clock.now()) !== null) return;
    log.warn("the schedule never fires: the job runs only when started by hand", {
      job: job.definition.name,
      schedule: job.schedule,
      ...(job.definition.scheduleKey ? { key: job.definition.scheduleKey } : {}),
    });
  }

  function execute(
    job: Job,
    trigger: JobTrigger,
  ): { ok: true; runId: number; done: Promise<void> } | { ok: false } {
    if (job.active) return { ok: false };
    const name = job.definition.name;
    const startedAt = deps.clock.now().toISOString();
    const runId = recorder.start({ job: name, trigger }, startedAt);
    const controller = new AbortController();
    const t0 = performance.now();
    log.info("job started", { job: name, runId, trigger });

    const settle = async () => {
      let outcome: JobOutcome = "succeeded";
      let summary: unknown = null;
      let error: string | null = null;
      try {
        summary = (await job.definition.run(controller.signal)).summary;
        if (controller.signal.aborted) outcome = "cancelled";
      } catch (e) {
        outcome = controller.signal.aborted ? "cancelled" : "failed";
        error = e instanceof Error ? e.message : String(e);
      }
      if (outcome === "cancelled" && controller.signal.reason === SHUTDOWN) error ??= "stopped by shutdown";
      const durationMs = Math.round(performance.now() - t0);
      try {
        recorder.finish(runId, outcome, {
          summaryJson: summary === null || summary === undefined ? null : JSON.stringify(summary),
          error,
          durationMs: durationMs,
        });
      } catch (e) {
        // A full disk: the row stays "running" until the next start closes it, but the job must not
        // (it would never run again, and a rejected run takes the process down).
        log.error("could not record the end of a job run", { job: name, runId, error: e });
      }
      job.active = null;
      const level = outcome === "failed" ? "error" : "info";
      log[level]("job finished", {
        job: name,
        runId,
        trigger,
        outcome,
        durationMs,
        ...(error ? { error } : {}),
      });
      deps.events.publish({ type: "job.run", data: { name, runId, trigger, outcome, durationMs, error } });
    };

    // Deferred one tick so `active` is set before the job body can look at the scheduler.
    const active: ActiveRun = { runId, trigger, startedAt, controller, done: Promise.resolve().then(settle) };
    job.active = active;
    deps.events.publish({ type: "job.started", data: { name, runId, trigger, startedAt } });
    return { ok: true, runId, done: active.done };
  }

  function get(name: string): Job | undefined {
    return jobs.get(name);
  }

  const scheduler = {
    register(definition: JobDefinition): void {
      if (jobs.has(definition.name)) throw new Error(`job "${definition.name}" is already registered`);
      const cron = createCron(definition.name, definition.schedule);
      const job: Job = { definition, schedule: definition.schedule, cron, active: null };
      jobs.set(definition.name, job);
      warnIfNeverFires(job);
      if (started) cron.resume();
    },

    /**
     * Arms every cron, and catches up once each job whose last time passed while the server was
     * down (as Sonarr runs overdue tasks at start); until then jobs only run when asked.
     */
    start(): void {
      started = true;
      for (const job of jobs.values()) job.cron.resume();
      planCatchUps();
      log.info("scheduler started", { jobs: [...jobs.keys()] });
    },

    /** Pauses every cron and drops pending catch-ups; runs in progress go on. */
    stop(): void {
      started = false;
      clearCatchUps();
      for (const job of jobs.values()) job.cron.pause();
    },

    /** Replaces a job's cron; a run in progress keeps going and still blocks overlap. */
    reschedule(name: string, schedule: string): void {
      const job = get(name);
      if (!job) throw new Error(`job "${name}" is not registered`);
      if (schedule === job.schedule) return;
      const cron = createCron(name, schedule);
      job.cron.stop();
      job.cron = cron;
      job.schedule = schedule;
      if (started) cron.resume();
      log.info("job rescheduled", { job: name, schedule });
      warnIfNeverFires(job);
    },

    /** Re-reads every job's schedule from `config`; all or nothing if one is invalid. */
    applyConfig(config: Config): void {
      const changes: { name: string; schedule: string }[] = [];
      for (const job of jobs.values()) {
        const schedule = job.definition.scheduleFrom?.(config);
        if (schedule === undefined || schedule === job.schedule) continue;
        createCron(job.definition.name, schedule).stop();
        changes.push({ name: job.definition.name, schedule });
      }
      for (const { name, schedule } of changes) scheduler.reschedule(name, schedule);
      for (const job of jobs.values()) job.definition.onConfig?.(config);
    },

    runNow(name: string): RunNowResult {
      const job = get(name);
      if (!job) return { ok: false, reason: "unknown" };
      const result = execute(job, "manual");
      return result.ok ? { ok: true, runId: result.runId } : { ok: false, reason: "running" };
    },

    cancel(name: string): CancelResult {
      const job = get(name);
      if (!job) return { ok: false, reason: "unknown" };
      if (!job.active) return { ok: false, reason: "not-running" };
      job.active.controller.abort("cancelled");
      return { ok: true, runId: job.active.runId };
    },

    /** Resolves when the job's current run (if any) has been recorded. */
    async whenIdle(name?: string): Promise<void> {
      const targets = name ? [get(name)] : [...jobs.values()];
      await Promise.all(targets.map((job) => job?.active?.done));
    },

    has: (name: string): boolean => jobs.has(name),

    /** When job `name` runs next (null when unknown or unscheduled), without reading its history. */
    nextRun(name: string): string | null {
      const job = jobs.get(name);
      if (!job) return null;
      const now = deps.clock.now().getTime();
      // Every wanted page asks (croner's walk was 2% of one): the answer holds from when it was
      // worked out until that run, for the same cron.
      const memo = nextRuns.get(name);
      if (memo && memo.cron === job.cron && !job.cron.isStopped() && memo.from <= now && now < memo.at)
        return memo.iso;
      const next = nextRunOf(job, new Date(now));
      if (!next) return null;
      nextRuns.set(name, { cron: job.cron, from: now, at: next.getTime(), iso: next.toISOString() });
      return next.toISOString();
    },
    list(): JobListing[] {
      const now = deps.clock.now();
      return [...jobs.values()].map((job) => {
        const own = lastFinishedJobRun(deps.db.db, job.definition.name);
        const work = job.definition.lastWork?.() ?? null;
        // A run of the work that started before the job's own run ended is that run's (Run now
        // starts a scan too): only one started after it is newer news.
        const last: LastWork | null =
          work && (!own || work.startedAt > (own.finishedAt ?? own.startedAt))
            ? work
            : own && {
                startedAt: own.startedAt,
                finishedAt: own.finishedAt,
                durationMs: own.durationMs,
                outcome: own.outcome as JobOutcome,
                error: own.error,
                trigger: own.trigger,
              };
        const active = job.active;
        const listing: JobListing = {
          name: job.definition.name,
          description: job.definition.description ?? null,
          schedule: job.schedule,
          timezone: deps.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
          nextRun: nextRunOf(job, now)?.toISOString() ?? null,
          lastRun: last?.startedAt ?? null,
          lastOutcome: last?.outcome ?? null,
          lastFinishedAt: last?.finishedAt ?? null,
          lastDurationMs: last?.durationMs ?? null,
          lastError: last?.error ?? null,
          lastTrigger: last?.trigger ?? null,
          running: active !== null,
          currentRun: active && { id: active.runId, trigger: active.trigger, startedAt: active.startedAt },
        };
        if (job.active && job.definition.progress) listing.progress = job.definition.progress() ?? null;
        return listing;
      });
    },

    /** Newest first. */
    history(name: string, limit = 20): JobRun[] {
      return jobRunHistory(deps.db.db, name, limit).map(rowToRun);
    },

    /**
     * Stops the crons, gives running jobs `timeoutMs` to finish, then aborts them and waits
     * until each has recorded its outcome.
     */
    async shutdown(timeoutMs: number): Promise<void> {
      // Stopped, not only paused: a paused cron keeps its timer and holds the process open.
      scheduler.stop();
      for (const job of jobs.values()) job.cron.stop();
      const running = [...jobs.values()].filter((job) => job.active);
      if (running.length === 0) return;
      const all = Promise.all(running.map((job) => job.active?.done));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        log.warn("aborting jobs still running at shutdown", {
          jobs: running.filter((job) => job.active).map((job) => job.definition.name),
        });
        for (const job of running) job.active?.controller.abort(SHUTDOWN);
        await all;
      }
    },
  };
  return scheduler;
}

export type Scheduler = ReturnType<typeof createScheduler>;
