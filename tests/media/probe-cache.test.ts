import { beforeEach, describe, expect, test } from "bun:test";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createProbeCache, PROBE_VERSION, type ProbeCache } from "../../src/media/probe/cache.ts";
import type { ProbeResult } from "../../src/media/types.ts";

const result: ProbeResult = {
  engine: "native",
  streams: [
    {
      index: 2,
      codec: "ass",
      language: "ger",
      languageIetf: "de",
      title: "Signs & Songs",
      forced: true,
      hearingImpaired: false,
      default: false,
      textBased: true,
    },
  ],
};
const key = { path: "/media/show/S01E01.mkv", size: 1_000_000, mtimeMs: 1_700_000_000_123.456 };

let handle: DbHandle;
let cache: ProbeCache;
beforeEach(() => {
  handle = openDatabase({ path: ":memory:" });
  migrate(handle.sqlite);
  cache = createProbeCache(handle.sqlite, { now: () => new Date("2026-01-02T03:04:05Z") });
});

describe("probe cache", () => {
  test("hit for the same path, size and mtime; miss otherwise", () => {
    expect(cache.get(key)).toBeNull();
    cache.put(key, result);
    expect(cache.get(key)).toEqual(result);
    expect(cache.get({ ...key, size: key.size + 1 })).toBeNull();
    expect(cache.get({ ...key, mtimeMs: key.mtimeMs + 1000 })).toBeNull();
    expect(cache.get({ ...key, path: "/media/other.mkv" })).toBeNull();
  });

  test("a changed file overwrites its entry", () => {
    cache.put(key, result);
    const changed = { ...key, size: 2 };
    cache.put(changed, { engine: "ffprobe", streams: [] });
    expect(cache.get(key)).toBeNull();
    expect(cache.get(changed)).toEqual({ engine: "ffprobe", streams: [] });
  });

  test("entries written by another probe version are stale", () => {
    createProbeCache(handle.sqlite, { probeVersion: PROBE_VERSION - 1 }).put(key, result);
    expect(cache.get(key)).toBeNull();
  });

  test("batch write and bulk lookup", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => ({
      path: `/media/${i}.mkv`,
      size: i + 1,
      mtimeMs: i,
    }));
    cache.putMany(keys.map((k) => ({ key: k, result })));
    const hits = cache.getMany([...keys, { path: "/media/new.mkv", size: 1, mtimeMs: 1 }]);
    expect(hits.size).toBe(1000);
    expect(hits.get("/media/999.mkv")).toEqual(result);
    const row = handle.sqlite.query("SELECT probe_version, engine, probed_at FROM probe_cache LIMIT 1").get();
    expect(row).toEqual({
      probe_version: PROBE_VERSION,
      engine: "native",
      probed_at: "2026-01-02T03:04:05.000Z",
    });
  });

  test("prune drops vanished files, by set or by predicate", () => {
    const paths = ["/a.mkv", "/b.mkv", "/c.mkv"];
    cache.putMany(paths.map((path) => ({ key: { path, size: 1, mtimeMs: 1 }, result })));
    expect(cache.prune(new Set(["/a.mkv", "/b.mkv"]))).toBe(1);
    expect(cache.get({ path: "/c.mkv", size: 1, mtimeMs: 1 })).toBeNull();
    expect(cache.prune((path) => path !== "/a.mkv")).toBe(1);
    expect(cache.getMany(paths.map((path) => ({ path, size: 1, mtimeMs: 1 }))).size).toBe(1);
  });
});
