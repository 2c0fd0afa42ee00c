import { createRoute, z } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import { AUDIO_RULE_NAMES, AUDIO_RULES, conflictingAudioRules } from "../config/audio-rules.ts";
import { CUTOFF_REFUSAL, cutoffProblem, isCutoffValue } from "../config/profile-cutoff.ts";
import type { Config } from "../config/schema.ts";
import { SUBTITLE_FIX_NAMES } from "../config/subtitle-fixes.ts";
import type { DbHandle } from "../db/client.ts";
import { createYielder } from "../event-loop.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { ProfileOriginSchema } from "../profiles/origin-schema.ts";
import { defaultProfile, profileSet } from "../profiles/profile.ts";
import { baseProfile, createProfileResolver } from "./profile-resolver.ts";
import { assignProfile, deleteOverride, getOverride, listOverrides, putOverride } from "./profile-store.ts";
import { createWantedStore, tagsOfMedia } from "./store/index.ts";
import { IdParamSchema } from "./wanted.schemas.ts";

export interface ProfilesRouteDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
}

const tags = ["Profiles"];
const languageCode = z
  .string()
  .refine(isLanguageCode, { error: (issue) => `${LANGUAGE_CODE_HINT}, got ${JSON.stringify(issue.input)}` });

const ProfileFields = {
  languages: z
    .array(languageCode)
    .min(1)
    .openapi({ example: ["en", "de"] }),
  forced: z.enum(["off", "separate"]),
  hearingImpaired: z.enum(["include", "prefer", "exclude"]),
  embedded: z.enum(["text", "any", "none"]),
  formats: z.array(z.enum(["ass", "ssa", "srt", "vtt"])).min(1),
  upgradeSrtToAss: z.boolean(),
  translate: z.boolean().openapi({
    description: "Translate a source-language subtitle when none exists (needs translation.chain)",
  }),
  translateFrom: z
    .array(languageCode)
    .min(1)
    .openapi({ description: "Languages a subtitle may be translated from", example: ["en"] }),
  whisper: z
    .boolean()
    .openapi({ description: "Transcribe the audio when nothing is found (needs whisper.enabled)" }),
  upgradeCutoff: z.number().int().min(0).nullable().openapi({
    description:
      "Score at which a download is good enough: the upgrade job no longer re-searches it; null = the best possible for the item (in an override: follow the default)",
    example: 400,
  }),
  syncAfterDownload: z.boolean().openapi({
    description:
      "After a download, fit the subtitle to the video (embedded text stream, else audio); the original is kept",
  }),
  fixes: z.array(z.enum(SUBTITLE_FIX_NAMES)).openapi({
    description: "Fixes applied to a downloaded subtitle before it is saved",
    example: ["removeTags"],
  }),
  monitoredOnly: z
    .boolean()
    .openapi({ description: "Want nothing for unmonitored series, seasons, episodes and movies" }),
  skipSpecials: z.boolean().openapi({ description: "Want nothing for season 0 (specials)" }),
  audioRules: z
    .array(z.enum(AUDIO_RULE_NAMES))
    .refine((rules) => conflictingAudioRules(rules) === null, "forced-only rules contradict each other")
    .openapi({
      description: `Audio-language rules: ${Object.entries(AUDIO_RULES)
        .map(([name, text]) => `\`${name}\`: ${text}`)
        .join("; ")}`,
      example: ["skip-audio-language"],
    }),
  extractEmbedded: z.boolean().openapi({
    description:
      "After a scan, extract an embedded text stream that satisfies a wanted language to a sidecar",
  }),
  cutoff: z.string().refine(isCutoffValue, CUTOFF_REFUSAL).nullable().openapi({
    description:
      'Once a subtitle in this language is there, the other languages are no longer wanted for that file (Bazarr\'s cutoff): "any" (any of `languages`) or one of `languages`; null = every language is wanted (in an override: follow the profile it is based on; "off" there sets no cutoff). A language not in `languages` is a 422',
    example: "any",
  }),
};

export const ProfileSchema = z.object(ProfileFields).openapi("Profile");
const OverrideFieldsSchema = z
  .object({
    ...ProfileFields,
    profileName: z.string().min(1).openapi({
      description:
        "A named profile (config `profiles.<name>`) this series or movie follows instead of its tag's or the default",
      example: "anime",
    }),
  })
  .partial();

export const ProfileOverrideSchema = z
  .object({
    id: z.number().int(),
    instance: z.string(),
    kind: z.enum(["series", "movie"]),
    arrId: z.number().int(),
    override: OverrideFieldsSchema.openapi({
      description: "Only the fields that differ from the default profile",
    }),
    updatedAt: z.string(),
  })
  .openapi("ProfileOverride");

const PutOverrideSchema = z
  .object({
    instance: z.string().min(1).openapi({ example: "main" }),
    kind: z.enum(["series", "movie"]),
    arrId: z
      .number()
      .int()
      .min(1)
      .openapi({ description: "Sonarr series id or Radarr movie id", example: 1 }),
    override: OverrideFieldsSchema.refine((o) => Object.keys(o).length > 0, "set at least one field"),
  })
  .openapi("ProfileOverrideInput");

/** The most series and movies one mass edit takes: one transaction, a few ms per thousand. */
const MAX_PROFILE_TARGETS = 5000;

const SeriesTargetSchema = z.object({
  instance: z.string().min(1).openapi({ example: "main" }),
  seriesId: z.number().int().min(1).openapi({ description: "Sonarr series id", example: 1 }),
});
const MovieTargetSchema = z.object({
  instance: z.string().min(1).openapi({ example: "films" }),
  movieId: z.number().int().min(1).openapi({ description: "Radarr movie id", example: 7 }),
});

const BulkProfileSchema = z
  .object({
    series: z.array(SeriesTargetSchema).default([]),
    movies: z.array(MovieTargetSchema).default([]),
    profile: z.string().min(1).nullable().openapi({
      description:
        "A named profile (config `profiles.<name>`) each one follows from now on (its own fields stay), or null: remove each one's override, so it follows its tag's profile or the default again",
      example: "anime",
    }),
  })
  .strict()
  .refine((b) => b.series.length + b.movies.length > 0, "name at least one series or movie")
  .openapi("BulkProfileInput");

const BulkProfileResultSchema = z
  .object({
    profile: z.string().nullable(),
    requested: z.number().int().openapi({ description: "Series and movies named (each once)" }),
    changed: z.number().int().openapi({ description: "Overrides set, changed or removed" }),
    unchanged: z
      .number()
      .int()
      .openapi({ description: "Already following that profile (or, for null, without an override)" }),
    unknown: z
      .object({ series: z.array(SeriesTargetSchema), movies: z.array(MovieTargetSchema) })
      .openapi({ description: "Named series and movies no scan has stored: left alone" }),
  })
  .openapi("BulkProfileResult");

const defaultExample = {
  languages: ["en", "de"],
  forced: "off",
  hearingImpaired: "include",
  embedded: "text",
  formats: ["ass", "srt"],
  upgradeSrtToAss: false,
  translate: true,
  whisper: true,
  translateFrom: ["en"],
  upgradeCutoff: null,
  syncAfterDownload: false,
  fixes: [],
  monitoredOnly: false,
  skipSpecials: false,
  audioRules: [],
  extractEmbedded: false,
  cutoff: null,
} as const;

const example = {
  id: 3,
  instance: "main",
  kind: "series",
  arrId: 1,
  override: { languages: ["ja", "en"], forced: "separate" },
  updatedAt: "2026-11-24T10:00:00.000Z",
};

const get = createRoute({
  method: "get",
  path: "/profiles",
  operationId: "getProfiles",
  tags,
  summary:
    "The default profile, the named profiles, the tag assignments and every per-series/per-movie override",
  description:
    "The default profile comes from the configuration (`languages`, `profile.*`), the named ones from `profiles.<name>`, the tag assignments from `profileTags`.",
  responses: {
    200: jsonResponse(
      z.object({
        default: ProfileSchema,
        named: z.record(z.string(), ProfileSchema).openapi({
          description: "Named profiles (config `profiles.<name>`), each with the default's fields filled in",
        }),
        tags: z.array(z.object({ tag: z.string(), profile: z.string() })).openapi({
          description:
            "Tag → profile assignments (config `profileTags`), first match wins: a series' or movie's `profileName` > its first tag listed here > the default",
        }),
        overrides: z.array(ProfileOverrideSchema),
      }),
      "Profiles",
      {
        default: defaultExample,
        named: { anime: { ...defaultExample, languages: ["en", "ja"], forced: "separate" } },
        tags: [{ tag: "anime", profile: "anime" }],
        overrides: [example],
      },
    ),
    ...problems(401),
  },
});

const EffectiveQuerySchema = z.object({
  instance: z.string().min(1).openapi({ example: "main" }),
  kind: z.enum(["series", "movie"]),
  arrId: z.coerce.number().int().min(1).openapi({ example: 1 }),
});

const OriginSchema = ProfileOriginSchema;

const effective = createRoute({
  method: "get",
  path: "/profiles/effective",
  operationId: "getEffectiveProfile",
  tags,
  summary: "The profile one series or movie follows now, and where it comes from",
  description:
    "`origin`: its own `profileName` (item), its first tag listed in `profileTags` (tag, with the tags the last scan stored), or the default; `profile` is what the next scan applies. `inherited` is what it follows without a `profileName` of its own (by tag or the default), before its own fields.",
  request: { query: EffectiveQuerySchema },
  responses: {
    200: jsonResponse(
      z.object({
        origin: OriginSchema,
        profile: ProfileSchema,
        inherited: z.object({ origin: OriginSchema, profile: ProfileSchema }),
      }),
      "The effective profile",
      {
        origin: { via: "tag", name: "anime", tag: "anime" },
        profile: { ...defaultExample, languages: ["en", "ja"], forced: "separate" },
        inherited: {
          origin: { via: "tag", name: "anime", tag: "anime" },
          profile: { ...defaultExample, languages: ["en", "ja"] },
        },
      },
    ),
    ...problems(400, 401),
  },
});

const put = createRoute({
  method: "put",
  path: "/profiles/overrides",
  operationId: "putProfileOverride",
  tags,
  summary: "Create or replace the override of one series or movie",
  description:
    "Takes effect at the next scan of that series or movie. A `cutoff` naming a language the profile would not have is a 422.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: PutOverrideSchema,
          example: { instance: "main", kind: "series", arrId: 1, override: { languages: ["ja", "en"] } },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(ProfileOverrideSchema, "The stored override", example),
    ...problems(400, 401, 415, 422),
  },
});

const bulk = createRoute({
  method: "put",
  path: "/profiles/bulk",
  operationId: "putProfilesBulk",
  tags,
  summary: "Set or clear the named profile of many series and movies at once",
  description: `The library pages' mass edit, in one transaction. With \`profile\` each one follows that named profile, as \`profileName\` in \`PUT /profiles/overrides\` (fields of its own stay); with null each one's override is removed. At most ${MAX_PROFILE_TARGETS} series and movies per request (422 beyond); an unknown profile is a 422 naming it; series and movies no scan has stored are listed in \`unknown\`, not an error. Like a single override, the wanted list's reasons follow at once and the next scan of each applies it.`,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: BulkProfileSchema,
          example: { series: [{ instance: "main", seriesId: 1 }], movies: [], profile: "anime" },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(BulkProfileResultSchema, "What changed", {
      profile: "anime",
      requested: 3,
      changed: 2,
      unchanged: 1,
      unknown: { series: [], movies: [] },
    }),
    ...problems(400, 401, 415, 422),
  },
});

