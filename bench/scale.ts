/**
 * Scale benchmark: how Subhound's time and memory grow with the library, from 400 to 100,000
 * episode files, measured side by side in one run with
 * - the floor: what any scanner must spend (a stat and a 64 KiB header read per file; the same
 *   listing requests over loopback HTTP, bodies read but not parsed);
 * - the reference-style (Bazarr-like) scan: N+1 requests and the real ffprobe per file, run on a
 *   sample and extrapolated linearly (as in bench/scan.ts).
 *
 * Per size, against a real server process (`bun src/main.ts`) and the fake Sonarr in this process,
 * every file a hard link to a corpus file the native reader answers, languages en + de (so two
 * wanted rows per file):
 * - first scan (cold, full) in the server: time and peak RSS (up to 10,000 files the median of
 *   three, each in a fresh data dir and server);
 * - unchanged re-scan in a freshly started server, and by the CLI (`subhound scan`, start
 *   included) with no server running: time and peak RSS (VmHWM);
 * - wanted reads on the idle server: summary, one page, `q=` search, each against liveness in
 *   the same run (medians of 15 after 3 warm-ups); then 200 concurrent page reads (p50/p99) with
 *   a liveness probe running meanwhile.
 *
 * Once per run: the CLI's fixed cost, `subhound scan` of a configured library (an empty folder)
 * (start to exit), from source and as the compiled binary for this host.
 *
 * It writes its section of BENCHMARKS.md and docs/scale.svg (the curve the README shows).
 *
 *   bun bench/scale.ts [--sizes 400,2000,10000,50000,100000] [--per-series 20]
 */

import { Database } from "bun:sqlite";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compile, hostTarget } from "../scripts/compile.ts";
import { startFakeSonarr } from "../tests/fakes/sonarr.ts";
import { runCommand, type ServerProcess, spawnServer } from "../tests/support/process.ts";
import { writeMarkedSection } from "./benchmarks-file.ts";
import { referenceBaseline } from "./scan.ts";
import { linkSonarrLibrary, nativeCorpus } from "./support/linked-library.ts";
import { scaleChart } from "./support/scale-chart.ts";

const API_KEY = "bench-scale-key-0123456789abcdef";
const SONARR_KEY = "bench-sonarr-key";
const MAIN = join(import.meta.dir, "../src/main.ts");
const MiB = 1024 * 1024;
const HEADER_BYTES = 64 * 1024;
const WARM_UP_REQUESTS = 200;

export interface Timed {
  ms: number;
  peakMiB: number;
}

export interface SizeResult {
  files: number;
  series: number;
  wantedRows: number;
  /** The median run's time and the highest peak of the runs. */
  firstScan: Timed;
  /** Each first scan's time, in run order (one above 10,000 files). */
  firstScanRuns: number[];
  rescanServer: Timed;
  rescanCli: Timed;
  /** The same with the series' stamps forgotten first: every episode looked at (and stamped again). */
  rescanCliUnstamped: Timed;
  floor: { statMs: number; httpMs: number };
  reads: {
    livenessMs: number;
    summaryMs: number;
    pageMs: number;
    /** Pages not asked before (each is worked out; a page asked again unchanged is a kept answer). */
    newPageMs: number;
    qMs: number;
    /** Searches not asked before, each matching most of the library (the worst case of a search). */
    newSearchMs: number;
    /** The same after 200 more requests of each: the server's code compiled by the JIT. */
    warm: { livenessMs: number; summaryMs: number; pageMs: number };
  };
  concurrent: { p50Ms: number; p99Ms: number; livenessMaxMs: number };
  referenceMs: number;
}

/** `subhound scan` of a configured library with nothing in it, start to exit: medians. */
export interface CliStart {
  sourceMs: number;
  /** The compiled binary for this host; null where it cannot be built and run here. */
  binaryMs: number | null;
  runs: number;
}

