import { z } from "zod";
import { list } from "./fields.ts";

/**
 * Named profiles (`[profiles.<name>]`) and the tag → profile assignments (`[[profileTags]]`):
 * a named profile holds any profile field, without defaults, so what it leaves out comes from
 * the default profile.
 */

type OptionalFields<T extends z.ZodRawShape> = {
  [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]>;
};

function withoutDefaults<T extends z.ZodRawShape>(shape: T): OptionalFields<T> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional(),
    ]),
  ) as unknown as OptionalFields<T>;
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function profileSetSchemas<T extends z.ZodRawShape>(profileShape: T, languageCode: z.ZodType<string>) {
  const namedProfile = z.strictObject({
    languages: list(languageCode).optional().describe("Subtitle languages of this profile"),
    translateFrom: list(languageCode).optional().describe("Languages a subtitle may be translated from"),
    ...withoutDefaults(profileShape),
  });
  return {
    namedProfile,
    profiles: z
      .record(
        z.string().regex(PROFILE_NAME, "expected a profile name of letters, digits, - and _"),
        namedProfile,
      )
      .default({})
      .describe(
        "Named profiles ([profiles.<name>] tables): any profile field, over the default profile; SUBHOUND_PROFILES__KIDS__LANGUAGES sets profiles.kids.languages",
      ),
    profileTags: z
      .array(
        z.strictObject({
          tag: z.string().trim().min(1).describe("Sonarr/Radarr tag label, matched case-insensitively"),
          profile: z.string().min(1).describe("Name of a [profiles.<name>] table"),
        }),
      )
      .default([])
      .describe(
        "Tag → profile assignments for every Sonarr and Radarr instance ([[profileTags]]); the first listed tag a series or movie has wins",
      ),
  };
}

/** Every tag names a defined profile, and no tag is listed twice. */
export function checkProfileTags(
  config: { profiles: Record<string, unknown>; profileTags: { tag: string; profile: string }[] },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  for (const [i, { tag, profile }] of config.profileTags.entries()) {
    if (!(profile in config.profiles)) {
      const defined = Object.keys(config.profiles);
      ctx.addIssue({
        code: "custom",
        path: ["profileTags", i, "profile"],
        message: `unknown profile ${JSON.stringify(profile)} for tag ${JSON.stringify(tag)}; ${defined.length > 0 ? `defined: ${defined.join(", ")}` : "no [profiles.<name>] table is defined"}`,
      });
    }
    const key = tag.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({
        code: "custom",
        path: ["profileTags", i, "tag"],
        message: `tag ${JSON.stringify(tag)} is assigned more than once`,
      });
    seen.add(key);
  }
}
