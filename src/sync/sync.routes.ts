import { createRoute, z } from "@hono/zod-openapi";
import type { DbHandle } from "../db/client.ts";
import { jsonResponse } from "../http/json-response.ts";
import { pageOf, pageQuery } from "../http/paging.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { RunStatusSchema } from "../runs/status.ts";
import { IdParamSchema } from "../wanted/wanted.schemas.ts";
import type { SyncService } from "./sync-service.ts";
import { getSync, listSyncs, type SyncRecord } from "./sync-store.ts";

export interface SyncRouteDeps {
  db: DbHandle;
  sync: SyncService;
}

const syncExample: SyncRecord = {
  id: 7,
  historyId: 51,
  path: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
  method: "audio",
  reference: { kind: "audio" },
  status: "succeeded",
  phase: null,
  outcome: "synced",
  reason: "moved by up to 2513 ms (audio)",
  offsetMs: -2480,
  ratio: 1,
  ratioLabel: "1",
  confidence: 0.412,
  originalSha256: "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
  resultHistoryId: 52,
  restoredHistoryId: null,
  startedAt: "2026-11-24T07:05:00.000Z",
  finishedAt: "2026-11-24T07:05:06.000Z",
  restoredAt: null,
};

const ReferenceSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("audio"),
      audioStream: z
        .number()
        .int()
        .min(0)
        .max(99)
        .optional()
        .openapi({ description: "Nth audio stream, default 0" }),
    }),
    z.object({
      kind: z.literal("embedded"),
      streamIndex: z
        .number()
        .int()
        .min(0)
        .max(99)
        .openapi({ description: "Nth subtitle stream of the video (a text one)" }),
    }),
    z.object({
      kind: z.literal("sidecar"),
      path: z
        .string()
        .min(1)
        .openapi({ description: "Another SRT/VTT/ASS/SSA subtitle of the same video, next to it" }),
    }),
  ])
  .openapi("SyncReference");

const SyncSchema = z
  .object({
    id: z.number().int(),
    historyId: z.number().int().openapi({ description: "The history entry whose file was synced" }),
    path: z.string(),
    method: z.enum(["audio", "reference", "fixes"]),
    reference: z.record(z.string(), z.unknown()).openapi({ description: "What it was aligned to, as asked" }),
    status: RunStatusSchema,
    phase: z.string().nullable().openapi({
      description: "While running: queued, reading-reference, aligning, saving",
      example: "aligning",
    }),
    outcome: z.enum(["synced", "fixed", "unchanged"]).nullable().openapi({
      description:
        "synced: the file was retimed and rewritten; fixed: fixes applied and rewritten (method `fixes`); unchanged: left as it was (`reason` says why). Null while running or when it failed",
    }),
    reason: z.string().nullable(),
    offsetMs: z.number().nullable().openapi({ description: "New time = old time × ratio + offsetMs" }),
    ratio: z.number().nullable(),
    ratioLabel: z
      .string()
      .nullable()
      .openapi({ description: "The framerate conversion, e.g. 25/23.976, or 1" }),
    confidence: z.number().nullable().openapi({
      description:
        "How far the best match beats the best one more than a second away (share of the subtitle's length)",
    }),
    originalSha256: z.string().nullable().openapi({ description: "The replaced bytes, kept for restore" }),
    resultHistoryId: z.number().int().nullable(),
    restoredHistoryId: z.number().int().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    restoredAt: z.string().nullable(),
  })
  .openapi("SubtitleSync");

const startSync = createRoute({
  method: "post",
  path: "/subtitles/sync",
  operationId: "startSubtitleSync",
  tags: ["Sync"],
  summary: "Fit a saved subtitle to its video",
  description:
    "Aligns a subtitle Subhound saved (by history entry) to the video's speech, an embedded text stream or another subtitle of the same video: offset and framerate ratio by FFT cross-correlation. Runs in the background (poll GET /subtitles/sync/{id}); the file is rewritten atomically only when the match is confident and better than the file as it is, and only while it is still exactly what Subhound wrote. The replaced bytes are kept for restore.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              historyId: z.number().int().min(1),
              reference: ReferenceSchema.default({ kind: "audio" }),
            })
            .openapi("SubtitleSyncInput"),
          example: { historyId: 51, reference: { kind: "audio" } },
        },
      },
    },
  },
  responses: {
    202: jsonResponse(SyncSchema, "Queued; poll its record", {
      ...syncExample,
      status: "running",
      phase: "queued",
      outcome: null,
      reason: null,
      offsetMs: null,
      ratio: null,
      ratioLabel: null,
      confidence: null,
      originalSha256: null,
      resultHistoryId: null,
      finishedAt: null,
    }),
    ...problems(400, 401, 404, 409, 415),
  },
});

const getSyncRoute = createRoute({
  method: "get",
  path: "/subtitles/sync/{id}",
  operationId: "getSubtitleSync",
  tags: ["Sync"],
  summary: "One sync: progress, outcome, offset, ratio, confidence",
  request: { params: IdParamSchema },
  responses: { 200: jsonResponse(SyncSchema, "The sync", syncExample), ...problems(400, 401, 404) },
});