export interface ScaleRun {
  sizes: SizeResult[];
  cliStart: CliStart;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** Samples a process's VmHWM (its peak RSS so far) until stopped; the last reading is the peak. */
function watchPeak(pid: number) {
  let peak = 0;
  const read = async () => {
    const status = await Bun.file(`/proc/${pid}/status`)
      .text()
      .catch(() => "");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    if (kb > 0) peak = Math.max(peak, kb * 1024);
  };
  const timer = setInterval(read, 10);
  return {
    async stop(): Promise<number> {
      clearInterval(timer);
      await read();
      return peak / MiB;
    },
  };
}

interface Library {
  root: string;
  data: string;
  media: string;
  paths: string[];
  sonarr: Awaited<ReturnType<typeof startFakeSonarr>>;
}

async function buildLibrary(files: number, perSeries: number, corpus: string[]): Promise<Library> {
  const root = mkdtempSync(join(tmpdir(), "subhound-bench-scale-"));
  const media = join(root, "tv");
  const data = join(root, "data");
  mkdirSync(data, { recursive: true });
  const sonarr = await startFakeSonarr({ apiKey: SONARR_KEY });
  sonarr.generateLibrary({ seriesCount: Math.ceil(files / perSeries), episodes: files });
  const { localPath } = linkSonarrLibrary(sonarr, media, corpus);
  writeFileSync(
    join(data, "config.toml"),
    [
      'languages = ["en", "de"]',
      // Scans run when the bench says so, and an automatic scan after the first is incremental.
      "[scan]",
      'schedule = "0 0 1 1 *"',
      "fullEvery = 1000",
      "[search]",
      'schedule = "0 0 1 1 *"',
      "[[sonarr]]",
      'name = "main"',
      `url = "${sonarr.url}"`,
      `apiKey = "${SONARR_KEY}"`,
      "timeoutMs = 120000",
      "[[pathMappings]]",
      'from = "/tv"',
      `to = "${media}"`,
      "",
    ].join("\n"),
  );
  return { root, data, media, paths: [...sonarr.episodeFiles.keys()].map(localPath), sonarr };
}

const env = (lib: Library, data = lib.data) => ({
  PATH: process.env.PATH ?? "",
  SUBHOUND_DATA_DIR: data,
  SUBHOUND_PORT: "0",
  SUBHOUND_API_KEY: API_KEY,
  SUBHOUND_LOG_LEVEL: "warn",
});

const startServer = (lib: Library, data = lib.data) =>
  spawnServer([process.execPath, MAIN], {
    cwd: lib.root,
    env: { ...env(lib, data), SUBHOUND_LOG_LEVEL: "info" },
    deadlineMs: 60_000,
  });

async function api(server: ServerProcess, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { "X-Api-Key": API_KEY, "Content-Type": "application/json", ...init.headers },
  });
}

/**
 * Starts a scan through the API, or joins the one the server started itself on start-up (409), and
 * waits for it; the time is the server's own `durationMs`.
 */
async function serverScan(server: ServerProcess, full: boolean, files: number): Promise<number> {
  const res = await api(server, "/wanted/scan", { method: "POST", body: JSON.stringify({ full }) });
  if (res.status !== 202 && res.status !== 409)
    throw new Error(`scan not started: ${res.status} ${await res.text()}`);
  for (;;) {
    await Bun.sleep(100);
    const status = (await (await api(server, "/wanted/scan")).json()) as {
      status: string;
      mode: string;
      summary: { filesSeen: number; durationMs: number } | null;
    };
    if (status.status === "running") continue;
    if (status.mode !== (full ? "full" : "incremental"))
      throw new Error(`expected a ${full ? "full" : "incremental"} scan, ran ${status.mode}`);
    if (status.status !== "succeeded" || status.summary?.filesSeen !== files)
      throw new Error(`scan ended ${status.status} after ${status.summary?.filesSeen} of ${files} files`);
    return status.summary.durationMs;
  }
}

async function timeGet(server: ServerProcess, path: string): Promise<number> {
  const t = performance.now();
  const res = await api(server, path);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
}

async function medianGet(server: ServerProcess, path: string): Promise<number> {
  for (let i = 0; i < 3; i++) await timeGet(server, path);
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) runs.push(await timeGet(server, path));
  return median(runs);
}

