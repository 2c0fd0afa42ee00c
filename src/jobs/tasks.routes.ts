import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter, type RouteEnv } from "../http/router.ts";
import { RunStatusSchema } from "../runs/status.ts";
import { describeCron } from "./cron-text.ts";
import type { JobListing, Scheduler } from "./scheduler.ts";

export interface TasksRouteDeps {
  scheduler: Scheduler;
}

const schedulerOf = (c: Context<RouteEnv<TasksRouteDeps>>) => c.get("deps").scheduler;

const TriggerSchema = z.enum(["schedule", "manual"]);

export const TaskSchema = z
  .object({
    name: z.string().openapi({ example: "wanted-scan" }),
    description: z.string().nullable().openapi({ description: "What the job does" }),
    schedule: z.string().openapi({ description: "Cron expression", example: "0 */6 * * *" }),
    scheduleText: z
      .string()
      .openapi({ description: "The cron expression in words", example: "On the hour, every 6 hours" }),
    timezone: z.string().openapi({ description: "IANA zone the cron expression is read in", example: "UTC" }),
    nextRun: z.string().nullable().openapi({
      description:
        "The next scheduled time, or the catch-up of a time missed while the server was down; null once the scheduler has stopped or for a schedule that never fires",
    }),
    lastRun: z.string().nullable().openapi({
      description:
        "When the last finished run started. For wanted-scan and wanted-search, a scan or search started elsewhere (Dashboard, API, webhook) counts when newer than the job's own run",
    }),
    lastOutcome: z
      .union([RunStatusSchema, z.null()])
      .openapi({ description: "Status of the last finished run" }),
    lastFinishedAt: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    lastError: z.string().nullable().openapi({ description: "Why the last finished run failed or stopped" }),
    lastTrigger: z.string().nullable().openapi({
      description:
        "What started the last run: schedule, manual (Run now), or for a scan or search started elsewhere api, webhook or cli",
      example: "schedule",
    }),
    running: z.boolean(),
    currentRun: z
      .object({
        id: z.number().int(),
        trigger: TriggerSchema,
        startedAt: z.string(),
        done: z.number().int().nullable().openapi({ description: "Units done, when the job counts them" }),
        total: z.number().int().nullable().openapi({ description: "Units to do, when known" }),
        phase: z.string().nullable().openapi({ description: "The job's current phase, when it has phases" }),
        current: z.string().nullable().openapi({ description: "What it works on right now" }),
      })
      .nullable()
      .openapi({ description: "The run going on now; null while idle" }),
    progress: z.unknown().optional().openapi({ description: "The running job's own progress report" }),
  })
  .openapi("Task");

