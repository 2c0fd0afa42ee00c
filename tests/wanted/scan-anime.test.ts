import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { absoluteEpisodesOf } from "../../src/wanted/file-facts.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, touch } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

const storedAbsolute = () =>
  env.db.sqlite
    .query<{ json: string }, []>("SELECT subtitles_json AS json FROM media_files ORDER BY id")
    .all()
    .map((r) => absoluteEpisodesOf(r.json).absoluteEpisodes ?? null);

test("an anime file keeps Sonarr's absolute numbers for its searches, and gains them once Sonarr has them", async () => {
  const series = env.sonarr.addSeries({ title: "One Piece", path: "/tv/One Piece", seriesType: "anime" });
  const file = env.sonarr.addEpisodeFile(series.id, { season: 21, episodes: [80] });
  touch(join(env.media, "tv", "One Piece", file.relativePath));
  const scanner = makeScanner(env);
  await scan(scanner);
  // Not numbered yet (a new episode before TheTVDB's absolute order): nothing stored.
  expect(storedAbsolute()).toEqual([null]);

  // TheTVDB numbers it later: the same file, its episode now with an absolute number.
  env.sonarr.addEpisode(series.id, 21, 80).absoluteEpisodeNumber = 1071;
  await scan(scanner);
  expect(storedAbsolute()).toEqual([[1071]]);
});

test("an anime file decided again from its stored row (a subtitle came) keeps its absolute numbers", async () => {
  const series = env.sonarr.addSeries({ title: "One Piece", path: "/tv/One Piece", seriesType: "anime" });
  const file = env.sonarr.addEpisodeFile(series.id, { season: 21, episodes: [80], absolute: [1071] });
  const path = join(env.media, "tv", "One Piece", file.relativePath);
  touch(path);
  const scanner = makeScanner(env);
  await scan(scanner);
  expect(storedAbsolute()).toEqual([[1071]]);

  // A subtitle appears beside it: the file is decided again from what is stored, not listed.
  touch(path.replace(/\.mkv$/, ".en.srt"));
  const again = await scan(scanner, { mode: "incremental" });
  expect(again.summary!.phases.decide.count).toBe(1);
  expect(storedAbsolute()).toEqual([[1071]]);
});
