import { afterEach, describe, expect, test } from "bun:test";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

let fake: FakeSonarr | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

function client(
  f: FakeSonarr,
  extra: { pathMappings?: { from: string; to: string }[]; retries?: number } = {},
) {
  return createSonarrClient({
    instance: {
      ...instanceConfig(f.url, f.apiKey, { retries: extra.retries ?? 3 }),
      pathMappings: extra.pathMappings ?? [],
    },
    globalPathMappings: [{ from: "/tv", to: "/srv/media/tv" }],
    deps: recordingDeps(),
  });
}

describe.each(["v4", "v3"] as const)("sonarr client against a %s app", (version) => {
  test("maps series, files and episodes to MediaFiles", async () => {
    fake = await startFakeSonarr({ version });
    const series = fake.addSeries({
      title: "Breaking Bad",
      year: 2008,
      tvdbId: 81189,
      imdbId: "tt0903747",
      tmdbId: 1396,
    });
    const single = fake.addEpisodeFile(series.id, { season: 1, episodes: [1], subtitles: "eng/spa" });
    const multi = fake.addEpisodeFile(series.id, {
      season: 1,
      episodes: [3, 2],
      subtitles: "",
      releaseGroup: null,
      sceneName: null,
    });
    const unprobed = fake.addEpisodeFile(series.id, { season: 2, episodes: [1], subtitles: null });
    fake.addEpisode(series.id, 2, 2); // no file

    const sonarr = client(fake);
    const list = await sonarr.listSeries();
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.value[0]?.statistics).toEqual({
      sizeOnDisk: single.size + multi.size + unprobed.size,
      // Episodes with a file, as Sonarr counts them: the multi-episode file counts twice.
      episodeFileCount: 4,
    });
    const listing = await sonarr.listSeriesFiles(list.value[0]!);
    expect(listing.ok).toBe(true);
    if (!listing.ok) return;
    expect(listing.items).toHaveLength(3);
    const byId = new Map(listing.items.map((f) => [f.fileId, f]));
    const first = byId.get(single.id)!;
    expect(first).toEqual({
      source: "sonarr",
      instance: "main",
      fileId: single.id,
      seriesId: series.id,
      movieId: null,
      episodeIds: [fake.episodesOf(series.id).find((e) => e.seasonNumber === 1 && e.episodeNumber === 1)!.id],
      title: "Breaking Bad",
      season: 1,
      episodes: [1],
      year: 2008,
      imdbId: "tt0903747",
      tvdbId: 81189,
      tmdbId: version === "v4" ? 1396 : null,
      sceneName: single.sceneName,
      releaseGroup: "GRP",
      arrPath: `/tv/Breaking Bad (2008)/${single.relativePath}`,
      path: `/srv/media/tv/Breaking Bad (2008)/${single.relativePath}`,
      relativePath: single.relativePath,
      size: single.size,
      dateAdded: single.dateAdded.toISOString(),
      arrSubtitleLanguages: ["eng", "spa"],
      tags: [],
      unmonitored: null,
      arrAudioLanguages: ["eng"],
    });
    const two = byId.get(multi.id)!;
    expect(two.episodes).toEqual([2, 3]);
    expect(two.episodeIds).toHaveLength(2);
    expect(two.arrSubtitleLanguages).toEqual([]);
    expect(two.releaseGroup).toBeNull();
    expect(two.sceneName).toBeNull();
    expect(byId.get(unprobed.id)?.arrSubtitleLanguages).toBeNull();
    expect(byId.get(unprobed.id)?.season).toBe(2);
  });

  test("an anime series' files carry Sonarr's absolute numbers; a standard series' do not", async () => {
    fake = await startFakeSonarr({ version });
    const anime = fake.addSeries({ title: "One Piece", seriesType: "anime" });
    fake.addEpisodeFile(anime.id, { season: 21, episodes: [80, 81], absolute: [1071, 1072] });
    const standard = fake.addSeries({ title: "Breaking Bad" });
    fake.addEpisodeFile(standard.id, { season: 1, episodes: [1], absolute: [1] });
    const sonarr = client(fake);
    const list = await sonarr.listSeries();
    if (!list.ok) throw new Error(list.error.message);
    const files = await Promise.all(list.value.map((s) => sonarr.listSeriesFiles(s)));
    const [onePiece, breakingBad] = files.map((l) => (l.ok ? l.items : []));
    expect(onePiece!.map((f) => [f.episodes, f.absoluteEpisodes])).toEqual([
      [
        [80, 81],
        [1071, 1072],
      ],
    ]);
    expect(breakingBad!.map((f) => f.absoluteEpisodes)).toEqual([undefined]);
  });

  test("systemStatus reports the app version", async () => {
    fake = await startFakeSonarr({ version });
    const status = await client(fake).systemStatus();
    expect(status.ok && status.value.major).toBe(version === "v4" ? 4 : 3);
  });
});

