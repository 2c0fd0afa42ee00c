import { strToU8, zipSync } from "fflate";
import { type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * SubDL API v1 (external-apis.md §7): `api` serves `/api/v1/subtitles` with the key in the
 * query, `dl` serves ZIP archives. Nothing found is a 200 `{"status":false,"error":…}`, or for an
 * unknown title `{"success":false,"error":"can't find movie or tv"}`; `hi` is only in the reply
 * when the query asks `hi=1`; Norwegian is `NO` (SubDL has no `NB`); a wrong
 * key is 403; the download limit answers 429 or a 500 whose text body is "Download limit exceeded".
 */

export interface SubdlSubtitle {
  release_name: string;
  name: string;
  lang: string;
  author: string;
  url: string;
  subtitlePage: string;
  season: number | null;
  episode: number | null;
  language: string;
  hi: boolean;
  episode_from: number | null;
  episode_end: number | null;
  full_season: boolean;
  comment: string;
  releases: string[];
}

export interface SubdlFilm {
  sd_id: number;
  type: "tv" | "movie";
  name: string;
  imdb_id: string;
  tmdb_id: number;
  year: number;
}

export interface FakeSubdl {
  api: FakeService;
  dl: FakeService;
  apiKey: string;
  films: SubdlFilm[];
  /** Subtitles per film `sd_id`. */
  subtitles: Map<number, SubdlSubtitle[]>;
  /** Archive contents per download path: file name → text. */
  archives: Map<string, Record<string, string>>;
  /** Downloads left before the limit answers. */
  downloadsLeft: number;
  /** How the spent limit answers: 429, or the 500 with a text body. */
  limitStyle: 429 | 500;
  /** Searches answer a 200 `status:false` with this error instead of results. */
  searchError: string | null;
  /** The next `count` search requests answer 429. */
  rateLimitNext(count?: number): void;
  stop(): Promise<void>;
}

export function subdlSubtitle(id: string, overrides: Partial<SubdlSubtitle> = {}): SubdlSubtitle {
  const release = overrides.release_name ?? "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS";
  return {
    release_name: release,
    name: `SUBDL::${id}.zip`,
    lang: "english",
    author: "user",
    url: `/subtitle/${id}.zip`,
    subtitlePage: `/s/info/${id}/breaking-bad`,
    season: 1,
    episode: 1,
    language: "EN",
    hi: false,
    episode_from: 1,
    episode_end: 1,
    full_season: false,
    comment: "synced",
    releases: [release],
    ...overrides,
  };
}

export const BREAKING_BAD: SubdlFilm = {
  sd_id: 12345,
  type: "tv",
  name: "Breaking Bad",
  imdb_id: "tt0903747",
  tmdb_id: 1396,
  year: 2008,
};

function coversEpisode(subtitle: SubdlSubtitle, episode: number): boolean {
  if (subtitle.full_season) return true;
  const from = subtitle.episode_from ?? subtitle.episode;
  const end = subtitle.episode_end ?? from;
  return from !== null && end !== null && episode >= from && episode <= end;
}

export async function startFakeSubdl(apiKey = "subdl-secret-key-42"): Promise<FakeSubdl> {
  const api = startFakeService({
    route: ({ url }) => {
      const q = url.searchParams;
      if (url.pathname !== "/api/v1/subtitles") return json({ status: false, error: "not found" }, 404);
      if (q.get("api_key") !== fake.apiKey) return json({ status: false, error: "Invalid API key" }, 403);
      if (fake.searchError !== null) return json({ status: false, error: fake.searchError });
      const name = q.get("film_name")?.toLowerCase();
      const film = fake.films.find(
        (f) =>
          f.type === q.get("type") &&
          (q.has("imdb_id")
            ? f.imdb_id === q.get("imdb_id")
            : q.has("tmdb_id")
              ? f.tmdb_id === Number(q.get("tmdb_id"))
              : f.name.toLowerCase() === name),
      );
      if (film === undefined) return json({ success: false, error: "can't find movie or tv" });
      const languages = q.get("languages")?.split(",") ?? [];
      const season = q.has("season_number") ? Number(q.get("season_number")) : null;
      const episode = q.has("episode_number") ? Number(q.get("episode_number")) : null;
      const found = (fake.subtitles.get(film.sd_id) ?? []).filter(
        (s) =>
          (languages.length === 0 || languages.includes(s.language)) &&
          (season === null || s.season === season) &&
          (episode === null || coversEpisode(s, episode)),
      );
      const perPage = Number(q.get("subs_per_page") ?? "10");
      const page = Number(q.get("page") ?? "1");
      return json({
        status: true,
        results: [{ ...film, first_air_date: "2008-01-20", slug: "breaking-bad", release_date: null }],
        subtitles: found
          .slice((page - 1) * perPage, page * perPage)
          .map(({ hi, ...rest }) => (q.get("hi") === "1" ? { ...rest, hi } : rest)),
        totalPages: Math.max(1, Math.ceil(found.length / perPage)),
        currentPage: page,
      });
    },
  });
  const dl = startFakeService({
    route: ({ url }) => {
      const archive = fake.archives.get(url.pathname);
      if (archive === undefined) return new Response("Not Found", { status: 404 });
      if (fake.downloadsLeft <= 0) {
        return fake.limitStyle === 429
          ? new Response("Too Many Requests", { status: 429 })
          : new Response("Download limit exceeded", {
              status: 500,
              headers: { "Content-Type": "text/plain" },
            });
      }
      fake.downloadsLeft--;
      const files = Object.fromEntries(Object.entries(archive).map(([n, text]) => [n, strToU8(text)]));
      return new Response(zipSync(files), { headers: { "Content-Type": "application/zip" } });
    },
  });
  const fake: FakeSubdl = {
    api,
    dl,
    apiKey,
    films: [BREAKING_BAD],
    subtitles: new Map(),
    archives: new Map(),
    downloadsLeft: 50,
    limitStyle: 500,
    searchError: null,
    rateLimitNext(count = 1) {
      api.injectFailures(count, () => new Response("Too Many Requests", { status: 429 }));
    },
    async stop() {
      await Promise.all([api.stop(), dl.stop()]);
    },
  };
  return fake;
}
