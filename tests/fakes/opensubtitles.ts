import { empty, type FakeRequest, type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * OpenSubtitles.com REST v1 (external-apis.md §4) on three servers: `api` (the configured host),
 * `vip` (the host a login's `base_url` can name) and `cdn` (where download links point).
 * Every API call needs `Api-Key` and `User-Agent` (403 otherwise); a non-canonical `/subtitles`
 * query (unsorted, upper case, `tt`/leading zeros) gets the real API's 301 to the canonical URL.
 * `/download` needs a user token (401 without one), and its reply's `file_name` carries no
 * extension, as the real one; only the link's last path segment has one.
 */

export interface OsFile {
  file_id: number;
  file_name: string | null;
}

/** A `data[]` entry as the API sends it, plus the hash of the video it was synced to (fake-only). */
export interface OsSubtitle {
  id: string;
  type: "subtitle";
  attributes: {
    subtitle_id: string;
    language: string;
    download_count: number;
    hearing_impaired: boolean;
    foreign_parts_only: boolean;
    ai_translated: boolean;
    machine_translated: boolean;
    moviehash_match?: boolean;
    release: string;
    uploader: { uploader_id: number | null; name: string; rank: string };
    feature_details: {
      feature_id: number;
      feature_type: "Episode" | "Movie";
      year: number;
      title: string;
      movie_name: string;
      imdb_id: number;
      season_number?: number;
      episode_number?: number;
      parent_imdb_id?: number;
      parent_title?: string;
    };
    url: string;
    files: OsFile[];
  };
  hash?: string;
}

export interface FakeOpenSubtitles {
  api: FakeService;
  vip: FakeService;
  cdn: FakeService;
  apiKey: string;
  username: string;
  password: string;
  subtitles: OsSubtitle[];
  /** Bytes served for each file id. */
  /** Download bodies by file id: subtitle text, or an archive's bytes. */
  files: Map<number, string | Uint8Array>;
  perPage: number;
  /** Logins answer with the vip server's host as `base_url` (tokens are then refused elsewhere). */
  vipLogin: boolean;
  /** Every bearer token is refused with 401, even a fresh one. */
  rejectTokens: boolean;
  /** Downloads left for the account (or the anonymous IP) before 406. */
  remaining: number;
  allowedDownloads: number;
  resetTimeUtc: string;
  logins: number;
  redirects: number;
  /** Issued tokens stop working: the next call with one gets 401. */
  expireTokens(): void;
  /** Links already handed out answer 410. */
  expireLinks(): void;
  /** Every link, also the ones handed out from now on, answers 410. */
  linksExpired: boolean;
  /** The next `count` API calls (on `api` or `vip`) answer 429 with `Retry-After: 1`. */
  rateLimitNext(count?: number, host?: "api" | "vip"): void;
  stop(): Promise<void>;
}

const RESET = "2026-11-25T00:00:00.000Z";

/** Breaking Bad S01E01 in English unless told otherwise. */
export function osSubtitle(
  fileId: number,
  overrides: {
    language?: string;
    release?: string;
    fileName?: string | null;
    hearingImpaired?: boolean;
    foreignPartsOnly?: boolean;
    aiTranslated?: boolean;
    machineTranslated?: boolean;
    hash?: string;
    feature?: Partial<OsSubtitle["attributes"]["feature_details"]>;
  } = {},
): OsSubtitle {
  const release = overrides.release ?? "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS";
  return {
    id: String(fileId + 100_000),
    type: "subtitle",
    attributes: {
      subtitle_id: String(fileId + 100_000),
      language: overrides.language ?? "en",
      download_count: 7413,
      hearing_impaired: overrides.hearingImpaired ?? false,
      foreign_parts_only: overrides.foreignPartsOnly ?? false,
      ai_translated: overrides.aiTranslated ?? false,
      machine_translated: overrides.machineTranslated ?? false,
      release,
      uploader: { uploader_id: 119465, name: "os_robot", rank: "Trusted member" },
      feature_details: {
        feature_id: 646193,
        feature_type: "Episode",
        year: 2008,
        title: "Pilot",
        movie_name: "Breaking Bad - S01E01  Pilot",
        imdb_id: 959621,
        season_number: 1,
        episode_number: 1,
        parent_imdb_id: 903747,
        parent_title: "Breaking Bad",
        ...overrides.feature,
      },
      url: `https://www.opensubtitles.com/en/subtitles/${fileId}`,
      files: [
        {
          file_id: fileId,
          file_name: overrides.fileName === undefined ? `${release}.srt` : overrides.fileName,
        },
      ],
    },
    ...(overrides.hash === undefined ? {} : { hash: overrides.hash }),
  };
}

function canonicalQuery(url: URL): string {
  const entries = [...url.searchParams.entries()].map(([key, value]): [string, string] => {
    const lower = value.toLowerCase();
    return [
      key,
      key === "imdb_id" || key === "parent_imdb_id" ? lower.replace(/^tt0*/, "").replace(/^0+/, "") : lower,
    ];
  });
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

function matchesQuery(subtitle: OsSubtitle, q: URLSearchParams): boolean {
  const a = subtitle.attributes;
  const f = a.feature_details;
  const num = (key: string) => (q.has(key) ? Number(q.get(key)) : null);
  const languages = q.get("languages")?.split(",");
  if (languages && !languages.includes(a.language)) return false;
  if (num("imdb_id") !== null && f.imdb_id !== num("imdb_id")) return false;
  if (num("parent_imdb_id") !== null && f.parent_imdb_id !== num("parent_imdb_id")) return false;
  if (num("season_number") !== null && f.season_number !== num("season_number")) return false;
  if (num("episode_number") !== null && f.episode_number !== num("episode_number")) return false;
  if (num("year") !== null && f.year !== num("year")) return false;
  const text = q.get("query");
  if (text !== null) {
    const names = [f.title, f.movie_name, f.parent_title ?? ""].map((s) => s.toLowerCase());
    if (!names.some((name) => name.includes(text))) return false;
  }
  const type = q.get("type");
  if (type === "episode" && f.feature_type !== "Episode") return false;
  if (type === "movie" && f.feature_type !== "Movie") return false;
  const fpo = q.get("foreign_parts_only");
  if (fpo === "only" && !a.foreign_parts_only) return false;
  if (fpo === "exclude" && a.foreign_parts_only) return false;
  const hi = q.get("hearing_impaired");
  if (hi === "only" && !a.hearing_impaired) return false;
  if (hi === "exclude" && a.hearing_impaired) return false;
  if (q.get("moviehash_match") === "only" && subtitle.hash !== q.get("moviehash")) return false;
  // The API's defaults: AI translations are listed unless excluded, machine translations only when included.
  if (q.get("ai_translated") === "exclude" && a.ai_translated) return false;
  if (q.get("machine_translated") !== "include" && a.machine_translated) return false;
  return true;
}

export async function startFakeOpenSubtitles(
  options: { apiKey?: string; username?: string; password?: string } = {},
): Promise<FakeOpenSubtitles> {
  const tokens = new Map<string, { host: "api" | "vip"; valid: boolean }>();
  const links = new Map<string, { fileId: number; valid: boolean }>();
  let counter = 0;

  const apiRoute =
    (host: "api" | "vip") =>
    ({ req, url, body }: FakeRequest): Response => {
      if (req.headers.get("api-key") !== fake.apiKey || !req.headers.get("user-agent"))
        return json({ message: "You cannot consume this service", status: 403 }, 403);
      const path = url.pathname.replace(/^\/api\/v1/, "");
      const auth = req.headers.get("authorization");
      let bearer: string | null = null;
      if (auth !== null) {
        bearer = auth.replace(/^Bearer /, "");
        const token = tokens.get(bearer);
        if (token === undefined || !token.valid || fake.rejectTokens)
          return json({ message: "invalid token", status: 401 }, 401);
        if (token.host !== host)
          return json({ message: `this token belongs to the ${token.host} host`, status: 400 }, 400);
      }

      if (req.method === "POST" && path === "/login") {
        const creds = body as { username?: unknown; password?: unknown } | undefined;
        if (creds?.username !== fake.username || creds?.password !== fake.password)
          return json({ message: "Invalid username/password", status: 401 }, 401);
        fake.logins++;
        const issuedFor = fake.vipLogin ? "vip" : "api";
        const token = `eyJ.fake-token-${++counter}`;
        tokens.set(token, { host: issuedFor, valid: true });
        const baseHost = new URL(issuedFor === "vip" ? fake.vip.url : fake.api.url).host;
        return json({
          user: {
            allowed_translations: 1,
            allowed_downloads: fake.allowedDownloads,
            level: "Sub leecher",
            user_id: 123,
            ext_installed: false,
            vip: fake.vipLogin,
          },
          base_url: baseHost,
          token,
          status: 200,
        });
      }
      if (req.method === "GET" && path === "/infos/formats")
        return json({ data: { output_formats: ["srt", "sub", "mpl", "webvtt", "dfxp", "txt"] } });
      if (req.method === "GET" && path === "/infos/user") {
        if (bearer === null) return json({ message: "You must be logged in", status: 401 }, 401);
        return json({
          data: {
            allowed_downloads: fake.allowedDownloads,
            level: "Sub leecher",
            user_id: 123,
            ext_installed: false,
            vip: false,
            downloads_count: fake.allowedDownloads - fake.remaining,
            remaining_downloads: fake.remaining,
            reset_time: "10 hours and 2 minutes",
            reset_time_utc: fake.resetTimeUtc,
          },
        });
      }
      if (req.method === "GET" && path === "/subtitles") {
        const canonical = canonicalQuery(url);
        if (canonical !== url.search.replace(/^\?/, "")) {
          fake.redirects++;
          return new Response(null, { status: 301, headers: { Location: `${url.pathname}?${canonical}` } });
        }
        const hash = url.searchParams.get("moviehash");
        const found = fake.subtitles
          .filter((s) => matchesQuery(s, url.searchParams))
          .map(({ hash: subtitleHash, ...wire }) =>
            hash === null
              ? wire
              : { ...wire, attributes: { ...wire.attributes, moviehash_match: subtitleHash === hash } },
          );
        const page = Number(url.searchParams.get("page") ?? "1");
        const totalPages = Math.max(1, Math.ceil(found.length / fake.perPage));
        return json({
          total_pages: totalPages,
          total_count: found.length,
          per_page: fake.perPage,
          page,
          data: found.slice((page - 1) * fake.perPage, page * fake.perPage),
        });
      }
      if (req.method === "POST" && path === "/download") {
        if (bearer === null)
          return json({ message: "You must be logged in to download subtitles", status: 401 }, 401);
        const fileId = (body as { file_id?: unknown } | undefined)?.file_id;
        if (typeof fileId !== "number") return json({ message: "file_id is required", status: 400 }, 400);
        if (!fake.files.has(fileId)) return json({ message: "Invalid file_id", status: 400 }, 400);
        if (fake.remaining <= 0) {
          return json(
            {
              requests: fake.allowedDownloads,
              remaining: 0,
              message: `You have downloaded your allowed ${fake.allowedDownloads} subtitles for 24h.Your quota will be renewed in 09 hours and 57 minutes (2026-11-25 00:00:00 UTC) ts=1713880932 `,
              reset_time: "09 hours and 57 minutes",
              reset_time_utc: fake.resetTimeUtc,
            },
            406,
          );
        }
        fake.remaining--;
        const sig = `sig${++counter}`;
        links.set(sig, { fileId, valid: true });
        const listed = fake.subtitles
          .flatMap((sub) => sub.attributes.files)
          .find((file) => file.file_id === fileId)?.file_name;
        const stem = (listed ?? String(fileId)).replace(/\.[a-z0-9]{2,4}$/i, "");
        return json({
          link: `${fake.cdn.url}/download/${sig}/subfile/${encodeURIComponent(`${stem}.srt`)}`,
          file_name: stem,
          requests: fake.allowedDownloads - fake.remaining,
          remaining: fake.remaining,
          message: "Your quota will be renewed in 10 hours and 2 minutes (2026-11-25 00:00:00 UTC) ",
          reset_time: "10 hours and 2 minutes",
          reset_time_utc: fake.resetTimeUtc,
        });
      }
      return json({ message: "Not found", status: 404 }, 404);
    };

  const api = startFakeService({ route: apiRoute("api"), headers: ["api-key"] });
  const vip = startFakeService({ route: apiRoute("vip"), headers: ["api-key"] });
  const cdn = startFakeService({
    route: ({ url }) => {
      const sig = /^\/download\/([^/]+)\/subfile\//.exec(url.pathname)?.[1];
      const link = sig === undefined ? undefined : links.get(sig);
      if (link === undefined) return empty(404);
      if (!link.valid || fake.linksExpired) return new Response("This link has expired", { status: 410 });
      return new Response(fake.files.get(link.fileId) ?? "", {
        headers: { "Content-Type": "application/x-subrip" },
      });
    },
    headers: ["api-key"],
  });

  const fake: FakeOpenSubtitles = {
    api,
    vip,
    cdn,
    apiKey: options.apiKey ?? "os-api-key-0123456789",
    username: options.username ?? "walter",
    password: options.password ?? "heisenberg-99",
    subtitles: [],
    files: new Map(),
    perPage: 60,
    vipLogin: false,
    rejectTokens: false,
    remaining: 20,
    allowedDownloads: 20,
    resetTimeUtc: RESET,
    logins: 0,
    redirects: 0,
    expireTokens() {
      for (const token of tokens.values()) token.valid = false;
    },
    linksExpired: false,
    expireLinks() {
      for (const link of links.values()) link.valid = false;
    },
    rateLimitNext(count = 1, host = "api") {
      (host === "api" ? api : vip).injectFailures(count, () =>
        json({ message: "Throttle limit reached. Retry later.", status: 429 }, 429, { "Retry-After": "1" }),
      );
    },
    async stop() {
      await Promise.all([api.stop(), vip.stop(), cdn.stop()]);
    },
  };
  return fake;
}

/** The `providers.opensubtitles` config block that points Subhound at this fake, signed in as its user. */
export function openSubtitlesConfig(fake: FakeOpenSubtitles, overrides: { apiKey?: string } = {}) {
  return {
    enabled: true,
    apiKey: overrides.apiKey ?? fake.apiKey,
    // Downloads need a user token, as on the real API.
    username: fake.username,
    password: fake.password,
    baseUrl: `${fake.api.url}/api/v1`,
  };
}
