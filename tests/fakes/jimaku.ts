import { type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * Jimaku as external-apis.md §7 describes it: the raw key in `Authorization`, `x-ratelimit-*`
 * headers on every answer, 429 once the window is spent, 401 `{"error","code"}` for a bad key.
 * Base URL is `${url}/api`; download URLs point back at the fake.
 */

export interface FakeJimakuEntry {
  id: number;
  name: string;
  japanese_name?: string | null;
  english_name?: string | null;
  anilist_id?: number | null;
  movie?: boolean;
  anime?: boolean;
}

export interface FakeJimakuFile {
  name: string;
  content: string | Uint8Array;
  /** The episode Jimaku parses from the name; files without one (packs) match every episode filter. */
  episode?: number;
}

export interface FakeJimaku extends FakeService {
  baseUrl: string;
  apiKey: string;
  limit: number;
  /** Requests left in the window; at 0 every request gets a 429. */
  remaining: number;
  /** `x-ratelimit-reset`, unix seconds. */
  resetAt: number;
  /** `x-ratelimit-reset-after`, seconds; null leaves the header out. */
  resetAfter: number | null;
  addEntry(entry: FakeJimakuEntry, files?: FakeJimakuFile[]): void;
}

export async function startFakeJimaku(apiKey = "jimaku-test-key"): Promise<FakeJimaku> {
  const entries: FakeJimakuEntry[] = [];
  const files = new Map<number, FakeJimakuFile[]>();

  const rateHeaders = (): Record<string, string> => ({
    "x-ratelimit-limit": String(fake.limit),
    "x-ratelimit-remaining": String(Math.max(0, fake.remaining)),
    "x-ratelimit-reset": String(fake.resetAt),
    ...(fake.resetAfter === null ? {} : { "x-ratelimit-reset-after": String(fake.resetAfter) }),
  });

  const wire = (e: FakeJimakuEntry) => ({
    id: e.id,
    name: e.name,
    japanese_name: e.japanese_name ?? null,
    english_name: e.english_name ?? null,
    anilist_id: e.anilist_id ?? null,
    tmdb_id: null,
    flags: {
      anime: e.anime ?? true,
      movie: e.movie ?? false,
      unverified: false,
      external: false,
      adult: false,
    },
    last_modified: "2024-03-22T12:00:00Z",
  });

  const service = startFakeService({
    route: ({ req, url }) => {
      if (fake.remaining <= 0) {
        return json({ error: "Too many requests", code: 429 }, 429, rateHeaders());
      }
      fake.remaining--;
      const headers = rateHeaders();
      if (req.headers.get("authorization") !== fake.apiKey) {
        return json({ error: "Unauthorized", code: 401 }, 401, headers);
      }
      if (url.pathname === "/api/entries/search") {
        const anilist = url.searchParams.get("anilist_id");
        const text = url.searchParams.get("query")?.toLowerCase();
        const anime = url.searchParams.get("anime");
        const hits = entries.filter((e) => {
          if (anilist !== null) return String(e.anilist_id) === anilist;
          if (anime !== null && (e.anime ?? true) !== (anime === "true")) return false;
          if (!text) return false;
          return [e.name, e.english_name, e.japanese_name].some((n) => n?.toLowerCase().includes(text));
        });
        return json(hits.map(wire), 200, headers);
      }
      const list = /^\/api\/entries\/(\d+)\/files$/.exec(url.pathname);
      if (list) {
        const id = Number(list[1]);
        if (!entries.some((e) => e.id === id))
          return json({ error: "Entry not found", code: 404 }, 404, headers);
        const episode = url.searchParams.get("episode");
        const selected = (files.get(id) ?? []).filter(
          (f) => episode === null || f.episode === undefined || f.episode === Number(episode),
        );
        return json(
          selected.map((f) => ({
            url: `${service.url}/entry/${id}/download/${encodeURIComponent(f.name)}`,
            name: f.name,
            size: typeof f.content === "string" ? f.content.length : f.content.byteLength,
            last_modified: "2024-03-22T12:00:00Z",
          })),
          200,
          headers,
        );
      }
      const download = /^\/entry\/(\d+)\/download\/(.+)$/.exec(url.pathname);
      if (download) {
        const name = decodeURIComponent(download[2] ?? "");
        const file = files.get(Number(download[1]))?.find((f) => f.name === name);
        if (!file) return json({ error: "File not found", code: 404 }, 404, headers);
        return new Response(file.content, {
          headers: { ...headers, "Content-Type": "application/octet-stream" },
        });
      }
      return json({ error: "Not found", code: 404 }, 404, headers);
    },
  });

  const fake: FakeJimaku = {
    ...service,
    baseUrl: `${service.url}/api`,
    apiKey,
    limit: 25,
    remaining: 25,
    resetAt: 1_713_373_688.5,
    resetAfter: 0.98,
    addEntry(entry, entryFiles = []) {
      entries.push(entry);
      files.set(entry.id, [...(files.get(entry.id) ?? []), ...entryFiles]);
    },
  };
  return fake;
}
