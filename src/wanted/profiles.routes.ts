import { createRoute, z } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { SUBTITLE_FIX_NAMES } from "../config/subtitle-fixes.ts";
import type { DbHandle } from "../db/client.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { defaultProfile } from "../profiles/profile.ts";
import { deleteOverride, getOverride, listOverrides, putOverride } from "./profile-store.ts";
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
};

export const ProfileSchema = z.object(ProfileFields).openapi("Profile");
const OverrideFieldsSchema = z.object(ProfileFields).partial();

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
  summary: "The default profile and every per-series/per-movie override",
  description: "The default profile comes from the configuration (`languages`, `profile.*`).",
  responses: {
    200: jsonResponse(
      z.object({ default: ProfileSchema, overrides: z.array(ProfileOverrideSchema) }),
      "Profiles",
      {
        default: {
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
        },
        overrides: [example],
      },
    ),
    ...problems(401),
  },
});

const put = createRoute({
  method: "put",
  path: "/profiles/overrides",
  operationId: "putProfileOverride",
  tags,
  summary: "Create or replace the override of one series or movie",
  description: "Takes effect at the next scan of that series or movie.",
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
    ...problems(400, 401, 415),
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

export const profilesRouter = createRouter<ProfilesRouteDeps>()
  .openapi(get, (c) => {
    const { config, db } = c.get("deps");
    return c.json({ default: defaultProfile(config), overrides: listOverrides(db.db) }, 200);
  })
  .openapi(put, (c) => {
    const { instance, kind, arrId, override } = c.req.valid("json");
    const { db, clock } = c.get("deps");
    return c.json(putOverride(db.db, { instance, kind, arrId }, override, clock.now().toISOString()), 200);
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