export const TaskRunSchema = z
  .object({
    id: z.number().int(),
    job: z.string(),
    trigger: TriggerSchema,
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    outcome: RunStatusSchema,
    summary: z.unknown().openapi({ description: "What the run did; its shape depends on the job" }),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .openapi("TaskRun");

const NameParamSchema = z.object({
  name: z
    .string()
    .min(1)
    .openapi({ param: { name: "name", in: "path" }, example: "wanted-scan" }),
});

const taskExample = {
  name: "wanted-scan",
  description: "Scans the library for video files missing subtitles in your languages",
  schedule: "0 */6 * * *",
  scheduleText: "On the hour, every 6 hours",
  timezone: "UTC",
  nextRun: "2026-11-24T12:00:00.000Z",
  lastRun: "2026-11-24T06:00:00.000Z",
  lastOutcome: "succeeded",
  lastTrigger: "schedule",
  lastFinishedAt: "2026-11-24T06:00:41.000Z",
  lastDurationMs: 41200,
  lastError: null,
  running: true,
  currentRun: {
    id: 43,
    trigger: "manual",
    startedAt: "2026-11-24T09:00:00.000Z",
    done: 120,
    total: 410,
    phase: "scanning sonarr:sonarr",
    current: "Breaking Bad",
  },
};

const numberOr = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.round(v) : null);
const textOr = (v: unknown) => (typeof v === "string" ? v : null);

/** The listing in API shape: schedule in words and the common progress fields lifted out of the job's own report. */
function toTask(job: JobListing) {
  const report = (job.progress ?? {}) as Record<string, unknown>;
  return {
    ...job,
    scheduleText: describeCron(job.schedule),
    currentRun: job.currentRun && {
      ...job.currentRun,
      done: numberOr(report.done),
      total: numberOr(report.total),
      phase: textOr(report.phase),
      current: textOr(report.current),
    },
  };
}

const listTasks = createRoute({
  method: "get",
  path: "/tasks",
  operationId: "listTasks",
  tags: ["Tasks"],
  summary: "Scheduled jobs",
  description: "Every scheduled job with its cron, next and last run, and whether it is running now.",
  responses: {
    200: jsonResponse(z.array(TaskSchema), "The jobs", [taskExample]),
    ...problems(401),
  },
});

const runTask = createRoute({
  method: "post",
  path: "/tasks/{name}/run",
  operationId: "runTask",
  tags: ["Tasks"],
  summary: "Run a job now",
  description: "Starts the job outside its schedule. A job never runs twice at once: 409 while it runs.",
  request: { params: NameParamSchema },
  responses: {
    202: jsonResponse(z.object({ runId: z.number().int() }), "The run started", { runId: 42 }),
    ...problems(401, 404, 409),
  },
});

const cancelTask = createRoute({
  method: "post",
  path: "/tasks/{name}/cancel",
  operationId: "cancelTask",
  tags: ["Tasks"],
  summary: "Cancel a running job",
  description: "Asks the running job to stop; its run is recorded as cancelled once it has.",
  request: { params: NameParamSchema },
  responses: {
    202: jsonResponse(z.object({ runId: z.number().int() }), "Cancellation requested", { runId: 42 }),
    ...problems(401, 404, 409),
  },
});

const taskHistory = createRoute({
  method: "get",
  path: "/tasks/{name}/history",
  operationId: "getTaskHistory",
  tags: ["Tasks"],
  summary: "A job's recent runs",
  description: "Newest first, including a run still going.",
  request: {
    params: NameParamSchema,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
  },
  responses: {
    200: jsonResponse(z.array(TaskRunSchema), "The runs", [
      {
        id: 42,
        job: "maintenance",
        trigger: "schedule",
        startedAt: "2026-11-24T03:30:00.000Z",
        finishedAt: "2026-11-24T03:30:02.000Z",
        outcome: "succeeded",
        summary: { probeCachePruned: 3, integrityCheck: "ok" },
        error: null,
        durationMs: 1870,
      },
    ]),
    ...problems(400, 401, 404),
  },
});

const unknownTask = (name: string) => new ApiError(404, `no task named "${name}"`);

export const tasksRouter = createRouter<TasksRouteDeps>()
  .openapi(listTasks, (c) => c.json(schedulerOf(c).list().map(toTask), 200))
  .openapi(runTask, (c) => {
    const { name } = c.req.valid("param");
    const result = schedulerOf(c).runNow(name);
    if (result.ok) return c.json({ runId: result.runId }, 202);
    if (result.reason === "unknown") throw unknownTask(name);
    throw new ApiError(409, `task "${name}" is already running`);
  })
  .openapi(cancelTask, (c) => {
    const { name } = c.req.valid("param");
    const result = schedulerOf(c).cancel(name);
    if (result.ok) return c.json({ runId: result.runId }, 202);
    if (result.reason === "unknown") throw unknownTask(name);
    throw new ApiError(409, `task "${name}" is not running`);
  })
  .openapi(taskHistory, (c) => {
    const { name } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const scheduler = schedulerOf(c);
    if (!scheduler.has(name)) throw unknownTask(name);
    return c.json(scheduler.history(name, limit), 200);
  });
