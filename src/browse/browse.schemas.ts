import { z } from "@hono/zod-openapi";
import { pageOf, pageQuery } from "../http/paging.ts";
import { ProfileOriginSchema } from "../profiles/origin-schema.ts";
import { WANTED_STATUSES } from "../wanted/store/index.ts";
import { ExistingSubtitlesSchema } from "../wanted/wanted.schemas.ts";

const missing = z.stringbool().optional().openapi({
  description: "true: only series/movies with at least one subtitle still wanted",
  example: "true",
});
const q = z.string().min(1).optional().openapi({ description: "Substring of the title", example: "break" });
const order = z.enum(["asc", "desc"]).optional().openapi({
  description: "Default: ascending for title and year, descending for counts and the date added",
});

export const SeriesListQuerySchema = z.object({
  ...pageQuery,
  instance: z.string().min(1).optional(),
  q,
  missing,
  sort: z.enum(["title", "wanted", "files"]).default("title"),
  order,
});

export const MovieListQuerySchema = z.object({
  ...pageQuery,
  instance: z.string().min(1).optional(),
  q,
  missing,
  sort: z.enum(["title", "year", "added", "wanted"]).default("title"),
  order,
});

const counts = {
  wanted: z
    .number()
    .int()
    .openapi({ description: "Subtitles still missing (wanted, searching, not found, failed)" }),
  have: z.number().int().openapi({ description: "Wanted subtitles that exist (resolved or found)" }),
  ignored: z.number().int(),
};

const seriesFields = {
  source: z.enum(["sonarr", "standalone"]).openapi({
    description:
      "`sonarr`: a Sonarr series. `standalone`: episode files of standalone folders with the same instance and title (parsed from the file names)",
  }),
  key: z.string().openapi({
    description:
      "The show in detail URLs: the series id for Sonarr (GET /library/series/{instance}/{key}), the title as base64url for standalone shows (GET /library/shows/standalone/{key}; their instance is always `standalone`)",
    example: "1",
  }),
  instance: z.string(),
  seriesId: z
    .number()
    .int()
    .nullable()
    .openapi({ description: "Sonarr's series id; null for standalone shows" }),
  title: z.string(),
  year: z.number().int().nullable(),
  tvdbId: z.number().int().nullable(),
  imdbId: z.string().nullable(),
  seasons: z.number().int(),
  episodes: z.number().int().openapi({ description: "Episodes with a file" }),
  files: z.number().int(),
  ...counts,
  overrideId: z.number().int().nullable().openapi({
    description:
      "Its profile override (GET /profiles/overrides/{id}); null: none of its own. Always null for standalone shows: overrides are per Sonarr series",
  }),
  profile: ProfileOriginSchema.openapi({
    description:
      "The profile it follows: its own `profileName` (item), the one its first Sonarr tag in `profileTags` picks (tag), or the default; standalone shows follow the default",
  }),
};

export const SeriesSummarySchema = z.object(seriesFields).openapi("LibrarySeries");

export const SidecarOnDiskSchema = z
  .object({
    fileName: z.string(),
    path: z.string(),
    language: z.string().nullable(),
    forced: z.boolean(),
    hearingImpaired: z.boolean(),
    format: z.string(),
    textBased: z.boolean(),
    ownedBySubhound: z.boolean().openapi({
      description:
        "Subhound wrote it and it is unchanged since (in lists: same size as recorded; in a file's detail and on delete: same SHA-256). Anything else is the user's file and is never deleted or overwritten.",
    }),
  })
  .openapi("SidecarOnDisk");

export const LibraryItemSchema = z
  .object({
    id: z.number().int(),
    language: z.string(),
    variant: z.enum(["full", "forced"]),
    status: z.enum(WANTED_STATUSES),
    satisfiedBy: z.string().nullable(),
  })
  .openapi("LibraryItem");

export const LibraryFileSchema = z
  .object({
    id: z.number().int().openapi({ description: "Media file id" }),
    title: z.string(),
    season: z.number().int().nullable(),
    episodes: z.array(z.number().int()),
    path: z.string(),
    relativePath: z.string().nullable(),
    size: z.number().int(),
    sceneName: z.string().nullable(),
    missingSince: z.string().nullable(),
    inspectedAt: z.string().nullable(),
    sidecars: z
      .array(SidecarOnDiskSchema)
      .openapi({ description: "Subtitle files beside the video, read now" }),
    folderUnreadable: z.string().nullable().openapi({
      description:
        "Why the video's folder was not read now: the filesystem holding it did not answer in time (a network share that is down?); `sidecars` is then empty. Null when it was read",
    }),
    streams: ExistingSubtitlesSchema.shape.streams.openapi({
      description: "Subtitle streams inside the container, from the last probe",
    }),
    items: z
      .array(LibraryItemSchema)
      .openapi({ description: "Its wanted items: one per wanted language × variant" }),
  })
  .openapi("LibraryFile");

