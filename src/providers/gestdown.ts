import { buildInfo } from "../build-info.ts";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, parseJson } from "../net/remote.ts";
import { parseRetryAfter } from "../net/retry-timing.ts";
import { dispositionName, nameByContent } from "./download-name.ts";
import { gestdownLanguages } from "./gestdown-language.ts";
import {
  type GestdownSubtitle,
  gestdownShowsSchema,
  gestdownSubtitlesSchema,
  versionMentionsGroup,
} from "./gestdown-wire.ts";
import { fetchReply, type ProviderReply, providerFailure } from "./provider-http.ts";
import { probeQuery } from "./provider-test.ts";
import {
  type DownloadedFile,
  type MatchKey,
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type SubtitleProvider,
  type SubtitleQuery,
} from "./types.ts";

const NAME = "gestdown";
const LOCKED_TRIES = 3;
const LOCKED_WAIT_MS = 30_000;
const DEFAULT_RETRY_AFTER_MS = 30_000;

type Reply = ProviderReply;

const fail = providerFailure(NAME);

function detailOf(reply: Reply): string {
  const detail = bodyDetail(new TextDecoder().decode(reply.bytes));
  return detail ? `: ${detail}` : "";
}

/** Gestdown (external-apis.md §7): an API in front of Addic7ed, which itself needs scraping and a login. */
export function createGestdownProvider(
  cfg: Pick<Config["providers"]["gestdown"], "baseUrl">,
  options: { userAgent?: string } = {},
): SubtitleProvider {
  const base = cfg.baseUrl.replace(/\/+$/, "");
  const userAgent = options.userAgent ?? `Subhound/${buildInfo.version}`;

  async function send(
    ctx: ProviderContext,
    url: string,
    method = "GET",
    maxBytes: number = BODY_CAPS.providerApi,
  ): Promise<Reply> {
    const reply = await fetchReply(
      NAME,
      "Gestdown",
      ctx,
      url,
      { method, headers: { "User-Agent": userAgent } },
      maxBytes,
    );
    if (reply.status === 429) {
      const wait = parseRetryAfter(reply.headers.get("retry-after"), ctx.now()) ?? DEFAULT_RETRY_AFTER_MS;
      throw new ProviderError(NAME, "rate-limited", "too many requests (HTTP 429)", {
        status: 429,
        retryAfterMs: wait,
      });
    }
    if (reply.status >= 500)
      throw fail("unavailable", `server error (HTTP ${reply.status})${detailOf(reply)}`, reply.status);
    return reply;
  }

  /** 423 Locked: Gestdown is still fetching the show or episode from Addic7ed and asks us to come back. */
  async function getUnlocked(ctx: ProviderContext, url: string): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const reply = await send(ctx, url);
      if (reply.status !== 423) return reply;
      // Gestdown is up and busy with this show: no failure for the breaker (a few new episodes
      // at once would open it), the item is skipped and asked again at the next search (as Bazarr).
      if (attempt >= LOCKED_TRIES)
        throw fail(
          "unsupported",
          `still being fetched from Addic7ed after ${LOCKED_TRIES} tries; the next search asks again`,
          423,
        );
      try {
        await ctx.sleep(LOCKED_WAIT_MS);
      } catch {
        throw fail("aborted", "cancelled");
      }
      if (ctx.signal.aborted) throw fail("aborted", "cancelled");
    }
  }

  /** The parsed body of a 200; null for a 404 (unknown show or episode). */
  async function getJson(ctx: ProviderContext, url: string): Promise<unknown | null> {
    const reply = await getUnlocked(ctx, url);
    if (reply.status === 404) return null;
    if (reply.status !== 200) {
      throw fail("bad-response", `request rejected (HTTP ${reply.status})${detailOf(reply)}`, reply.status);
    }
    const parsed = parseJson(new TextDecoder().decode(reply.bytes));
    if (!parsed.ok) throw fail("bad-response", "answer is not JSON (HTTP 200)", 200);
    return parsed.value;
  }

  function toCandidate(
    subtitle: GestdownSubtitle,
    query: SubtitleQuery,
    language: string,
    season: number,
    episode: number,
  ): ProviderCandidate {
    const version = subtitle.version ?? "";
    const matches: MatchKey[] = ["title", "season", "episode"];
    if (query.releaseGroup && versionMentionsGroup(version, query.releaseGroup)) matches.push("releaseGroup");
    return {
      provider: NAME,
      id: subtitle.subtitleId,
      language,
      releaseNames: version === "" ? [] : [version],
      // Addic7ed serves SRT, but a season pack is an archive: only the download tells.
      format: null,
      hearingImpaired: subtitle.hearingImpaired ?? null,
      forced: false,
      season,
      episodes: [episode],
      seasonPack: false,
      matches,
      uploader: null,
      downloads: subtitle.downloadCount ?? null,
      pageUrl: null,
      data: { downloadUri: subtitle.downloadUri },
    };
  }

  return {
    name: NAME,
    rateLimit: { requests: 30, perMs: 60_000 },

    async search(query, ctx) {
      if (query.kind !== "episode") return [];
      if (query.tvdbId === null) throw fail("unsupported", "no TVDB id for this item");
      const season = query.season;
      const episode = query.episodes[0];
      if (season === null || episode === undefined)
        throw fail("unsupported", "no season and episode number for this item");

      const showsBody = await getJson(ctx, `${base}/shows/external/tvdb/${query.tvdbId}`);
      if (showsBody === null) return [];
      const shows = gestdownShowsSchema.safeParse(showsBody);
      if (!shows.success) throw fail("bad-response", "show lookup is not a list of shows", 200);
      const show = shows.data.shows[0];
      if (!show) return [];

      const candidates: ProviderCandidate[] = [];
      const asked = new Set<string>();
      for (const { name, language } of query.languages.flatMap(gestdownLanguages)) {
        if (asked.has(name)) continue;
        asked.add(name);
        const url = `${base}/subtitles/get/${encodeURIComponent(show.id)}/${season}/${episode}/${encodeURIComponent(name)}`;
        const body = await getJson(ctx, url);
        if (body === null) continue;
        const subtitles = gestdownSubtitlesSchema.safeParse(body);
        if (!subtitles.success) throw fail("bad-response", "subtitle lookup is not a list of subtitles", 200);
        for (const subtitle of subtitles.data.matchingSubtitles) {
          if (subtitle.completed) candidates.push(toCandidate(subtitle, query, language, season, episode));
        }
      }
      return candidates;
    },

    async download(candidate, ctx): Promise<DownloadedFile> {
      const uri = candidate.data.downloadUri;
      if (typeof uri !== "string" || !uri.startsWith("/"))
        throw fail("not-found", `candidate ${candidate.id} has no download URI`);
      const reply = await send(ctx, `${base}${uri}`, "GET", BODY_CAPS.subtitleDownload);
      if (reply.status === 404 || reply.status === 410)
        throw fail("not-found", `subtitle ${candidate.id} is gone`, reply.status);
      if (reply.status !== 200) {
        throw fail(
          "bad-response",
          `download rejected (HTTP ${reply.status})${detailOf(reply)}`,
          reply.status,
        );
      }
      // Season packs come as archives: the bytes, not a fixed ".srt", name the file.
      const fileName = nameByContent(candidate.id, reply.bytes, dispositionName(reply.headers));
      return { fileName, bytes: reply.bytes };
    },

    async healthCheck(ctx) {
      try {
        const reply = await send(ctx, `${base}/`, "HEAD");
        return { healthy: true, message: `Gestdown reachable (HTTP ${reply.status})` };
      } catch (e) {
        return { healthy: false, message: e instanceof Error ? e.message : String(e) };
      }
    },

    async test(ctx) {
      // One show lookup, without the 423 waits a search makes: a test answers in seconds.
      const reply = await send(ctx, `${base}/shows/external/tvdb/${probeQuery.tvdbId}`);
      if (reply.status === 423)
        return "Gestdown reachable; it is still fetching the test show from Addic7ed (HTTP 423)";
      if (reply.status === 404) return "Gestdown reachable; it does not know the test show (HTTP 404)";
      if (reply.status !== 200)
        throw fail(
          "bad-response",
          `show lookup rejected (HTTP ${reply.status})${detailOf(reply)}`,
          reply.status,
        );
      const parsed = parseJson(new TextDecoder().decode(reply.bytes));
      const shows = parsed.ok ? gestdownShowsSchema.safeParse(parsed.value) : null;
      if (!shows?.success) throw fail("bad-response", "show lookup is not a list of shows", 200);
      const show = shows.data.shows[0];
      return show
        ? `Gestdown answered: found ${show.name}`
        : "Gestdown answered: no show for the test TVDB id";
    },
  };
}
