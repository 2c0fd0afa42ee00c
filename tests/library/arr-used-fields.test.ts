import { afterEach, describe, expect, test } from "bun:test";
import { createRadarrClient } from "../../src/library/radarr.ts";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import type { FetchLike } from "../../src/net/retry-timing.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

/**
 * Subhound reads only the fields it uses of an arr's records: what it does not use may change
 * shape between arr releases without failing a scan, and what it uses is still checked, a
 * malformed value failing the listing (nothing listed, so nothing removed) with the field named.
 */

let sonarr: FakeSonarr | null = null;
let radarr: FakeRadarr | null = null;
afterEach(async () => {
  await sonarr?.stop();
  await radarr?.stop();
  sonarr = radarr = null;
});

type Rec = Record<string, unknown>;

/** The fake's answers with `change` applied to every record of the lists whose path ends with `endpoint`. */
function tampering(endpoint: string, change: (record: Rec) => Rec): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!new URL(String(input)).pathname.endsWith(endpoint)) return response;
    const records = (await response.json()) as Rec[];
    return Response.json(records.map(change));
  };
}

async function sonarrLibrary(): Promise<FakeSonarr> {
  const fake = await startFakeSonarr();
  const show = fake.addSeries({ title: "Show", tags: ["kids"] });
  fake.addEpisodeFile(show.id, { season: 1, episodes: [1], subtitles: "eng" });
  fake.addEpisodeFile(show.id, { season: 1, episodes: [2, 3], subtitles: null });
  return fake;
}

const sonarrClient = (fake: FakeSonarr, fetch?: FetchLike) =>
  createSonarrClient({
    instance: instanceConfig(fake.url, fake.apiKey, { retries: 0 }),
    deps: recordingDeps(fetch ? { fetch } : {}),
  });

async function radarrLibrary(): Promise<FakeRadarr> {
  const fake = await startFakeRadarr();
  fake.addMovieFile(fake.addMovie({ title: "Film", year: 2001 }).id, { subtitles: "eng/ger" });
  fake.addMovieFile(fake.addMovie({ title: "Other", year: 2002 }).id, { subtitles: null });
  return fake;
}

const radarrClient = (fake: FakeRadarr, fetch?: FetchLike) =>
  createRadarrClient({
    instance: instanceConfig(fake.url, fake.apiKey, { name: "movies", retries: 0 }),
    deps: recordingDeps(fetch ? { fetch } : {}),
  });

describe("fields Subhound does not use", () => {
  test("Sonarr: odd values and extra fields in them change nothing in the listing", async () => {
    sonarr = await sonarrLibrary();
    const expected = await sonarrClient(sonarr).listAllFiles();
    expect(expected.ok && expected.items.length).toBe(2);
    const odd: Record<string, (r: Rec) => Rec> = {
      "/series": (r) => ({
        ...r,
        sortTitle: 42,
        ratings: "none",
        genres: { odd: true },
        added: false,
        statistics: { ...(r.statistics as Rec), seasonCount: "one", percentOfEpisodes: null },
        brandNewField: [1, "two"],
      }),
      "/episodefile": (r) => ({
        ...r,
        seriesId: "not a number",
        quality: null,
        customFormats: "none",
        mediaInfo: r.mediaInfo ? { ...(r.mediaInfo as Rec), videoCodec: 5, runTime: [] } : undefined,
        brandNewField: { deep: [null] },
      }),
      "/episode": (r) => ({
        ...r,
        seriesId: null,
        title: 7,
        airDateUtc: "yesterday-ish",
        episodeFile: "junk",
        brandNewField: true,
      }),
    };
    const fetch: FetchLike = async (input, init) => {
      const path = new URL(String(input)).pathname.replace("/api/v3", "");
      return odd[path] ? tampering(path, odd[path])(input, init) : globalThis.fetch(input, init);
    };
    const listing = await sonarrClient(sonarr, fetch).listAllFiles();
    expect(listing).toEqual(expected);
  });

  test("Radarr: odd values and extra fields in them change nothing in the listing", async () => {
    radarr = await radarrLibrary();
    const expected = await radarrClient(radarr).listAllFiles();
    expect(expected.ok && expected.items.length).toBe(2);
    const listing = await radarrClient(
      radarr,
      tampering("/movie", (r) => ({
        ...r,
        collection: 5,
        ratings: "none",
        originalLanguage: [],
        movieFile: { ...(r.movieFile as Rec), movieId: "x", quality: 3, edition: { odd: 1 } },
        brandNewField: null,
      })),
    ).listAllFiles();
    expect(listing).toEqual(expected);
  });
});

describe("a malformed field Subhound uses fails the listing, naming the field", () => {
  test.each([
    ["/series", "tags", ["kids"], "0.tags.0: Invalid input: expected number, received string"],
    [
      "/series",
      "seasons",
      [{ seasonNumber: "1" }],
      "0.seasons.0.seasonNumber: Invalid input: expected number",
    ],
    ["/series", "monitored", "yes", "0.monitored: Invalid input: expected boolean, received string"],
    ["/series", "path", 17, "0.path: Invalid input: expected string, received number"],
    ["/episodefile", "size", "big", "0.size: Invalid input: expected number, received string"],
    ["/episodefile", "dateAdded", 12, "0.dateAdded: Invalid input: expected string, received number"],
    ["/episodefile", "mediaInfo", { subtitles: 5 }, "0.mediaInfo.subtitles: Invalid input: expected string"],
    ["/episodefile", "languages", "English", "0.languages: Invalid input: expected array, received string"],
    ["/episode", "episodeFileId", "7", "0.episodeFileId: Invalid input: expected number, received string"],
    ["/episode", "seasonNumber", 1.5, "0.seasonNumber: Invalid input: expected int, received number"],
  ])("Sonarr %s with %s = %j", async (endpoint, field, value, where) => {
    sonarr = await sonarrLibrary();
    const listing = await sonarrClient(
      sonarr,
      tampering(endpoint, (r) => ({ ...r, [field]: value })),
    ).listAllFiles();
    expect(listing.ok).toBe(false);
    if (!listing.ok) expect(listing.error).toContain(`returned an unexpected payload at ${where}`);
  });

  test.each([
    ["title", null, "0.title: Invalid input: expected string, received null"],
    ["year", "2001", "0.year: Invalid input: expected number, received string"],
    ["hasFile", 1, "0.hasFile: Invalid input: expected boolean, received number"],
    ["movieFile", "file.mkv", "0.movieFile: Invalid input: expected object, received string"],
  ])("Radarr /movie with %s = %j", async (field, value, where) => {
    radarr = await radarrLibrary();
    const listing = await radarrClient(
      radarr,
      tampering("/movie", (r) => ({ ...r, [field]: value })),
    ).listAllFiles();
    expect(listing.ok).toBe(false);
    if (!listing.ok) expect(listing.error).toContain(`returned an unexpected payload at ${where}`);
  });

  test("Radarr: a movie file's malformed path is named under movieFile", async () => {
    radarr = await radarrLibrary();
    const listing = await radarrClient(
      radarr,
      tampering("/movie", (r) => ({ ...r, movieFile: { ...(r.movieFile as Rec), relativePath: ["a"] } })),
    ).listAllFiles();
    expect(listing.ok).toBe(false);
    if (!listing.ok)
      expect(listing.error).toContain(
        "unexpected payload at 0.movieFile.relativePath: Invalid input: expected string, received array",
      );
  });
});
