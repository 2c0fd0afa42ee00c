import type { ProviderCandidate, ProviderName, SubtitleQuery } from "../../src/providers/types.ts";

/** Breaking Bad S01E01 in English; each test overrides what it is about. */
export function episodeQuery(overrides: Partial<SubtitleQuery> = {}): SubtitleQuery {
  return {
    kind: "episode",
    title: "Breaking Bad",
    year: 2008,
    season: 1,
    episodes: [1],
    imdbId: "tt0903747",
    tvdbId: 81189,
    tmdbId: 1396,
    anidbEpisodeId: null,
    anilistId: null,
    releaseName: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
    releaseGroup: "ROVERS",
    languages: ["en"],
    forced: false,
    hearingImpaired: "include",
    movieHash: null,
    fileSize: null,
    ...overrides,
  };
}

export function candidate(
  provider: ProviderName,
  id: string,
  over: Partial<ProviderCandidate> = {},
): ProviderCandidate {
  return {
    provider,
    id,
    language: "en",
    releaseNames: [],
    format: "srt",
    hearingImpaired: false,
    forced: false,
    season: 1,
    episodes: [1],
    seasonPack: false,
    matches: [],
    uploader: null,
    downloads: null,
    pageUrl: null,
    data: {},
    ...over,
  };
}
