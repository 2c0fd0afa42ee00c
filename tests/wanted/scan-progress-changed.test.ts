import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import type { ScanProgress } from "../../src/wanted/scanner.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, touch } from "./scan-env.ts";

// While a scan runs, its progress counts the wanted items its committed writes changed, and is told
// at each commit that changed some: the web UI refetches the wanted list on that, so a long first
// scan fills the Wanted page as it goes.

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

function shows(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const series = env.sonarr.addSeries({ title: `Show ${i + 1}`, path: `/tv/Show ${i + 1}` });
    const file = env.sonarr.addEpisodeFile(series.id, { season: 1, episodes: [1] });
    touch(join(env.media, "tv", `Show ${i + 1}`, file.relativePath));
    return series;
  });
}

test("a running scan's progress reports the wanted items written so far, at each commit", async () => {
  shows(600);
  const told: ScanProgress[] = [];
  const scanner = makeScanner(env, { onProgress: (p) => told.push({ ...p }) });
  const done = await scan(scanner);

  expect(done.summary!.added).toBe(600);
  expect(done.changed).toBe(600);
  const running = told.filter((p) => p.status === "running");
  // Counts only grow, and a commit that changed items was told while files were still to come.
  const counts = running.map((p) => p.changed);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  const midway = running.filter((p) => p.changed > 0 && p.changed < 600);
  expect(midway.length).toBeGreaterThan(0);
  // The recorded run reads back with the same count.
  expect(scanner.status()!.changed).toBe(600);
});

test("items a full scan removes count as changes, told before the scan ends", async () => {
  const series = shows(10);
  const scanner = makeScanner(env, { scan: { maxRemovalShare: 1 } });
  await scan(scanner);
  for (const s of series.slice(0, 3)) env.sonarr.deleteSeries(s.id);

  const told: ScanProgress[] = [];
  const again = makeScanner(env, { scan: { maxRemovalShare: 1 }, onProgress: (p) => told.push({ ...p }) });
  const done = await scan(again);
  expect(done.summary!.removed).toBe(3);
  expect(done.changed).toBe(3);
  expect(told.some((p) => p.status === "running" && p.changed === 3)).toBe(true);
});
