import { afterEach, beforeEach, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStreamInspector } from "../../src/media/inspector.ts";
import type { ProbeCache, ProbeEntry } from "../../src/media/probe/cache.ts";
import { createProber, type ProbeOutcome, type Prober } from "../../src/media/probe/probe.ts";
import { probeError } from "../../src/media/probe/probe-error.ts";

const fixture = join(import.meta.dir, "../fixtures/media/mkv-srt-eng.mkv");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subhound-inspector-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A cache that holds nothing and records what it is given. */
function recordingCache() {
  const put: ProbeEntry[] = [];
  const cache: ProbeCache = {
    get: () => null,
    putMany: (entries: ProbeEntry[]) => put.push(...entries),
  } as unknown as ProbeCache;
  return { cache, put };
}

const proberOf = (outcome: ProbeOutcome): Prober => ({
  probe: async () => outcome,
  ffprobeStatus: () => ({ available: false, reason: "test" }),
});

const streams = { engine: "ffprobe" as const, streams: [] };

test("uncached: the native reader's fstat stamps the cached result", async () => {
  const path = join(dir, "a.mkv");
  copyFileSync(fixture, path);
  const { cache, put } = recordingCache();
  const prober = createProber({ engine: "native", concurrency: 1, timeoutMs: 10_000 });
  const inspector = createStreamInspector(prober, cache);

  const seen = await inspector.inspect(path, { uncached: true });
  inspector.flush();

  const stat = statSync(path);
  expect(seen).toMatchObject({ ok: true, cached: false, mtimeMs: stat.mtimeMs });
  expect(put.map((e) => e.key)).toEqual([{ path, size: stat.size, mtimeMs: stat.mtimeMs }]);
});

test("uncached: a stamp from the prober is the key; the path is not looked at again", async () => {
  const { cache, put } = recordingCache();
  // Nothing is at this path: a stat would find no file.
  const path = join(dir, "gone-after-probe.mkv");
  const inspector = createStreamInspector(
    proberOf({ ok: true, result: streams, file: { size: 7, mtimeMs: 1234 } }),
    cache,
  );

  expect(await inspector.inspect(path, { uncached: true })).toMatchObject({ ok: true, mtimeMs: 1234 });
  inspector.flush();
  expect(put.map((e) => e.key)).toEqual([{ path, size: 7, mtimeMs: 1234 }]);
});

test("uncached: without a stamp (ffprobe) the file is stat'ed, and one that is gone is missing", async () => {
  const { cache, put } = recordingCache();
  const inspector = createStreamInspector(proberOf({ ok: true, result: streams }), cache);
  const present = join(dir, "b.mkv");
  copyFileSync(fixture, present);

  expect(await inspector.inspect(join(dir, "nope.mkv"), { uncached: true })).toEqual({
    ok: false,
    error: "file not found",
    missing: true,
  });
  expect(await inspector.inspect(present, { uncached: true })).toMatchObject({ ok: true });
  inspector.flush();
  expect(put.map((e) => e.key)).toEqual([
    { path: present, size: statSync(present).size, mtimeMs: statSync(present).mtimeMs },
  ]);
});

test("uncached: a failed probe of a file that exists is its error; of one that does not, missing", async () => {
  const { cache } = recordingCache();
  const present = join(dir, "c.mkv");
  copyFileSync(fixture, present);
  const failing = createStreamInspector(
    proberOf({ ok: false, error: probeError("malformed", "bad header") }),
    cache,
  );
  expect(await failing.inspect(present, { uncached: true })).toEqual({
    ok: false,
    error: "bad header",
    missing: false,
  });
  const prober = createProber({ engine: "native", concurrency: 1, timeoutMs: 10_000 });
  const real = createStreamInspector(prober, cache);
  expect(await real.inspect(join(dir, "vanished.mkv"), { uncached: true })).toEqual({
    ok: false,
    error: "file not found",
    missing: true,
  });
});
