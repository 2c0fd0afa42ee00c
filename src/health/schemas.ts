import { z } from "@hono/zod-openapi";
import { RunStatusSchema } from "../runs/status.ts";
import { SUBSYSTEMS } from "./subsystems.ts";

const base = {
  healthy: z.boolean().openapi({ example: true }),
  message: z.string().openapi({ example: "the database answers" }),
};

const FallbackStatsSchema = z.object({
  count: z.number().int(),
  failures: z.number().int(),
  meanMs: z.number().int().nullable(),
});

const nameStatus = z.object({ name: z.string(), healthy: z.boolean(), message: z.string() });

const DiskPathSchema = z
  .object({
    path: z.string().openapi({ example: "/var/lib/subhound" }),
    ...base,
    freeBytes: z.number().int().nullable().openapi({ example: 52_428_800_000 }),
    totalBytes: z.number().int().nullable().openapi({ example: 250_000_000_000 }),
    freePercent: z.number().nullable().openapi({ example: 21 }),
  })
  .openapi("HealthDiskPath");

const ArrListingSchema = z.object({
  error: z.string().nullable().openapi({
    description:
      "Why the latest scan's listing failed or was not trusted (nothing was removed); null when it succeeded",
  }),
  failedAt: z.string().nullable(),
  heldBack: z.number().int().openapi({
    description:
      "Files no longer listed whose removal waits for the next full scan to agree (or were kept for their ignore/history state)",
  }),
  heldSince: z.string().nullable(),
});

const ArrInstanceSchema = z.object({
  instance: z.string().openapi({ example: "sonarr" }),
  healthy: z.boolean(),
  message: z.string(),
  version: z.string().nullable().openapi({ example: "4.0.14.2939" }),
  listing: ArrListingSchema,
});

export const HealthSubsystemsSchema = z
  .object({
    database: z.object({
      ...base,
      sizeBytes: z.number().int().openapi({ description: "Main file plus WAL", example: 401_408 }),
      journalMode: z.string().openapi({ example: "wal" }),
      schemaVersion: z.string().openapi({ example: "0000_init" }),
      lastIntegrityCheck: z
        .string()
        .nullable()
        .openapi({ description: "When maintenance last ran PRAGMA integrity_check; null until it has" }),
    }),
    ollama: z.object(base),
    providers: z.object({ ...base, providers: z.array(nameStatus) }),
    disk_config: DiskPathSchema,
    disk_media: z.object({ ...base, paths: z.array(DiskPathSchema) }),
    memory: z.object({
      ...base,
      rssBytes: z.number().int(),
      heapUsedBytes: z.number().int(),
      heapTotalBytes: z.number().int(),
    }),
    translation_backends: z.object({
      ...base,
      fallback: FallbackStatsSchema.openapi({ description: "Subtitles translated since start" }),
      backends: z.array(nameStatus.extend({ name: z.enum(["ollama", "openai", "deepl", "libretranslate"]) })),
    }),
    media_servers: z.object({
      ...base,
      instances: z.array(
        z.object({
          type: z.enum(["jellyfin", "emby", "plex"]),
          name: z.string(),
          healthy: z.boolean(),
          message: z.string(),
        }),
      ),
    }),
    whisper_backends: z.object({
      ...base,
      fallback: FallbackStatsSchema.openapi({ description: "Subtitles transcribed since start" }),
      activeBackend: z.enum(["asr-webservice", "openai"]).nullable(),
    }),
    arr_connectivity: z.object({
      ...base,
      sonarr: z.array(ArrInstanceSchema),
      radarr: z.array(ArrInstanceSchema),
    }),
    scheduler: z.object({
      ...base,
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
    }),
  })
  .openapi({ description: "A timed-out or failed check has only `healthy: false` and `message`." });

export const DetailedHealthSchema = z
  .object({
    status: z.enum(["healthy", "degraded"]),
    checkedAt: z.string().openapi({ example: "2026-11-24T10:00:00.000Z" }),
    critical: z
      .array(z.enum(SUBSYSTEMS))
      .openapi({ description: "Subsystems that make the status degraded" }),
    subsystems: HealthSubsystemsSchema,
  })
  .openapi("DetailedHealth");

export const detailedHealthExample = {
  status: "degraded",
  checkedAt: "2026-11-24T10:00:00.000Z",
  critical: [
    "database",
    "disk_config",
    "disk_media",
    "arr_connectivity",
    "translation_backends",
    "media_servers",
    "ollama",
  ],
  subsystems: {
    database: {
      healthy: true,
      message: "the database answers",
      sizeBytes: 401_408,
      journalMode: "wal",
      schemaVersion: "0000_init",
      lastIntegrityCheck: null,
    },
    ollama: { healthy: true, message: "not in the translation chain" },
    providers: {
      healthy: true,
      message: "1 of 1 providers answering",
      providers: [{ name: "opensubtitles", healthy: true, message: "answering" }],
    },
    disk_config: {
      path: "/var/lib/subhound",
      healthy: true,
      message: "21% free",
      freeBytes: 52_428_800_000,
      totalBytes: 250_000_000_000,
      freePercent: 21,
    },
    disk_media: {
      healthy: true,
      message: "no media paths configured (disk.mediaPaths, standalone.roots)",
      paths: [],
    },
    memory: {
      healthy: true,
      message: "84 MiB resident",
      rssBytes: 88_080_384,
      heapUsedBytes: 20_971_520,
      heapTotalBytes: 31_457_280,
    },
    translation_backends: {
      healthy: true,
      message: "translation is off (translation.chain is empty)",
      backends: [],
      fallback: { count: 0, failures: 0, meanMs: null },
    },
    media_servers: { healthy: true, message: "no media servers configured", instances: [] },
    whisper_backends: {
      healthy: true,
      message: "Whisper disabled",
      activeBackend: null,
      fallback: { count: 0, failures: 0, meanMs: null },
    },
    arr_connectivity: {
      healthy: false,
      message: 'radarr "radarr": timed out after 5000 ms',
      sonarr: [
        {
          instance: "sonarr",
          healthy: true,
          message: "Sonarr 4.0.14.2939 answers",
          version: "4.0.14.2939",
          listing: { error: null, failedAt: null, heldBack: 0, heldSince: null },
        },
      ],
      radarr: [
        {
          instance: "radarr",
          healthy: false,
          message: "timed out after 5000 ms",
          version: null,
          listing: { error: null, failedAt: null, heldBack: 0, heldSince: null },
        },
      ],
    },
    scheduler: {
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
  },
} as const;
