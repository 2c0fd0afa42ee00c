import { z } from "@hono/zod-openapi";

/** The one status vocabulary of every recorded run: scans, searches and scheduled jobs. */
export const RUN_STATUSES = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type FinishedRunStatus = Exclude<RunStatus, "running">;

export const RunStatusSchema = z.enum(RUN_STATUSES).openapi("RunStatus", {
  description:
    "running; succeeded; failed (an error ended it); cancelled (asked to stop, or stopped by shutdown); " +
    "interrupted (its process died, e.g. kill -9 or power loss, and a later start closed it)",
  example: "succeeded",
});
