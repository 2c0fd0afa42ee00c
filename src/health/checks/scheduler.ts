import { z } from "@hono/zod-openapi";
import type { Scheduler } from "../../jobs/scheduler.ts";
import { RunStatusSchema } from "../../runs/status.ts";
import type { Scanner } from "../../wanted/scanner.ts";
import { type CheckReport, defineHealthCheck } from "../check.ts";

const details = {
  jobs: z.array(
    z.object({
      name: z.string(),
      schedule: z.string(),
      nextRun: z.string().nullable(),
      lastRun: z.string().nullable(),
      lastOutcome: z.union([RunStatusSchema, z.null()]),
      running: z.boolean(),
    }),
  ),
  lastScan: z
    .object({
      id: z.number().int(),
      mode: z.enum(["full", "incremental"]),
      status: RunStatusSchema,
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    })
    .nullable(),
};

/** Every job's next and last run as the scheduler recorded them, plus the last scan. */
function checkScheduler(scheduler: Scheduler, scanner: Scanner): CheckReport<typeof details> {
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

export const scheduler = defineHealthCheck({
  name: "scheduler",
  summary: "every job's next and last run, and the last scan; informational, always healthy",
  critical: false,
  details,
  example: {
    healthy: true,
    message: "3 jobs scheduled",
    jobs: [
      {
        name: "wanted-scan",
        schedule: "0 */6 * * *",
        nextRun: "2026-11-24T12:00:00.000Z",
        lastRun: "2026-11-24T06:00:00.000Z",
        lastOutcome: "succeeded",
        running: false,
      },
    ],
    lastScan: {
      id: 12,
      mode: "incremental",
      status: "succeeded",
      startedAt: "2026-11-24T09:00:00.000Z",
      finishedAt: "2026-11-24T09:00:04.000Z",
    },
  },
  create: (deps) => () => checkScheduler(deps.scheduler, deps.scanner),
});
