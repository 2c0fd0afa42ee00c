import type { Scheduler } from "../../jobs/scheduler.ts";
import type { Scanner } from "../../wanted/scanner.ts";
import type { CheckResult } from "../subsystems.ts";

/** Every job's next and last run as the scheduler recorded them, plus the last scan. */
export function checkScheduler(scheduler: Scheduler, scanner: Scanner): CheckResult {
  const jobs = scheduler.list().map((j) => ({
    name: j.name,
    schedule: j.schedule,
    nextRun: j.nextRun,
    lastRun: j.lastRun,
    lastOutcome: j.lastOutcome,
    running: j.running,
  }));
  const failed = jobs.filter((j) => j.lastOutcome === "failed").map((j) => j.name);
  const scan = scanner.status();
  return {
    // A failed run is worth a look, but the scheduler itself still works: it stays healthy.
    healthy: true,
    message: failed.length ? `last run failed: ${failed.join(", ")}` : `${jobs.length} jobs scheduled`,
    jobs,
    lastScan: scan
      ? {
          id: scan.scanId,
          mode: scan.mode,
          status: scan.status,
          startedAt: scan.startedAt,
          finishedAt: scan.finishedAt,
        }
      : null,
  };
}