export const SeriesPageSchema = pageOf(SeriesSummarySchema).openapi("LibrarySeriesPage");

const { seasons: _count, ...seriesWithoutSeasonCount } = seriesFields;

export const SeriesDetailSchema = z
  .object({
    ...seriesWithoutSeasonCount,
    seasons: z.array(
      z.object({
        season: z.number().int().nullable(),
        files: z.array(LibraryFileSchema),
        ...counts,
      }),
    ),
  })
  .openapi("LibrarySeriesDetail");

export const MovieSchema = z
  .object({
    instance: z.string(),
    source: z.enum(["radarr", "standalone"]),
    movieId: z.number().int().nullable(),
    year: z.number().int().nullable(),
    imdbId: z.string().nullable(),
    ...counts,
    overrideId: z.number().int().nullable(),
    profile: ProfileOriginSchema.openapi({
      description:
        "The profile it follows: its own `profileName` (item), the one its first Radarr tag in `profileTags` picks (tag), or the default; standalone files follow the default",
    }),
    file: LibraryFileSchema,
  })
  .openapi("LibraryMovie");

export const MoviePageSchema = pageOf(MovieSchema).openapi("LibraryMoviePage");

export const SeriesParamsSchema = z.object({
  instance: z
    .string()
    .min(1)
    .openapi({ param: { name: "instance", in: "path" }, example: "main" }),
  seriesId: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "seriesId", in: "path" }, example: 1 }),
});

export const StandaloneShowParamsSchema = z.object({
  key: z
    .string()
    .min(1)
    .openapi({
      param: { name: "key", in: "path" },
      description: "The show's `key` from GET /library/series: its title as base64url",
      example: "VGhlIE9mZmljZQ",
    }),
});

export const DeleteSubtitleQuerySchema = z.object({
  path: z.string().min(1).openapi({
    description: "The sidecar's `path` as the file's detail lists it",
    example: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01.de.srt",
  }),
});

export const UploadResultSchema = z
  .object({
    path: z.string(),
    language: z.string(),
    variant: z.enum(["full", "forced"]),
    hearingImpaired: z.boolean(),
    format: z.string(),
    encoding: z.string().openapi({ description: "What the upload was decoded from (saved as UTF-8)" }),
    historyId: z.number().int(),
    wantedItemId: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The item the upload satisfied (now `found`); null when no item wants it" }),
    replaced: z.boolean().openapi({
      description:
        "A subtitle Subhound saved earlier under that name (a download) was replaced by the upload; a file of yours never is (409)",
    }),
  })
  .openapi("UploadResult");

export const ExtractRequestSchema = z
  .object({
    streamIndex: z
      .number()
      .int()
      .min(0)
      .openapi({ description: "The stream's index in the container, as the file's `streams` list it" }),
    language: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: "en, de, pt-BR or a name; default: the stream's language tag", example: "de" }),
    forced: z.boolean().optional().openapi({ description: "Default: the stream's forced flag" }),
    hearingImpaired: z
      .boolean()
      .optional()
      .openapi({ description: "Default: the stream's hearing-impaired flag" }),
    replace: z.boolean().optional().openapi({
      description:
        "Replace a subtitle Subhound saved earlier under the same name (another track of this language, a download). Default false: the extraction is refused (409) and that subtitle stays. A file of yours is never replaced.",
    }),
  })
  .openapi("ExtractRequest");

export const ExtractResultSchema = z
  .object({
    path: z.string(),
    streamIndex: z.number().int(),
    codec: z.string().openapi({ description: "The stream's codec (subrip, ass, ssa, webvtt, mov_text)" }),
    language: z.string(),
    variant: z.enum(["full", "forced"]),
    hearingImpaired: z.boolean(),
    format: z.string().openapi({ description: "srt, ass or ssa (ASS and SSA keep their styling)" }),
    historyId: z.number().int(),
    wantedItemId: z.number().int().nullable().openapi({
      description:
        "The item the sidecar satisfied (now `found`); null when no item wants it or the profile already counted the stream",
    }),
    replaced: z.boolean().openapi({
      description:
        "A subtitle Subhound saved earlier at `path` was replaced (asked with `replace: true`, or it held this same text)",
    }),
  })
  .openapi("ExtractResult");

export const DeleteResultSchema = z
  .object({
    path: z.string(),
    historyId: z.number().int(),
    reopened: z
      .array(z.number().int())
      .openapi({ description: "Items wanted again because this subtitle was what satisfied them" }),
  })
  .openapi("DeleteSubtitleResult");
