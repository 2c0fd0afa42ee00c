import type { Logger } from "../log.ts";

export const PROVIDER_NAMES = [
  "opensubtitles",
  "subdl",
  "jimaku",
  "animetosho",
  "podnapisi",
  "gestdown",
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** What one wanted item asks providers for. Languages are canonical codes ("de", "pt-BR"). */
export interface SubtitleQuery {
  kind: "episode" | "movie";
  /** Series title for episodes, movie title for movies. */
  title: string;
  /**
   * Other titles releases of it go by (Sonarr's scene titles for this season, Radarr's original and
   * alternate titles): a release named so earns the title's points too. Absent when none.
   */
  alternateTitles?: string[];
  year: number | null;
  season: number | null;
  /** Episode numbers of the file (several for multi-episode files); [] for movies. */
  episodes: number[];
  /**
   * Sonarr's absolute numbers of those episodes (anime), in the same order: anime releases and
   * subtitles number episodes so ("Show - 1071"). Absent when unknown.
   */
  absoluteEpisodes?: number[];
  /** IMDb id with the "tt" prefix: the series' for episodes, the movie's for movies. */
  imdbId: string | null;
  tvdbId: number | null;
  tmdbId: number | null;
  /** AniDB episode id, when known; AnimeTosho cannot search without it. */
  anidbEpisodeId: number | null;
  anilistId: number | null;
  /** Scene/release name of the video, or its file name without extension. */
  releaseName: string | null;
  releaseGroup: string | null;
  languages: string[];
  /** The forced (foreign parts only) variant is wanted. */
  forced: boolean;
  hearingImpaired: "include" | "prefer" | "exclude";
  /** OpenSubtitles moviehash (OSHash, 16 hex digits) of the local video, when it could be computed. */
  movieHash: string | null;
  fileSize: number | null;
}

/** What a provider says matches the query; scoring turns these into points. */
export type MatchKey =
  | "hash"
  | "title"
  | "year"
  | "season"
  | "episode"
  | "imdb"
  | "releaseGroup"
  | "source"
  | "resolution"
  | "videoCodec"
  | "audioCodec";

export interface ProviderCandidate {
  provider: ProviderName;
  /** Stable per provider: used to download later and to blacklist. */
  id: string;
  language: string;
  releaseNames: string[];
  /** Known before download for some providers; null when only the file will tell. */
  format: "srt" | "ass" | "ssa" | "vtt" | "sub" | null;
  hearingImpaired: boolean | null;
  forced: boolean;
  season: number | null;
  /** Episodes the subtitle covers; null when it does not say (movies, some packs). */
  episodes: number[] | null;
  /** An archive with several episodes; the download pipeline picks the right file. */
  seasonPack: boolean;
  /**
   * Year of the movie the subtitle was made for, when the provider names it (movies only): one
   * that is years off is another film of the same title, a remake.
   */
  year?: number | null;
  /** Matches the provider itself vouches for (e.g. OpenSubtitles `moviehash_match`). */
  matches: MatchKey[];
  uploader: string | null;
  downloads: number | null;
  pageUrl: string | null;
  /** Provider-specific values the download needs (file id, URL…); JSON-serializable. */
  data: Record<string, unknown>;
}

/** The raw bytes a provider hands back: a subtitle file or an archive (zip/rar/7z/xz). */
export interface DownloadedFile {
  fileName: string;
  bytes: Uint8Array;
}

export type ProviderErrorKind =
  /** Bad or missing credentials: retrying will not help. */
  | "auth"
  /** Too many requests; retry after `retryAfterMs`. */
  | "rate-limited"
  /** Daily/monthly download quota spent; paused until `resumeAt`. */
  | "quota"
  /** 5xx, connection refused, reset: the breaker counts these. */
  | "unavailable"
  | "timeout"
  | "aborted"
  /** A 200 whose body is not what the protocol promises. */
  | "bad-response"
  /** The provider cannot answer this query (e.g. no AniDB id for AnimeTosho); not a failure. */
  | "unsupported"
  /** A download link that expired or vanished. */
  | "not-found";

export class ProviderError extends Error {
  override name = "ProviderError";
  /** The message without the provider's name, for places that show the name beside it. */
  readonly reason: string;
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; resumeAt?: Date } = {},
  ) {
    // A message passed on from another ProviderError already names the provider: once is enough.
    const prefix = `${provider}: `;
    let text = message;
    while (text.startsWith(prefix)) text = text.slice(prefix.length);
    super(`${prefix}${text}`);
    this.reason = text;
  }
}

/** fetch as providers see it: rate limited, timed out and counted by the caller. */
export type ProviderFetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface RateLimitHint {
  /** Requests left in the current window, as the provider reports it. */
  remaining: number;
  /** When the window resets. */
  resetAt: Date;
}

/** A download quota as the provider reports it (OpenSubtitles does; most do not). */
export interface QuotaHint {
  remaining: number;
  /** Downloads allowed per window, when the provider says. */
  limit: number | null;
  resetAt: Date | null;
}

export interface ProviderContext {
  signal: AbortSignal;
  fetch: ProviderFetch;
  log: Logger;
  now(): Date;
  /** Providers that report their limits (Jimaku's x-ratelimit-*) tell the limiter here. */
  rateLimitHint?(hint: RateLimitHint): void;
  /** Providers that report their download quota tell the registry here, for the providers API. */
  quotaHint?(hint: QuotaHint): void;
  /** Waits that the protocol asks for (Gestdown's 423); resolves early with an abort. */
  sleep(ms: number): Promise<void>;
}

export interface ProviderHealth {
  healthy: boolean;
  message: string;
}

export interface SubtitleProvider {
  name: ProviderName;
  /** The token bucket the registry puts in front of this provider's requests. */
  rateLimit: { requests: number; perMs: number };
  search(query: SubtitleQuery, ctx: ProviderContext): Promise<ProviderCandidate[]>;
  download(candidate: ProviderCandidate, ctx: ProviderContext): Promise<DownloadedFile>;
  /** Cheap: never spends a search or download quota. */
  healthCheck(ctx: ProviderContext): Promise<ProviderHealth>;
  /**
   * What the configuration keeps this provider from delivering, known without a request
   * (OpenSubtitles without an account: "downloads need a username and password"); null or
   * absent when nothing. The registry then reports the provider degraded and does not search it.
   */
  limitation?(): string | null;
  /**
   * The user's Test button: one cheap real request (a tiny search) proving the provider answers
   * and accepts our credentials. Resolves with what it learned; throws a ProviderError otherwise.
   * Never spends a download quota. Without it, a test runs the health check.
   */
  test?(ctx: ProviderContext): Promise<string>;
}
