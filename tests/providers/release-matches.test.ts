import { describe, expect, test } from "bun:test";
import { identityConflict, namesAbsolute, releaseMatches } from "../../src/providers/scoring.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { candidate, episodeQuery } from "./fixtures.ts";

// No release name or group of the video: only the candidates' names are read.
const query = (title: string): SubtitleQuery =>
  episodeQuery({ title, year: 2005, releaseName: null, releaseGroup: null });

describe("releaseMatches: the title read from a release name", () => {
  test("Sonarr's disambiguating year (Doctor Who (2005)) matches a release named without it, and with it", () => {
    expect(
      releaseMatches(query("Doctor Who (2005)"), ["Doctor.Who.S01E01.720p.HDTV.x264-GRP"]).has("title"),
    ).toBe(true);
    expect(
      releaseMatches(query("Doctor Who (2005)"), ["Doctor.Who.2005.S01E01.720p.HDTV.x264-GRP"]).has("title"),
    ).toBe(true);
  });

  test("another series is still no title match", () => {
    expect(
      releaseMatches(query("Doctor Who (2005)"), ["Torchwood.S01E01.720p.HDTV.x264-GRP"]).has("title"),
    ).toBe(false);
  });
});

describe("anime numbered absolutely (Sonarr's absoluteEpisodeNumber)", () => {
  const onePiece: SubtitleQuery = {
    ...query("One Piece"),
    season: 21,
    episodes: [80],
    absoluteEpisodes: [1071],
  };

  test("a release naming the absolute number matches season and episode", () => {
    const matches = releaseMatches(onePiece, ["[SubsPlease] One Piece - 1071 (1080p) [ABCD1234]"]);
    expect(matches.has("season")).toBe(true);
    expect(matches.has("episode")).toBe(true);
    expect(releaseMatches(onePiece, ["[SubsPlease] One Piece - 1072 (1080p)"]).has("episode")).toBe(false);
  });

  test("the number stands alone: not inside 1080p, another number or an S01E13", () => {
    expect(namesAbsolute("One.Piece.E1071.1080p", [1071])).toBe(true);
    expect(namesAbsolute("[Grp] Show [13]", [13])).toBe(true);
    expect(namesAbsolute("Show - 113", [13])).toBe(false);
    expect(namesAbsolute("Show.S01E13.720p", [13])).toBe(false);
    expect(namesAbsolute("Show 1080p", [1080])).toBe(false);
  });

  test("a candidate for the absolute number is this episode, not another season's", () => {
    const found = candidate("jimaku", "x", { language: "ja", season: 1, episodes: [1071] });
    expect(identityConflict(found, onePiece)).toBeNull();
    const other = candidate("jimaku", "y", { language: "ja", season: 21, episodes: [81] });
    expect(identityConflict(other, onePiece)).not.toBeNull();
  });
});
