import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";

/** The library's mass edit: a named profile for many series and movies at once, and their missing subtitles searched. */

let sonarr: FakeSonarr;
let radarr: FakeRadarr;
let podnapisi: FakePodnapisi;
let runtime: Runtime;
let dir: string;

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  podnapisi = await startFakePodnapisi();
  dir = mkdtempSync(join(tmpdir(), "subhound-mass-edit-"));
  for (const title of ["Frieren", "Mushishi", "Dark"]) {
    const show = sonarr.addSeries({ title, path: `/tv/${title}` });
    sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    sonarr.addEpisodeFile(show.id, { season: 0, episodes: [1] });
  }
  const movie = radarr.addMovie({ title: "Dune", year: 2021, path: "/movies/Dune (2021)" });
  radarr.addMovieFile(movie.id);
  runtime = createRuntime(
    testConfig({
      languages: ["en"],
      profiles: { anime: { languages: ["en", "ja"], skipSpecials: true }, german: { languages: ["de"] } },
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
      radarr: [{ name: "films", url: radarr.url, apiKey: "radarr-key", retries: 0 }],
      pathMappings: [
        { from: "/tv", to: join(dir, "tv") },
        { from: "/movies", to: join(dir, "movies") },
      ],
      providers: { podnapisi: { enabled: true, baseUrl: podnapisi.url } },
    }),
    {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
      inspector: { inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }) },
    },
  );
  const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
});

afterEach(async () => {
  await runtime.close();
  await sonarr.stop();
  await radarr.stop();
  await podnapisi.stop();
  rmSync(dir, { recursive: true, force: true });
});

