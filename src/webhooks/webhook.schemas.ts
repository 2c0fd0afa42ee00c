import { z } from "@hono/zod-openapi";

// Sonarr and Radarr omit nulls and add fields between versions: every field but `eventType` is
// optional, nulls are tolerated, and unknown fields pass through (external-apis.md §3).

const id = z.number().int().nullish();
const text = z.string().nullish();

export const ArrWebhookFileSchema = z
  .looseObject({
    id,
    relativePath: text,
    path: text,
    size: z.number().nullish(),
    quality: text,
    sceneName: text,
    releaseGroup: text,
  })
  .openapi("ArrWebhookFile");
export type ArrWebhookFile = z.infer<typeof ArrWebhookFileSchema>;

const renamedFile = ArrWebhookFileSchema.extend({ previousRelativePath: text, previousPath: text });

const common = {
  eventType: z.string().min(1).openapi({
    description:
      "PascalCase: Test, Grab, Download, Rename, SeriesDelete/MovieDelete, EpisodeFileDelete/MovieFileDelete, Health, …",
  }),
  instanceName: z
    .string()
    .nullish()
    .openapi({ description: "Matched case-insensitively against the configured instance names" }),
  applicationUrl: text,
  isUpgrade: z.boolean().nullish(),
  /** A file list on Download upgrades; a boolean on SeriesDelete/MovieDelete. */
  deletedFiles: z.union([z.array(ArrWebhookFileSchema), z.boolean()]).nullish(),
  deleteReason: text,
};

const sonarrExample = {
  series: {
    id: 1,
    title: "Breaking Bad",
    path: "/tv/Breaking Bad",
    tvdbId: 81189,
    type: "standard",
    year: 2008,
  },
  episodes: [{ id: 101, episodeNumber: 1, seasonNumber: 1, title: "Pilot", seriesId: 1 }],
  episodeFile: {
    id: 556,
    relativePath: "Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
    path: "/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
    quality: "Bluray-1080p",
    size: 2147483648,
  },
  isUpgrade: false,
  eventType: "Download",
  instanceName: "Sonarr",
};

export const SonarrWebhookSchema = z
  .looseObject({
    ...common,
    series: z.looseObject({ id, title: text, path: text }).nullish(),
    episodes: z.array(z.looseObject({ id, seasonNumber: id, episodeNumber: id })).nullish(),
    episodeFile: ArrWebhookFileSchema.nullish(),
    episodeFiles: z
      .array(ArrWebhookFileSchema)
      .nullish()
      .openapi({ description: "On Import Complete (Sonarr v4.0.6+): every file of the release" }),
    renamedEpisodeFiles: z.array(renamedFile).nullish(),
  })
  .openapi("SonarrWebhook", { example: sonarrExample });
export type SonarrWebhook = z.infer<typeof SonarrWebhookSchema>;

const radarrExample = {
  movie: { id: 7, title: "The Matrix", year: 1999, folderPath: "/movies/The Matrix (1999)", tmdbId: 603 },
  movieFile: {
    id: 43,
    relativePath: "The Matrix (1999) Bluray-1080p.mkv",
    path: "/movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv",
    quality: "Bluray-1080p",
    size: 8589934592,
  },
  isUpgrade: false,
  eventType: "Download",
  instanceName: "Radarr",
};

export const RadarrWebhookSchema = z
  .looseObject({
    ...common,
    movie: z
      .looseObject({
        id,
        title: text,
        folderPath: text.openapi({ description: "Radarr's webhook names the movie folder folderPath" }),
        path: text,
      })
      .nullish(),
    movieFile: ArrWebhookFileSchema.nullish(),
    renamedMovieFiles: z.array(renamedFile).nullish(),
  })
  .openapi("RadarrWebhook", { example: radarrExample });
export type RadarrWebhook = z.infer<typeof RadarrWebhookSchema>;

export const WEBHOOK_ACTIONS = [
  "import",
  "rename",
  "delete-files",
  "delete-media",
  "test",
  "ignore",
] as const;
export type WebhookAction = (typeof WEBHOOK_ACTIONS)[number];

export const WebhookAcceptedSchema = z
  .object({
    accepted: z.literal(true),
    eventType: z.string().openapi({ example: "Download" }),
    action: z.enum(WEBHOOK_ACTIONS).openapi({
      description:
        "What runs in the background: import → scoped scan then search; rename → scoped scan; delete-files / delete-media → those rows removed; test / ignore → a log line",
      example: "import",
    }),
    instance: z
      .string()
      .nullable()
      .openapi({ description: "The configured instance the event was attributed to", example: "main" }),
  })
  .openapi("WebhookAccepted");
export type WebhookAccepted = z.infer<typeof WebhookAcceptedSchema>;
