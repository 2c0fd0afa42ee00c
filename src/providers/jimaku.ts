import type { Config } from "../config/schema.ts";
import { toIso6391 } from "../media/languages.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, parseJson } from "../net/remote.ts";
import {
  bracketGroup,
  type JimakuEntry,
  type JimakuFile,
  jimakuEntriesSchema,
  jimakuFileKind,
  jimakuFilesSchema,
  jimakuRateLimitHint,
  jimakuRetryAfterMs,
} from "./jimaku-wire.ts";
import {
  blockedPageText,
  fetchReply,
  isHtmlPage,
  type ProviderReply,
  providerFailure,
} from "./provider-http.ts";
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

const NAME = "jimaku";
const MAX_ENTRIES = 3;

type Reply = ProviderReply;

const fail = providerFailure(NAME);

function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Jimaku (external-apis.md §7): Japanese subtitles for anime, per AniList id or title. */
export function createJimakuProvider(
  cfg: Pick<Config["providers"]["jimaku"], "apiKey" | "baseUrl">,
): SubtitleProvider {
  const base = cfg.baseUrl.replace(/\/+$/, "");
  const apiKey = cfg.apiKey;
  const siteUrl = base.replace(/\/api$/, "");

  /** Every answer carries the window's state; a 429 or a rejected key ends the exchange. */
  async function call(
    ctx: ProviderContext,
    url: string,
    key: string | null,
    maxBytes: number = BODY_CAPS.providerApi,
  ): Promise<Reply> {
    const headers: Record<string, string> = key === null ? {} : { Authorization: key };
    const reply = await fetchReply(NAME, "Jimaku", ctx, url, { headers }, maxBytes);
    const hint = jimakuRateLimitHint(reply.headers, ctx.now());
    if (hint) ctx.rateLimitHint?.(hint);
    const { status } = reply;
    if (status === 429) {
      const retryAfterMs = jimakuRetryAfterMs(reply.headers, ctx.now());
      throw new ProviderError(
        NAME,
        "rate-limited",
        `too many requests (HTTP 429), retry in ${retryAfterMs} ms`,
        {
          status,
          retryAfterMs,
        },
      );
    }
    if (status === 401 || status === 403) {
      const text = new TextDecoder().decode(reply.bytes);
      if (isHtmlPage(text)) throw fail("unavailable", blockedPageText(status, bodyDetail(text)), status);
      throw fail("auth", `the API key was rejected (HTTP ${status})`, status);
    }
    if (status >= 500) throw fail("unavailable", `server error (HTTP ${status})${detailOf(reply)}`, status);
    return reply;
  }

  async function getJson(ctx: ProviderContext, url: string, key: string): Promise<unknown | null> {
    const reply = await call(ctx, url, key);
    if (reply.status === 404) return null;
    if (reply.status !== 200) {
      throw fail("bad-response", `request rejected (HTTP ${reply.status})${detailOf(reply)}`, reply.status);
    }
    const parsed = parseJson(new TextDecoder().decode(reply.bytes));
    if (!parsed.ok) throw fail("bad-response", "answer is not JSON (HTTP 200)", 200);
    return parsed.value;
  }

  async function findEntries(
    ctx: ProviderContext,
    query: SubtitleQuery,
    key: string,
  ): Promise<JimakuEntry[]> {
    const params =
      query.anilistId !== null
        ? new URLSearchParams({ anilist_id: String(query.anilistId) })
        : new URLSearchParams({ query: searchTitle(query.title), anime: "true" });
    const body = await getJson(ctx, `${base}/entries/search?${params}`, key);
    if (body === null) return [];
    const entries = jimakuEntriesSchema.safeParse(body);
    if (!entries.success) throw fail("bad-response", "search answer is not a list of entries", 200);
    return rankEntries(entries.data, query).slice(0, MAX_ENTRIES);
  }

  async function entryFiles(
    ctx: ProviderContext,
    entry: JimakuEntry,
    episode: number | null,
    key: string,
  ): Promise<JimakuFile[]> {
    const filter = episode === null ? "" : `?episode=${episode}`;
    const body = await getJson(ctx, `${base}/entries/${entry.id}/files${filter}`, key);
    if (body === null) return [];
    const files = jimakuFilesSchema.safeParse(body);
    if (!files.success) throw fail("bad-response", `files of entry ${entry.id} are not a list of files`, 200);
    return files.data;
  }

  function toCandidate(
    entry: JimakuEntry,
    file: JimakuFile,
    query: SubtitleQuery,
    episode: number | null,
  ): ProviderCandidate | null {
    const kind = jimakuFileKind(file.name);
    if (kind === null) return null;
    const matches: MatchKey[] = [];
    const byAnilist = query.anilistId !== null && entry.anilist_id === query.anilistId;
    if (byAnilist || titlesOf(entry).includes(normalizeTitle(searchTitle(query.title))))
      matches.push("title");
    if (byAnilist && query.season !== null) matches.push("season");
    if (episode !== null && !kind.archive) matches.push("episode");
    const group = bracketGroup(file.name);
    if (group && query.releaseGroup && group.toLowerCase() === query.releaseGroup.toLowerCase()) {
      matches.push("releaseGroup");
    }
    return {
      provider: NAME,
      id: `${entry.id}/${file.name}`,
      language: "ja",
      releaseNames: [file.name.replace(/\.[^.]+$/, "")],
      format: kind.format,
      hearingImpaired: null,
      forced: false,
      season: query.season,
      episodes: kind.archive || episode === null ? null : [episode],
      seasonPack: kind.archive,
      matches,
      uploader: null,
      downloads: null,
      pageUrl: `${siteUrl}/entry/${entry.id}`,
      data: { url: file.url, fileName: file.name, entryId: entry.id },
    };
  }

  function requireKey(): string {
    if (!apiKey) throw fail("auth", "no API key configured");
    return apiKey;
  }

  return {
    name: NAME,
    rateLimit: { requests: 25, perMs: 60_000 },

    async search(query, ctx) {
      if (!query.languages.some((language) => toIso6391(language) === "ja")) return [];
      const key = requireKey();
      const episode = query.kind === "episode" ? (query.episodes[0] ?? null) : null;
      // A long-running anime's files are numbered absolutely ("One Piece - 1071" for S21E80): asked too.
      const absolute = episode === null ? null : (query.absoluteEpisodes?.[0] ?? null);
      const candidates: ProviderCandidate[] = [];
      for (const entry of await findEntries(ctx, query, key)) {
        const seen = new Set<string>();
        for (const number of absolute !== null && absolute !== episode ? [episode, absolute] : [episode]) {
          for (const file of await entryFiles(ctx, entry, number, key)) {
            if (seen.has(file.name)) continue;
            seen.add(file.name);
            const candidate = toCandidate(entry, file, query, number);
            if (candidate) candidates.push(candidate);
          }
        }
      }
      return candidates;
    },

    async download(candidate, ctx): Promise<DownloadedFile> {
      const key = requireKey();
      const { url, fileName } = candidate.data;
      if (typeof url !== "string" || typeof fileName !== "string") {
        throw fail("not-found", `candidate ${candidate.id} has no download URL`);
      }
      // Candidates come back from storage: the key goes to Jimaku's own host only.
      const sameHost = URL.canParse(url) && new URL(url).origin === new URL(base).origin;
      const reply = await call(ctx, url, sameHost ? key : null, BODY_CAPS.subtitleDownload);
      if (reply.status === 404 || reply.status === 410)
        throw fail("not-found", `${fileName} is gone`, reply.status);
      if (reply.status !== 200) {
        throw fail(
          "bad-response",
          `download rejected (HTTP ${reply.status})${detailOf(reply)}`,
          reply.status,
        );
      }
      return { fileName, bytes: reply.bytes };
    },

    async healthCheck(ctx) {
      if (!apiKey) return { healthy: false, message: "Jimaku: no API key configured" };
      // Jimaku has no status route: the cheapest authenticated request is a search. It spends one
      // request of the per-IP minute window, never a quota (Jimaku has none).
      try {
        const body = await getJson(ctx, `${base}/entries/search?query=a&anime=true`, apiKey);
        if (body !== null && !jimakuEntriesSchema.safeParse(body).success) {
          return { healthy: false, message: `${base} does not look like Jimaku (bad search answer)` };
        }
        return {
          healthy: true,
          message: "Jimaku reachable, API key accepted (checked with one search request)",
        };
      } catch (e) {
        return { healthy: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

function detailOf(reply: Reply): string {
  const detail = bodyDetail(new TextDecoder().decode(reply.bytes));
  return detail ? `: ${detail}` : "";
}

function titlesOf(entry: JimakuEntry): string[] {
  return [entry.name, entry.english_name, entry.japanese_name]
    .filter((t): t is string => typeof t === "string" && t !== "")
    .map(normalizeTitle);
}

/** AniList hits first, then exact titles, then entries of the right kind (series or movie); else Jimaku's order. */
function rankEntries(entries: JimakuEntry[], query: SubtitleQuery): JimakuEntry[] {
  const title = normalizeTitle(searchTitle(query.title));
  const wantsMovie = query.kind === "movie";
  const score = (entry: JimakuEntry) =>
    (query.anilistId !== null && entry.anilist_id === query.anilistId ? 4 : 0) +
    (titlesOf(entry).includes(title) ? 2 : 0) +
    ((entry.flags?.movie ?? false) === wantsMovie ? 1 : 0);
  return entries
    .map((entry, index) => ({ entry, index, score: score(entry) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ entry }) => entry);
}
