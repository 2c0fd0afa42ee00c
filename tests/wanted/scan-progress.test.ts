import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, type TestScanner, touch } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

/** An inspector that notes the scan's done/total each time a file is inspected. */
function progressRecorder() {
  const seen: [number, number][] = [];
  let scanner: TestScanner | null = null;
  const inspector: StreamInspector = {
    async inspect() {
      const p = scanner!.status()!;
      seen.push([p.done, p.total]);
      return { ok: true, streams: [], cached: false, mtimeMs: null };
    },
  };
  return { inspector, seen, attach: (s: TestScanner) => (scanner = s) };
}

test("a configured scan's progress counts files, not series, from the first file on", async () => {
  const a = env.sonarr.addSeries({ title: "A", path: "/tv/A" });
  const b = env.sonarr.addSeries({ title: "B", path: "/tv/B" });
  for (const [series, n] of [
    [a, 3],
    [b, 2],
  ] as const)
    for (let e = 1; e <= n; e++) {
      const file = env.sonarr.addEpisodeFile(series.id, { season: 1, episodes: [e] });
      touch(join(env.media, "tv", series.path.slice("/tv/".length), file.relativePath));
    }
  const recorder = progressRecorder();
  const scanner = makeScanner(env, { inspector: recorder.inspector });
  recorder.attach(scanner);
  const result = await scan(scanner);
  expect(result).toMatchObject({ status: "succeeded", done: 5, total: 5 });
  // Sonarr's statistics announce all five files before any series is listed.
  expect(recorder.seen.every(([, total]) => total === 5)).toBe(true);
  // Files inspected at once see the same count; none sees more done than came before it.
  expect(recorder.seen.every(([done]) => done >= 0 && done < 5)).toBe(true);
});

test("a folder scan counts files across folders", async () => {
  const root = join(env.media, "loose");
  for (const folder of ["One", "Two"]) for (const name of ["a.mkv", "b.mkv"]) touch(join(root, folder, name));
  const recorder = progressRecorder();
  const scanner = makeScanner(env, { standaloneRoots: [root], inspector: recorder.inspector });
  recorder.attach(scanner);
  const result = await scan(scanner);
  expect(result).toMatchObject({ status: "succeeded", done: 4, total: 4 });
  expect(recorder.seen.every(([, total]) => total === 4)).toBe(true);
});
