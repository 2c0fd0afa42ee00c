import { afterEach, describe, expect, test } from "bun:test";
import { createRadarrClient } from "../../src/library/radarr.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

let fake: FakeRadarr | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

const client = (f: FakeRadarr, retries = 3) =>
  createRadarrClient({
    instance: {
      ...instanceConfig(f.url, f.apiKey, { name: "movies", retries }),
      pathMappings: [{ from: "/movies/", to: "/mnt/films/" }],
    },
    deps: recordingDeps(),
  });

describe("radarr client", () => {
  test("lists movies with files from one /movie request", async () => {
    fake = await startFakeRadarr();
    const matrix = fake.addMovie({ title: "The Matrix", year: 1999, imdbId: "tt0133093", tmdbId: 603 });
    const file = fake.addMovieFile(matrix.id, { subtitles: "eng/fre" });
    fake.addMovie({ title: "No File Yet" });
    const unprobed = fake.addMovie({ title: "Unprobed", year: 2020 });
    fake.addMovieFile(unprobed.id, { subtitles: null, releaseGroup: null });

    const radarr = client(fake);
    const listing = await radarr.listMovies();
    expect(listing.ok).toBe(true);
    if (!listing.ok) return;
    expect(fake.requests.total).toBe(1);
    expect(fake.requests.count("/api/v3/movie")).toBe(1);
    expect(listing.items).toHaveLength(2);
    expect(listing.items[0]).toEqual({
      source: "radarr",
      instance: "movies",
      fileId: file.id,
      seriesId: null,
      movieId: matrix.id,
      episodeIds: [],
      title: "The Matrix",
      season: null,
      episodes: [],
      year: 1999,
      imdbId: "tt0133093",
      tvdbId: null,
      tmdbId: 603,
      sceneName: "The.Matrix.1999.1080p.BluRay.x264-FGT",
      releaseGroup: "FGT",
      arrPath: "/movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv",
      path: "/mnt/films/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv",
      relativePath: "The Matrix (1999) Bluray-1080p.mkv",
      size: file.size,
      dateAdded: file.dateAdded.toISOString(),
      arrSubtitleLanguages: ["eng", "fre"],
      tags: [],
      unmonitored: null,
      arrAudioLanguages: ["eng"],
    });
    expect(listing.items[1]).toMatchObject({
      title: "Unprobed",
      arrSubtitleLanguages: null,
      releaseGroup: null,
    });
  });

  test("an upgrade shows a new file id; a resize keeps id and dateAdded", async () => {
    fake = await startFakeRadarr();
    const a = fake.addMovie({ title: "A" });
    const b = fake.addMovie({ title: "B" });
    const fa = fake.addMovieFile(a.id);
    const fb = fake.addMovieFile(b.id);
    const radarr = client(fake);
    const up = fake.upgradeFile(fa.id);
    fake.resizeFile(fb.id, 7);
    const listing = await radarr.listAllFiles();
    if (!listing.ok) throw new Error(listing.error);
    expect(listing.items.map((m) => m.fileId)).toEqual([up.id, fb.id]);
    expect(listing.items[1]).toMatchObject({ size: 7, dateAdded: fb.dateAdded.toISOString() });
  });

  test("getMovieFile and systemStatus", async () => {
    fake = await startFakeRadarr({ version: "6.0.4.10291" });
    const m = fake.addMovie({ title: "Solo" });
    const f = fake.addMovieFile(m.id);
    const radarr = client(fake);
    const got = await radarr.getMovieFile(f.id);
    expect(got.ok && got.value.relativePath).toBe(f.relativePath);
    const missing = await radarr.getMovieFile(999);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toContain("MovieFile with ID 999 does not exist");
    const status = await radarr.systemStatus();
    expect(status.ok && status.value.major).toBe(6);
  });

  test("a radarr that is down yields a failure listing", async () => {
    fake = await startFakeRadarr();
    fake.generateLibrary({ count: 5 });
    await fake.setMode("down");
    const listing = await client(fake, 0).listMovies();
    expect(listing.ok).toBe(false);
    if (!listing.ok) expect(listing.error).toContain('radarr "movies"');
  });

  test("large generated library", async () => {
    fake = await startFakeRadarr();
    fake.generateLibrary({ count: 2000, withoutFileEvery: 10 });
    const listing = await client(fake).listMovies();
    expect(listing.ok && listing.items.length).toBe(1800);
  });
});
