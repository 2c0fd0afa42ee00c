import { createRoute, z } from "@hono/zod-openapi";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { ScanProgressSchema, ScanRequestSchema, ScanStartedSchema } from "./scan.schemas.ts";
import type { Scanner } from "./scanner.ts";

export interface ScanRouteDeps {
  scanner: Scanner;
}

const tags = ["Wanted"];

const startScan = createRoute({
  method: "post",
  path: "/wanted/scan",
  operationId: "startScan",
  tags,
  summary: "Start a library scan",
  description:
    "409 while a scan runs, or when no library source is configured. Without `full`, the scan follows the cycle (every `scan.fullEvery`th automatic scan is full). A scan limited to a series, movie or path never removes anything outside it. A full scan that no longer sees more than `scan.maxRemovalShare` of an instance's files keeps them until the next full scan agrees, unless `forceRemoval` is set.",
  request: {
    body: {
      required: false,
      content: { "application/json": { schema: ScanRequestSchema, example: { full: true } } },
    },
  },
  responses: {
    202: jsonResponse(ScanStartedSchema, "The scan started", { scanId: 7, mode: "full" }),
    ...problems(400, 401, 409, 415),
  },
});

const scanStatus = createRoute({
  method: "get",
  path: "/wanted/scan",
  operationId: "getScan",
  tags,
  summary: "The running scan, or else the last one",
  responses: {
    200: jsonResponse(ScanProgressSchema, "Progress or result", {
      scanId: 7,
      mode: "incremental",
      trigger: "schedule",
      scope: {},
      status: "succeeded",
      phase: "succeeded",
      done: 120,
      total: 120,
      current: null,
      startedAt: "2026-11-24T06:00:00.000Z",
      finishedAt: "2026-11-24T06:00:01.204Z",
      summary: {
        mode: "incremental",
        filesSeen: 4812,
        probed: 12,
        cacheHits: 0,
        unreadable: 0,
        undecodableNames: 0,
        added: 9,
        resolved: 3,
        reopened: 0,
        removed: 0,
        heldBack: 0,
        unchangedSeries: 231,
        errors: {},
        warnings: {},
        durationMs: 1204,
        phases: {
          list: { ms: 310, count: 12 },
          inspect: { ms: 402, count: 120 },
          probe: { ms: 55, count: 12 },
          decide: { ms: 9, count: 21 },
          store: { ms: 88, count: 21 },
        },
      },
      errors: {},
      changed: 12,
    }),
    ...problems(401, 404),
  },
});

const cancelScan = createRoute({
  method: "post",
  path: "/wanted/scan/cancel",
  operationId: "cancelScan",
  tags,
  summary: "Cancel the running scan",
  description: "Work already written stays; every series or movie is written whole or not at all.",
  responses: {
    202: jsonResponse(z.object({ scanId: z.number().int() }), "Cancellation requested", { scanId: 7 }),
    ...problems(401, 409),
  },
});

/** Library scans: start, follow, cancel. */
export const scanRouter = createRouter<ScanRouteDeps>()
  .openapi(startScan, (c) => {
    // Without a JSON content type the validator passes {}: every field is optional.
    const { full, forceRemoval, ...scope } = c.req.valid("json") ?? {};
    if (c.get("deps").scanner.sourceCount() === 0)
      throw new ApiError(
        409,
        "no library source is configured: add a Sonarr or Radarr instance or a standalone folder (Settings → Library sources), then scan",
      );
    const started = c.get("deps").scanner.start({
      mode: full === true ? "full" : full === false ? "incremental" : "auto",
      trigger: "api",
      scope,
      forceRemoval,
    });
    if (!started.ok)
      throw new ApiError(409, `scan ${started.runningScanId} is already running`, {
        runningScanId: started.runningScanId,
      });
    return c.json({ scanId: started.scanId, mode: c.get("deps").scanner.status()!.mode }, 202);
  })
  .openapi(scanStatus, (c) => {
    const status = c.get("deps").scanner.status();
    if (!status) throw new ApiError(404, "no scan has run yet");
    return c.json(status, 200);
  })
  .openapi(cancelScan, (c) => {
    const scanId = c.get("deps").scanner.cancel();
    if (scanId === null) throw new ApiError(409, "no scan is running");
    return c.json({ scanId }, 202);
  });
