import { type ProviderContext, ProviderError, type SubtitleProvider, type SubtitleQuery } from "./types.ts";

/** What the Test button reports. */
export interface ProviderTestResult {
  ok: boolean;
  latencyMs: number;
  message: string;
}

/**
 * A well-known episode every general provider has subtitles for (Breaking Bad S01E01, English),
 * so a test search is small and its answer says something.
 */
export const probeQuery: SubtitleQuery = {
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
  releaseName: null,
  releaseGroup: null,
  languages: ["en"],
  forced: false,
  hearingImpaired: "include",
  movieHash: null,
  fileSize: null,
};

/**
 * Runs the provider's own test, or its health check where it has none (those already make one
 * real, quota-free request). A failed health check becomes a ProviderError so the registry's
 * breaker and last error see it like any other failure.
 */
export async function runProviderTest(provider: SubtitleProvider, ctx: ProviderContext): Promise<string> {
  if (provider.test) return provider.test(ctx);
  const health = await provider.healthCheck(ctx);
  if (!health.healthy) throw new ProviderError(provider.name, "unavailable", health.message);
  return health.message;
}

/** A failure as the user reads it: without the "provider: " prefix every ProviderError carries. */
export function testFailureText(error: unknown): string {
  if (error instanceof ProviderError) {
    const prefix = `${error.provider}: `;
    return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
