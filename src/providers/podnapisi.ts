import type { Config } from "../config/schema.ts";
import { canonicalLanguage, languageSatisfies, parseLanguageTag, toIso6391 } from "../media/languages.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail } from "../net/remote.ts";
import { type PodnapisiSubtitle, parsePodnapisiPage } from "./podnapisi-xml.ts";
import { fetchReply, type ProviderReply, providerFailure } from "./provider-http.ts";
import { probeQuery } from "./provider-test.ts";
import { searchTitle } from "./search-title.ts";
import {
  type DownloadedFile,
  type MatchKey,
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type SubtitleProvider,
  type SubtitleQuery,
} from "./types.ts";

const NAME = "podnapisi";
const MAX_PAGES = 5;
const THROTTLE_TEXT = "429 Too Many Requests";
const THROTTLE_WAIT_MS = 10_000;

type Reply = ProviderReply;

const fail = providerFailure(NAME);

const throttled = (status: number) =>
  new ProviderError(NAME, "rate-limited", "too many requests", { status, retryAfterMs: THROTTLE_WAIT_MS });

function send(
  ctx: ProviderContext,
  url: string,
  method = "GET",
  maxBytes: number = BODY_CAPS.providerApi,
): Promise<Reply> {
  return fetchReply(NAME, "Podnapisi", ctx, url, { method }, maxBytes);
}

function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * `sL` takes ISO 639-1 codes, except Brazilian Portuguese and Serbian Latin, which it takes as
 * `pt-br` and `sr-latn` (external-apis.md §7); every other variant is asked as its base language.
 */
