import { describe, expect, test } from "bun:test";
import { parseEpisodeTag } from "../../src/subtitles/episode-tag.ts";
import { pickForEpisode, rankByLanguage } from "../../src/subtitles/pick.ts";
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
    ["Show.S01E02 - 04.srt", 1, [2, 3, 4]],
    // Numbers after the episode that are not episodes: bit depth, audio channels, a year.
    ["[Group] Show S01E09 10-bit.ass", 1, [9]],
    ["Show.S01E09.10.Bit.srt", 1, [9]],
    ["Show.S01E02.5.1.srt", 1, [2]],
    ["Show.S01E05-2019.srt", 1, [5]],
    // Year-numbered seasons, as Sonarr has them for long-running shows.
    ["Show.S2024E05.srt", 2024, [5]],
    ["[Group]_Title_-_02_[720p].ass", null, [2]],
    ["葬送のフリーレン 第２話.srt", null, [2]],
    ["Title 第12集.srt", null, [12]],
  ])("%s", (name, season, episodes) => {
    expect(parseEpisodeTag(name)).toEqual({ season, episodes });
  });

  test.each([
    ["Title 02.srt", null, [2]],
    ["Title_02.ass", null, [2]],
    ["Title_12.ass", null, [12]],
    ["Title.02.ja.srt", null, [2]],
    ["[Group] Title 02 [1080p][ABCD1234].ass", null, [2]],
    ["[Group] Title [02][1080p].ass", null, [2]],
    ["Title #02.srt", null, [2]],
    ["Season 2/Title 05.srt", 2, [5]],
  ])("a bare number is a weak tag: %s", (name, season, episodes) => {
    expect(parseEpisodeTag(name)).toEqual({ season, episodes, weak: true });
  });

  test("a range of episodes is not its last episode", () => {
    expect(parseEpisodeTag("[Group] Title - 01-02 [1080p].ass")).toBeNull();
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

  test("an anime pack numbered absolutely gives the episode by its absolute number", () => {
    const onePiece = ["One Piece - 1070.srt", "One Piece - 1071.srt", "One Piece - 1072.srt"];
    const want = { season: 21, episodes: [80], absoluteEpisodes: [1071] };
    expect(picked(onePiece, want)).toBe("One Piece - 1071.srt");
    expect(picked(["Season 21/One Piece - 1071.ass", "Season 21/One Piece - 1072.ass"], want)).toBe(
      "Season 21/One Piece - 1071.ass",
    );
    // Another season's SxxEyy name with that number is not it.
    expect(
      picked(["Show.S01E13.srt", "Show.S01E14.srt"], { season: 2, episodes: [1], absoluteEpisodes: [13] }),
    ).toBeNull();
  });

  test("never another episode's file", () => {
    expect(picked(pack, { season: 1, episodes: [4] })).toBeNull();
    expect(picked(pack, { season: 3, episodes: [2] })).toBeNull();
    expect(picked(["Show.S01E03.srt"], { season: 1, episodes: [2] })).toBeNull();
    expect(picked(["Show.S01E01E02.srt"], { season: 1, episodes: [2] })).toBeNull();
  });

  test("a bit depth or channel count after the episode does not make it a multi-episode file", () => {
    const pack = ["Show S01E08 10-bit.ass", "Show S01E09 10-bit.ass", "Show S01E10 10-bit.ass"];
    expect(picked(pack, { season: 1, episodes: [9] })).toBe("Show S01E09 10-bit.ass");
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

  test("anime packs numbered without a dash or an E", () => {
    const pack = ["Title 01.srt", "Title 02.srt", "Title 03.srt"];
    expect(picked(pack, { season: 1, episodes: [2] })).toBe("Title 02.srt");
    const kanji = ["タイトル 第01話.srt", "タイトル 第02話.srt"];
    expect(picked(kanji, { season: 1, episodes: [2] })).toBe("タイトル 第02話.srt");
    const underscored = ["[Group]_Title_-_01_[720p].ass", "[Group]_Title_-_02_[720p].ass"];
    expect(picked(underscored, { season: 1, episodes: [2] })).toBe("[Group]_Title_-_02_[720p].ass");
  });

  test("a lone member whose bare number counts another way is still taken", () => {
    // Absolute numbering: Sonarr's S02E01 is the thirteenth episode.
    expect(picked(["Title 13.srt"], { season: 2, episodes: [1] })).toBe("Title 13.srt");
    expect(picked(["Title 13.srt", "Title 14.srt"], { season: 2, episodes: [1] })).toBeNull();
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

  test("language names and three-letter codes pick the wanted language out of a multi-language pack", () => {
    const spelled = ["Show.S01E02.English.srt", "Show.S01E02.German.srt", "Show.S01E02.French.srt"];
    expect(picked(spelled, { season: 1, episodes: [2], language: "de" })).toBe("Show.S01E02.German.srt");
    const coded = ["Show.S01E02.eng.srt", "Show.S01E02.ger.srt"];
    expect(picked(coded, { season: 1, episodes: [2], language: "de" })).toBe("Show.S01E02.ger.srt");
    const nested = ["English/Show.S01E02.srt", "Show.S01E02.pob.srt"];
    expect(picked(nested, { season: 1, episodes: [2], language: "pt-BR" })).toBe("Show.S01E02.pob.srt");
  });

  test("a member named in another language comes after one that names none, or another variant of the language", () => {
    const pack = ["Show.S01E02.English.srt", "Show.S01E02.srt"];
    expect(picked(pack, { season: 1, episodes: [2], language: "nl" })).toBe("Show.S01E02.srt");
    const portuguese = ["Show.S01E02.eng.srt", "Show.S01E02.por.srt"];
    expect(picked(portuguese, { season: 1, episodes: [2], language: "pt-BR" })).toBe("Show.S01E02.por.srt");
  });

  test("a full subtitle is wanted unless forced is: the forced member of a pack comes after the full one", () => {
    // Archive order is alphabetical, which puts "en.forced" before "en".
    const pack = ["Show.S01E02.en.forced.srt", "Show.S01E02.en.srt"];
    expect(picked(pack, { season: 1, episodes: [2], language: "en" })).toBe("Show.S01E02.en.srt");
    expect(picked(pack, { season: 1, episodes: [2], language: "en", forced: true })).toBe(
      "Show.S01E02.en.forced.srt",
    );
    const spelled = ["Show.S01E02.English.Forced.srt", "Show.S01E02.English.srt"];
    expect(picked(spelled, { season: 1, episodes: [2], language: "en" })).toBe("Show.S01E02.English.srt");
  });
});

describe("rankByLanguage (movie downloads)", () => {
  const names = (list: SubtitleFile[]) => list.map((file) => file.name);

  test("the wanted language by name or code first, then the full subtitle before the forced one", () => {
    const pack = files("Movie.2020.Forced.German.srt", "Movie.2020.English.srt", "Movie.2020.German.srt");
    expect(names(rankByLanguage(pack, { language: "de" }))).toEqual([
      "Movie.2020.German.srt",
      "Movie.2020.Forced.German.srt",
    ]);
    // Without a file named in the wanted language, every file is a candidate.
    expect(names(rankByLanguage(pack, { language: "nl" }))).toHaveLength(3);
    expect(names(rankByLanguage(pack, { language: "de", forced: true }))[0]).toBe(
      "Movie.2020.Forced.German.srt",
    );
  });
});