const getOne = createRoute({
  method: "get",
  path: "/profiles/overrides/{id}",
  operationId: "getProfileOverride",
  tags,
  summary: "One override",
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(ProfileOverrideSchema, "The override", example),
    ...problems(400, 401, 404),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/profiles/overrides/{id}",
  operationId: "deleteProfileOverride",
  tags,
  summary: "Delete an override: the series or movie follows the default profile again",
  request: { params: IdParamSchema },
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 404) },
});

/** Names the profile asked for and those the config defines. */
function unknownProfile(config: Config, name: string): string {
  const defined = Object.keys(config.profiles);
  return `no profile named ${JSON.stringify(name)} (${defined.length > 0 ? `defined: ${defined.join(", ")}` : "no profiles.<name> is configured"})`;
}

/** Each series or movie once, in the order first named. */
function uniqueTargets<T extends { instance: string; kind: string; arrId: number }>(targets: T[]): T[] {
  const seen = new Map<string, T>();
  for (const t of targets) {
    const key = JSON.stringify([t.instance, t.kind, t.arrId]);
    if (!seen.has(key)) seen.set(key, t);
  }
  return [...seen.values()];
}

export const profilesRouter = createRouter<ProfilesRouteDeps>()
  .openapi(get, (c) => {
    const { config, db } = c.get("deps");
    const set = profileSet(config);
    return c.json(
      {
        default: defaultProfile(config),
        named: Object.fromEntries(set.named),
        tags: [...config.profileTags],
        overrides: listOverrides(db.db),
      },
      200,
    );
  })
  .openapi(effective, (c) => {
    const { instance, kind, arrId } = c.req.valid("query");
    const { config, db } = c.get("deps");
    const set = profileSet(config);
    const tags = tagsOfMedia(db.db, instance, kind, arrId);
    const target = {
      source: kind === "series" ? ("sonarr" as const) : ("radarr" as const),
      instance,
      seriesId: kind === "series" ? arrId : null,
      movieId: kind === "movie" ? arrId : null,
      tags,
    };
    const resolved = createProfileResolver(db.db, set).resolve(target);
    const inherited = baseProfile(set, undefined, tags);
    return c.json({ origin: resolved.origin, profile: resolved.profile, inherited }, 200);
  })
  .openapi(put, (c) => {
    const { instance, kind, arrId, override } = c.req.valid("json");
    const { db, clock, config } = c.get("deps");
    if (override.profileName !== undefined && !(override.profileName in config.profiles))
      throw new ApiError(400, `profileName: ${unknownProfile(config, override.profileName)}`);
    if (override.cutoff) {
      // Checked against the languages it would have: its own, else those of the profile it is based on.
      const languages =
        override.languages ??
        baseProfile(profileSet(config), override, tagsOfMedia(db.db, instance, kind, arrId)).profile
          .languages;
      const problem = cutoffProblem(override.cutoff, languages);
      if (problem) throw new ApiError(422, `cutoff: ${problem}`);
    }
    return c.json(putOverride(db.db, { instance, kind, arrId }, override, clock.now().toISOString()), 200);
  })
  .openapi(bulk, async (c) => {
    const { series, movies, profile } = c.req.valid("json");
    const { db, clock, config } = c.get("deps");
    const targets = uniqueTargets([
      ...series.map((s) => ({ instance: s.instance, kind: "series" as const, arrId: s.seriesId })),
      ...movies.map((m) => ({ instance: m.instance, kind: "movie" as const, arrId: m.movieId })),
    ]);
    if (targets.length > MAX_PROFILE_TARGETS)
      throw new ApiError(
        422,
        `at most ${MAX_PROFILE_TARGETS} series and movies per request, got ${targets.length}: send them in parts`,
      );
    if (profile !== null && !(profile in config.profiles))
      throw new ApiError(422, unknownProfile(config, profile));
    // Only what a scan stored: an override of an id no listing has would show nowhere. Thousands of
    // lookups take a while: the loop answers other requests in between (the writes are one transaction).
    const store = createWantedStore(db);
    const pause = createYielder();
    const known: typeof targets = [];
    const unknown: typeof targets = [];
    for (const t of targets) {
      await pause();
      const files = store.filesOfMedia(t.instance, t.kind === "series" ? "sonarr" : "radarr", t.arrId);
      (files.length > 0 ? known : unknown).push(t);
    }
    const result = assignProfile(db.sqlite, known, profile, clock.now().toISOString());
    return c.json(
      {
        profile,
        requested: targets.length,
        changed: result.changed,
        unchanged: result.unchanged,
        unknown: {
          series: unknown
            .filter((t) => t.kind === "series")
            .map((t) => ({ instance: t.instance, seriesId: t.arrId })),
          movies: unknown
            .filter((t) => t.kind === "movie")
            .map((t) => ({ instance: t.instance, movieId: t.arrId })),
        },
      },
      200,
    );
  })
  .openapi(getOne, (c) => {
    const found = getOverride(c.get("deps").db.db, c.req.valid("param").id);
    if (!found) throw new ApiError(404, `profile override ${c.req.valid("param").id} does not exist`);
    return c.json(found, 200);
  })
  .openapi(remove, (c) => {
    if (!deleteOverride(c.get("deps").db.db, c.req.valid("param").id)) {
      throw new ApiError(404, `profile override ${c.req.valid("param").id} does not exist`);
    }
    return c.body(null, 204);
  });
