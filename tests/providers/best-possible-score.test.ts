import { describe, expect, test } from "bun:test";
import { bestPossibleScore, scoreCandidate } from "../../src/providers/scoring.ts";
import type { MatchKey, SubtitleQuery } from "../../src/providers/types.ts";
import { candidate } from "./fixtures.ts";

const query: SubtitleQuery = {
  kind: "episode",
  title: "Breaking Bad",
  year: 2008,
  season: 1,
  episodes: [1],
  imdbId: "tt0903747",
  tvdbId: 81189,
  tmdbId: null,
  anidbEpisodeId: null,
  anilistId: null,
  releaseName: null,
  releaseGroup: null,
  languages: ["en"],
  forced: false,
  hearingImpaired: "prefer",
  movieHash: "8e245d9679d31e12",
  fileSize: 1,
};
const EVERY: MatchKey[] = [
  "hash",
  "title",
  "imdb",
  "year",
  "season",
  "episode",
  "releaseGroup",
  "source",
  "audioCodec",
  "videoCodec",
  "resolution",
];

describe("bestPossibleScore", () => {
  test("is exactly what a candidate matching everything scores, for the profile and the best provider", () => {
    const profile = { hearingImpaired: "prefer" as const, formats: ["srt" as const, "ass" as const] };
    const perfect = candidate("opensubtitles", "1", { matches: EVERY, hearingImpaired: true, format: "srt" });
    for (const priority of [0, 100, 250]) {
      expect(bestPossibleScore({ kind: "episode", hasYear: true }, profile, priority)).toBe(
        scoreCandidate(perfect, query, profile, priority).score,
      );
    }
    const movie = { ...query, kind: "movie" as const, season: null, episodes: [] };
    expect(bestPossibleScore({ kind: "movie", hasYear: true }, profile)).toBe(
      scoreCandidate(perfect, movie, profile).score,
    );
  });

  test("leaves out what the item cannot match: the year it lacks, HI unless preferred", () => {
    const include = { hearingImpaired: "include" as const, formats: ["srt" as const] };
    const withYear = bestPossibleScore({ kind: "episode", hasYear: true }, include);
    expect(bestPossibleScore({ kind: "episode", hasYear: false }, include)).toBe(withYear - 90);
    expect(
      bestPossibleScore({ kind: "episode", hasYear: true }, { ...include, hearingImpaired: "prefer" }),
    ).toBe(withYear + 30);
  });
});
