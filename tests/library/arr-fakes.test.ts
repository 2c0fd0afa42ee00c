import { afterEach, describe, expect, test } from "bun:test";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";

/** A JSON value read loosely: the tests below check wire shapes field by field. */
// biome-ignore lint/suspicious/noExplicitAny: wire payloads are inspected dynamically
type Wire = any;
const read = async (r: Response | Promise<Response>): Promise<Wire> => (await r).json();

let sonarr: FakeSonarr | null = null;
let radarr: FakeRadarr | null = null;
afterEach(async () => {
  await sonarr?.stop();
  await radarr?.stop();
  sonarr = radarr = null;
});

describe("fake sonarr speaks the wire format", () => {
  test("auth: 401 with an empty body; key via header, query or bearer; /ping anonymous", async () => {
    sonarr = await startFakeSonarr();
    const none = await fetch(`${sonarr.url}/api/v3/series`);
    expect(none.status).toBe(401);
    expect(await none.text()).toBe("");
    expect((await fetch(`${sonarr.url}/api/v3/series`, { headers: { "X-Api-Key": "nope" } })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${sonarr.url}/api/v3/series`, { headers: { "X-Api-Key": sonarr.apiKey } })).status,
    ).toBe(200);
    expect((await fetch(`${sonarr.url}/api/v3/series?apikey=${sonarr.apiKey}`)).status).toBe(200);
    expect(
      (await fetch(`${sonarr.url}/api/v3/series`, { headers: { Authorization: `Bearer ${sonarr.apiKey}` } }))
        .status,
    ).toBe(200);
    expect(await (await fetch(`${sonarr.url}/ping`)).json()).toEqual({ status: "OK" });
    expect(sonarr.requests.count("/api/v3/series")).toBe(5);
  });

  test("400s and 404s have the arr's shapes", async () => {
    sonarr = await startFakeSonarr();
    const h = { headers: { "X-Api-Key": sonarr.apiKey } };
    const ef = await fetch(`${sonarr.url}/api/v3/episodefile`, h);
    expect(ef.status).toBe(400);
    expect(await ef.json()).toEqual({ message: "seriesId or episodeFileIds must be provided" });
    const ep = await fetch(`${sonarr.url}/api/v3/episode`, h);
    expect(ep.status).toBe(400);
    expect(await ep.json()).toEqual({ message: "seriesId or episodeIds must be provided" });
    const nf = await fetch(`${sonarr.url}/api/v3/series/999`, h);
    expect(nf.status).toBe(404);
    expect((await read(nf)).message).toBe("Series with ID 999 does not exist");
    // An unknown seriesId on /episode is not a 404 on the real server: an empty list.
    const unknown = await fetch(`${sonarr.url}/api/v3/episode?seriesId=999`, h);
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual([]);
  });

  test("nulls omitted, no lastInfoSync, second-precision Z timestamps, subtitles string", async () => {
    sonarr = await startFakeSonarr();
    const s = sonarr.addSeries({ title: "Show", tmdbId: null, imdbId: null });
    sonarr.addEpisodeFile(s.id, { season: 1, episodes: [1, 2], subtitles: "eng/eng/spa", sceneName: null });
    sonarr.addEpisodeFile(s.id, { season: 1, episodes: [3], subtitles: null });
    const h = { headers: { "X-Api-Key": sonarr.apiKey } };
    const text = await (await fetch(`${sonarr.url}/api/v3/series`, h)).text();
    expect(text).not.toContain("null");
    expect(text).not.toContain("lastInfoSync");
    const [series]: Wire[] = JSON.parse(text);
    expect("tmdbId" in series).toBe(false);
    expect(series.added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Sonarr counts episodes with a file: the double episode counts twice.
    expect(series.statistics.episodeFileCount).toBe(3);
    const files = await read(fetch(`${sonarr.url}/api/v3/episodefile?seriesId=${s.id}`, h));
    expect(files[0].mediaInfo.subtitles).toBe("eng/eng/spa");
    expect(files[0].releaseType).toBe("multiEpisode");
    expect("sceneName" in files[0]).toBe(false);
    expect("mediaInfo" in files[1]).toBe(false);
    const episodes = await read(fetch(`${sonarr.url}/api/v3/episode?seriesId=${s.id}`, h));
    expect(episodes.map((e: { episodeFileId: number }) => e.episodeFileId)).toEqual([
      files[0].id,
      files[0].id,
      files[1].id,
    ]);
  });

  test("v3 app shapes: language instead of languages", async () => {
    sonarr = await startFakeSonarr({ version: "v3" });
    const s = sonarr.addSeries({ title: "Old" });
    sonarr.addEpisodeFile(s.id, { season: 1, episodes: [1] });
    const h = { headers: { "X-Api-Key": sonarr.apiKey } };
    const [file] = await read(fetch(`${sonarr.url}/api/v3/episodefile?seriesId=${s.id}`, h));
    expect(file.language).toEqual({ id: 1, name: "English" });
    expect("languages" in file).toBe(false);
    expect((await read(fetch(`${sonarr.url}/api/v3/system/status`, h))).version).toStartWith("3.");
  });

  test("mutations: upgrade gives a new id, rename and resize keep it", async () => {
    sonarr = await startFakeSonarr();
    const s = sonarr.addSeries({ title: "Show" });
    const f = sonarr.addEpisodeFile(s.id, { season: 1, episodes: [1] });
    const up = sonarr.upgradeFile(f.id);
    expect(up.id).not.toBe(f.id);
    expect(up.dateAdded.getTime()).toBeGreaterThan(f.dateAdded.getTime());
    expect(sonarr.episodeFiles.has(f.id)).toBe(false);
    expect(sonarr.episodesOf(s.id)[0]?.episodeFileId).toBe(up.id);
    const renamed = sonarr.renameFile(up.id, "x.mkv");
    expect(renamed).toMatchObject({ id: up.id, dateAdded: up.dateAdded });
    sonarr.deleteFile(up.id);
    expect(sonarr.episodesOf(s.id)[0]?.episodeFileId).toBe(0);
  });

  test("error mode answers 500 with an ErrorModel", async () => {
    sonarr = await startFakeSonarr();
    await sonarr.setMode("error");
    const r = await fetch(`${sonarr.url}/api/v3/series`, { headers: { "X-Api-Key": sonarr.apiKey } });
    expect(r.status).toBe(500);
    expect((await read(r)).message).toBeString();
  });

  test("generates a 5,000-episode library", async () => {
    sonarr = await startFakeSonarr();
    sonarr.generateLibrary({ seriesCount: 50, episodes: 5000, seasons: 4 });
    expect(sonarr.episodeFiles.size).toBe(5000);
  });
});

describe("fake radarr speaks the wire format", () => {
  test("/movie embeds movieFile, omits it without a file; /moviefile 400", async () => {
    radarr = await startFakeRadarr();
    const a = radarr.addMovie({ title: "A", year: 2001 });
    radarr.addMovie({ title: "B" });
    radarr.addMovieFile(a.id, { subtitles: "" });
    const h = { headers: { "X-Api-Key": radarr.apiKey } };
    expect((await fetch(`${radarr.url}/api/v3/movie`)).status).toBe(401);
    const movies = await read(fetch(`${radarr.url}/api/v3/movie`, h));
    expect(movies[0].movieFile.mediaInfo.subtitles).toBe("");
    expect(movies[0].hasFile).toBe(true);
    expect("movieFile" in movies[1]).toBe(false);
    expect(movies[1].movieFileId).toBe(0);
    const bad = await fetch(`${radarr.url}/api/v3/moviefile`, h);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: "movieId or movieFileIds must be provided" });
    const byMovie = await (
      await fetch(`${radarr.url}/api/v3/moviefile?movieId=${a.id}&movieId=99`, h)
    ).json();
    expect(byMovie).toHaveLength(1);
  });
});
