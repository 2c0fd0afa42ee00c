import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * Gestdown (external-apis.md §7): show lookup by TVDB id (404 when unknown), subtitles per
 * show/season/episode/language name, 423 Locked while it is still fetching from Addic7ed, raw
 * SRT downloads; a season pack is served as the archive it is, under a name ending `.srt`.
 */

export interface FakeGestdownSubtitle {
  subtitleId: string;
  tvdbId: number;
  season: number;
  episode: number;
  /** English name, as in the route: "English", "French". */
  language: string;
  version: string;
  completed?: boolean;
  hearingImpaired?: boolean;
  downloadCount?: number;
  /** Subtitle text, or an archive's bytes (a season pack). */
  content: string | Uint8Array;
}

export interface FakeGestdown extends FakeService {
  /** TVDB id → show. */
  shows: Map<number, { id: string; name: string }>;
  subtitles: FakeGestdownSubtitle[];
  /** The next `count` subtitle lookups answer 423 Locked. */
  lockNext(count: number): void;
  /** Downloads never answer (until the client goes away): a download hung mid-way. */
  stallDownloads: boolean;
}

export async function startFakeGestdown(): Promise<FakeGestdown> {
  let locked = 0;

  const service = startFakeService({
    route: async ({ req, url }) => {
      const show = /^\/shows\/external\/tvdb\/(\d+)$/.exec(url.pathname);
      if (show) {
        const found = fake.shows.get(Number(show[1]));
        if (!found)
          return json(
            { type: "https://tools.ietf.org/html/rfc9110#section-15.5.5", title: "Not Found", status: 404 },
            404,
          );
        return json({ shows: [{ ...found, nbSeasons: 5, seasons: [1, 2, 3, 4, 5] }] });
      }
      const get = /^\/subtitles\/get\/([^/]+)\/(\d+)\/(\d+)\/([^/]+)$/.exec(url.pathname);
      if (get) {
        if (locked > 0) {
          locked--;
          return json({ message: "Episode is being refreshed, please retry later" }, 423);
        }
        const [, showId, season, episode, language] = get;
        const tvdb = [...fake.shows].find(([, s]) => s.id === showId)?.[0];
        if (tvdb === undefined) return empty(404);
        const matching = fake.subtitles.filter(
          (s) =>
            s.tvdbId === tvdb &&
            s.season === Number(season) &&
            s.episode === Number(episode) &&
            s.language === decodeURIComponent(language ?? ""),
        );
        if (matching.length === 0) return json({ message: "No subtitles found" }, 404);
        return json({
          matchingSubtitles: matching.map((s) => ({
            subtitleId: s.subtitleId,
            version: s.version,
            completed: s.completed ?? true,
            hearingImpaired: s.hearingImpaired ?? false,
            corrected: true,
            hd: false,
            downloadUri: `/subtitles/download/${s.subtitleId}`,
            language: s.language,
            discovered: "2022-04-02T05:16:45.4001274",
            downloadCount: s.downloadCount ?? 0,
          })),
          episode: { season: Number(season), number: Number(episode), title: "Pilot" },
        });
      }
      const download = /^\/subtitles\/download\/([^/]+)$/.exec(url.pathname);
      if (download) {
        if (fake.stallDownloads) {
          await new Promise<void>((resolve) => req.signal.addEventListener("abort", () => resolve()));
          return empty(499);
        }
        const subtitle = fake.subtitles.find((s) => s.subtitleId === download[1]);
        if (!subtitle) return empty(404);
        const binary = typeof subtitle.content !== "string";
        return new Response(subtitle.content, {
          headers: {
            "Content-Type": binary ? "application/octet-stream" : "text/srt; charset=utf-8",
            "Content-Disposition": `attachment; filename="${subtitle.subtitleId}.srt"`,
          },
        });
      }
      if (url.pathname === "/") return empty(200);
      return empty(404);
    },
  });

  const fake: FakeGestdown = {
    ...service,
    shows: new Map(),
    subtitles: [],
    lockNext(count) {
      locked += count;
    },
    stallDownloads: false,
  };
  return fake;
}
