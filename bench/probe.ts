/**
 * Probe benchmark. Part 1: native vs ffprobe per-file probe time over the media corpus.
 * Part 2: inspecting a synthetic 10,000-file library (hard links to corpus files in 500
 * folders): cold = probe every file and write the cache, warm = stat + cache hit for every file.
 *   bun bench/probe.ts [--files 10000] [--ffprobe PATH]
 */
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { createProbeCache, type ProbeCacheKey } from "../src/media/probe/cache.ts";
import { createProber } from "../src/media/probe/probe.ts";
import type { ProbeResult } from "../src/media/types.ts";

export interface ProbeBenchResult {
  ffprobePath: string;
  perFile: { file: string; nativeMs: number; ffprobeMs: number }[];
  nativeMedianMs: number;
  ffprobeMedianMs: number;
  library: {
    files: number;
    corpusFiles: number;
    coldMs: number;
    cached: number;
    warmMs: number;
    hits: number;
  };
}

const corpusDir = join(import.meta.dir, "../tests/fixtures/media");
const corpus = readdirSync(corpusDir)
  .filter((name) => /\.(mkv|mka|mks|webm|mp4|m4v|mov)$/.test(name))
  .map((name) => join(corpusDir, name));

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);

/** Runs the benchmark, printing as it goes, and returns the numbers for the report. */
export async function runProbeBench(
  options: { files?: number; ffprobePath?: string } = {},
): Promise<ProbeBenchResult> {
  const libraryFiles = options.files ?? 10_000;
  const ffprobePath = options.ffprobePath ?? (require("@ffprobe-installer/ffprobe").path as string);
  const perFile: ProbeBenchResult["perFile"] = [];
  const native = createProber({ engine: "native", concurrency: 1, timeoutMs: 30_000 });
  const ffprobe = createProber({ engine: "ffprobe", ffprobePath, concurrency: 1, timeoutMs: 30_000 });

  console.log(`Per-file probe time, ${corpus.length} corpus files (ffprobe: ${ffprobePath})`);
  console.log(`${"file".padEnd(32)} ${"native".padStart(10)} ${"ffprobe".padStart(10)}`);
  const nativeMedians: number[] = [];
  const ffprobeMedians: number[] = [];
  for (const file of corpus) {
    const n: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await native.probe(file);
      n.push(performance.now() - t);
    }
    const f: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await ffprobe.probe(file);
      f.push(performance.now() - t);
    }
    perFile.push({ file: file.split("/").pop()!, nativeMs: median(n), ffprobeMs: median(f) });
    nativeMedians.push(median(n));
    ffprobeMedians.push(median(f));
    console.log(
      `${file.split("/").pop()!.padEnd(32)} ${fmt(median(n)).padStart(10)} ${fmt(median(f)).padStart(10)}`,
    );
  }
  const nativeMedian = median(nativeMedians);
  const ffprobeMedian = median(ffprobeMedians);
  console.log(
    `median: native ${fmt(nativeMedian)}, ffprobe ${fmt(ffprobeMedian)}, native is ${Math.round(ffprobeMedian / nativeMedian)}x faster\n`,
  );

  // The library measures the native path: files the native reader hands to ffprobe are left out.
  const librarySources: string[] = [];
  for (const file of corpus) if ((await native.probe(file)).ok) librarySources.push(file);

  const root = mkdtempSync(join(tmpdir(), "subhound-bench-"));
  try {
    const paths: string[] = [];
    for (let i = 0; i < libraryFiles; i++) {
      const folder = join(root, `show-${String(i % 500).padStart(3, "0")}`);
      if (i < 500) mkdirSync(folder);
      const source = librarySources[i % librarySources.length]!;
      const path = join(folder, `episode-${i}${source.slice(source.lastIndexOf("."))}`);
      linkSync(source, path);
      paths.push(path);
    }
    const handle = openDatabase({ path: join(root, "bench.db") });
    migrate(handle.sqlite);
    const cache = createProbeCache(handle.sqlite);
    const prober = createProber({ engine: "auto", ffprobePath, concurrency: 4, timeoutMs: 30_000 });

    const keyOf = (path: string): ProbeCacheKey => {
      const stat = statSync(path);
      return { path, size: stat.size, mtimeMs: stat.mtimeMs };
    };

    let t = performance.now();
    const entries: Array<{ key: ProbeCacheKey; result: ProbeResult }> = [];
    for (const path of paths) {
      const key = keyOf(path);
      const outcome = await prober.probe(path);
      if (outcome.ok) entries.push({ key, result: outcome.result });
    }
    cache.putMany(entries);
    const cold = performance.now() - t;

    t = performance.now();
    const hits = cache.getMany(paths.map(keyOf));
    const warm = performance.now() - t;
    handle.close();

    console.log(
      `Library of ${paths.length} files in 500 folders (links to ${librarySources.length} corpus files)`,
    );
    console.log(
      `cold (stat + native probe + one-transaction cache write): ${cold.toFixed(0)} ms, ${entries.length} cached`,
    );
    console.log(`warm (stat + bulk cache lookup): ${warm.toFixed(0)} ms, ${hits.size} hits`);
    return {
      ffprobePath,
      perFile,
      nativeMedianMs: nativeMedian,
      ffprobeMedianMs: ffprobeMedian,
      library: {
        files: paths.length,
        corpusFiles: librarySources.length,
        coldMs: cold,
        cached: entries.length,
        warmMs: warm,
        hits: hits.size,
      },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: { files: { type: "string", default: "10000" }, ffprobe: { type: "string" } },
  });
  await runProbeBench({ files: Number(values.files), ffprobePath: values.ffprobe });
}
