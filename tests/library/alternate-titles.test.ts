import { afterEach, describe, expect, test } from "bun:test";
import { MAX_ALTERNATE_TITLES } from "../../src/library/arr-wire.ts";
import { createRadarrClient } from "../../src/library/radarr.ts";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import type { Listing, MediaFile } from "../../src/library/types.ts";
import type { FetchLike } from "../../src/net/retry-timing.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

// Sonarr's and Radarr's alternate titles, as the listing hands them to the scan: trimmed, each once,
// never the main title, Sonarr's season-specific ones only on that season's files; an entry that does
// not read is skipped, never the listing's failure.

let sonarr: FakeSonarr | null = null;
let radarr: FakeRadarr | null = null;
afterEach(async () => {
  await sonarr?.stop();
  await radarr?.stop();
  sonarr = radarr = null;
});

type Rec = Record<string, unknown>;

/** The fake's answers to `endpoint` with `change` applied to every record. */
function tampering(endpoint: string, change: (record: Rec) => Rec): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!new URL(String(input)).pathname.endsWith(endpoint)) return response;
    const records = (await response.json()) as Rec[];
    return Response.json(records.map(change));
  };
}

const sonarrClient = (fake: FakeSonarr, fetch?: FetchLike) =>
  createSonarrClient({
    instance: instanceConfig(fake.url, fake.apiKey, { retries: 0 }),
    deps: recordingDeps(fetch ? { fetch } : {}),
  });

const radarrClient = (fake: FakeRadarr, fetch?: FetchLike) =>
  createRadarrClient({
    instance: instanceConfig(fake.url, fake.apiKey, { name: "movies", retries: 0 }),
    deps: recordingDeps(fetch ? { fetch } : {}),
  });

