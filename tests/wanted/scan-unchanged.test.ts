import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import type { MediaFile } from "../../src/library/types.ts";
import type { Decision } from "../../src/wanted/decide.ts";
import { putOverride } from "../../src/wanted/profile-store.ts";
import { createWantedStore, deleteWanted, type FileWrite } from "../../src/wanted/store/index.ts";
import { items, makeScanner, type ScanEnv, scan, startScanEnv, touch, wantedSlots } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

const incremental = { mode: "incremental" } as const;

test("an unchanged file's items are not decided again, yet a new sidecar, a forgotten item and a profile change are", async () => {
  const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  const paths = [1, 2].map((n) => {
    const file = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [n] });
    const path = join(env.media, "tv", "Show", file.relativePath);
    touch(path);
    return path;
  });
  const scanner = makeScanner(env);
  await scan(scanner);
  const quiet = await scan(scanner, incremental);
  expect(quiet.summary).toMatchObject({ filesSeen: 2, added: 0, resolved: 0 });
  expect(quiet.summary!.phases.decide.count).toBe(0);

  // A subtitle appears next to one episode: that file alone is decided again.
  touch(paths[0]!.replace(/\.mkv$/, ".en.srt"));
  const sidecar = await scan(scanner, incremental);
  expect(sidecar.summary).toMatchObject({ resolved: 1 });
  expect(sidecar.summary!.phases.decide.count).toBe(1);
  expect(items(env).map((i) => i.status)).toEqual(["resolved", "wanted"]);

  // An item the user forgot through the API is made again by the next scan, as before.
  const forgotten = items(env)[1]!;
  expect(deleteWanted(env.db.db, forgotten.id)).toBe(true);
  const back = await scan(scanner, incremental);
  expect(back.summary).toMatchObject({ added: 1 });
  expect(back.summary!.phases.decide.count).toBe(1);
  expect(items(env)[1]).toMatchObject({ path: paths[1], status: "wanted" });
  expect((await scan(scanner, incremental)).summary!.phases.decide.count).toBe(0);

  // The configured profile asks for one more language: every file is decided again.
  const wider = makeScanner(env, { config: { languages: ["en", "de"] } });
  const more = await scan(wider, incremental);
  expect(more.summary).toMatchObject({ added: 2 });
  expect(more.summary!.phases.decide.count).toBe(2);
  expect(wantedSlots(env)).toEqual([
    "Show S01E01 de/full",
    "Show S01E01 en/full",
    "Show S01E02 de/full",
    "Show S01E02 en/full",
  ]);

  // The series' own override (set through the profiles API) changes its profile: decided again.
  putOverride(
    env.db.db,
    { instance: "main", kind: "series", arrId: show.id },
    { languages: ["fr"] },
    env.clock.now().toISOString(),
  );
  const overridden = await scan(wider, incremental);
  expect(overridden.summary!.phases.decide.count).toBe(2);
  expect(wantedSlots(env)).toEqual(["Show S01E01 fr/full", "Show S01E02 fr/full"]);
  expect((await scan(wider, incremental)).summary!.phases.decide.count).toBe(0);

  // A new episode makes the series listed again; its unchanged files still are not decided again.
  const third = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [3] });
  touch(join(env.media, "tv", "Show", third.relativePath));
  env.sonarr.requests.reset();
  const grown = await scan(wider, incremental);
  expect(env.sonarr.requests.count("/api/v3/episodefile")).toBe(1);
  expect(grown.summary).toMatchObject({ filesSeen: 3, added: 1 });
  expect(grown.summary!.phases.decide.count).toBe(1);

  // A full scan decides every file.
  expect((await scan(wider)).summary!.phases.decide.count).toBe(3);
});

test("a file's stored subtitles rewritten outside a scan (an upload's refresh) are decided again", async () => {
  const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  const file = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
  touch(join(env.media, "tv", "Show", file.relativePath));
  const scanner = makeScanner(env);
  await scan(scanner);
  // What refreshFile stores says nothing of what the items were decided under.
  const { library, streams, sidecars, probedAudio } = JSON.parse(
    env.db.sqlite.query<{ json: string }, []>("SELECT subtitles_json AS json FROM media_files").get()!.json,
  );
  env.db.sqlite.run("UPDATE media_files SET subtitles_json = ?", [
    JSON.stringify({ streams, sidecars, probedAudio, library }),
  ]);
  const again = await scan(scanner, incremental);
  expect(again.summary!.phases.decide.count).toBe(1);
  expect((await scan(scanner, incremental)).summary!.phases.decide.count).toBe(0);
});

function episodeWrite(n: number, decisions: Decision[]): FileWrite {
  const file: MediaFile = {
    source: "sonarr",
    instance: "main",
    fileId: n,
    seriesId: 1,
    movieId: null,
    episodeIds: [n],
    title: "Show",
    season: 1,
    episodes: [n],
    year: null,
    imdbId: null,
    tvdbId: null,
    tmdbId: null,
    sceneName: null,
    releaseGroup: null,
    arrPath: `/tv/Show/e${n}.mkv`,
    path: join(env.media, `e${n}.mkv`),
    relativePath: `e${n}.mkv`,
    size: 1,
    dateAdded: null,
    arrSubtitleLanguages: null,
  };
  return {
    file,
    mediaKey: `episodes:${n}`,
    kind: "episode",
    mtimeMs: null,
    subtitlesJson: "{}",
    inspected: true,
    replaced: false,
    unchanged: false,
    wasMissing: false,
    storedId: null,
    decisions,
  };
}

test("a batch of file writes that fails part-way leaves nothing of the batch written", () => {
  const store = createWantedStore(env.db);
  const en: Decision = {
    language: "en",
    variant: "full",
    satisfied: false,
    by: null,
    upgradeCandidate: false,
  };
  const now = env.clock.now().toISOString();
  const count = (table: string) =>
    env.db.sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  // The third file names the same item twice: its second insert breaks the items' identity.
  const batch = [episodeWrite(1, [en]), episodeWrite(2, [en]), episodeWrite(3, [en, en])];
  expect(() => store.writeFiles(batch, 1, now)).toThrow();
  expect([count("media_files"), count("wanted_items")]).toEqual([0, 0]);
  expect(store.writeFiles(batch.slice(0, 2), 1, now)).toMatchObject({ added: 2, filesWritten: 2 });
  expect([count("media_files"), count("wanted_items")]).toEqual([2, 2]);
});