describe("sonarr listing", () => {
  test("two requests per series plus one for the series list, never one per episode", async () => {
    fake = await startFakeSonarr();
    fake.generateLibrary({ seriesCount: 20, episodes: 1000, seasons: 2 });
    const sonarr = client(fake);
    const listing = await sonarr.listAllFiles();
    expect(listing.ok).toBe(true);
    if (!listing.ok) return;
    expect(listing.items).toHaveLength(1000);
    expect(fake.requests.count("/api/v3/series")).toBe(1);
    expect(fake.requests.count("/api/v3/episodefile")).toBe(20);
    expect(fake.requests.count("/api/v3/episode")).toBe(20);
    expect(fake.requests.total).toBe(41);
    expect(sonarr.requestCount).toBe(41);
  });

  test("an instance that is down yields a failure, not an empty list", async () => {
    fake = await startFakeSonarr();
    fake.generateLibrary({ seriesCount: 2, episodes: 4 });
    await fake.setMode("down");
    const listing = await client(fake, { retries: 1 }).listAllFiles();
    expect(listing.ok).toBe(false);
    if (!listing.ok)
      expect(listing.error).toContain('sonarr "main": GET /api/v3/series failed: cannot reach');
  });

  test("an arr answering 500 yields a failure", async () => {
    fake = await startFakeSonarr();
    fake.generateLibrary({ seriesCount: 3, episodes: 6 });
    const sonarr = client(fake, { retries: 0 });
    fake.failNext({ count: 1, status: 500 });
    expect((await sonarr.listAllFiles()).ok).toBe(false);
    await fake.setMode("error");
    expect((await sonarr.listAllFiles()).ok).toBe(false);
  });

  test("a 500 on one series' episodes fails the listing", async () => {
    fake = await startFakeSonarr();
    fake.generateLibrary({ seriesCount: 3, episodes: 6 });
    const sonarr = createSonarrClient({
      instance: instanceConfig(fake.url, fake.apiKey, { retries: 0 }),
      deps: {
        ...recordingDeps(),
        fetch: (url, init) =>
          url.includes("/episode?seriesId=2")
            ? Promise.resolve(new Response("{}", { status: 500 }))
            : fetch(url, init),
      },
    });
    const listing = await sonarr.listAllFiles();
    expect(listing.ok).toBe(false);
    if (!listing.ok) expect(listing.error).toContain("/api/v3/episode?seriesId=2");
  });

  test("a series deleted during the listing is left out, not a failure", async () => {
    fake = await startFakeSonarr();
    fake.generateLibrary({ seriesCount: 2, episodes: 4 });
    const f = fake;
    const sonarr = createSonarrClient({
      instance: instanceConfig(f.url, f.apiKey),
      deps: {
        ...recordingDeps(),
        fetch: (url, init) => {
          if (url.endsWith("/api/v3/series")) {
            return fetch(url, init).then(async (r) => {
              f.deleteSeries(2);
              return new Response(await r.text(), { status: r.status, headers: r.headers });
            });
          }
          return fetch(url, init);
        },
      },
    });
    const listing = await sonarr.listAllFiles();
    expect(listing.ok).toBe(true);
    if (listing.ok) expect(listing.items.map((i) => i.seriesId)).toEqual([1, 1]);
  });

  test("upgrade, rename and in-place size change show up as the wire says", async () => {
    fake = await startFakeSonarr();
    const s = fake.addSeries({ title: "Show" });
    const a = fake.addEpisodeFile(s.id, { season: 1, episodes: [1] });
    const b = fake.addEpisodeFile(s.id, { season: 1, episodes: [2] });
    const c = fake.addEpisodeFile(s.id, { season: 1, episodes: [3] });
    const sonarr = client(fake);
    const before = await sonarr.listAllFiles();
    const upgraded = fake.upgradeFile(a.id);
    fake.renameFile(b.id, "Season 01/Show - S01E02 - Renamed.mkv");
    fake.resizeFile(c.id, 42);
    const after = await sonarr.listAllFiles();
    if (!before.ok || !after.ok) throw new Error("listing failed");
    const find = (items: typeof after.items, ep: number) => items.find((i) => i.episodes[0] === ep)!;
    expect(find(after.items, 1).fileId).toBe(upgraded.id);
    expect(find(after.items, 1).fileId).not.toBe(a.id);
    expect(find(after.items, 1).dateAdded! > find(before.items, 1).dateAdded!).toBe(true);
    expect(find(after.items, 2).fileId).toBe(b.id);
    expect(find(after.items, 2).relativePath).toBe("Season 01/Show - S01E02 - Renamed.mkv");
    expect(find(after.items, 2).dateAdded).toBe(find(before.items, 2).dateAdded);
    expect(find(after.items, 3)).toMatchObject({
      fileId: c.id,
      size: 42,
      dateAdded: find(before.items, 3).dateAdded,
    });
  });

  test("instance path mappings win over global ones", async () => {
    fake = await startFakeSonarr();
    const s = fake.addSeries({ title: "Show", year: 2001 });
    fake.addEpisodeFile(s.id, { season: 1, episodes: [1], relativePath: "Season 01/ep.mkv" });
    const listing = await client(fake, {
      pathMappings: [{ from: "/tv/Show (2001)", to: "/nas/show" }],
    }).listAllFiles();
    expect(listing.ok && listing.items[0]?.path).toBe("/nas/show/Season 01/ep.mkv");
  });

  test("tolerates minimal payloads with absent optional fields", async () => {
    const payloads: Record<string, unknown> = {
      "/api/v3/series": [{ id: 5, title: "Bare" }],
      "/api/v3/episodefile?seriesId=5": [
        { id: 9, seriesId: 5, relativePath: "a.mkv", path: "/x/a.mkv", size: 1 },
      ],
      "/api/v3/episode?seriesId=5": [
        { id: 1, seriesId: 5, episodeFileId: 9, seasonNumber: 0, episodeNumber: 4 },
      ],
    };
    const sonarr = createSonarrClient({
      instance: instanceConfig("http://sonarr.test", "k".repeat(32)),
      deps: { fetch: async (url) => Response.json(payloads[url.replace("http://sonarr.test", "")]) },
    });
    const listing = await sonarr.listAllFiles();
    expect(listing.ok).toBe(true);
    if (!listing.ok) return;
    expect(listing.items[0]).toMatchObject({
      title: "Bare",
      year: null,
      tvdbId: null,
      imdbId: null,
      season: 0,
      episodes: [4],
      dateAdded: null,
      arrSubtitleLanguages: null,
      sceneName: null,
    });
  });

  test("a payload of the wrong shape is a failure naming the field", async () => {
    const sonarr = createSonarrClient({
      instance: instanceConfig("http://sonarr.test", "k".repeat(32)),
      deps: { fetch: async () => Response.json([{ id: "x", title: 3 }]) },
    });
    const listing = await sonarr.listAllFiles();
    expect(listing.ok).toBe(false);
    if (!listing.ok) expect(listing.error).toContain("unexpected payload at 0.id");
  });
});
