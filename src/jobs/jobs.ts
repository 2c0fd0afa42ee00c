import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { lastFinishedRun } from "../runs/run-store.ts";
import type { Scanner } from "../wanted/scanner.ts";
import type { Searcher } from "../wanted/search.ts";
import type { Upgrader } from "../wanted/upgrade.ts";
import { runMaintenance } from "./maintenance.ts";
import type { JobOutcome, LastWork, Scheduler } from "./scheduler.ts";

export interface SubhoundJobDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  scanner: Pick<Scanner, "start" | "cancel" | "status">;
  searcher: Pick<Searcher, "start" | "cancel" | "status">;
  upgrader?: Pick<Upgrader, "run" | "progress">;
  /** Why a scheduled search must not run now (no provider): it is skipped and spends nothing. */
  searchRefusal?: () => string | null;
}

/** Why a scan failed: its own error, or each library that could not be listed, by name. */
function scanFailure(scanId: number, errors: Record<string, string>): string {
  if (errors.scan) return errors.scan;
  const each = Object.entries(errors).map(([instance, error]) => `${instance}: ${error}`);
  return each.length > 0 ? each.join("; ") : `scan ${scanId} failed`;
}

/** The newest scan or search that ended, started from anywhere: a task's last run when newer than the job's. */
function lastWork(deps: SubhoundJobDeps, kind: "scan" | "search"): LastWork | null {
  const run = lastFinishedRun(deps.db.db, kind);
  if (!run) return null;
  let error: string | null = null;
  if (run.status !== "succeeded" && "errorsJson" in run) {
    const errors = JSON.parse(run.errorsJson) as Record<string, string>;
    error = kind === "scan" ? scanFailure(run.id, errors) : (Object.values(errors)[0] ?? null);
  }
  return {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    outcome: run.status as JobOutcome,
    error,
    trigger: run.trigger,
  };
}

/** Registers wanted-scan, wanted-search, subtitle-upgrade (given an upgrader) and maintenance on `scheduler`. */
export function registerSubhoundJobs(scheduler: Scheduler, deps: SubhoundJobDeps): void {
  const { scanner, searcher } = deps;

  let scanId: number | null = null;
  scheduler.register({
    name: "wanted-scan",
    description:
      "Scans the library for video files missing subtitles in your languages (full every few runs, incremental otherwise)",
    schedule: deps.config.scan.schedule,
    scheduleFrom: (config) => config.scan.schedule,
    scheduleKey: "scan.schedule",
    progress: () => {
      const status = scanner.status();
      return status && status.scanId === scanId ? status : null;
    },
    lastWork: () => lastWork(deps, "scan"),
    async run(signal) {
      // "auto": the scanner's own cycle decides between full and incremental.
      const started = scanner.start({ mode: "auto", trigger: "schedule" });
      if (!started.ok) return { summary: { skipped: `scan ${started.runningScanId} is already running` } };
      scanId = started.scanId;
      const cancel = () => scanner.cancel();
      signal.addEventListener("abort", cancel, { once: true });
      try {
        const result = await started.done;
        if (result.status === "failed") throw new Error(scanFailure(result.scanId, result.errors));
        return { summary: { scanId: result.scanId, status: result.status, ...result.summary } };
      } finally {
        signal.removeEventListener("abort", cancel);
        scanId = null;
      }
    },
  });

  let searchRunId: number | null = null;
  scheduler.register({
    name: "wanted-search",
    description: "Searches the providers for wanted subtitles whose retry time has come",
    schedule: deps.config.search.schedule,
    scheduleFrom: (config) => config.search.schedule,
    scheduleKey: "search.schedule",
    progress: () => {
      const status = searcher.status();
      return status && status.runId === searchRunId ? status : null;
    },
    lastWork: () => lastWork(deps, "search"),
    async run(signal) {
      const refused = deps.searchRefusal?.();
      if (refused) return { summary: { skipped: refused } };
      const started = searcher.start({ trigger: "schedule" });
      searchRunId = started.runId;
      // The searcher cancels every run at once; a manual search running beside this one stops too.
      const cancel = () => searcher.cancel();
      signal.addEventListener("abort", cancel, { once: true });
      try {
        const result = await started.done;
        if (result.status === "failed") throw new Error(`search run ${result.runId} failed`);
        const { runId, status, total, done, found, notFound, failed, skipped } = result;
        return { summary: { runId, status, total, done, found, notFound, failed, skipped } };
      } finally {
        signal.removeEventListener("abort", cancel);
        searchRunId = null;
      }
    },
  });

  const { upgrader } = deps;
  if (upgrader) {
    let upgradesConfig = deps.config;
    scheduler.register({
      name: "subtitle-upgrade",
      description:
        "Searches again for subtitles downloaded in the last days that scored under their profile's cutoff, and replaces Subhound's own file with a clearly better one",
      schedule: deps.config.upgrades.schedule,
      scheduleFrom: (config) => config.upgrades.schedule,
      scheduleKey: "upgrades.schedule",
      onConfig: (config) => {
        upgradesConfig = config;
      },
      progress: () => upgrader.progress(),
      async run(signal) {
        if (!upgradesConfig.upgrades.enabled) return { summary: { skipped: "upgrades.enabled is false" } };
        const refused = deps.searchRefusal?.();
        if (refused) return { summary: { skipped: refused } };
        return { summary: await upgrader.run(signal) };
      },
    });
  }

  let maintenanceConfig = deps.config;
  scheduler.register({
    name: "maintenance",
    description: "Prunes the probe cache, checks the database's integrity and writes a backup",
    schedule: deps.config.maintenance.schedule,
    scheduleFrom: (config) => config.maintenance.schedule,
    scheduleKey: "maintenance.schedule",
    onConfig: (config) => {
      maintenanceConfig = config;
    },
    run: async (signal) => ({
      summary: await runMaintenance(
        {
          db: deps.db,
          clock: deps.clock,
          dataDir: maintenanceConfig.dataDir,
          backupRetention: maintenanceConfig.maintenance.backupRetention,
        },
        signal,
      ),
    }),
  });
}
