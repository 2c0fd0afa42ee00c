import { afterEach, beforeEach, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { applyOverride, defaultProfile, type Profile, profileSet } from "../../src/profiles/profile.ts";
import { storedMediaJson, storedTags } from "../../src/wanted/file-facts.ts";
import { createProfileResolver } from "../../src/wanted/profile-resolver.ts";
import { putOverride } from "../../src/wanted/profile-store.ts";
import { explainReason } from "../../src/wanted/wanted-reason.ts";
import { testConfig } from "../support/runtime.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv } from "./scan-env.ts";

/** The explainer says why a library option removes an item (until the next scan removes it). */

const base: Profile = defaultProfile(
  testConfig({ languages: ["en", "de"], profile: { forced: "separate" } }),
);

function why(
  library: {
    tags?: string[];
    unmonitored?: "series" | "season" | "episode" | "movie" | null;
    arrAudio?: string[] | null;
  },
  options: {
    profile: Partial<Profile>;
    season?: number | null;
    language?: string;
    variant?: "full" | "forced";
    probedAudio?: string[] | null;
  },
) {
  return explainReason(
    {
      language: options.language ?? "en",
      variant: options.variant ?? "full",
      satisfiedBy: null,
      upgradeCandidate: false,
      season: options.season ?? 1,
      subtitlesJson: storedMediaJson(
        {
          tags: library.tags ?? [],
          unmonitored: library.unmonitored ?? null,
          arrAudio: library.arrAudio ?? null,
        },
        [],
        [],
        options.probedAudio ?? null,
      ),
    },
    applyOverride(base, options.profile),
  );
}

test("an unmonitored level is named, with the option that skips it", () => {
  expect(why({ unmonitored: "season" }, { profile: { monitoredOnly: true } })).toEqual({
    code: "not_monitored",
    text: "Not wanted: the season is unmonitored in Sonarr and the profile wants monitored items only (monitoredOnly); the next scan removes this item.",
  });
  expect(why({ unmonitored: "movie" }, { profile: { monitoredOnly: true }, season: null }).text).toContain(
    "the movie is unmonitored in Radarr",
  );
  expect(why({ unmonitored: "season" }, { profile: { monitoredOnly: false } }).code).toBe("no_subtitle");
});

test("a special under skipSpecials", () => {
  expect(why({}, { profile: { skipSpecials: true }, season: 0 }).code).toBe("special_skipped");
  expect(why({}, { profile: { skipSpecials: true }, season: 1 }).code).toBe("no_subtitle");
});

test("an audio rule says which audio, from where, and which rule", () => {
  expect(why({ arrAudio: ["eng"] }, { profile: { audioRules: ["skip-audio-language"] } })).toEqual({
    code: "audio_rule",
    text: "Not wanted: the audio is English (as the arr reports it) and the audio rule skip-audio-language applies (do not want the full subtitle of a language the audio already has (an English track needs no English subtitle); forced subtitles are not affected); the next scan removes this item.",
  });
  const probed = why(
    {},
    {
      profile: { audioRules: ["forced-only-foreign-audio"] },
      variant: "forced",
      probedAudio: ["eng", "jpn"],
    },
  );
  expect(probed.code).toBe("audio_rule");
  expect(probed.text).toContain("the audio is English, Japanese (as probed)");
  // The arr's languages win over the probe's; unknown audio removes nothing.
  expect(
    why({ arrAudio: ["German"] }, { profile: { audioRules: ["skip-audio-language"] }, probedAudio: ["eng"] })
      .code,
  ).toBe("no_subtitle");
  expect(why({}, { profile: { audioRules: ["skip-audio-language"] } }).code).toBe("no_subtitle");
});

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(async () => {
  await env.close();
});

test("the tags a scan stored resolve the profile the scan used; the origin says tag or item", async () => {
  const show = env.sonarr.addSeries({ title: "Show", tags: ["anime"] });
  env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1], audioLanguages: "jpn" });
  await scan(makeScanner(env));
  const config = {
    profiles: { anime: { audioRules: ["skip-audio-language"], languages: ["ja"] } },
    profileTags: [{ tag: "anime", profile: "anime" }],
  };
  const resolve = createProfileResolver(env.db.db, profileSet(configSchema.parse(config)));
  const row = env.db.sqlite
    .query<{ subtitlesJson: string }, []>("SELECT subtitles_json AS subtitlesJson FROM media_files")
    .get()!;
  const target = { source: "sonarr", instance: "main", seriesId: show.id, movieId: null } as const;
  expect(resolve({ ...target, tags: storedTags(row.subtitlesJson) }).languages).toEqual(["ja"]);
  expect(resolve.resolve({ ...target, tags: storedTags(row.subtitlesJson) }).origin).toEqual({
    via: "tag",
    name: "anime",
    tag: "anime",
  });
  putOverride(
    env.db.db,
    { instance: "main", kind: "series", arrId: show.id },
    { profileName: "anime" },
    "2026-11-24T10:00:00.000Z",
  );
  const fresh = createProfileResolver(env.db.db, profileSet(configSchema.parse(config)));
  expect(fresh.resolve(target).origin).toEqual({ via: "item", name: "anime" });
});