async function reads(server: ServerProcess, series: number): Promise<Omit<SizeResult["reads"], "warm">> {
  const livenessMs = await medianGet(server, "/health");
  const summaryMs = await medianGet(server, "/wanted/summary");
  const pageMs = await medianGet(server, "/wanted?page=3&pageSize=50");
  // 3 + 15 pages no one asked before: page 3 in sizes of 41 to 58 items.
  const newPages: number[] = [];
  for (let i = 0; i < 18; i++) newPages.push(await timeGet(server, `/wanted?page=3&pageSize=${41 + i}`));
  const newPageMs = median(newPages.slice(3));
  // A title that names one series among many ("Generated Show 1…" matches a tenth of them).
  const qMs = await medianGet(
    server,
    `/wanted?q=${encodeURIComponent(`Show ${Math.max(1, Math.floor(series / 2))}`)}`,
  );
  // 3 + 15 searches no one asked before, each matching thousands of files (a user typing into the
  // search box asks a new one with each word).
  const newSearches: number[] = [];
  for (const word of ["generated", "gen", "show", "generated show"])
    for (const more of ["s01", "season 01", "webdl", "1080p", "s01e"])
      if (newSearches.length < 18)
        newSearches.push(await timeGet(server, `/wanted?q=${encodeURIComponent(`${word} ${more}`)}`));
  const newSearchMs = median(newSearches.slice(3));
  return { livenessMs, summaryMs, pageMs, newPageMs, qMs, newSearchMs };
}

/**
 * A freshly started server answers its first requests with code the JIT has not compiled yet (a
 * page took ~2 ms over its first 20 requests and ~0.8 ms by its 200th): the same reads once warm.
 */
async function warmReads(server: ServerProcess): Promise<SizeResult["reads"]["warm"]> {
  const paths = ["/health", "/wanted/summary", "/wanted?page=3&pageSize=50"] as const;
  for (let i = 0; i < WARM_UP_REQUESTS; i++) for (const path of paths) await timeGet(server, path);
  const [livenessMs, summaryMs, pageMs] = [
    await medianGet(server, paths[0]),
    await medianGet(server, paths[1]),
    await medianGet(server, paths[2]),
  ];
  return { livenessMs, summaryMs, pageMs };
}

async function concurrentReads(server: ServerProcess, wantedRows: number): Promise<SizeResult["concurrent"]> {
  const pages = Math.max(1, Math.floor(wantedRows / 50));
  let done = false;
  const liveness: number[] = [];
  const poll = (async () => {
    while (!done) liveness.push(await timeGet(server, "/health"));
  })();
  const times = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      timeGet(server, `/wanted?page=${1 + ((i * 7919) % pages)}&pageSize=50`),
    ),
  );
  done = true;
  await poll;
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), livenessMaxMs: Math.max(...liveness) };
}

/**
 * Drops every series' stamp (what a scan saw of a series it found whole), as an older database or a
 * folder changed since would: the next incremental scan looks at every episode again.
 */
function forgetStamps(lib: Library): void {
  const db = new Database(join(lib.data, "subhound.db"));
  try {
    db.run("UPDATE series_scan_stamps SET stamp_json = NULL");
  } finally {
    db.close();
  }
}

/** The CLI's unchanged re-scan with no server running: start-up included, as a user runs it. */
async function cliRescan(lib: Library, files: number): Promise<Timed> {
  const t = performance.now();
  const proc = Bun.spawn([process.execPath, MAIN, "scan", "--json"], {
    cwd: lib.root,
    env: env(lib),
    stdout: "pipe",
    stderr: "pipe",
  });
  const peak = watchPeak(proc.pid);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const ms = performance.now() - t;
  const peakMiB = await peak.stop();
  if (code !== 0) throw new Error(`subhound scan exited ${code}: ${err}`);
  const summary = JSON.parse(out) as { filesSeen?: number; summary?: { filesSeen: number } };
  const seen = summary.filesSeen ?? summary.summary?.filesSeen;
  if (seen !== files) throw new Error(`CLI scan saw ${seen} of ${files} files: ${out.slice(0, 300)}`);
  return { ms, peakMiB };
}

async function floor(lib: Library): Promise<SizeResult["floor"]> {
  const buffer = Buffer.allocUnsafe(HEADER_BYTES);
  let t = performance.now();
  for (const path of lib.paths) {
    statSync(path);
    const fd = openSync(path, "r");
    readSync(fd, buffer, 0, HEADER_BYTES, 0);
    closeSync(fd);
  }
  const statMs = performance.now() - t;
  const get = async (path: string) => {
    const res = await fetch(`${lib.sonarr.url}/api/v3${path}`, { headers: { "X-Api-Key": SONARR_KEY } });
    await res.text();
  };
  t = performance.now();
  await get("/series");
  const ids = [...lib.sonarr.series.keys()];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await Promise.all([get(`/episodefile?seriesId=${id}`), get(`/episode?seriesId=${id}`)]);
      }
    }),
  );
  return { statMs, httpMs: performance.now() - t };
}

