import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { createLibrarySources } from "../../src/library/index.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { putOverride } from "../../src/wanted/profile-store.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, wantedSlots } from "./scan-env.ts";

/** Profiles that follow the library: tags, monitored flags, specials and the audio, against the fakes. */

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(async () => {
  await env.close();
});

const NOW = "2026-11-24T10:00:00.000Z";

const namedProfiles = {
  profiles: { anime: { languages: ["ja", "en"] }, kids: { languages: ["de"] } },
  profileTags: [
    { tag: "anime", profile: "anime" },
    { tag: "Kids", profile: "kids" },
  ],
};

describe("tag → profile", () => {
  test("a series follows its first mapped tag; unmapped tags and untagged series follow the default", async () => {
    const anime = env.sonarr.addSeries({ title: "Anime", tags: ["anime"] });
    const both = env.sonarr.addSeries({ title: "Both", tags: ["kids", "anime"] });
    const other = env.sonarr.addSeries({ title: "Other", tags: ["4k"] });
    const plain = env.sonarr.addSeries({ title: "Plain" });
    for (const s of [anime, both, other, plain])
      env.sonarr.addEpisodeFile(s.id, { season: 1, episodes: [1] });
    await scan(makeScanner(env, { config: namedProfiles }));
    expect(wantedSlots(env)).toEqual([
      "Anime S01E01 en/full",
      "Anime S01E01 ja/full",
      // Both tags map; "anime" is listed first in profileTags, so it wins whatever order Sonarr sends.
      "Both S01E01 en/full",
      "Both S01E01 ja/full",
      "Other S01E01 en/full",
      "Plain S01E01 en/full",
    ]);
    expect(env.sonarr.requests.count("/api/v3/tag")).toBe(1);
  });

  test("tag labels match case-insensitively; a retag applies at the next scan", async () => {
    const show = env.sonarr.addSeries({ title: "Show", tags: ["KIDS"] });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const scanner = makeScanner(env, { config: namedProfiles });
    await scan(scanner);
    expect(wantedSlots(env)).toEqual(["Show S01E01 de/full"]);
    env.sonarr.tagSeries(show.id, []);
    await scan(scanner);
    expect(wantedSlots(env)).toEqual(["Show S01E01 en/full"]);
  });

  test("an item's profileName beats its tag, and its own fields apply over the named profile", async () => {
    const show = env.sonarr.addSeries({ title: "Show", tags: ["anime"] });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    putOverride(
      env.db.db,
      { instance: "main", kind: "series", arrId: show.id },
      { profileName: "kids", forced: "separate" },
      NOW,
    );
    await scan(makeScanner(env, { config: namedProfiles }));
    expect(wantedSlots(env)).toEqual(["Show S01E01 de/forced", "Show S01E01 de/full"]);
  });

  test("Radarr movies follow their tags too, with no /tag request when nothing is tagged", async () => {
    const movie = env.radarr.addMovie({ title: "Spirited Away", tags: ["anime"] });
    env.radarr.addMovieFile(movie.id);
    await scan(makeScanner(env, { sources: ["radarr"], config: namedProfiles }));
    expect(wantedSlots(env)).toEqual(["Spirited Away en/full", "Spirited Away ja/full"]);
    expect(env.radarr.requests.count("/api/v3/tag")).toBe(1);

    env.radarr.tagMovie(movie.id, []);
    env.radarr.requests.reset();
    await scan(makeScanner(env, { sources: ["radarr"], config: namedProfiles }));
    expect(wantedSlots(env)).toEqual(["Spirited Away en/full"]);
    expect(env.radarr.requests.count("/api/v3/tag")).toBe(0);
  });
});

describe("monitoredOnly and skipSpecials", () => {
  function library() {
    const watched = env.sonarr.addSeries({ title: "Watched" });
    env.sonarr.addEpisodeFile(watched.id, { season: 0, episodes: [1] });
    env.sonarr.addEpisodeFile(watched.id, { season: 1, episodes: [1] });
    env.sonarr.addEpisodeFile(watched.id, { season: 1, episodes: [2] });
    env.sonarr.addEpisodeFile(watched.id, { season: 1, episodes: [3, 4] });
    env.sonarr.addEpisodeFile(watched.id, { season: 2, episodes: [1] });
    const dropped = env.sonarr.addSeries({ title: "Dropped" });
    env.sonarr.addEpisodeFile(dropped.id, { season: 1, episodes: [1] });
    return { watched, dropped };
  }

  test("off by default: every file is wanted, specials too", async () => {
    library();
    await scan(makeScanner(env));
    expect(wantedSlots(env)).toHaveLength(6);
  });

  test("skips unmonitored series, seasons and episodes (a multi-episode file stays while one is monitored)", async () => {
    const { watched, dropped } = library();
    const scanner = makeScanner(env, { config: { profile: { monitoredOnly: true } } });
    env.sonarr.setSeasonMonitored(watched.id, 0, true);
    await scan(scanner);
    expect(wantedSlots(env)).toHaveLength(6);

    env.sonarr.setSeriesMonitored(dropped.id, false);
    env.sonarr.setSeasonMonitored(watched.id, 2, false);
    const episodes = env.sonarr.episodesOf(watched.id).filter((e) => e.seasonNumber === 1);
    env.sonarr.setEpisodeMonitored(episodes.find((e) => e.episodeNumber === 2)!.id, false);
    env.sonarr.setEpisodeMonitored(episodes.find((e) => e.episodeNumber === 3)!.id, false);
    await scan(scanner);
    expect(wantedSlots(env)).toEqual([
      "Watched S00E01 en/full",
      "Watched S01E01 en/full",
      "Watched S01E03E04 en/full",
    ]);
  });

  test("Sonarr leaves specials unmonitored by default, so monitoredOnly skips them; skipSpecials does on its own", async () => {
    library();
    await scan(makeScanner(env, { config: { profile: { monitoredOnly: true } } }));
    expect(wantedSlots(env).some((s) => s.includes("S00"))).toBe(false);

    await scan(makeScanner(env, { config: { profile: { skipSpecials: true } } }));
    expect(wantedSlots(env)).toHaveLength(5);
    expect(wantedSlots(env).some((s) => s.includes("S00"))).toBe(false);
  });

  test("unmonitored movies are skipped and come back when monitored again", async () => {
    const movie = env.radarr.addMovie({ title: "Heat" });
    env.radarr.addMovieFile(movie.id);
    const scanner = makeScanner(env, { sources: ["radarr"], config: { profile: { monitoredOnly: true } } });
    await scan(scanner);
    expect(wantedSlots(env)).toEqual(["Heat en/full"]);
    env.radarr.setMonitored(movie.id, false);
    await scan(scanner);
    expect(wantedSlots(env)).toEqual([]);
    env.radarr.setMonitored(movie.id, true);
    await scan(scanner);
    expect(wantedSlots(env)).toEqual(["Heat en/full"]);
  });
});

