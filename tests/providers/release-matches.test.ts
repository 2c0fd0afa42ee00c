import { describe, expect, test } from "bun:test";
import { releaseMatches } from "../../src/providers/scoring.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";

const query = (title: string): SubtitleQuery => ({
  kind: "episode",
  title,
  year: 2005,
  season: 1,
  episodes: [1],
  imdbId: null,
  tvdbId: null,
  tmdbId: null,
  anidbEpisodeId: null,
  anilistId: null,
  releaseName: null,
  releaseGroup: null,
  languages: ["en"],
  forced: false,
  hearingImpaired: "prefer",
  movieHash: null,
  fileSize: 1,
});

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