/** Another first scan of the library, by a fresh server on a data dir of its own (then removed). */
async function freshFirstScan(lib: Library, files: number, n: number): Promise<Timed> {
  const data = join(lib.root, `data-first-${n}`);
  mkdirSync(data);
  copyFileSync(join(lib.data, "config.toml"), join(data, "config.toml"));
  const server = await startServer(lib, data);
  try {
    const peak = watchPeak(server.proc.pid);
    return { ms: await serverScan(server, true, files), peakMiB: await peak.stop() };
  } finally {
    await server.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

const CLI_START_RUNS = 7;

/**
 * The CLI's fixed cost: `subhound scan --json` of a configured library with nothing in it, from
 * start to exit, as a user runs it from source and as the compiled binary for this host (built from
 * the same source). Two runs of each first (the first creates the database, both fill the page
 * cache), then the two in turn; medians.
 */
async function cliStart(log: (s: string) => void): Promise<CliStart> {
  const root = mkdtempSync(join(tmpdir(), "subhound-bench-cli-"));
  const data = join(root, "data");
  mkdirSync(data);
  // A library source with nothing in it (a scan with none at all is refused).
  const empty = join(root, "media");
  mkdirSync(empty);
  writeFileSync(join(data, "config.toml"), `languages = ["en", "de"]\n[standalone]\nroots = ["${empty}"]\n`);
  try {
    const binary =
      process.platform === "linux"
        ? (
            await compile({
              targets: [hostTarget()],
              outdir: join(root, "bin"),
              smoke: false,
            })
          )[0]!
        : null;
    const run = async (command: string[]): Promise<number> => {
      const t = performance.now();
      const { code, stdout, stderr } = await runCommand([...command, "scan", "--json"], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", SUBHOUND_DATA_DIR: data, SUBHOUND_API_KEY: API_KEY },
      });
      const ms = performance.now() - t;
      if (code !== 0 || (JSON.parse(stdout) as { filesSeen?: number }).filesSeen !== 0)
        throw new Error(`${command.join(" ")} scan exited ${code}: ${stderr}${stdout.slice(0, 300)}`);
      return ms;
    };
    const source = [process.execPath, MAIN];
    const commands = binary ? [source, [binary]] : [source];
    for (const command of commands) for (let i = 0; i < 2; i++) await run(command);
    const times = commands.map(() => [] as number[]);
    for (let i = 0; i < CLI_START_RUNS; i++)
      for (const [c, command] of commands.entries()) times[c]!.push(await run(command));
    const result = {
      sourceMs: median(times[0]!),
      binaryMs: binary ? median(times[1]!) : null,
      runs: CLI_START_RUNS,
    };
    log(
      `CLI fixed cost (scan of an empty library): source ${result.sourceMs.toFixed(0)} ms, binary ${result.binaryMs?.toFixed(0) ?? "–"} ms`,
    );
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function measureSize(
  files: number,
  perSeries: number,
  corpus: string[],
  referencePerFileMs: () => Promise<number>,
  log: (s: string) => void,
): Promise<SizeResult> {
  const lib = await buildLibrary(files, perSeries, corpus);
  const series = lib.sonarr.series.size;
  let server: ServerProcess | null = null;
  try {
    log(`\n${files} files (${series} series): library linked`);
    server = await startServer(lib);
    let peak = watchPeak(server.proc.pid);
    const runs = [{ ms: await serverScan(server, true, files), peakMiB: await peak.stop() }];
    const summary = (await (await api(server, "/wanted/summary")).json()) as { total?: number };
    const wantedRows = summary.total ?? files * 2;
    await server.stop();
    server = null;
    // One run moves by ±15% on this machine; where a run is short, the median of three says more.
    while (files <= 10_000 && runs.length < 3) runs.push(await freshFirstScan(lib, files, runs.length));
    const firstScan = {
      ms: median(runs.map((r) => r.ms)),
      peakMiB: Math.max(...runs.map((r) => r.peakMiB)),
    };
    log(
      `  first scan ${(firstScan.ms / 1000).toFixed(2)} s (${runs.map((r) => (r.ms / 1000).toFixed(2)).join(", ")}), peak ${firstScan.peakMiB.toFixed(0)} MiB; ${wantedRows} wanted rows`,
    );

    server = await startServer(lib);
    peak = watchPeak(server.proc.pid);
    const rescanMs = await serverScan(server, false, files);
    const rescanServer = { ms: rescanMs, peakMiB: await peak.stop() };
    log(`  server re-scan ${(rescanMs / 1000).toFixed(2)} s, peak ${rescanServer.peakMiB.toFixed(0)} MiB`);
    const cold = await reads(server, series);
    const concurrent = await concurrentReads(server, wantedRows);
    const readFigures: SizeResult["reads"] = { ...cold, warm: await warmReads(server) };
    log(
      `  reads: liveness ${readFigures.livenessMs.toFixed(1)} ms, summary ${readFigures.summaryMs.toFixed(1)} ms, page ${readFigures.pageMs.toFixed(1)} ms (new ${readFigures.newPageMs.toFixed(1)} ms), q= ${readFigures.qMs.toFixed(1)} ms (new broad ${readFigures.newSearchMs.toFixed(1)} ms) (warm: liveness ${readFigures.warm.livenessMs.toFixed(2)} ms, summary ${readFigures.warm.summaryMs.toFixed(2)} ms, page ${readFigures.warm.pageMs.toFixed(2)} ms); 200 concurrent pages p50 ${concurrent.p50Ms.toFixed(0)} ms, p99 ${concurrent.p99Ms.toFixed(0)} ms`,
    );
    await server.stop();
    server = null;

    const rescanCli = await cliRescan(lib, files);
    log(
      `  CLI re-scan ${(rescanCli.ms / 1000).toFixed(2)} s incl. start, peak ${rescanCli.peakMiB.toFixed(0)} MiB`,
    );
    forgetStamps(lib);
    const rescanCliUnstamped = await cliRescan(lib, files);
    log(
      `  CLI re-scan, stamps forgotten: ${(rescanCliUnstamped.ms / 1000).toFixed(2)} s incl. start, peak ${rescanCliUnstamped.peakMiB.toFixed(0)} MiB`,
    );
    const floorFigures = await floor(lib);
    log(
      `  floor: stat + header reads ${floorFigures.statMs.toFixed(0)} ms, loopback listing ${floorFigures.httpMs.toFixed(0)} ms`,
    );
    const referenceMs = (await referencePerFileMs()) * files;
    return {
      files,
      series,
      wantedRows,
      firstScan,
      firstScanRuns: runs.map((r) => r.ms),
      rescanServer,
      rescanCli,
      rescanCliUnstamped,
      floor: floorFigures,
      reads: readFigures,
      concurrent,
      referenceMs,
    };
  } finally {
    await server?.stop();
    await lib.sonarr.stop();
    rmSync(lib.root, { recursive: true, force: true });
  }
}

/** Per-file cost of the reference-style scan, measured once on a small library of its own. */
function referenceMeter(corpus: string[], log: (s: string) => void): () => Promise<number> {
  let perFile: number | null = null;
  return async () => {
    if (perFile !== null) return perFile;
    const lib = await buildLibrary(100, 20, corpus);
    try {
      const ffprobe = Bun.which("ffprobe") ?? (require("@ffprobe-installer/ffprobe").path as string);
      const r = await referenceBaseline(lib.sonarr, [...lib.sonarr.series.keys()], lib.media, ffprobe);
      perFile = (r.httpMs + r.probeMs) / r.files;
      log(
        `  reference-style: ${r.files} files in ${((r.httpMs + r.probeMs) / 1000).toFixed(1)} s (${perFile.toFixed(1)} ms per file)`,
      );
      return perFile;
    } finally {
      await lib.sonarr.stop();
      rmSync(lib.root, { recursive: true, force: true });
    }
  };
}

export async function runScaleBench(
  options: { sizes?: number[]; perSeries?: number; quiet?: boolean } = {},
): Promise<ScaleRun> {
  const sizes = options.sizes ?? [400, 2_000, 10_000, 50_000, 100_000];
  const log = options.quiet ? () => {} : (s: string) => console.log(s);
  const corpus = await nativeCorpus();
  const reference = referenceMeter(corpus, log);
  const cliStartFigures = await cliStart(log);
  const results: SizeResult[] = [];
  for (const files of sizes)
    results.push(await measureSize(files, options.perSeries ?? 20, corpus, reference, log));
  return { sizes: results, cliStart: cliStartFigures };
}

const sec = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`);
const msText = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const msText2 = (ms: number) => `${ms.toFixed(2)} ms`;
const ratio = (ms: number, of: number) => `${(ms / of).toFixed(1)}×`;

interface Goal {
  measure: string;
  goal: string;
  measured: string;
  met: boolean;
}

/**
 * The scale issue's goals, each against this run's figures (a goal whose size was not run is left
 * out). Idle RSS is in the Targets table (bench/run.ts): it is the compiled binary's, not this run's.
 */
export function scaleGoals({ sizes: results, cliStart: start }: ScaleRun): Goal[] {
  const at = (files: number) => results.find((r) => r.files === files);
  const goals: Goal[] = [];
  const large = at(50_000);
  const small = at(2_000);
  if (large) {
    const peak = Math.max(large.rescanServer.peakMiB, large.rescanCli.peakMiB);
    goals.push(
      {
        measure: "re-scan peak RSS, 50,000 files (server / CLI)",
        goal: "≤ 150 MiB",
        measured: `${large.rescanServer.peakMiB.toFixed(0)} / ${large.rescanCli.peakMiB.toFixed(0)} MiB`,
        met: peak <= 150,
      },
      {
        measure: "unchanged incremental re-scan, 50,000 files (CLI, start included)",
        goal: "≤ 1 s",
        measured: sec(large.rescanCli.ms),
        met: large.rescanCli.ms <= 1_000,
      },
    );
  }
  const fixedCost = (how: string, ms: number): Goal => ({
    measure: `CLI fixed cost: \`subhound scan\` of an empty configured library, start to exit (${how})`,
    goal: "≤ 0.15 s",
    measured: sec(ms),
    met: ms <= 150,
  });
  if (start.binaryMs !== null) goals.push(fixedCost("compiled binary", start.binaryMs));
  goals.push(fixedCost("from source, `bun src/main.ts`", start.sourceMs));
  if (small)
    goals.push({
      measure: "first scan, 2,000 Sonarr episodes (server)",
      goal: "≤ 0.5 s",
      measured:
        small.firstScanRuns.length > 1
          ? `${sec(small.firstScan.ms)} (median of ${small.firstScanRuns.map((ms) => sec(ms)).join(", ")})`
          : sec(small.firstScan.ms),
      met: small.firstScan.ms <= 500,
    });
  if (large) {
    const { reads, concurrent } = large;
    const rows = large.wantedRows.toLocaleString("en");
    goals.push(
      {
        measure: `wanted summary / page 3 at ${rows} rows, against liveness`,
        goal: "≤ 5× liveness",
        measured: `${ratio(reads.summaryMs, reads.livenessMs)} / ${ratio(reads.pageMs, reads.livenessMs)} (liveness ${msText(reads.livenessMs)})`,
        met: Math.max(reads.summaryMs, reads.pageMs) <= 5 * reads.livenessMs,
      },
      {
        measure: `\`q=\` at ${rows} rows (asked again / new broad)`,
        goal: "≤ 20 ms",
        measured: `${msText(reads.qMs)} / ${msText(reads.newSearchMs)}`,
        met: Math.max(reads.qMs, reads.newSearchMs) <= 20,
      },
      {
        measure: `200 concurrent wanted pages at ${rows} rows, p99`,
        goal: "≤ 150 ms",
        measured: msText(concurrent.p99Ms),
        met: concurrent.p99Ms <= 150,
      },
    );
  }
  return goals;
}

