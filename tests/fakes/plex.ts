import { type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * Plex Media Server (external-apis.md §6): `/identity` anonymous, everything else behind
 * `X-Plex-Token` (401 HTML otherwise), JSON only with `Accept: application/json`, section keys as
 * strings, partial scans via `GET /library/sections/{key}/refresh?path=`.
 */

export interface FakePlexSection {
  key: string;
  title: string;
  type: "movie" | "show" | "artist" | "photo";
  locations: string[];
}

/** A library item as `/library/metadata/{ratingKey}` answers it (trimmed to what a client reads). */
export interface FakePlexItem {
  type: "movie" | "show" | "season" | "episode";
  title: string;
  /** Episodes and movies: their files. */
  files?: string[];
  /** Shows: their folders. */
  locations?: string[];
  parentRatingKey?: string;
}

export interface FakePlex extends FakeService {
  token: string;
  sections: FakePlexSection[];
  /** By ratingKey; unknown keys answer 404 with an empty body, as Plex does. */
  items: Record<string, FakePlexItem>;
  /** Every partial scan requested, with the decoded folder. */
  refreshes: { key: string; path: string | null }[];
}

const unauthorized = () =>
  new Response(
    "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>",
    {
      status: 401,
      headers: { "Content-Type": "text/html" },
    },
  );

function xmlOrJson(req: Request, container: Record<string, unknown>): Response {
  if ((req.headers.get("accept") ?? "").includes("application/json"))
    return json({ MediaContainer: container });
  const attrs = Object.entries(container)
    .filter(([, v]) => typeof v !== "object")
    .map(([k, v]) => ` ${k}="${String(v)}"`)
    .join("");
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer${attrs} />`, {
    headers: { "Content-Type": "text/xml;charset=utf-8" },
  });
}

export async function startFakePlex(token = "xPlexTok3nAbCdEf12345"): Promise<FakePlex> {
  const service = startFakeService({
    headers: ["x-plex-token", "x-plex-client-identifier", "x-plex-product"],
    route: ({ req, url }) => {
      if (url.pathname === "/identity") {
        return xmlOrJson(req, {
          size: 0,
          claimed: true,
          machineIdentifier: "a1b2c3",
          version: "1.41.3.9314-a0bfb8370",
        });
      }
      const presented = req.headers.get("x-plex-token") ?? url.searchParams.get("X-Plex-Token");
      if (presented !== fake.token) return unauthorized();
      if (req.method === "GET" && url.pathname === "/library/sections") {
        return xmlOrJson(req, {
          size: fake.sections.length,
          allowSync: false,
          title1: "Plex Library",
          Directory: fake.sections.map((s, i) => ({
            allowSync: true,
            key: s.key,
            type: s.type,
            title: s.title,
            agent: s.type === "show" ? "tv.plex.agents.series" : "tv.plex.agents.movie",
            scanner: s.type === "show" ? "Plex TV Series" : "Plex Movie",
            language: "en-US",
            uuid: `uuid-${s.key}`,
            refreshing: false,
            updatedAt: 1700000000,
            scannedAt: 1700000000,
            Location: s.locations.map((path, j) => ({ id: i * 10 + j + 1, path })),
          })),
        });
      }
      const metadata = /^\/library\/metadata\/([^/]+)$/.exec(url.pathname);
      if (metadata && req.method === "GET") {
        const ratingKey = decodeURIComponent(metadata[1] ?? "");
        const item = fake.items[ratingKey];
        if (!item) return new Response("", { status: 404 });
        return xmlOrJson(req, {
          size: 1,
          allowSync: true,
          Metadata: [
            {
              ratingKey,
              key: `/library/metadata/${ratingKey}`,
              type: item.type,
              title: item.title,
              ...(item.parentRatingKey ? { parentRatingKey: item.parentRatingKey } : {}),
              ...(item.files
                ? {
                    Media: item.files.map((file, i) => ({
                      id: i + 1,
                      duration: 2_640_000,
                      container: "mkv",
                      Part: [{ id: i + 1, key: `/library/parts/${i + 1}/file.mkv`, file, size: 1_000_000 }],
                    })),
                  }
                : {}),
              ...(item.locations ? { Location: item.locations.map((path) => ({ path })) } : {}),
            },
          ],
        });
      }
      const refresh = /^\/library\/sections\/([^/]+)\/refresh$/.exec(url.pathname);
      if (refresh && (req.method === "GET" || req.method === "POST")) {
        const key = decodeURIComponent(refresh[1] ?? "");
        if (!fake.sections.some((s) => s.key === key)) return new Response("", { status: 404 });
        fake.refreshes.push({ key, path: url.searchParams.get("path") });
        return new Response("", { status: 200 });
      }
      return new Response("", { status: 404 });
    },
  });
  const fake: FakePlex = {
    ...service,
    token,
    sections: [
      { key: "1", title: "Movies", type: "movie", locations: ["/data/movies"] },
      { key: "2", title: "TV Shows", type: "show", locations: ["/data/tv"] },
      { key: "3", title: "Anime", type: "show", locations: ["/data/tv/anime"] },
    ],
    items: {},
    refreshes: [],
  };
  return fake;
}