function titlesBySeason(listing: Listing<MediaFile>): [number | null, string[] | undefined][] {
  if (!listing.ok) throw new Error(listing.error);
  return listing.items
    .map((f) => [f.season, f.alternateTitles] as [number | null, string[] | undefined])
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

describe.each(["v4", "v3"] as const)("Sonarr (%s app): a series' alternate titles", (version) => {
  test("reach its files: trimmed, once each, not the main title, season-specific ones on their season", async () => {
    sonarr = await startFakeSonarr({ version });
    const svu = sonarr.addSeries({
      title: "Law & Order: Special Victims Unit",
      alternateTitles: [
        {
          title: "Law and Order SVU",
          seasonNumber: -1,
          sceneSeasonNumber: -1,
          sceneOrigin: "tvdb",
          comment: "",
        },
        { title: "  Law & Order: SVU " },
        { title: "LAW AND ORDER SVU", seasonNumber: -1 },
        { title: "Law & Order: Special Victims Unit", sceneOrigin: "tvdb" },
        // Sonarr omits a null title: an entry without one is skipped, as is a blank one.
        { seasonNumber: -1, sceneSeasonNumber: -1, sceneOrigin: "sonarr" },
        { title: "   " },
        { title: "Law and Order SVU Season 2", sceneSeasonNumber: 2, sceneOrigin: "xem" },
      ],
    });
    sonarr.addEpisodeFile(svu.id, { season: 1, episodes: [1] });
    sonarr.addEpisodeFile(svu.id, { season: 2, episodes: [1] });
    const plain = sonarr.addSeries({ title: "Breaking Bad" });
    sonarr.addEpisodeFile(plain.id, { season: 1, episodes: [1] });

    const client = sonarrClient(sonarr);
    const series = await client.listSeries();
    if (!series.ok) throw new Error(series.error.message);
    const [svuListed, plainListed] = series.value;
    expect(titlesBySeason(await client.listSeriesFiles(svuListed!))).toEqual([
      [1, ["Law and Order SVU", "Law & Order: SVU"]],
      [2, ["Law and Order SVU", "Law & Order: SVU", "Law and Order SVU Season 2"]],
    ]);
    // None listed: the file carries no field at all (what the scan stores stays as it was).
    expect(titlesBySeason(await client.listSeriesFiles(plainListed!))).toEqual([[1, undefined]]);
  });

  test("entries that do not read are skipped, never the listing's failure", async () => {
    sonarr = await startFakeSonarr({ version });
    const svu = sonarr.addSeries({
      title: "Law & Order: Special Victims Unit",
      alternateTitles: [{ title: "Law and Order SVU", seasonNumber: -1, sceneSeasonNumber: -1 }],
    });
    sonarr.addEpisodeFile(svu.id, { season: 1, episodes: [1] });
    const malformed = tampering("/series", (r) => ({
      ...r,
      alternateTitles: [
        "Law and Order SVU",
        null,
        { title: 42 },
        { title: ["SVU"] },
        { title: "SVU", seasonNumber: "one" },
        ...(r.alternateTitles as Rec[]),
      ],
    }));
    const listing = await sonarrClient(sonarr, malformed).listAllFiles();
    expect(listing.ok && listing.skipped).toBeUndefined();
    expect(titlesBySeason(listing)).toEqual([[1, ["Law and Order SVU"]]]);
    // Not a list at all: no alternate title, the listing as whole as without it.
    const odd = await sonarrClient(
      sonarr,
      tampering("/series", (r) => ({ ...r, alternateTitles: { title: "SVU" } })),
    ).listAllFiles();
    expect(odd.ok && odd.skipped).toBeUndefined();
    expect(titlesBySeason(odd)).toEqual([[1, undefined]]);
  });
});

test(`Sonarr: at most ${MAX_ALTERNATE_TITLES} alternate titles are kept of a series, the first listed`, async () => {
  sonarr = await startFakeSonarr();
  const many = Array.from({ length: 30 }, (_, i) => ({ title: `Alias ${i + 1}` }));
  const show = sonarr.addSeries({ title: "Show", alternateTitles: many });
  sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
  const [[, titles]] = titlesBySeason(await sonarrClient(sonarr).listAllFiles()) as [[number, string[]]];
  expect(titles).toEqual(many.slice(0, MAX_ALTERNATE_TITLES).map((t) => t.title));
});

describe("Radarr: a movie's alternate titles", () => {
  function titlesByTitle(listing: Listing<MediaFile>) {
    if (!listing.ok) throw new Error(listing.error);
    return Object.fromEntries(listing.items.map((f) => [f.title, f.alternateTitles]));
  }

  test("its original title first when another, then alternateTitles; null and non-Latin titles skipped", async () => {
    radarr = await startFakeRadarr();
    const leon = radarr.addMovie({
      title: "Léon: The Professional",
      year: 1994,
      originalTitle: "Léon",
      alternateTitles: [
        { title: "Leon" },
        { title: "léon", sourceType: "mappings" },
        { title: null },
        // TMDb's titles in other scripts: never in a release name.
        { title: "Леон" },
        { title: "レオン" },
        { title: "Léon: The Professional" },
        { title: " The Professional ", sourceType: "indexer" },
      ],
    });
    radarr.addMovieFile(leon.id);
    // The original title is the title: nothing to add.
    radarr.addMovieFile(radarr.addMovie({ title: "The Matrix", year: 1999 }).id);
    expect(titlesByTitle(await radarrClient(radarr).listAllFiles())).toEqual({
      "Léon: The Professional": ["Léon", "Leon", "The Professional"],
      "The Matrix": undefined,
    });
  });

  test("older Radarr's entry shape reads the same; malformed entries and original titles are skipped", async () => {
    radarr = await startFakeRadarr();
    const leon = radarr.addMovie({ title: "Léon: The Professional", year: 1994, originalTitle: "Léon" });
    radarr.addMovieFile(leon.id);
    const older = tampering("/movie", (r) => ({
      ...r,
      alternateTitles: [
        {
          sourceType: "tmdb",
          movieId: r.id,
          title: "Leon",
          sourceId: 0,
          votes: 0,
          voteCount: 0,
          language: { id: 1, name: "English" },
        },
        { sourceType: "tmdb", movieId: r.id, title: { en: "Leon" } },
        7,
      ],
    }));
    const listing = await radarrClient(radarr, older).listAllFiles();
    expect(listing.ok && listing.skipped).toBeUndefined();
    expect(titlesByTitle(listing)).toEqual({ "Léon: The Professional": ["Léon", "Leon"] });
    const badOriginal = await radarrClient(
      radarr,
      tampering("/movie", (r) => ({ ...r, originalTitle: 1994, alternateTitles: "Leon" })),
    ).listAllFiles();
    expect(titlesByTitle(badOriginal)).toEqual({ "Léon: The Professional": undefined });
  });
});
