import { z } from "@hono/zod-openapi";
import { RunStatusSchema } from "../runs/status.ts";
import { SCAN_PHASES, type ScanPhase } from "./scan-phases.ts";

export const ScanRequestSchema = z
  .object({
    full: z
      .boolean()
      .optional()
      .openapi({ description: "true: full scan; false: incremental; absent: follow the cycle" }),
    instance: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: "Only this Sonarr/Radarr instance (or `standalone`)" }),
    seriesId: z.number().int().min(1).optional(),
    movieId: z.number().int().min(1).optional(),
    path: z.string().min(1).optional().openapi({ description: "Only files at or below this local path" }),
    forceRemoval: z.boolean().optional().openapi({
      description:
        "With a full scan: remove every file no longer listed at once, even more than `scan.maxRemovalShare` (a listing that failed or is empty still removes nothing)",
    }),
  })
  .strict()
  .openapi("ScanRequest");

export const ScanStartedSchema = z
  .object({ scanId: z.number().int(), mode: z.enum(["full", "incremental"]) })
  .openapi("ScanStarted");

const PhaseSchema = z.object({
  ms: z.number().openapi({ description: "Milliseconds spent, summed over concurrent work" }),
  count: z.number().int().openapi({ description: "Requests, files inspected/probed/decided, files written" }),
});

export const ScanSummarySchema = z
  .object({
    mode: z.enum(["full", "incremental"]),
    filesSeen: z.number().int(),
    probed: z.number().int().openapi({ description: "Files whose streams were read (not from the cache)" }),
    cacheHits: z.number().int(),
    unreadable: z
      .number()
      .int()
      .openapi({ description: "Files not readable locally (path mapping? unmounted share?)" }),
    undecodableNames: z
      .number()
      .int()
      .openapi({ description: "Video, folder or subtitle names that are not valid UTF-8, skipped" }),
    added: z.number().int().openapi({ description: "New items still missing a subtitle" }),
    resolved: z.number().int(),
    reopened: z.number().int().openapi({ description: "Resolved items whose subtitle disappeared" }),
    removed: z.number().int(),
    heldBack: z.number().int().openapi({
      description: "Files no longer listed whose removal waits for the next full scan to agree",
    }),
    unchangedSeries: z.number().int().openapi({
      description:
        "Sonarr series trusted as unchanged from the stamp an earlier scan left (incremental scans): none of their episodes was looked at; their files count in filesSeen",
    }),
    errors: z.record(z.string(), z.string()).openapi({
      description: "Per instance: a listing that failed or was not trusted; nothing of it was removed",
    }),
    warnings: z.record(z.string(), z.string()).openapi({
      description: "Per instance: removals held back, names skipped",
    }),
    durationMs: z.number().int(),
    phases: z
      .object(
        Object.fromEntries(SCAN_PHASES.map((p) => [p, PhaseSchema])) as Record<ScanPhase, typeof PhaseSchema>,
      )
      .openapi({
        description:
          "Where the time went: list (arr requests), inspect (sidecars and streams per file, probe included), probe (stream reads), decide, store (database reads and writes; count = files written). Milliseconds summed over concurrent work, so a phase can exceed durationMs",
      }),
  })
  .openapi("ScanSummary");

export const ScanProgressSchema = z
  .object({
    scanId: z.number().int(),
    mode: z.enum(["full", "incremental"]),
    trigger: z.enum(["api", "cli", "schedule", "webhook"]),
    scope: z.object({
      instance: z.string().optional(),
      seriesId: z.number().int().optional(),
      movieId: z.number().int().optional(),
      path: z.string().optional(),
    }),
    status: RunStatusSchema,
    phase: z.string().openapi({ example: "scanning sonarr:main" }),
    done: z.number().int().openapi({ description: "Files inspected so far in this instance" }),
    total: z.number().int().openapi({
      description:
        "Files this instance is expected to hold: from the listing (Sonarr's file statistics until a series is listed)",
    }),
    current: z.string().nullable().openapi({ description: "The series, movie or folder being scanned" }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    summary: ScanSummarySchema.nullable(),
    errors: z.record(z.string(), z.string()),
    changed: z.number().int().openapi({
      description:
        "Wanted items this scan has added, resolved, reopened or removed so far (written to the database). While it runs, a change means the wanted list changed",
      example: 120,
    }),
  })
  .openapi("ScanProgress");