describe("audio-language rules", () => {
  const profile = (audioRules: string[]) => ({
    languages: ["en", "de"],
    profile: { forced: "separate", audioRules },
  });

  test("on arr-reported audio: no subtitle in the audio's language; forced only when the audio is foreign", async () => {
    const english = env.radarr.addMovie({ title: "English" });
    env.radarr.addMovieFile(english.id, { audioLanguages: "eng" });
    const japanese = env.radarr.addMovie({ title: "Japanese" });
    env.radarr.addMovieFile(japanese.id, { audioLanguages: "jpn", languages: ["Japanese"] });
    await scan(
      makeScanner(env, {
        sources: ["radarr"],
        config: profile(["skip-audio-language", "forced-only-foreign-audio"]),
      }),
    );
    expect(wantedSlots(env)).toEqual([
      "English de/forced",
      "English de/full",
      "Japanese de/forced",
      "Japanese de/full",
      "Japanese en/forced",
      "Japanese en/full",
    ]);
  });

  test("forced-only-audio-language wants forced subtitles for foreign parts of a film in that language", async () => {
    const show = env.sonarr.addSeries({ title: "Dub" });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1], audioLanguages: "ger" });
    await scan(makeScanner(env, { config: profile(["forced-only-audio-language"]) }));
    expect(wantedSlots(env)).toEqual(["Dub S01E01 de/forced", "Dub S01E01 de/full", "Dub S01E01 en/full"]);
  });

  test("without mediaInfo, the file's parsed languages count as its audio", async () => {
    const show = env.sonarr.addSeries({ title: "Unprobed" });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1], subtitles: null, languages: ["German"] });
    await scan(makeScanner(env, { config: profile(["skip-audio-language"]) }));
    expect(wantedSlots(env)).toEqual([
      "Unprobed S01E01 de/forced",
      "Unprobed S01E01 en/forced",
      "Unprobed S01E01 en/full",
    ]);
  });

  test("on probed audio when the arr knows none; unknown audio removes nothing", async () => {
    const show = env.sonarr.addSeries({ title: "Probed" });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1], subtitles: null, languages: ["Unknown"] });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2], subtitles: null, languages: ["Unknown"] });
    const inspector: StreamInspector = {
      async inspect(path) {
        return path.includes("E01")
          ? { ok: true, streams: [], audioLanguages: ["ger"], cached: false, mtimeMs: null }
          : { ok: true, streams: [], audioLanguages: [], cached: false, mtimeMs: null };
      },
    };
    const scanner = makeScanner(env, {
      inspector,
      config: profile(["skip-audio-language", "forced-only-foreign-audio"]),
    });
    await scan(scanner);
    const expected = [
      "Probed S01E01 en/forced",
      "Probed S01E01 en/full",
      "Probed S01E02 de/forced",
      "Probed S01E02 de/full",
      "Probed S01E02 en/forced",
      "Probed S01E02 en/full",
    ];
    expect(wantedSlots(env)).toEqual(expected);
    // An incremental scan that does not probe again decides from the audio it stored.
    await scan(scanner, { mode: "incremental" });
    expect(wantedSlots(env)).toEqual(expected);
  });
});

describe("tag lookups", () => {
  test("sources built from the config ask /tag only while some tag assigns a profile, read at each listing", async () => {
    const show = env.sonarr.addSeries({ title: "Show", tags: ["anime"] });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const config = configSchema.parse({
      sonarr: [{ name: "main", url: env.sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    });
    const [source] = createLibrarySources(config);
    const first = await source!.listAllFiles();
    expect(first.ok && first.items[0]!.tags).toEqual([]);
    expect(env.sonarr.requests.count("/api/v3/tag")).toBe(0);
    // As a live reload does: the same config object gains an assignment.
    config.profiles = { anime: {} };
    config.profileTags = [{ tag: "anime", profile: "anime" }];
    const second = await source!.listAllFiles();
    expect(second.ok && second.items[0]!.tags).toEqual(["anime"]);
    expect(env.sonarr.requests.count("/api/v3/tag")).toBe(1);
  });
});