export function podnapisiLanguage(code: string): string | null {
  const tag = parseLanguageTag(code);
  if (tag?.language === "pt" && tag.region === "BR") return "pt-br";
  if (tag?.language === "sr" && tag.script === "Latn") return "sr-latn";
  return toIso6391(code);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Podnapisi (external-apis.md §7): no account, XML search, every subtitle served as a ZIP. */
export function createPodnapisiProvider(
  cfg: Pick<Config["providers"]["podnapisi"], "baseUrl">,
): SubtitleProvider {
  const base = cfg.baseUrl.replace(/\/+$/, "");

  function searchUrl(query: SubtitleQuery, language: string, page: number): string {
    const params = new URLSearchParams({ sXML: "1", sL: language, sK: searchTitle(query.title) });
    const episode = query.episodes[0];
    if (query.kind === "episode" && query.season !== null) params.set("sTS", String(query.season));
    if (query.kind === "episode" && episode !== undefined) params.set("sTE", String(episode));
    if (query.year !== null) params.set("sY", String(query.year));
    if (page > 1) params.set("page", String(page));
    return `${base}/subtitles/search/old?${params}`;
  }

  async function searchLanguage(
    ctx: ProviderContext,
    query: SubtitleQuery,
    language: string,
    maxPages = MAX_PAGES,
  ) {
    const found: PodnapisiSubtitle[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const reply = await send(ctx, searchUrl(query, language, page));
      const text = new TextDecoder().decode(reply.bytes);
      if (reply.status === 429) throw throttled(429);
      if (reply.status >= 500) throw fail("unavailable", `server error (HTTP ${reply.status})`, reply.status);
      const parsed = reply.status === 200 ? parsePodnapisiPage(text) : null;
      if (parsed === null) {
        // Podnapisi throttles with an HTML page, often under a 200, instead of a proper 429.
        if (text.includes(THROTTLE_TEXT)) throw throttled(reply.status);
        const detail = bodyDetail(text);
        throw fail(
          "bad-response",
          `not a search result (HTTP ${reply.status})${detail ? `: ${detail}` : ""}`,
          reply.status,
        );
      }
      found.push(...parsed.subtitles);
      if (parsed.current >= parsed.count) break;
    }
    return found;
  }

  function toCandidate(
    subtitle: PodnapisiSubtitle,
    query: SubtitleQuery,
    requested: string,
  ): ProviderCandidate {
    const matches: MatchKey[] = [];
    if (
      subtitle.title !== null &&
      normalizeTitle(subtitle.title) === normalizeTitle(searchTitle(query.title))
    )
      matches.push("title");
    if (subtitle.year !== null && subtitle.year === query.year) matches.push("year");
    if (query.kind === "episode") {
      if (subtitle.season !== null && subtitle.season === query.season) matches.push("season");
      if (subtitle.episode !== null && query.episodes.includes(subtitle.episode)) matches.push("episode");
    }
    return {
      provider: NAME,
      id: subtitle.pid,
      language: (subtitle.language && canonicalLanguage(subtitle.language)) || requested,
      releaseNames: subtitle.releases,
      format: null,
      hearingImpaired: subtitle.hearingImpaired,
      forced: subtitle.forced,
      season: query.kind === "episode" ? (subtitle.season ?? query.season) : null,
      episodes:
        query.kind === "episode" && subtitle.episode !== null && subtitle.episode > 0
          ? [subtitle.episode]
          : null,
      seasonPack: false,
      ...(query.kind === "movie" ? { year: subtitle.year } : {}),
      matches,
      uploader: null,
      downloads: subtitle.downloads,
      pageUrl: subtitle.url,
      data: { pid: subtitle.pid },
    };
  }

  return {
    name: NAME,
    rateLimit: { requests: 30, perMs: 60_000 },

    async search(query, ctx) {
      const byCode = new Map<string, string>();
      for (const language of query.languages) {
        const code = podnapisiLanguage(language);
        // es-MX or zh-Hant asked as "es"/"zh" would only find subtitles that cannot satisfy them.
        const answers = code === null ? null : canonicalLanguage(code);
        if (code === null || answers === null || !languageSatisfies(language, answers)) continue;
        if (!byCode.has(code)) byCode.set(code, language);
      }
      const seen = new Set<string>();
      const candidates: ProviderCandidate[] = [];
      for (const [code, requested] of byCode) {
        for (const subtitle of await searchLanguage(ctx, query, code)) {
          if (seen.has(subtitle.pid)) continue;
          seen.add(subtitle.pid);
          const candidate = toCandidate(subtitle, query, requested);
          if (query.languages.some((wanted) => languageSatisfies(wanted, candidate.language)))
            candidates.push(candidate);
        }
      }
      return candidates;
    },

    async download(candidate, ctx): Promise<DownloadedFile> {
      const pid = typeof candidate.data.pid === "string" ? candidate.data.pid : candidate.id;
      const reply = await send(
        ctx,
        `${base}/subtitles/${encodeURIComponent(pid)}/download?container=zip`,
        "GET",
        BODY_CAPS.subtitleDownload,
      );
      if (reply.status === 404 || reply.status === 410)
        throw fail("not-found", `subtitle ${pid} is gone`, reply.status);
      if (reply.status === 429) throw throttled(429);
      if (reply.status >= 500) throw fail("unavailable", `server error (HTTP ${reply.status})`, reply.status);
      const isZip = ZIP_MAGIC.every((b, i) => reply.bytes[i] === b);
      if (reply.status !== 200 || !isZip) {
        const text = new TextDecoder().decode(reply.bytes.subarray(0, 4096));
        if (text.includes(THROTTLE_TEXT)) throw throttled(reply.status);
        throw fail("bad-response", `download of ${pid} is not a ZIP (HTTP ${reply.status})`, reply.status);
      }
      return { fileName: `${pid}.zip`, bytes: reply.bytes };
    },

    async healthCheck(ctx) {
      try {
        const reply = await send(ctx, `${base}/`, "HEAD");
        if (reply.status === 429) return { healthy: false, message: "Podnapisi is throttling us (HTTP 429)" };
        if (reply.status >= 500)
          return { healthy: false, message: `Podnapisi answered HTTP ${reply.status}` };
        return { healthy: true, message: `Podnapisi reachable (HTTP ${reply.status})` };
      } catch (e) {
        return { healthy: false, message: e instanceof Error ? e.message : String(e) };
      }
    },

    async test(ctx) {
      const found = await searchLanguage(ctx, probeQuery, "en", 1);
      return `Podnapisi search answered: ${found.length} English subtitles on the first page for Breaking Bad S01E01`;
    },
  };
}
