import type { Config } from "../config/schema.ts";
import { languageSatisfies } from "../media/languages.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, parseJson } from "../net/remote.ts";
import {
  type AnimeToshoTorrent,
  type AnimeToshoTorrentDetail,
  animeToshoAttachmentPath,
  animeToshoFormat,
  animeToshoLanguage,
  animeToshoTorrentDetailSchema,
  animeToshoTorrentsSchema,
  isXz,
} from "./animetosho-wire.ts";
import { fetchReply, type ProviderReply, providerFailure } from "./provider-http.ts";
import {
  type DownloadedFile,
  type MatchKey,
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type SubtitleProvider,
  type SubtitleQuery,
} from "./types.ts";

const NAME = "animetosho";
const MAX_TORRENTS = 5;

type Reply = ProviderReply;

const fail = providerFailure(NAME);

async function get(
  ctx: ProviderContext,
  url: string,
  maxBytes: number = BODY_CAPS.providerApi,
): Promise<Reply> {
  const reply = await fetchReply(NAME, "AnimeTosho", ctx, url, {}, maxBytes);
  if (reply.status === 429) {
    throw new ProviderError(NAME, "rate-limited", "too many requests (HTTP 429)", {
      status: 429,
      retryAfterMs: 30_000,
    });
  }
  if (reply.status >= 500) {
    throw fail("unavailable", `server error (HTTP ${reply.status})${detailOf(reply)}`, reply.status);
  }
  return reply;
}

async function getJson(ctx: ProviderContext, url: string): Promise<unknown> {
  const reply = await get(ctx, url);
  if (reply.status !== 200) {
    throw fail("bad-response", `request rejected (HTTP ${reply.status})${detailOf(reply)}`, reply.status);
  }
  const parsed = parseJson(new TextDecoder().decode(reply.bytes));
  if (!parsed.ok) throw fail("bad-response", "feed answer is not JSON (HTTP 200)", 200);
  return parsed.value;
}

function detailOf(reply: Reply): string {
  const detail = bodyDetail(new TextDecoder().decode(reply.bytes));
  return detail ? `: ${detail}` : "";
}

/** "[EMBER] Show - 12 [1080p]" → "EMBER". */
function bracketGroup(title: string): string | null {
  return /^\s*\[([^\]]+)\]/.exec(title)?.[1]?.trim() ?? null;
}

/**
 * AnimeTosho (external-apis.md §7): the subtitle tracks of fansub releases, found by AniDB
 * episode id and served xz-compressed from its storage.
 */
export function createAnimeToshoProvider(
  cfg: Pick<Config["providers"]["animetosho"], "feedUrl" | "storageUrl">,
): SubtitleProvider {
  const feed = cfg.feedUrl.replace(/\/+$/, "");
  const storage = cfg.storageUrl.replace(/\/+$/, "");

  function candidatesOf(
    torrent: AnimeToshoTorrent,
    detail: AnimeToshoTorrentDetail,
    query: SubtitleQuery,
  ): ProviderCandidate[] {
    const files = detail.files ?? [];
    const group = bracketGroup(torrent.title);
    const matches: MatchKey[] = ["title", "episode"];
    if (query.season !== null) matches.push("season");
    if (group && query.releaseGroup && group.toLowerCase() === query.releaseGroup.toLowerCase()) {
      matches.push("releaseGroup");
    }
    const out: ProviderCandidate[] = [];
    for (const file of files) {
      for (const attachment of file.attachments ?? []) {
        if (attachment.type !== "subtitle") continue;
        const format = animeToshoFormat(attachment.info?.codec);
        if (format === "image") continue;
        const language = animeToshoLanguage(attachment);
        if (language === null) continue;
        const wanted =
          query.languages.length === 0 || query.languages.some((w) => languageSatisfies(w, language));
        if (!wanted) continue;
        const videoName = file.filename.replace(/\.[^.]+$/, "");
        out.push({
          provider: NAME,
          id: String(attachment.id),
          language,
          releaseNames: [...new Set([videoName, torrent.title])],
          format,
          hearingImpaired: null,
          forced: attachment.info?.forced === 1,
          season: query.season,
          // A batch torrent holds several videos; which one is this episode only the file name could tell.
          episodes: files.length === 1 ? [...query.episodes] : null,
          seasonPack: false,
          matches,
          uploader: group,
          downloads: null,
          pageUrl: torrent.link ?? null,
          data: {
            attachmentId: attachment.id,
            fileName: attachment.filename ?? `${videoName}.${attachment.id}.${format ?? "sub"}`,
          },
        });
      }
    }
    return out;
  }

  return {
    name: NAME,
    rateLimit: { requests: 50, perMs: 30_000 },

    async search(query, ctx) {
      if (query.anidbEpisodeId === null) throw fail("unsupported", "no AniDB episode id for this item");
      const listing = animeToshoTorrentsSchema.safeParse(
        await getJson(ctx, `${feed}/json?eid=${query.anidbEpisodeId}`),
      );
      if (!listing.success) throw fail("bad-response", "torrent listing is not a list of torrents", 200);
      const torrents = listing.data
        .filter((t) => t.status === "complete")
        .sort((a, b) => b.timestamp - a.timestamp)
        .slice(0, MAX_TORRENTS);
      const candidates: ProviderCandidate[] = [];
      for (const torrent of torrents) {
        const detail = animeToshoTorrentDetailSchema.safeParse(
          await getJson(ctx, `${feed}/json?show=torrent&id=${torrent.id}`),
        );
        if (!detail.success)
          throw fail("bad-response", `torrent ${torrent.id} is not a torrent description`, 200);
        candidates.push(...candidatesOf(torrent, detail.data, query));
      }
      return candidates;
    },

    async download(candidate, ctx): Promise<DownloadedFile> {
      const id = Number(candidate.data.attachmentId ?? candidate.id);
      if (!Number.isSafeInteger(id) || id < 0) throw fail("not-found", `bad attachment id ${candidate.id}`);
      const reply = await get(ctx, `${storage}/${animeToshoAttachmentPath(id)}`, BODY_CAPS.subtitleDownload);
      if (reply.status === 404 || reply.status === 410)
        throw fail("not-found", `attachment ${id} is gone`, reply.status);
      if (reply.status !== 200) {
        throw fail(
          "bad-response",
          `download rejected (HTTP ${reply.status})${detailOf(reply)}`,
          reply.status,
        );
      }
      if (!isXz(reply.bytes)) throw fail("bad-response", `attachment ${id} is not xz-compressed`, 200);
      const name = typeof candidate.data.fileName === "string" ? candidate.data.fileName : String(id);
      return { fileName: `${name}.xz`, bytes: reply.bytes };
    },

    async healthCheck(ctx) {
      // One small feed query; AnimeTosho has no quota to spend.
      try {
        const body = await getJson(ctx, `${feed}/json?eid=1`);
        if (!Array.isArray(body))
          return { healthy: false, message: `${feed} does not look like the AnimeTosho feed` };
        return { healthy: true, message: "AnimeTosho feed reachable" };
      } catch (e) {
        return { healthy: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
