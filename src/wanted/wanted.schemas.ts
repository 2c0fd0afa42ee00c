import { z } from "@hono/zod-openapi";
import { pageOf, pageQuery } from "../http/paging.ts";
import { WANTED_STATUSES } from "./store/index.ts";
import { WANTED_REASONS } from "./wanted-reason.ts";

export const WantedStatusSchema = z.enum(WANTED_STATUSES).openapi({
  description:
    "wanted → searching → found | not_found (retried after `retryAfter`) | failed; `ignored` is set by you and sticks; `resolved` = a subtitle exists",
});

export const WantedReasonSchema = z
  .object({
    code: z.enum(WANTED_REASONS).openapi({
      description:
        "no_subtitle: nothing in the language; untagged_only: only subtitles without a language tag; forced_only: only a forced one while the full one is wanted; no_forced: the forced variant is missing; image_based_only: only image-based (PGS/VobSub) embedded streams while the profile takes text; embedded_refused: embedded streams while the profile takes none; hi_excluded: only hearing-impaired ones while the profile excludes HI; rescan_pending: a subtitle counts now, the next scan resolves the item; satisfied: a subtitle exists; upgrade_available: satisfied by an unstyled subtitle while the profile prefers ASS; not_monitored, special_skipped, audio_rule, cutoff: the profile no longer wants it (unmonitored in the arr with monitoredOnly, a special with skipSpecials, an audio rule, the profile's cutoff met by another language), the next scan removes the item",
    }),
    text: z
      .string()
      .openapi({ example: "No German subtitle: no sidecar file and no embedded stream in German." }),
  })
  .openapi("WantedReason", {
    description: "Why the item is wanted, from what the last scan found and the item's profile",
  });

export const WantedItemSchema = z
  .object({
    id: z.number().int(),
    status: WantedStatusSchema,
    language: z.string().openapi({ example: "de" }),
    languageName: z.string().openapi({ example: "German", description: "English name of `language`" }),
    variant: z.enum(["full", "forced"]),
    kind: z.enum(["episode", "movie"]),
    instance: z.string().openapi({ example: "main" }),
    title: z.string().openapi({ example: "Breaking Bad" }),
    season: z.number().int().nullable(),
    episodes: z.array(z.number().int()),
    year: z.number().int().nullable(),
    seriesId: z.number().int().nullable(),
    movieId: z.number().int().nullable(),
    path: z.string(),
    satisfiedBy: z
      .string()
      .nullable()
      .openapi({ description: "What satisfies it: sidecar:<file> or embedded:<index>:<codec>" }),
    upgradeCandidate: z.boolean().openapi({ description: "Satisfied by an SRT while the profile wants ASS" }),
    reason: WantedReasonSchema,
    attempts: z.number().int().openapi({ description: "Automatic searches spent on it" }),
    maxAttempts: z.number().int().openapi({
      description:
        "`search.maxAttempts`: searches at the backoff pace; after that many, the item is searched every `search.afterAttemptsEveryDays` (attempts go on counting), or, when that is 0, only by hand",
    }),
    lastSearchedAt: z.string().nullable(),
    retryAfter: z.string().nullable().openapi({ description: "End of the backoff after the last miss" }),
    autoSearch: z.enum(["due", "waiting", "exhausted", "off"]).openapi({
      description:
        "due: the next scheduled search may take it; waiting: in backoff until `nextRetryAt` (out of attempts: the wait of `search.afterAttemptsEveryDays`); exhausted: out of attempts and no longer searched automatically (`search.afterAttemptsEveryDays` = 0); off: not searched automatically (ignored, resolved, found, failed or searching now)",
    }),
    nextRetryAt: z.string().nullable().openapi({
      description:
        "When the scheduled search may take it next: the search job's next run when due, the end of the backoff when waiting, else null",
    }),
    lastError: z
      .string()
      .nullable()
      .openapi({ description: "What the last search reported (provider errors, no match)" }),
    addedAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
    translate: z
      .boolean()
      .nullable()
      .openapi({ description: "Per-item translation switch; null follows the profile" }),
    whisper: z
      .boolean()
      .nullable()
      .openapi({ description: "Per-item Whisper switch; null follows the profile" }),
    machine: z.enum(["translated", "transcribed"]).nullable().openapi({
      description: "The last subtitle Subhound saved for it was machine-translated or machine-transcribed",
    }),
    fileMissingSince: z.string().nullable().openapi({
      description:
        "Set while full scans no longer list the file: its removal waits for a second scan to agree, or the item is kept for its ignore flag, per-item switches or history until the file returns. Not searched meanwhile.",
    }),
  })
  .openapi("WantedItem");
export type WantedItemView = z.infer<typeof WantedItemSchema>;

export const ExistingSubtitlesSchema = z
  .object({
    streams: z.array(
      z.object({
        index: z.number().int(),
        codec: z.string(),
        language: z.string().nullable(),
        languageIetf: z.string().nullable(),
        title: z.string().nullable(),
        forced: z.boolean(),
        hearingImpaired: z.boolean(),
        default: z.boolean(),
        textBased: z.boolean(),
      }),
    ),
    sidecars: z.array(
      z.object({
        fileName: z.string(),
        language: z.string().nullable(),
        forced: z.boolean(),
        hearingImpaired: z.boolean(),
        format: z.string(),
      }),
    ),
  })
  .openapi("ExistingSubtitles");