export function scaleSection(run: ScaleRun, load: string): string {
  const results = run.sizes;
  const goals = scaleGoals(run)
    .map((g) => `| ${g.measure} | ${g.goal} | ${g.measured} | ${g.met ? "✅ met" : "❌ not met"} |`)
    .join("\n");
  const rows = results
    .map((r) => {
      const floorMs = r.floor.statMs + r.floor.httpMs;
      return `| ${r.files.toLocaleString("en")} | ${r.wantedRows.toLocaleString("en")} | ${sec(r.firstScan.ms)} / ${r.firstScan.peakMiB.toFixed(0)} MiB | ${sec(r.rescanServer.ms)} / ${r.rescanServer.peakMiB.toFixed(0)} MiB | ${sec(r.rescanCli.ms)} / ${r.rescanCli.peakMiB.toFixed(0)} MiB | ${sec(r.rescanCliUnstamped.ms)} / ${r.rescanCliUnstamped.peakMiB.toFixed(0)} MiB | ${sec(floorMs)} (${sec(r.floor.statMs)} + ${sec(r.floor.httpMs)}) | ${sec(r.referenceMs)} |`;
    })
    .join("\n");
  const readRows = results
    .map(
      (r) =>
        `| ${r.wantedRows.toLocaleString("en")} | ${msText(r.reads.livenessMs)} | ${msText(r.reads.summaryMs)} | ${msText(r.reads.pageMs)} (${ratio(r.reads.pageMs, r.reads.livenessMs)}) | ${msText(r.reads.newPageMs)} (${ratio(r.reads.newPageMs, r.reads.livenessMs)}) | ${msText(r.reads.qMs)} | ${msText(r.reads.newSearchMs)} | ${msText2(r.reads.warm.livenessMs)} / ${msText2(r.reads.warm.summaryMs)} (${ratio(r.reads.warm.summaryMs, r.reads.warm.livenessMs)}) / ${msText2(r.reads.warm.pageMs)} (${ratio(r.reads.warm.pageMs, r.reads.warm.livenessMs)}) | ${msText(r.concurrent.p50Ms)} / ${msText(r.concurrent.p99Ms)} | ${msText(r.concurrent.livenessMaxMs)} |`,
    )
    .join("\n");
  return `<!-- bench/scale.ts -->
## Scale (\`bench/scale.ts\`)

One run, every size against a real server process and the fake Sonarr in the bench process; every file a hard
link to a corpus file the native reader answers; languages en + de (two wanted rows per file). Time / peak RSS
(VmHWM); a first scan of up to 10,000 files is the median of three, each by a fresh server in a fresh data
dir. *Re-scan* = unchanged incremental scan, in a freshly started server and by the CLI with no server
running (start-up included): the first scan stamped every series it found whole, so these look at no episode
(README, "Incremental"). *Stamps forgotten* = the CLI's re-scan once more after every stamp was dropped, as after
an upgrade or with every folder changed: each episode looked at (and the series stamped again). *Floor* = a stat and a 64 KiB header read per file + the same listing requests over
loopback with the bodies read but not parsed, measured in the same run. *Reference-style* = the old system's way
(N+1 requests, ffprobe per file), measured on 100 files and extrapolated linearly. Load average at the end: ${load}.

![time and memory against library size](docs/scale.svg)

The scale issue's goals against this run (one run: figures move by ±15% between runs on this machine). The
CLI's fixed cost is the median of ${run.cliStart.runs} runs of each after two warm-ups, the binary built from the
same source for this host; from source, every start parses some 340 modules (zod's and drizzle's ~230 among
them), which the binary carries as bytecode:

| measure | goal | measured | |
|---|---|---:|---|
${goals}

| files | wanted rows | first scan (server) | re-scan (server) | re-scan (CLI, incl. start) | re-scan (CLI), stamps forgotten | floor (stat + HTTP) | reference-style |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows}

Wanted reads on the idle server right after the re-scan (medians of 15 after 3 warm-ups; the page's multiple of
liveness in brackets; a page asked again unchanged is answered from the server's kept answers, so "new pages" asks
page 3 in a different size each time, each worked out from the database, and "new broad \`q=\`" searches no one asked
before, each matching thousands of files, such as \`generated s01\`), then 200 concurrent page reads with a liveness probe running meanwhile, then the same reads
again once the server's code is warm (after ${WARM_UP_REQUESTS} more requests of each; a freshly started server runs its
request code uncompiled at first):

| wanted rows | liveness | summary | page 3 | new pages | \`q=\` | new broad \`q=\` | warm: liveness / summary / page 3 | 200 concurrent pages p50 / p99 | liveness max meanwhile |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${readRows}
<!-- /bench/scale.ts -->
`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { sizes: { type: "string" }, "per-series": { type: "string" } },
  });
  const sizes = values.sizes?.split(",").map((s) => Number(s.trim()));
  const run = await runScaleBench({
    ...(sizes ? { sizes } : {}),
    ...(values["per-series"] ? { perSeries: Number(values["per-series"]) } : {}),
  });
  const load = (await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" / ");
  await Bun.write(join(import.meta.dir, "../docs/scale.svg"), scaleChart(run.sizes));
  const path = await writeMarkedSection(
    scaleSection(run, load),
    "<!-- bench/scale.ts -->",
    "<!-- /bench/scale.ts -->",
  );
  console.log(`\nwrote ${path} and docs/scale.svg`);
}