const send = (method: string, path: string, body: unknown) =>
  request(runtime, `/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
const bulk = (body: unknown) => send("PUT", "/profiles/bulk", body);
const seriesProfiles = async () =>
  Object.fromEntries(
    (await jsonOf(request(runtime, "/api/v1/library/series"))).items.map((s: Json) => [
      s.title,
      s.profile.via === "item" ? s.profile.name : s.overrideId === null ? "default" : "custom",
    ]),
  );

test("sets a named profile on several series and a movie in one request, and clears it again", async () => {
  const res = await bulk({
    series: [
      { instance: "main", seriesId: 1 },
      { instance: "main", seriesId: 2 },
      // Named twice: counted once.
      { instance: "main", seriesId: 1 },
    ],
    movies: [{ instance: "films", movieId: 1 }],
    profile: "anime",
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    profile: "anime",
    requested: 3,
    changed: 3,
    unchanged: 0,
    unknown: { series: [], movies: [] },
  });
  expect(await seriesProfiles()).toEqual({ Frieren: "anime", Mushishi: "anime", Dark: "default" });
  const movie = (await jsonOf(request(runtime, "/api/v1/library/movies"))).items[0];
  expect(movie.profile).toEqual({ via: "item", name: "anime" });

  // A series' own fields stay when the mass edit picks another named profile.
  await send("PUT", "/profiles/overrides", {
    instance: "main",
    kind: "series",
    arrId: 2,
    override: { profileName: "anime", forced: "separate" },
  });
  const again = await jsonOf(
    bulk({
      series: [
        { instance: "main", seriesId: 1 },
        { instance: "main", seriesId: 2 },
      ],
      profile: "german",
    }),
  );
  expect(again).toMatchObject({ requested: 2, changed: 2, unchanged: 0 });
  const { overrides } = await jsonOf(request(runtime, "/api/v1/profiles"));
  expect(overrides.map((o: Json) => [o.kind, o.arrId, o.override])).toEqual([
    ["movie", 1, { profileName: "anime" }],
    ["series", 1, { profileName: "german" }],
    ["series", 2, { profileName: "german", forced: "separate" }],
  ]);
  const same = await jsonOf(bulk({ series: [{ instance: "main", seriesId: 1 }], profile: "german" }));
  expect(same).toMatchObject({ changed: 0, unchanged: 1 });

  // null: back to the tag's profile or the default; the whole override goes, own fields too.
  const cleared = await jsonOf(
    bulk({
      series: [
        { instance: "main", seriesId: 1 },
        { instance: "main", seriesId: 2 },
        { instance: "main", seriesId: 3 },
      ],
      movies: [{ instance: "films", movieId: 1 }],
      profile: null,
    }),
  );
  expect(cleared).toMatchObject({ profile: null, requested: 4, changed: 3, unchanged: 1 });
  expect((await jsonOf(request(runtime, "/api/v1/profiles"))).overrides).toEqual([]);
  expect(await seriesProfiles()).toEqual({ Frieren: "default", Mushishi: "default", Dark: "default" });
});

test("an unknown profile is a 422 naming it; nothing is written", async () => {
  const res = await bulk({ series: [{ instance: "main", seriesId: 1 }], profile: "kids" });
  expect(res.status).toBe(422);
  const problem: Json = await res.json();
  expect(problem.detail).toContain('no profile named "kids"');
  expect(problem.detail).toContain("defined: anime, german");
  expect((await jsonOf(request(runtime, "/api/v1/profiles"))).overrides).toEqual([]);
});

test("series and movies no scan stored are reported one by one, the others are set", async () => {
  const res = await bulk({
    series: [
      { instance: "main", seriesId: 3 },
      { instance: "main", seriesId: 99 },
      { instance: "other", seriesId: 1 },
    ],
    // A Sonarr id is no Radarr id: the movie of that number does not exist.
    movies: [{ instance: "films", movieId: 3 }],
    profile: "anime",
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    profile: "anime",
    requested: 4,
    changed: 1,
    unchanged: 0,
    unknown: {
      series: [
        { instance: "main", seriesId: 99 },
        { instance: "other", seriesId: 1 },
      ],
      movies: [{ instance: "films", movieId: 3 }],
    },
  });
  expect(await seriesProfiles()).toEqual({ Frieren: "default", Mushishi: "default", Dark: "anime" });
});

test("more than 5000 series and movies in one request is refused with a clear message; none at all is a 400", async () => {
  const series = Array.from({ length: 4000 }, (_, i) => ({ instance: "main", seriesId: i + 1 }));
  const movies = Array.from({ length: 1001 }, (_, i) => ({ instance: "films", movieId: i + 1 }));
  const res = await bulk({ series, movies, profile: "anime" });
  expect(res.status).toBe(422);
  expect(((await res.json()) as Json).detail).toBe(
    "at most 5000 series and movies per request, got 5001: send them in parts",
  );
  expect((await jsonOf(request(runtime, "/api/v1/profiles"))).overrides).toEqual([]);
  // 5000 is taken, in one go (the three stored series set, the rest reported).
  const full = await jsonOf(bulk({ series, movies: movies.slice(0, 1000), profile: "anime" }));
  expect(full).toMatchObject({ requested: 5000, changed: 4 });
  expect(full.unknown.series).toHaveLength(3997);

  const empty = await bulk({ series: [], profile: "anime" });
  expect(empty.status).toBe(400);
  expect(((await empty.json()) as Json).detail).toContain("name at least one series or movie");
});

test("the wanted items of the series are decided again by the new profile, as a single override does", async () => {
  const slotsOf = async (title: string) =>
    (await jsonOf(request(runtime, `/api/v1/wanted?title=${title}&instance=main`))).items
      .map((i: Json) => `S${i.season} ${i.language}`)
      .sort();
  const reasonOfSpecial = async (title: string) =>
    (await jsonOf(request(runtime, `/api/v1/wanted?status=all&title=${title}&instance=main`))).items.find(
      (i: Json) => i.season === 0,
    ).reason.code;
  expect(await reasonOfSpecial("Frieren")).not.toBe("special_skipped");
  await bulk({
    series: [
      { instance: "main", seriesId: 1 },
      { instance: "main", seriesId: 2 },
    ],
    profile: "anime",
  });
  // At once: the anime profile skips specials, and the list says so before any scan.
  expect(await reasonOfSpecial("Frieren")).toBe("special_skipped");
  expect(await reasonOfSpecial("Mushishi")).toBe("special_skipped");
  expect(await reasonOfSpecial("Dark")).not.toBe("special_skipped");
  // The next scan applies it: Japanese is wanted, the specials are not.
  const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  expect(await slotsOf("Frieren")).toEqual(["S1 en", "S1 ja"]);

  // Cleared, the next scan follows the default again: the special is wanted, Japanese is not.
  await bulk({ series: [{ instance: "main", seriesId: 1 }], profile: null });
  const rescan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!rescan.ok) throw new Error("a scan is already running");
  await rescan.done;
  expect(await slotsOf("Frieren")).toEqual(["S0 en", "S1 en"]);
  expect(await slotsOf("Mushishi")).toEqual(["S1 en", "S1 ja"]);
});

test("searches the missing subtitles of several series in one run; unknown ones are reported", async () => {
  const seriesList = (await jsonOf(request(runtime, "/api/v1/library/series"))).items;
  const frieren = seriesList.find((s: Json) => s.title === "Frieren");
  const dark = seriesList.find((s: Json) => s.title === "Dark");
  const res = await send("POST", "/library/series/search", {
    series: [
      { instance: "main", seriesId: frieren.seriesId },
      { instance: "main", seriesId: dark.seriesId },
      { instance: "main", seriesId: 77 },
    ],
    shows: ["bm90LWEtc2hvdw"],
  });
  expect(res.status).toBe(200);
  const started: Json = await res.json();
  expect(started).toMatchObject({
    total: 4,
    missing: 4,
    unknown: { series: [{ instance: "main", seriesId: 77 }], shows: ["bm90LWEtc2hvdw"] },
  });
  expect(started.runId).toBeNumber();
  const run = await pollUntil(
    () => jsonOf(request(runtime, "/api/v1/wanted/search")),
    (r: Json) => r.runId === started.runId && r.status !== "running",
  );
  expect(run).toMatchObject({ total: 4, done: 4, status: "succeeded" });
  // Exactly these series' items were searched: Mushishi's were not.
  const searched = (await jsonOf(request(runtime, "/api/v1/wanted?status=all"))).items
    .filter((i: Json) => i.lastSearchedAt !== null)
    .map((i: Json) => i.title);
  expect([...new Set(searched)].sort()).toEqual(["Dark", "Frieren"]);

  // Nothing missing among them: no run.
  const none = await jsonOf(
    send("POST", "/library/series/search", { series: [{ instance: "main", seriesId: 77 }] }),
  );
  expect(none).toMatchObject({ runId: null, total: 0, missing: 0 });
});

test("a search of more than 5000 series is refused with a clear message", async () => {
  const series = Array.from({ length: 5001 }, (_, i) => ({ instance: "main", seriesId: i + 1 }));
  const res = await send("POST", "/library/series/search", { series });
  expect(res.status).toBe(422);
  expect(((await res.json()) as Json).detail).toBe(
    "at most 5000 series and shows per request, got 5001: send them in parts",
  );
});