export const WantedItemDetailSchema = WantedItemSchema.extend({
  file: z.object({
    source: z.enum(["sonarr", "radarr", "standalone"]),
    arrFileId: z.number().int().nullable(),
    arrPath: z.string(),
    relativePath: z.string().nullable(),
    size: z.number().int(),
    sceneName: z.string().nullable(),
    releaseGroup: z.string().nullable(),
    dateAdded: z.string().nullable(),
    inspectedAt: z.string().nullable(),
    subtitles: ExistingSubtitlesSchema,
  }),
}).openapi("WantedItemDetail");

const sortKeys = ["added", "title", "status", "language", "lastSearched", "retryAfter"] as const;

export const WantedListQuerySchema = z.object({
  ...pageQuery,
  status: z.string().optional().openapi({
    description:
      "Comma-separated statuses, or `all`. Default: every status except `resolved` (what is still missing or in work).",
    example: "wanted,not_found",
  }),
  kind: z.enum(["episode", "movie"]).optional(),
  instance: z.string().optional(),
  language: z.string().optional().openapi({ example: "de" }),
  variant: z.enum(["full", "forced"]).optional(),
  seriesId: z.coerce.number().int().optional(),
  movieId: z.coerce.number().int().optional(),
  title: z.string().min(1).optional().openapi({
    description: "Exact series or movie title (with `instance`, what `seriesId` does for one instance)",
    example: "Breaking Bad",
  }),
  q: z.string().min(1).optional().openapi({
    description: "Search: every word must start a word of the title or path (e.g. `break ba s01e02`)",
  }),
  sort: z.enum(sortKeys).default("added"),
  order: z.enum(["asc", "desc"]).optional().openapi({
    description:
      "Default: ascending for title, status, language and retryAfter; descending (newest first) for added and lastSearched",
  }),
});
export type WantedListQuery = z.infer<typeof WantedListQuerySchema>;

export const WantedPageSchema = pageOf(WantedItemSchema).openapi("WantedPage");

export const WantedSummarySchema = z
  .object({
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    wantedByLanguageVariant: z
      .array(z.object({ language: z.string(), variant: z.string(), count: z.number().int() }))
      .openapi({
        description:
          "Items still missing their subtitle (wanted, searching, not_found, failed), per language and variant (full, forced), most first",
      }),
    byKind: z.record(z.string(), z.number().int()),
    byInstance: z
      .record(z.string(), z.number().int())
      .openapi({ description: "Items per library instance (the names in the config)" }),
    byLanguage: z.record(z.string(), z.number().int()),
    byLanguageStatus: z.record(z.string(), z.record(z.string(), z.number().int())).openapi({
      description:
        "Items per language, then per status: what a list filtered by language and status holds (the list without `status` leaves `resolved` out)",
    }),
    byInstanceStatus: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .openapi({ description: "Items per instance, then per status" }),
    byExisting: z
      .record(z.string(), z.number().int())
      .openapi({ description: "none / sidecar / embedded: what satisfies each item" }),
    upgradeCandidates: z.number().int(),
    fallbacks: z
      .object({
        translated: z.number().int(),
        translationFailures: z.number().int(),
        translationMeanMs: z.number().int().nullable(),
        transcribed: z.number().int(),
        transcriptionFailures: z.number().int(),
        transcriptionMeanMs: z.number().int().nullable(),
      })
      .openapi({ description: "What the translation and Whisper fallbacks did since the server started" }),
  })
  .openapi("WantedSummary");

export const IdParamSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "id", in: "path" }, example: 42 }),
});

export const WantedPatchSchema = z
  .object({
    ignored: z
      .boolean()
      .optional()
      .openapi({ description: "true ignores the item; false returns it to the list" }),
    translate: z.boolean().nullable().optional().openapi({
      description: "Translate when no subtitle exists in the language (null: follow the profile)",
    }),
    whisper: z
      .boolean()
      .nullable()
      .optional()
      .openapi({ description: "Transcribe when nothing is found (null: follow the profile)" }),
  })
  .refine(
    (p) => p.ignored !== undefined || p.translate !== undefined || p.whisper !== undefined,
    "set at least one field",
  )
  .openapi("WantedPatch");

export const BULK_ACTIONS = ["search", "ignore", "unignore"] as const;

export const WantedBulkSchema = z
  .object({
    ids: z.array(z.number().int().min(1)).min(1).max(5000),
    action: z.enum(BULK_ACTIONS).openapi({
      description:
        "search: one search run over these items (as POST /wanted/search with ids); ignore / unignore: as PATCH /wanted/{id} with `ignored`",
    }),
  })
  .strict()
  .openapi("WantedBulkRequest");

export const WantedBulkResultSchema = z
  .object({
    action: z.enum(BULK_ACTIONS),
    requested: z.number().int(),
    changed: z.number().int().openapi({
      description: "Items ignored, un-ignored, or taken into the search run",
    }),
    unchanged: z.number().int().openapi({
      description:
        "Items that exist but were left as they were: already (un)ignored, or not searchable now (ignored, resolved, or being searched)",
    }),
    missing: z.array(z.number().int()).openapi({ description: "Ids that name no item" }),
    runId: z.number().int().nullable().openapi({ description: "The search run started (action search)" }),
  })
  .openapi("WantedBulkResult");
