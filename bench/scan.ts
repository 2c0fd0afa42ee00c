/**
 * Library scan benchmark: a synthetic 10,000-file Sonarr library (500 series × 20 episodes,
 * hard links to the corpus files the native reader answers) served by the fake Sonarr.
 *
 * Measured side by side in one run:
 * - our scanner: full cold (empty DB and probe cache), full warm (cache populated) and
 *   incremental with 1% of the files changed (50 upgrades + 50 in-place replacements), each
 *   twice: over HTTP against the in-process fake Sonarr ("live"), and with the fake's recorded
 *   responses replayed from memory ("replay": no HTTP, no fake-server work — what the targets
 *   are checked against);
 * - a reference-style baseline (the old Python system): `GET /episode?seriesId=` then
 *   `GET /episodefile/{id}` per file, sequentially, and the real ffprobe on every file with 4
 *   workers per series, on a sample of series, extrapolated linearly to the whole library;
 * - peak RSS of this process during our cold full scan, and the idle RSS of a real server process.
 *
 *   bun bench/scan.ts [--series 500] [--episodes 20] [--rounds 3] [--sample 200]
 */

import { copyFileSync, linkSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { compile, hostTarget } from "../scripts/compile.ts";
import { systemClock } from "../src/clock.ts";
import { type Config, configSchema } from "../src/config/schema.ts";
import { type DbHandle, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { createSonarrClient } from "../src/library/sonarr.ts";
import { silentLogger } from "../src/log.ts";
import { createStreamInspector } from "../src/media/inspector.ts";
import { createProbeCache } from "../src/media/probe/cache.ts";
import { createProber } from "../src/media/probe/probe.ts";
import type { FetchLike } from "../src/net/retry-timing.ts";
import { createScanner, type ScanSummary } from "../src/wanted/scanner.ts";
import { type FakeSonarr, startFakeSonarr } from "../tests/fakes/sonarr.ts";
import { runCommand, spawnServer } from "../tests/support/process.ts";
import { linkSonarrLibrary, nativeCorpus } from "./support/linked-library.ts";
import { settleBinary } from "./support/settled-binary.ts";

export interface ScanBenchOptions {
  series?: number;
  episodesPerSeries?: number;
  /** Repetitions of each measurement; the median is reported. */
  rounds?: number;
  /** Files the reference-style baseline really runs over (whole series), then extrapolated. */
  baselineSample?: number;
  ffprobePath?: string;
  quiet?: boolean;
}

export interface ScanMeasurement {
  /** Median wall time over the rounds. */
  ms: number;
  all: number[];
  requests: number;
  probed: number;
  cacheHits: number;
  filesSeen: number;
}

export interface ScanBenchResult {
  files: number;
  folders: number;
  series: number;
  corpusFiles: number;
  rounds: number;
  changedPerRound: number;
  live: { cold: ScanMeasurement; warm: ScanMeasurement; incremental: ScanMeasurement };
  replay: { cold: ScanMeasurement; warm: ScanMeasurement; incremental: ScanMeasurement };
  baseline: {
    ffprobePath: string;
    sampleFiles: number;
    sampleSeries: number;
    sampleHttpMs: number;
    sampleProbeMs: number;
    sampleRequests: number;
    /** Extrapolated linearly to the whole library. */
    coldMs: number;
    /** HTTP only: what a scan costs the reference once its ffprobe cache is warm. */
    warmMs: number;
    requests: number;
    probed: number;
  };
  rss: {
    /** RSS of the scanning child process once its modules are loaded and its DB is open. */
    startMiB: number;
    /** Peak RSS of that process during a cold full scan (sampled every 10 ms, and VmHWM). */
    peakMiB: number;
    childScanMs: number;
    idleServerMiB: number;
    idleServerNote: string;
    /** The same for dist/subhound-linux-x64 when present (as built, possibly older than the source). */
    idleCompiledMiB: number | null;
  };
  targets: { name: string; limit: string; value: string; met: boolean }[];
}

const MiB = 1024 * 1024;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Records the fake's answers by URL so a scan can be replayed without HTTP or fake-server work. */
function recordingFetch(store: Map<string, string>): FetchLike {
  return async (url, init) => {
    const res = await fetch(url, init);
    const text = await res.text();
    if (res.ok) store.set(url, text);
    return new Response(text, { status: res.status, headers: res.headers });
  };
}

/** One untimed listing pass (the same requests a scan sends), recorded for replay. */
async function record(config: Config): Promise<Map<string, string>> {
  const store = new Map<string, string>();
  const recorder = createSonarrClient({
    instance: config.sonarr[0]!,
    globalPathMappings: config.pathMappings,
    deps: { fetch: recordingFetch(store) },
  });
  const listing = await recorder.listAllFiles();
  if (!listing.ok) throw new Error(listing.error);
  return store;
}

function replayFetch(store: () => Map<string, string>, counter: { n: number }): FetchLike {
  return async (url) => {
    counter.n++;
    const text = store().get(url);
    if (text === undefined) return new Response(`not recorded: ${url}`, { status: 500 });
    return new Response(text, {
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
  };
}

interface Env {
  db: DbHandle;
  scanner: ReturnType<typeof createScanner>;
}

function buildScanner(
  config: Config,
  dbPath: string,
  fetchImpl: FetchLike | undefined,
  ffprobePath: string,
): Env {
  const db = openDatabase({ path: dbPath });
  migrate(db.sqlite);
  const source = createSonarrClient({
    instance: config.sonarr[0]!,
    globalPathMappings: config.pathMappings,
    deps: fetchImpl ? { fetch: fetchImpl } : {},
  });
  const prober = createProber({ engine: "auto", ffprobePath, concurrency: 4, timeoutMs: 30_000 });
  const scanner = createScanner({
    db,
    clock: systemClock,
    log: silentLogger,
    config,
    sources: [source],
    inspector: createStreamInspector(prober, createProbeCache(db.sqlite)),
  });
  return { db, scanner };
}

async function scanOnce(
  env: Env,
  mode: "full" | "incremental",
): Promise<{ ms: number; summary: ScanSummary }> {
  const t = performance.now();
  const started = env.scanner.start({ mode, trigger: "cli" });
  if (!started.ok) throw new Error("a scan is already running");
  const progress = await started.done;
  const ms = performance.now() - t;
  if (progress.status !== "succeeded" || !progress.summary) {
    throw new Error(`scan ${progress.status}: ${JSON.stringify(progress.errors)}`);
  }
  if (Object.keys(progress.summary.errors).length > 0) {
    throw new Error(`scan reported errors: ${JSON.stringify(progress.summary.errors)}`);
  }
  return { ms, summary: progress.summary };
}

function measurement(runs: { ms: number; summary: ScanSummary; requests: number }[]): ScanMeasurement {
  const last = runs[runs.length - 1]!;
  return {
    ms: median(runs.map((r) => r.ms)),
    all: runs.map((r) => Math.round(r.ms)),
    requests: last.requests,
    probed: last.summary.probed,
    cacheHits: last.summary.cacheHits,
    filesSeen: last.summary.filesSeen,
  };
}

/** The reference's per-series work: N+1 requests, then ffprobe on every file with 4 workers. */
export async function referenceBaseline(
  sonarr: FakeSonarr,
  seriesIds: number[],
  mediaRoot: string,
  ffprobePath: string,
): Promise<{ httpMs: number; probeMs: number; requests: number; files: number }> {
  const headers = { "X-Api-Key": sonarr.apiKey };
  const get = async (path: string) => {
    const res = await fetch(`${sonarr.url}/api/v3${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  };
  const ffprobe = async (path: string) => {
    const proc = Bun.spawn([ffprobePath, "-v", "quiet", "-print_format", "json", "-show_streams", path], {
      stdout: "pipe",
      stderr: "ignore",
    });
    const out = await new Response(proc.stdout).text();
    if ((await proc.exited) !== 0) throw new Error(`ffprobe failed on ${path}`);
    return JSON.parse(out) as { streams: unknown[] };
  };
  sonarr.requests.reset();
  let httpMs = 0;
  let probeMs = 0;
  let files = 0;
  let t = performance.now();
  await get("/series");
  httpMs += performance.now() - t;
  for (const seriesId of seriesIds) {
    t = performance.now();
    const episodes = (await get(`/episode?seriesId=${seriesId}`)) as {
      hasFile: boolean;
      episodeFileId: number;
    }[];
    const paths: string[] = [];
    for (const ep of episodes) {
      if (!ep.hasFile) continue;
      const file = (await get(`/episodefile/${ep.episodeFileId}`)) as { path: string };
      const mapped = file.path.replace(/^\/tv(?=\/)/, mediaRoot);
      if (await Bun.file(mapped).exists()) paths.push(mapped);
    }
    httpMs += performance.now() - t;
    t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < paths.length) await ffprobe(paths[next++]!);
      }),
    );
    probeMs += performance.now() - t;
    files += paths.length;
  }
  return { httpMs, probeMs, requests: sonarr.requests.total, files };
}

async function idleRssOf(cmd: string[]): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-bench-server-"));
  try {
    const server = await spawnServer(cmd, {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? "", SUBHOUND_PORT: "0", SUBHOUND_DATA_DIR: dataDir },
    });
    try {
      const readRss = async () => {
        const status = await Bun.file(`/proc/${server.proc.pid}/status`).text();
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
      };
      // Let start-up garbage be collected, answer one liveness probe, settle again.
      await Bun.sleep(2_000);
      await fetch(`${server.url}/api/v1/health`);
      await Bun.sleep(2_000);
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        samples.push(await readRss());
        await Bun.sleep(200);
      }
      return median(samples);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function idleServerRss(): Promise<{ mib: number; compiledMiB: number | null; note: string }> {
  const repo = join(import.meta.dir, "..");
  const mib = await idleRssOf([process.execPath, join(repo, "src/main.ts")]);
  // What ships is the compiled binary: build the current source for this host and measure it too.
  let compiledMiB: number | null = null;
  const target = hostTarget();
  if (process.platform === "linux") {
    const outdir = mkdtempSync(join(tmpdir(), "subhound-bench-bin-"));
    try {
      const [binary] = await compile({ targets: [target], outdir, smoke: false });
      settleBinary(binary!);
      compiledMiB = await idleRssOf([binary!]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  return {
    mib,
    compiledMiB,
    note: "an empty data dir, 4 s after the listening line and one /health request; median of 5 VmRSS reads; the compiled binary's pages dropped from the page cache after the build, as an installed binary is read from disk",
  };
}

interface ChildSpec {
  url: string;
  apiKey: string;
  media: string;
  dbPath: string;
  ffprobe: string;
}

interface ChildResult {
  startMiB: number;
  peakMiB: number;
  hwmMiB: number;
  ms: number;
}

async function scanInChild(spec: ChildSpec): Promise<ChildResult> {
  const { code, stdout, stderr } = await runCommand([process.execPath, import.meta.path, "--rss-child"], {
    env: { ...process.env, BENCH_SCAN_CHILD: JSON.stringify(spec) },
  });
  if (code !== 0) throw new Error(`scan child exited with ${code}: ${stderr}`);
  return JSON.parse(stdout.trim().split("\n").pop()!) as ChildResult;
}

async function childMain(spec: ChildSpec) {
  const config = configSchema.parse({
    dataDir: dirname(spec.dbPath),
    languages: ["en", "de"],
    sonarr: [{ name: "main", url: spec.url, apiKey: spec.apiKey, retries: 0, timeoutMs: 30_000 }],
    pathMappings: [{ from: "/tv", to: spec.media }],
  });
  const env = buildScanner(config, spec.dbPath, undefined, spec.ffprobe);
  Bun.gc(true);
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const { ms } = await scanOnce(env, "full");
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  env.db.close();
  const status = await Bun.file("/proc/self/status").text();
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  const result: ChildResult = { startMiB: startRss / MiB, peakMiB: peak / MiB, hwmMiB: hwm / MiB, ms };
  console.log(JSON.stringify(result));
}

export async function runScanBench(options: ScanBenchOptions = {}): Promise<ScanBenchResult> {
  const seriesCount = options.series ?? 500;
  const perSeries = options.episodesPerSeries ?? 20;
  const rounds = options.rounds ?? 3;
  const sampleFiles = options.baselineSample ?? 200;
  const baselineFfprobe =
    options.ffprobePath ?? Bun.which("ffprobe") ?? (require("@ffprobe-installer/ffprobe").path as string);
  const log = options.quiet ? () => {} : (s: string) => console.log(s);
  const totalFiles = seriesCount * perSeries;
  const changedPerRound = Math.max(2, Math.round(totalFiles / 100));

  // Corpus files the native reader answers (the library measures the native path).
  const corpus = await nativeCorpus();

  const root = mkdtempSync(join(tmpdir(), "subhound-bench-scan-"));
  const media = join(root, "tv");
  const sonarr = await startFakeSonarr({ apiKey: "bench-sonarr-key" });
  try {
    sonarr.generateLibrary({ seriesCount, episodes: totalFiles });
    const { folders, localPath } = linkSonarrLibrary(sonarr, media, corpus);
    log(
      `Library: ${totalFiles} files in ${folders} folders, ${seriesCount} series (links to ${corpus.length} corpus files), languages en+de`,
    );

    const config = configSchema.parse({
      dataDir: root,
      languages: ["en", "de"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: sonarr.apiKey, retries: 0, timeoutMs: 30_000 }],
      pathMappings: [{ from: "/tv", to: media }],
    });
    const recorded = { current: await record(config) };
    const replayCounter = { n: 0 };
    const replay = replayFetch(() => recorded.current, replayCounter);
    const ffprobeForScanner = Bun.which("ffprobe") ?? baselineFfprobe;

    const liveCold: { ms: number; summary: ScanSummary; requests: number }[] = [];
    const replayCold: typeof liveCold = [];
    let live: Env | null = null;
    let replayed: Env | null = null;
    for (let r = 0; r < rounds; r++) {
      live?.db.close();
      replayed?.db.close();
      rmSync(join(root, "db"), { recursive: true, force: true });
      live = buildScanner(config, join(root, "db", `live-${r}.db`), undefined, ffprobeForScanner);
      replayed = buildScanner(config, join(root, "db", `replay-${r}.db`), replay, ffprobeForScanner);

      replayCounter.n = 0;
      const p = await scanOnce(replayed, "full");
      replayCold.push({ ...p, requests: replayCounter.n });
      sonarr.requests.reset();
      const l = await scanOnce(live, "full");
      liveCold.push({ ...l, requests: sonarr.requests.total });
      log(`cold round ${r + 1}: live ${l.ms.toFixed(0)} ms, replay ${p.ms.toFixed(0)} ms`);
    }

    // Peak RSS of a cold full scan in a process of its own (only our code; the fake stays here).
    const rssChild = await scanInChild({
      url: sonarr.url,
      apiKey: sonarr.apiKey,
      media,
      dbPath: join(root, "db", "rss-child.db"),
      ffprobe: ffprobeForScanner,
    });
    log(
      `cold full scan in a child process: ${rssChild.ms.toFixed(0)} ms, RSS ${rssChild.startMiB.toFixed(0)} MiB at start, peak ${rssChild.peakMiB.toFixed(0)} MiB (VmHWM ${rssChild.hwmMiB.toFixed(0)} MiB)`,
    );

    const liveWarm: typeof liveCold = [];
    const replayWarm: typeof liveCold = [];
    for (let r = 0; r < rounds; r++) {
      sonarr.requests.reset();
      const l = await scanOnce(live!, "full");
      liveWarm.push({ ...l, requests: sonarr.requests.total });
      replayCounter.n = 0;
      const p = await scanOnce(replayed!, "full");
      replayWarm.push({ ...p, requests: replayCounter.n });
      log(`warm round ${r + 1}: live ${l.ms.toFixed(0)} ms, replay ${p.ms.toFixed(0)} ms`);
    }

    // Incremental: each round changes a fresh 1% of the files, half upgraded (new file id,
    // size and name; the old file is deleted), half replaced in place (same id and name, new
    // size; new inode and mtime on disk, so the probe cache misses).
    const liveIncr: typeof liveCold = [];
    const replayIncr: typeof liveCold = [];
    const original = [...sonarr.episodeFiles.keys()];
    const stride = Math.max(1, Math.floor(original.length / (changedPerRound * rounds)));
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < changedPerRound; k++) {
        const fileId = original[(k * rounds + r) * stride]!;
        const oldPath = localPath(fileId);
        if (k % 2 === 0) {
          const upgraded = sonarr.upgradeFile(fileId);
          linkSync(oldPath, localPath(upgraded.id));
          unlinkSync(oldPath);
        } else {
          const f = sonarr.episodeFiles.get(fileId)!;
          sonarr.resizeFile(fileId, f.size + 1_000);
          unlinkSync(oldPath);
          copyFileSync(corpus[(k + r) % corpus.length]!, oldPath);
        }
      }
      sonarr.requests.reset();
      const l = await scanOnce(live!, "incremental");
      liveIncr.push({ ...l, requests: sonarr.requests.total });
      recorded.current = await record(config);
      replayCounter.n = 0;
      const p = await scanOnce(replayed!, "incremental");
      replayIncr.push({ ...p, requests: replayCounter.n });
      log(
        `incremental round ${r + 1}: live ${l.ms.toFixed(0)} ms (${l.summary.probed} probed), replay ${p.ms.toFixed(0)} ms (${p.summary.probed} probed)`,
      );
    }
    live!.db.close();
    replayed!.db.close();

    // Reference-style baseline on a sample of whole series.
    const sampleSeries = Math.max(1, Math.round(sampleFiles / perSeries));
    const seriesIds = [...sonarr.series.keys()].slice(0, sampleSeries);
    // Warm up the ffprobe binary (page cache) so the first file does not pay for it.
    await referenceBaseline(sonarr, seriesIds.slice(0, 1), media, baselineFfprobe);
    const base = await referenceBaseline(sonarr, seriesIds, media, baselineFfprobe);
    const scale = totalFiles / base.files;
    const baselineRequests = 1 + seriesCount + totalFiles;
    log(
      `baseline sample: ${base.files} files of ${sampleSeries} series, HTTP ${base.httpMs.toFixed(0)} ms (${base.requests} requests), ffprobe ${base.probeMs.toFixed(0)} ms`,
    );

    const idle = await idleServerRss();

    const result: ScanBenchResult = {
      files: totalFiles,
      folders,
      series: seriesCount,
      corpusFiles: corpus.length,
      rounds,
      changedPerRound,
      live: { cold: measurement(liveCold), warm: measurement(liveWarm), incremental: measurement(liveIncr) },
      replay: {
        cold: measurement(replayCold),
        warm: measurement(replayWarm),
        incremental: measurement(replayIncr),
      },
      baseline: {
        ffprobePath: baselineFfprobe,
        sampleFiles: base.files,
        sampleSeries,
        sampleHttpMs: base.httpMs,
        sampleProbeMs: base.probeMs,
        sampleRequests: base.requests,
        coldMs: (base.httpMs + base.probeMs) * scale,
        warmMs: base.httpMs * scale,
        requests: baselineRequests,
        probed: totalFiles,
      },
      rss: {
        startMiB: rssChild.startMiB,
        peakMiB: Math.max(rssChild.peakMiB, rssChild.hwmMiB),
        childScanMs: rssChild.ms,
        idleServerMiB: idle.mib,
        idleServerNote: idle.note,
        idleCompiledMiB: idle.compiledMiB,
      },
      targets: [],
    };
    result.targets = [
      {
        name: "full scan (cold), excluding fake-server latency",
        limit: "< 3 s",
        value: `${(result.replay.cold.ms / 1000).toFixed(2)} s`,
        met: result.replay.cold.ms < 3_000,
      },
      {
        name: "incremental scan (1% changed), excluding fake-server latency",
        limit: "< 1 s",
        value: `${(result.replay.incremental.ms / 1000).toFixed(2)} s`,
        met: result.replay.incremental.ms < 1_000,
      },
      {
        name: "peak RSS during the full scan",
        limit: "< 150 MiB",
        value: `${result.rss.peakMiB.toFixed(0)} MiB`,
        met: result.rss.peakMiB < 150,
      },
      {
        name: "idle RSS of the server (compiled binary, as shipped)",
        limit: "< 60 MiB",
        value:
          result.rss.idleCompiledMiB === null
            ? `not measured (from source: ${result.rss.idleServerMiB.toFixed(0)} MiB)`
            : `${result.rss.idleCompiledMiB.toFixed(0)} MiB (from source: ${result.rss.idleServerMiB.toFixed(0)} MiB)`,
        met: (result.rss.idleCompiledMiB ?? result.rss.idleServerMiB) < 60,
      },
    ];
    return result;
  } finally {
    await sonarr.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function printScanResult(r: ScanBenchResult) {
  const row = (name: string, m: ScanMeasurement, ref: number | null) =>
    `${name.padEnd(34)} ${s(m.ms).padStart(9)} ${String(m.requests).padStart(9)} ${String(m.probed).padStart(7)} ${(ref === null ? "" : `${(ref / m.ms).toFixed(0)}x`).padStart(8)}   [${m.all.join(", ")} ms]`;
  console.log(
    `\nScan of ${r.files} files (${r.folders} folders), median of ${r.rounds} rounds; incremental changes ${r.changedPerRound} files per round`,
  );
  console.log(
    `${"".padEnd(34)} ${"time".padStart(9)} ${"requests".padStart(9)} ${"probed".padStart(7)} ${"vs ref".padStart(8)}`,
  );
  console.log(row("ours full cold (live HTTP)", r.live.cold, r.baseline.coldMs));
  console.log(row("ours full warm (live HTTP)", r.live.warm, r.baseline.warmMs));
  console.log(row("ours incremental 1% (live HTTP)", r.live.incremental, null));
  console.log(row("ours full cold (replayed)", r.replay.cold, null));
  console.log(row("ours full warm (replayed)", r.replay.warm, null));
  console.log(row("ours incremental 1% (replayed)", r.replay.incremental, null));
  const b = r.baseline;
  console.log(
    `${"reference-style full, cold".padEnd(34)} ${s(b.coldMs).padStart(9)} ${String(b.requests).padStart(9)} ${String(b.probed).padStart(7)}   (extrapolated from ${b.sampleFiles} files: HTTP ${b.sampleHttpMs.toFixed(0)} ms + ffprobe ${b.sampleProbeMs.toFixed(0)} ms, ×${(r.files / b.sampleFiles).toFixed(0)})`,
  );
  console.log(
    `${"reference-style full, ffprobe cached".padEnd(34)} ${s(b.warmMs).padStart(9)} ${String(b.requests).padStart(9)} ${"0".padStart(7)}   (HTTP part only, extrapolated)`,
  );
  console.log(`baseline ffprobe: ${b.ffprobePath}`);
  console.log(
    `RSS: cold full scan in its own process: ${r.rss.startMiB.toFixed(0)} MiB at start, peak ${r.rss.peakMiB.toFixed(0)} MiB (${s(r.rss.childScanMs)}); idle server ${r.rss.idleServerMiB.toFixed(0)} MiB${r.rss.idleCompiledMiB === null ? "" : `, compiled binary ${r.rss.idleCompiledMiB.toFixed(0)} MiB`}`,
  );
  for (const t of r.targets)
    console.log(`target ${t.name} ${t.limit}: ${t.value} — ${t.met ? "met" : "NOT met"}`);
}

if (import.meta.main && Bun.argv.includes("--rss-child")) {
  await childMain(JSON.parse(process.env.BENCH_SCAN_CHILD!) as ChildSpec);
} else if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      series: { type: "string", default: "500" },
      episodes: { type: "string", default: "20" },
      rounds: { type: "string", default: "3" },
      sample: { type: "string", default: "200" },
      ffprobe: { type: "string" },
    },
  });
  const result = await runScanBench({
    series: Number(values.series),
    episodesPerSeries: Number(values.episodes),
    rounds: Number(values.rounds),
    baselineSample: Number(values.sample),
    ffprobePath: values.ffprobe,
  });
  printScanResult(result);
}
