import { describe, expect, test } from "bun:test";
import { parseEpisodeTag } from "../../src/subtitles/episode-tag.ts";
import { pickForEpisode } from "../../src/subtitles/pick.ts";
import type { SubtitleFile } from "../../src/subtitles/types.ts";

const files = (...names: string[]): SubtitleFile[] =>
  names.map((name) => ({ name, bytes: new Uint8Array() }));
const picked = (names: string[], want: Parameters<typeof pickForEpisode>[1]) =>
  pickForEpisode(files(...names), want)?.name ?? null;

describe("parseEpisodeTag", () => {
  test.each([
    ["Show.S01E02.720p.WEB-DL.srt", 1, [2]],
    ["show.s1e2.srt", 1, [2]],
    ["Show S01 E02.srt", 1, [2]],
    ["Show.S01E01E02.srt", 1, [1, 2]],
    ["Show.S01E01-E03.srt", 1, [1, 2, 3]],
    ["Show.S01E05-2HD.srt", 1, [5]],
    ["Show.1x02.HDTV.srt", 1, [2]],
    ["Show.1920x1080.S02E04.srt", 2, [4]],
    ["Show Season 1 Episode 2.srt", 1, [2]],
    ["Show - Episode 02.ass", null, [2]],
    ["Show.E02.srt", null, [2]],
    ["[Group] Mob Psycho 100 - 02 [1080p].ass", null, [2]],
    ["[Group] Title - 03v2 (BD).ass", null, [3]],
    ["Season 2/Show - 05.srt", 2, [5]],
  ])("%s", (name, season, episodes) => {
    expect(parseEpisodeTag(name)).toEqual({ season, episodes });
  });

  test("a name without an episode says nothing", () => {
    expect(parseEpisodeTag("Show.720p.x264.srt")).toBeNull();
  });
});

describe("pickForEpisode", () => {
  const pack = [
    "Show.S01E01.720p.srt",
    "Show.S01E02.720p.srt",
    "Show.S01E03.720p.srt",
    "Season 02/Show.S02E02.720p.srt",
  ];

  test("chooses the exact season and episode from a season pack", () => {
    expect(picked(pack, { season: 1, episodes: [2] })).toBe("Show.S01E02.720p.srt");
    expect(picked(pack, { season: 2, episodes: [2] })).toBe("Season 02/Show.S02E02.720p.srt");
  });

  test("never another episode's file", () => {
    expect(picked(pack, { season: 1, episodes: [4] })).toBeNull();
    expect(picked(pack, { season: 3, episodes: [2] })).toBeNull();
    expect(picked(["Show.S01E03.srt"], { season: 1, episodes: [2] })).toBeNull();
    expect(picked(["Show.S01E01E02.srt"], { season: 1, episodes: [2] })).toBeNull();
  });

  test("a multi-episode file for a multi-episode video", () => {
    expect(picked(["Show.S01E01.srt", "Show.S01E01E02.srt"], { season: 1, episodes: [1, 2] })).toBe(
      "Show.S01E01E02.srt",
    );
  });

  test("a lone member is returned even when its name says nothing", () => {
    expect(picked(["subtitle.srt"], { season: 1, episodes: [2] })).toBe("subtitle.srt");
    expect(picked(["subtitle.srt", "other.srt"], { season: 1, episodes: [2] })).toBeNull();
  });

  test("anime numbering without a season", () => {
    const anime = [
      "[Group] Show - 01 [1080p].ass",
      "[Group] Show - 02 [1080p].ass",
      "[Group] Show - 12 [1080p].ass",
    ];
    expect(picked(anime, { season: 1, episodes: [2] })).toBe("[Group] Show - 02 [1080p].ass");
    expect(picked(anime, { season: null, episodes: [12] })).toBe("[Group] Show - 12 [1080p].ass");
  });

  test("an exact season beats a name without one", () => {
    expect(picked(["Show - 02.srt", "Show.S01E02.srt"], { season: 1, episodes: [2] })).toBe(
      "Show.S01E02.srt",
    );
  });

  test("the wanted language breaks a tie", () => {
    const multi = ["Show.S01E02.en.srt", "Show.S01E02.de.srt"];
    expect(picked(multi, { season: 1, episodes: [2], language: "de" })).toBe("Show.S01E02.de.srt");
    expect(
      picked(["Show.S01E02.pt.srt", "Show.S01E02.pt-BR.srt"], {
        season: 1,
        episodes: [2],
        language: "pt-BR",
      }),
    ).toBe("Show.S01E02.pt-BR.srt");
  });
});
