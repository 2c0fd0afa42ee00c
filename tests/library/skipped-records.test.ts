import { afterEach, expect, test } from "bun:test";
import { createRadarrClient } from "../../src/library/radarr.ts";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

let sonarr: FakeSonarr | null = null;
let radarr: FakeRadarr | null = null;
afterEach(async () => {
  await sonarr?.stop();
  await radarr?.stop();
  sonarr = radarr = null;
});

const get = async (url: string, apiKey: string) =>
  (await (await fetch(url, { headers: { "X-Api-Key": apiKey } })).json()) as Record<string, unknown>[];

test("a Sonarr series without a title is skipped and counted; the other series are listed", async () => {
  sonarr = await startFakeSonarr();
  const untitled = sonarr.addSeries({ title: null, path: "/tv/untitled" });
  sonarr.addEpisodeFile(untitled.id, { season: 1, episodes: [1] });
  const named = sonarr.addSeries({ title: "Named" });
  sonarr.addEpisodeFile(named.id, { season: 1, episodes: [1] });
  // Sonarr omits nulls: the record simply has no title.
  const wire = await get(`${sonarr.url}/api/v3/series`, sonarr.apiKey);
  expect(wire[0]).not.toHaveProperty("title");

  const client = createSonarrClient({
    instance: instanceConfig(sonarr.url, sonarr.apiKey),
    deps: recordingDeps(),
  });
  const listing = await client.listAllFiles();
  expect(listing.ok).toBe(true);
  if (!listing.ok) return;
  expect(listing.items.map((f) => f.title)).toEqual(["Named"]);
  expect(listing.skipped).toEqual({
    count: 1,
    example: `/series (id ${untitled.id}) at 0.title: Invalid input: expected string, received undefined`,
  });
});

test("a Radarr movie without a title is skipped and counted; a list none of which reads still fails", async () => {
  radarr = await startFakeRadarr();
  radarr.addMovieFile(radarr.addMovie({ title: "Kept" }).id);
  const untitled = radarr.addMovie({ title: null });
  radarr.addMovieFile(untitled.id);
  const client = createRadarrClient({
    instance: instanceConfig(radarr.url, radarr.apiKey, { name: "movies" }),
    deps: recordingDeps(),
  });
  const listing = await client.listAllFiles();
  expect(listing.ok).toBe(true);
  if (!listing.ok) return;
  expect(listing.items.map((f) => f.title)).toEqual(["Kept"]);
  expect(listing.skipped?.count).toBe(1);
  expect(listing.skipped?.example).toStartWith(`/movie (id ${untitled.id}) at 1.title`);

  const nothingReads = createRadarrClient({
    instance: instanceConfig("http://radarr.test", "k".repeat(32)),
    deps: { fetch: async () => Response.json([{ id: 1 }, { id: 2 }]) },
  });
  const failed = await nothingReads.listAllFiles();
  expect(failed.ok).toBe(false);
  if (!failed.ok) expect(failed.error).toContain("unexpected payload at 0.title");
});

test("a skipped episode-file record still trips the listing-is-lying check for its series", async () => {
  sonarr = await startFakeSonarr();
  const series = sonarr.addSeries({ title: "Show" });
  sonarr.addEpisodeFile(series.id, { season: 1, episodes: [1] });
  sonarr.addEpisodeFile(series.id, { season: 1, episodes: [2] });
  const client = createSonarrClient({
    instance: instanceConfig(sonarr.url, sonarr.apiKey),
    deps: {
      ...recordingDeps(),
      // One file record without its required id: skipped, so /episode names a file /episodefile did not list.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes("/episodefile")) return response;
        const files = (await response.json()) as Record<string, unknown>[];
        return Response.json(files.map((f, i) => (i === 0 ? { ...f, id: undefined } : f)));
      },
    },
  });
  const all = await client.listSeries();
  if (!all.ok) throw new Error(all.error.message);
  const listing = await client.listSeriesFiles(all.value[0]!);
  expect(listing.ok).toBe(false);
  if (!listing.ok)
    expect(listing.error).toContain("/episode names 1 episode file(s) that /episodefile did not list");
});

/** Passes requests to the fake, dropping `path` and `relativePath` from every file record `pick` selects. */
function pathlessFetch(pick: (record: Record<string, unknown>) => boolean) {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record)) out[k] = strip(v);
      if (pick(record)) {
        delete out.path;
        delete out.relativePath;
      }
      return out;
    }
    return value;
  };
  return async (url: string | URL | Request, init?: RequestInit) => {
    const answer = await fetch(url, init);
    const body = strip(await answer.json());
    return new Response(JSON.stringify(body), { status: answer.status, headers: answer.headers });
  };
}

test("a Radarr movie file that names no path is skipped and counted, not dropped as if it were gone", async () => {
  radarr = await startFakeRadarr();
  radarr.addMovieFile(radarr.addMovie({ title: "Kept" }).id);
  const lost = radarr.addMovie({ title: "Lost" });
  const lostFile = radarr.addMovieFile(lost.id);
  const client = createRadarrClient({
    instance: instanceConfig(radarr.url, radarr.apiKey, { name: "movies" }),
    deps: recordingDeps({ fetch: pathlessFetch((r) => r.id === lostFile.id && "movieId" in r) }),
  });
  const listing = await client.listAllFiles();
  expect(listing.ok).toBe(true);
  if (!listing.ok) return;
  expect(listing.items.map((f) => f.title)).toEqual(["Kept"]);
  expect(listing.skipped).toEqual({
    count: 1,
    example: `/movie (id ${lost.id}) at movieFile.path: the file has no path`,
  });
});

test("a Sonarr episode file that names no path is skipped and counted, not dropped as if it were gone", async () => {
  sonarr = await startFakeSonarr();
  const series = sonarr.addSeries({ title: "Show", path: "/tv/show" });
  sonarr.addEpisodeFile(series.id, { season: 1, episodes: [1] });
  const lost = sonarr.addEpisodeFile(series.id, { season: 1, episodes: [2] });
  const client = createSonarrClient({
    instance: instanceConfig(sonarr.url, sonarr.apiKey),
    deps: recordingDeps({ fetch: pathlessFetch((r) => r.id === lost.id && "seriesId" in r && "size" in r) }),
  });
  const listing = await client.listAllFiles();
  expect(listing.ok).toBe(true);
  if (!listing.ok) return;
  expect(listing.items.map((f) => f.episodes)).toEqual([[1]]);
  expect(listing.skipped).toEqual({
    count: 1,
    example: `/episodefile (id ${lost.id}) of series ${series.id}: the file has no path`,
  });
});