const listSyncRoute = createRoute({
  method: "get",
  path: "/subtitles/sync",
  operationId: "listSubtitleSyncs",
  tags: ["Sync"],
  summary: "Syncs, newest first",
  request: {
    query: z.object({
      ...pageQuery,
      historyId: z.coerce.number().int().optional(),
      path: z
        .string()
        .min(1)
        .optional()
        .openapi({ description: "Only the syncs of this file (every history entry of it)" }),
    }),
  },
  responses: {
    200: jsonResponse(pageOf(SyncSchema), "A page of syncs", {
      items: [syncExample],
      page: 1,
      pageSize: 50,
      total: 1,
    }),
    ...problems(400, 401),
  },
});

const cancelSyncRoute = createRoute({
  method: "delete",
  path: "/subtitles/sync/{id}",
  operationId: "cancelSubtitleSync",
  tags: ["Sync"],
  summary: "Stop a queued or running sync (the file stays as it was)",
  request: { params: IdParamSchema },
  responses: { 202: { description: "Stopping" }, ...problems(400, 401, 404, 409) },
});

const fixRoute = createRoute({
  method: "post",
  path: "/subtitles/fix",
  operationId: "fixSubtitle",
  tags: ["Sync"],
  summary: "Apply subtitle fixes to a saved subtitle now",
  description:
    "Hearing-impaired annotations, formatting tags and common OCR errors removed (SRT and WebVTT cue text, ASS Text fields; a cue left empty goes), a shift and a framerate conversion (every format), applied to the UTF-8 text only while the file is still Subhound's. Recorded as a sync with method `fixes`; the original is kept and `POST /subtitles/sync/{id}/restore` puts it back.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              historyId: z.number().int().min(1),
              removeHearingImpaired: z.boolean().optional(),
              removeTags: z.boolean().optional(),
              fixOcr: z.boolean().optional(),
              shiftMs: z.number().int().min(-86_400_000).max(86_400_000).optional(),
              framerate: z
                .object({ from: z.number().min(1).max(240), to: z.number().min(1).max(240) })
                .optional()
                .openapi({ description: "The subtitle was timed for `from` fps; the video runs at `to`" }),
            })
            .strict()
            .openapi("SubtitleFixInput"),
          example: { historyId: 51, removeHearingImpaired: true, fixOcr: true, shiftMs: -500 },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(SyncSchema, "Fixed, or unchanged when there was nothing to fix", {
      ...syncExample,
      method: "fixes",
      reference: { removeHearingImpaired: true, fixOcr: true, shiftMs: -500 },
      outcome: "fixed",
      reason: null,
      offsetMs: -500,
      ratio: null,
      ratioLabel: null,
      confidence: null,
    }),
    ...problems(400, 401, 404, 409, 415),
  },
});

const restoreSyncRoute = createRoute({
  method: "post",
  path: "/subtitles/sync/{id}/restore",
  operationId: "restoreSubtitleSync",
  tags: ["Sync"],
  summary: "Put back the subtitle a sync replaced",
  description:
    "Writes the kept original over the synced file, atomically and only while the file there is still Subhound's; recorded in the history as `restored`.",
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(SyncSchema, "Restored", {
      ...syncExample,
      restoredHistoryId: 53,
      restoredAt: "2026-11-24T08:00:00.000Z",
    }),
    ...problems(400, 401, 404, 409),
  },
});

export const syncRouter = createRouter<SyncRouteDeps>()
  .openapi(startSync, async (c) => {
    const { historyId, reference } = c.req.valid("json");
    const started = await c.get("deps").sync.start(historyId, reference);
    if (!started.ok) throw new ApiError(started.status, started.detail);
    started.done.catch(() => undefined);
    return c.json(started.record, 202);
  })
  .openapi(listSyncRoute, (c) => {
    const q = c.req.valid("query");
    const { items, total } = listSyncs(c.get("deps").db.db, q);
    return c.json({ items, page: q.page, pageSize: q.pageSize, total }, 200);
  })
  .openapi(getSyncRoute, (c) => {
    const { id } = c.req.valid("param");
    const record = getSync(c.get("deps").db.db, id);
    if (!record) throw new ApiError(404, `no sync ${id}`);
    return c.json(record, 200);
  })
  .openapi(cancelSyncRoute, (c) => {
    const { id } = c.req.valid("param");
    const { db, sync } = c.get("deps");
    if (!getSync(db.db, id)) throw new ApiError(404, `no sync ${id}`);
    if (!sync.cancel(id)) throw new ApiError(409, `sync ${id} is not running`);
    return c.body(null, 202);
  })
  .openapi(fixRoute, async (c) => {
    const { historyId, ...fixes } = c.req.valid("json");
    const fixed = await c.get("deps").sync.fix(historyId, fixes);
    if (!fixed.ok) throw new ApiError(fixed.status, fixed.detail);
    return c.json(fixed.record, 200);
  })
  .openapi(restoreSyncRoute, async (c) => {
    const restored = await c.get("deps").sync.restore(c.req.valid("param").id);
    if (!restored.ok) throw new ApiError(restored.status, restored.detail);
    return c.json(restored.record, 200);
  });
