import type { Config } from "../config/schema.ts";
import { BODY_CAPS, BodyTooLargeError, readCappedBytes, readCappedText } from "../net/capped-body.ts";
import { bodyDetail, parseJson, scrubber } from "../net/remote.ts";
import { parseRetryAfter } from "../net/retry-timing.ts";
import { blockedPageText, isHtmlPage } from "./provider-http.ts";
import { probeQuery } from "./provider-test.ts";
import { searchTitle } from "./search-title.ts";
import { filmMatches, searchReplySchema, subdlLanguages, toCandidate } from "./subdl-wire.ts";
import {
  type DownloadedFile,
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type ProviderErrorKind,
  type SubtitleProvider,
} from "./types.ts";

export type SubdlConfig = Config["providers"]["subdl"];

const SITE_URL = "https://subdl.com";
const SUBS_PER_PAGE = 30;
const MAX_PAGES = 3;
/** SubDL sends no Retry-After; its limit is counted over 10 s windows. */
const DEFAULT_RETRY_AFTER_MS = 10_000;
const NOTHING_FOUND = /not\s*found|can'?t\s+find|cannot\s+find|no\s+(?:subtitles?|results?|data)/i;
const BAD_KEY = /api[\s_-]?key|unauthori[sz]ed|forbidden/i;
const DOWNLOAD_LIMIT = /download limit exceeded/i;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Download quotas renew at midnight UTC. */
function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** SubDL API v1 (external-apis.md §7). The key travels in the query string, so every message is scrubbed. */
export function createSubdlProvider(config: SubdlConfig): SubtitleProvider {
  const key = config.apiKey;
  const scrub = scrubber(key, key === undefined ? undefined : encodeURIComponent(key));
  const fail = (kind: ProviderErrorKind, message: string, details: ProviderError["details"] = {}) =>
    new ProviderError("subdl", kind, scrub(message), details);
  let quotaUntil: Date | null = null;

  function apiKey(): string {
    if (!key) throw fail("auth", "no API key configured");
    return key;
  }

  async function get(ctx: ProviderContext, url: string, binary: true): Promise<Reply & { bytes: Uint8Array }>;
  async function get(ctx: ProviderContext, url: string, binary: false): Promise<Reply>;
  async function get(ctx: ProviderContext, url: string, binary: boolean) {
    try {
      const response = await ctx.fetch(url, { headers: { Accept: "application/json" }, signal: ctx.signal });
      const reply = { status: response.status, headers: response.headers };
      const read = { signal: ctx.signal };
      if (binary && response.status === 200)
        return {
          ...reply,
          text: "",
          bytes: await readCappedBytes(response, BODY_CAPS.subtitleDownload, read),
        };
      return { ...reply, text: await readCappedText(response, BODY_CAPS.providerApi, read) };
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      if (ctx.signal.aborted) throw fail("aborted", "cancelled");
      if (e instanceof BodyTooLargeError) throw fail("bad-response", e.message);
      if (e instanceof Error && e.name === "TimeoutError") throw fail("timeout", "the request timed out");
      throw fail("unavailable", `cannot reach SubDL: ${errorText(e)}`);
    }
  }

  function statusError(reply: Reply, action: string, ctx: ProviderContext): ProviderError {
    const { status } = reply;
    const detail = bodyDetail(reply.text);
    const said = detail === "" ? "" : `: ${detail}`;
    if ((status === 401 || status === 403) && isHtmlPage(reply.text))
      return fail("unavailable", `${action}: ${blockedPageText(status, detail)}`, { status });
    if (status === 401 || status === 403)
      return fail("auth", `the API key was refused (HTTP ${status})${said}`, { status });
    if (status === 429) {
      const retryAfterMs =
        parseRetryAfter(reply.headers.get("retry-after"), ctx.now()) ?? DEFAULT_RETRY_AFTER_MS;
      return fail("rate-limited", `too many requests (HTTP 429)`, { status, retryAfterMs });
    }
    if (status >= 500) return fail("unavailable", `${action} failed (HTTP ${status})${said}`, { status });
    return fail("bad-response", `${action} rejected (HTTP ${status})${said}`, { status });
  }

  function searchUrl(query: Parameters<SubtitleProvider["search"]>[0], languages: string[], page: number) {
    const params = new URLSearchParams({
      api_key: apiKey(),
      type: query.kind === "episode" ? "tv" : "movie",
    });
    if (query.imdbId !== null && /^tt\d+$/i.test(query.imdbId))
      params.set("imdb_id", query.imdbId.toLowerCase());
    else if (query.tmdbId !== null) params.set("tmdb_id", String(query.tmdbId));
    else params.set("film_name", searchTitle(query.title));
    const episode = query.episodes[0];
    if (query.kind === "episode" && query.season !== null) params.set("season_number", String(query.season));
    if (query.kind === "episode" && episode !== undefined) params.set("episode_number", String(episode));
    params.set("languages", languages.join(","));
    params.set("subs_per_page", String(SUBS_PER_PAGE));
    params.set("comment", "1");
    // Without hi=1 SubDL leaves the hearing-impaired flag out of every subtitle.
    params.set("hi", "1");
    params.set("releases", "1");
    if (page > 1) params.set("page", String(page));
    return `${config.baseUrl}/subtitles?${params}`;
  }

  return {
    name: "subdl",
    rateLimit: { requests: 30, perMs: 10_000 },

    async search(query, ctx): Promise<ProviderCandidate[]> {
      apiKey();
      const languages = [...new Set(query.languages.flatMap(subdlLanguages))].sort();
      if (languages.length === 0) return [];
      const byImdb = query.imdbId !== null && /^tt\d+$/i.test(query.imdbId);
      const candidates = new Map<string, ProviderCandidate>();
      for (let page = 1; page <= MAX_PAGES; page++) {
        const reply = await get(ctx, searchUrl(query, languages, page), false);
        if (reply.status !== 200) throw statusError(reply, "search", ctx);
        const parsed = parseJson(reply.text);
        const body = parsed.ok ? searchReplySchema.safeParse(parsed.value) : null;
        if (!body?.success)
          throw fail("bad-response", "search: unexpected reply (HTTP 200)", { status: 200 });
        if (!body.data.status) {
          const error =
            typeof body.data.error === "string" ? body.data.error : JSON.stringify(body.data.error);
          if (NOTHING_FOUND.test(error)) break;
          if (BAD_KEY.test(error)) throw fail("auth", `the API key was refused: ${error}`);
          throw fail("bad-response", `search failed: ${error}`);
        }
        const results = body.data.results ?? [];
        const matched = filmMatches(results, query, byImdb);
        // Every subtitle of the reply is for the one film SubDL picked, the first result.
        const filmYear = results[0]?.year ?? null;
        for (const subtitle of body.data.subtitles) {
          const candidate = toCandidate(subtitle, query, matched, SITE_URL, filmYear);
          if (candidate !== null && !candidates.has(candidate.id)) candidates.set(candidate.id, candidate);
        }
        if ((body.data.currentPage ?? page) >= (body.data.totalPages ?? 1)) break;
      }
      return [...candidates.values()];
    },

    async download(candidate, ctx): Promise<DownloadedFile> {
      if (quotaUntil !== null) {
        if (ctx.now() < quotaUntil)
          throw fail("quota", "download limit reached until midnight UTC", { resumeAt: quotaUntil });
        quotaUntil = null;
      }
      const path = typeof candidate.data.url === "string" ? candidate.data.url : "";
      if (!path.startsWith("/"))
        throw fail("bad-response", `candidate ${candidate.id} carries no download path`);
      const reply = await get(ctx, `${config.downloadUrl}${path}`, true);
      if (reply.status === 200 && "bytes" in reply)
        return { fileName: path.split("/").pop() || `${candidate.id}.zip`, bytes: reply.bytes };
      if (reply.status === 429 || (reply.status === 500 && DOWNLOAD_LIMIT.test(reply.text))) {
        quotaUntil = nextUtcMidnight(ctx.now());
        const details = { status: reply.status, resumeAt: quotaUntil };
        throw fail("quota", `download limit exceeded (HTTP ${reply.status})`, details);
      }
      if (reply.status === 404 || reply.status === 410)
        throw fail("not-found", `the subtitle is gone (HTTP ${reply.status})`, { status: reply.status });
      throw statusError(reply, "download", ctx);
    },

    async healthCheck() {
      // SubDL has no endpoint that costs nothing: every search counts against the key's limits.
      return key
        ? {
            healthy: true,
            message: "API key configured (not verified: SubDL has no free endpoint to check it)",
          }
        : { healthy: false, message: "no API key configured (not checked: SubDL has no free endpoint)" };
    },

    async test(ctx) {
      // A search is the cheapest request that checks the key; it spends no download.
      const found = await this.search(probeQuery, ctx);
      return `API key accepted; a search for Breaking Bad S01E01 (English) found ${found.length} subtitles`;
    },
  };
}
