import { afterEach, beforeEach, expect, test } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createStreamInspector } from "../../src/media/inspector.ts";
import { createProbeCache, type ProbeCache } from "../../src/media/probe/cache.ts";
import { createProber } from "../../src/media/probe/probe.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

const fixture = join(import.meta.dir, "../fixtures/media/mkv-srt-eng.mkv");

/** The real inspector over the env's database, counting the cache lookups it makes. */
function countingInspector() {
  const cache = createProbeCache(env.db.sqlite);
  const lookups: string[] = [];
  const counted: ProbeCache = {
    ...cache,
    get: (key) => {
      lookups.push(key.path);
      return cache.get(key);
    },
  };
  const prober = createProber({ engine: "native", concurrency: 1, timeoutMs: 10_000 });
  return { inspector: createStreamInspector(prober, counted), lookups };
}

test("a scan that starts with an empty probe cache looks nothing up in it; the next full scan reads it", async () => {
  const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  for (const n of [1, 2, 3]) {
    const file = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [n] });
    const path = join(env.media, "tv", "Show", file.relativePath);
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(fixture, path);
  }
  const { inspector, lookups } = countingInspector();
  const scanner = makeScanner(env, { inspector });

  const first = await scan(scanner, { mode: "full" });
  expect(first.summary).toMatchObject({ filesSeen: 3, probed: 3, cacheHits: 0 });
  expect(lookups).toEqual([]);

  const second = await scan(scanner, { mode: "full" });
  expect(second.summary).toMatchObject({ filesSeen: 3, probed: 0, cacheHits: 3 });
  expect(lookups).toHaveLength(3);
});
