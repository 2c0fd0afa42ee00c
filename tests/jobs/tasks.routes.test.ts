import { describe, expect, test } from "bun:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../src/app.ts";
import { ApiError, problemResponse } from "../../src/http/problem.ts";
import { createScheduler } from "../../src/jobs/scheduler.ts";
import { tasksRouter } from "../../src/jobs/tasks.routes.ts";
import { jsonOf, testRuntime } from "../support/runtime.ts";

function setup() {
  const runtime = testRuntime();
  const { db, clock, log, events } = runtime.deps;
  const scheduler = createScheduler({ db, clock, log, events, timezone: "UTC" });
  let release: () => void = () => {};
  scheduler.register({
    name: "wanted-scan",
    description: "Finds files without subtitles",
    schedule: "0 */6 * * *",
    run: () => new Promise((resolve) => (release = () => resolve({ summary: { added: 1 } }))),
  });
  const deps = { ...runtime.deps, scheduler };
  const app = new OpenAPIHono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.onError((err, c) =>
    err instanceof ApiError
      ? problemResponse(c, err.status as ContentfulStatusCode, err.detail, err.extra)
      : problemResponse(c, 500, err.message),
  );
  app.route("/api/v1", tasksRouter);
  const openapi = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  const call = (path: string, method = "GET") =>
    app.request(`http://subhound.test/api/v1${path}`, { method });
  return { scheduler, call, openapi, release: () => release() };
}

describe("tasks routes", () => {
  test("every operation is in the spec with an operationId", () => {
    const { openapi } = setup();
    const ids = Object.values(openapi.paths ?? {}).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
    );
    expect(ids.sort()).toEqual(["cancelTask", "getTaskHistory", "listTasks", "runTask"]);
  });

  test("GET /tasks lists the jobs with their next run", async () => {
    const { call } = setup();
    const res = await call("/tasks");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      {
        name: "wanted-scan",
        description: "Finds files without subtitles",
        schedule: "0 */6 * * *",
        scheduleText: "On the hour, every 6 hours",
        timezone: "UTC",
        nextRun: "2026-11-24T12:00:00.000Z",
        lastRun: null,
        lastTrigger: null,
        lastOutcome: null,
        lastFinishedAt: null,
        lastDurationMs: null,
        lastError: null,
        running: false,
        currentRun: null,
      },
    ]);
  });

  test("GET /tasks shows the current run with the job's progress, then the last run's duration and error", async () => {
    const { call, scheduler } = setup();
    let fail: (e: Error) => void = () => {};
    scheduler.register({
      name: "maintenance",
      schedule: "30 3 * * *",
      run: () => new Promise((_, reject) => (fail = reject)),
      progress: () => ({ phase: "backup", done: 2, total: 3, current: "subhound.db", extra: true }),
    });
    const { runId } = await jsonOf(call("/tasks/maintenance/run", "POST"));
    const running = (await jsonOf(call("/tasks"))).find((t: { name: string }) => t.name === "maintenance");
    expect(running).toMatchObject({
      scheduleText: "At 03:30",
      running: true,
      currentRun: {
        id: runId,
        trigger: "manual",
        startedAt: "2026-11-24T10:00:00.000Z",
        done: 2,
        total: 3,
        phase: "backup",
        current: "subhound.db",
      },
      progress: { extra: true },
    });

    fail(new Error("disk full"));
    await scheduler.whenIdle();
    const after = (await jsonOf(call("/tasks"))).find((t: { name: string }) => t.name === "maintenance");
    expect(after).toMatchObject({
      running: false,
      currentRun: null,
      lastRun: "2026-11-24T10:00:00.000Z",
      lastFinishedAt: "2026-11-24T10:00:00.000Z",
      lastError: "disk full",
    });
    expect(after.lastDurationMs).toBeGreaterThanOrEqual(0);
  });

  test("a job without a progress report runs with null counts", async () => {
    const { call, scheduler, release } = setup();
    await call("/tasks/wanted-scan/run", "POST");
    const [task] = await jsonOf(call("/tasks"));
    expect(task.currentRun).toMatchObject({ done: null, total: null, phase: null, current: null });
    release();
    await scheduler.whenIdle();
  });

  test("POST /tasks/{name}/run starts once, then 409 while running; unknown is 404", async () => {
    const { call, scheduler, release } = setup();
    const started = await call("/tasks/wanted-scan/run", "POST");
    expect(started.status).toBe(202);
    const { runId } = await jsonOf(started);
    expect(runId).toBeGreaterThan(0);

    const again = await call("/tasks/wanted-scan/run", "POST");
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect(await again.json()).toMatchObject({ status: 409, title: "Conflict" });
    expect((await jsonOf(call("/tasks")))[0]).toMatchObject({ running: true });

    const unknown = await call("/tasks/nope/run", "POST");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: 404, detail: 'no task named "nope"' });

    release();
    await scheduler.whenIdle();
    const history = await call("/tasks/wanted-scan/history?limit=5");
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual([
      expect.objectContaining({ id: runId, trigger: "manual", outcome: "succeeded", summary: { added: 1 } }),
    ]);
  });

  test("POST /tasks/{name}/cancel: 409 when idle, 202 while running, 404 unknown", async () => {
    const { call, scheduler, release } = setup();
    expect((await call("/tasks/wanted-scan/cancel", "POST")).status).toBe(409);
    expect((await call("/tasks/nope/cancel", "POST")).status).toBe(404);
    const { runId } = await jsonOf(call("/tasks/wanted-scan/run", "POST"));
    const cancelled = await call("/tasks/wanted-scan/cancel", "POST");
    expect(cancelled.status).toBe(202);
    expect(await cancelled.json()).toEqual({ runId });
    expect(scheduler.list()[0]!.running).toBe(true);
    release();
    await scheduler.whenIdle();
    expect(scheduler.history("wanted-scan", 1)[0]).toMatchObject({ id: runId, outcome: "cancelled" });
  });

  test("GET /tasks/{name}/history validates limit and names", async () => {
    const { call } = setup();
    expect((await call("/tasks/nope/history")).status).toBe(404);
    const tooMany = await call("/tasks/wanted-scan/history?limit=201");
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ status: 400, errors: [{ path: "limit" }] });
    expect(await jsonOf(call("/tasks/wanted-scan/history"))).toEqual([]);
  });
});
