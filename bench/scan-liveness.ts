/**
 * Scan liveness benchmark: how long `GET /api/v1/health` takes while the server runs a first
 * (cold, full) scan of a 20,000-file Sonarr library.
 *
 * Three processes, so that each measures only what it should: the server (`bun src/main.ts`), the
 * fake Sonarr (tests/fakes/sonarr.ts, in this process; building its JSON costs CPU here, not in
 * the server) and the poller (a child of its own, so neither the fake's work nor the scan delays
 * its timers). Every file is a hard link to a corpus file the native reader answers, so the scan
 * probes for real. The poller sends one liveness request every 50 ms (waiting for the previous
 * answer) from the moment the scan starts until it ends; the target is < 250 ms at the maximum.
 * On a shared machine the figures move with the load of other processes.
 *
 *   bun bench/scan-liveness.ts [--series 200] [--episodes 100]
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeSonarr } from "../tests/fakes/sonarr.ts";
import { spawnServer } from "../tests/support/process.ts";
import { linkSonarrLibrary, nativeCorpus } from "./support/linked-library.ts";

export interface ScanLivenessResult {
  files: number;
  series: number;
  scanMs: number;
  polls: number;
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  targetMs: number;
  met: boolean;
}

const API_KEY = "bench-liveness-key-0123456789abcdef";
const SONARR_KEY = "bench-sonarr-key";
const POLL_EVERY_MS = 50;
const TARGET_MS = 250;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runScanLivenessBench(
  options: { series?: number; episodesPerSeries?: number; quiet?: boolean } = {},
): Promise<ScanLivenessResult> {
  const seriesCount = options.series ?? 200;
  const files = seriesCount * (options.episodesPerSeries ?? 100);
  const log = options.quiet ? () => {} : (s: string) => console.log(s);

  const corpus = await nativeCorpus();

  const root = mkdtempSync(join(tmpdir(), "subhound-bench-liveness-"));
  const media = join(root, "tv");
  const data = join(root, "data");
  mkdirSync(data, { recursive: true });
  const sonarr = await startFakeSonarr({ apiKey: SONARR_KEY });
  let server: Awaited<ReturnType<typeof spawnServer>> | null = null;
  try {
    sonarr.generateLibrary({ seriesCount, episodes: files });
    linkSonarrLibrary(sonarr, media, corpus);
    writeFileSync(
      join(data, "config.toml"),
      [
        'languages = ["en", "de"]',
        "[[sonarr]]",
        'name = "main"',
        `url = "${sonarr.url}"`,
        `apiKey = "${SONARR_KEY}"`,
        "[[pathMappings]]",
        'from = "/tv"',
        `to = "${media}"`,
        "",
      ].join("\n"),
    );
    server = await spawnServer([process.execPath, join(import.meta.dir, "../src/main.ts")], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        SUBHOUND_DATA_DIR: data,
        SUBHOUND_PORT: "0",
        SUBHOUND_API_KEY: API_KEY,
      },
      deadlineMs: 30_000,
    });
    const base = server.url;
    const headers = { "X-Api-Key": API_KEY, "Content-Type": "application/json" };
    // Warm the route once so the first poll does not pay for lazy module work.
    await (await fetch(`${base}/api/v1/health`)).arrayBuffer();

    const started = performance.now();
    const res = await fetch(`${base}/api/v1/wanted/scan`, {
      method: "POST",
      headers,
      body: JSON.stringify({ full: true }),
    });
    // A first start scans a never-listed library at once: that is the cold full scan measured here.
    if (res.status !== 202 && res.status !== 409)
      throw new Error(`scan not started: ${res.status} ${await res.text()}`);
    const poller = Bun.spawn([process.execPath, import.meta.path, "--poll", `${base}/api/v1/health`], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
    });
    let scanMs = 0;
    for (;;) {
      await Bun.sleep(250);
      const status = (await (await fetch(`${base}/api/v1/wanted/scan`, { headers })).json()) as {
        status: string;
        summary: { filesSeen: number } | null;
      };
      if (status.status !== "running") {
        scanMs = performance.now() - started;
        if (status.summary?.filesSeen !== files)
          throw new Error(`scan ended ${status.status} after ${status.summary?.filesSeen} of ${files} files`);
        break;
      }
    }
    poller.stdin.end();
    const latencies = JSON.parse(await new Response(poller.stdout).text()) as number[];
    await poller.exited;
    const sorted = [...latencies].sort((a, b) => a - b);
    const result: ScanLivenessResult = {
      files,
      series: seriesCount,
      scanMs,
      polls: latencies.length,
      maxMs: sorted.at(-1) ?? 0,
      p99Ms: percentile(sorted, 99),
      p50Ms: percentile(sorted, 50),
      targetMs: TARGET_MS,
      met: (sorted.at(-1) ?? 0) < TARGET_MS,
    };
    log(
      `${files} files, ${seriesCount} series: scan ${(scanMs / 1000).toFixed(1)} s; ${result.polls} liveness polls: max ${result.maxMs.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, p50 ${result.p50Ms.toFixed(1)} ms`,
    );
    return result;
  } finally {
    await server?.stop();
    await sonarr.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Measured with this bench on the machine of BENCHMARKS.md while other jobs shared its 2 cores
 * (load average 8–13): before the scanner yielded to the event loop (commit ec14637), and the
 * spread of repeated runs since, so one noisy run is not taken for the figure.
 */
const BEFORE = [
  { shape: "200 series × 100 episodes", polls: 8, maxMs: 2179, p99Ms: 2179, p50Ms: 1631 },
  { shape: "200 series × 100 episodes", polls: 15, maxMs: 3365, p99Ms: 3365, p50Ms: 574 },
  { shape: "20 series × 1,000 episodes", polls: 4, maxMs: 5024, p99Ms: 5024, p50Ms: 19 },
];
const SPREAD_AFTER =
  "Repeated runs of the current code on the same loaded machine: max 146–557 ms, p99 119–477 ms, p50 13–18 ms (200 × 100); max 81–330 ms (20 × 1,000).";

export function livenessSection(r: ScanLivenessResult): string {
  const before = BEFORE.map(
    (b) => `| before (ec14637), ${b.shape} | ${b.polls} | ${b.maxMs} ms | ${b.p99Ms} ms | ${b.p50Ms} ms |`,
  ).join("\n");
  return `## Liveness during a scan (\`bench/scan-liveness.ts\`)

A first (cold, full) scan of ${r.files} episode files (${r.series} series × ${r.files / r.series} episodes, hard links to
corpus files the native reader answers) by a real server process, the fake Sonarr in the bench
process and a poller in a third process sending \`GET /api/v1/health\` every 50 ms (one at a time)
until the scan ends. Target: every answer < ${r.targetMs} ms. Before, the scanner worked through a
whole series (probes, sidecars, one big transaction) without giving the event loop back; now it
yields every 256 files or 8 ms, writes 256 files per transaction (≈ 20 ms) and validates arr lists item by
item. On a loaded machine the latencies include time the OS gives other processes.
${SPREAD_AFTER}

| run | polls | max | p99 | p50 |
|---|---:|---:|---:|---:|
${before}
| now, ${r.series} series × ${r.files / r.series} episodes (scan ${(r.scanMs / 1000).toFixed(1)} s) | ${r.polls} | ${r.maxMs.toFixed(0)} ms | ${r.p99Ms.toFixed(0)} ms | ${r.p50Ms.toFixed(0)} ms |
`;
}

/** The poller child: GET `url` every 50 ms until stdin closes, then print the latencies as JSON. */
async function poll(url: string) {
  let running = true;
  void (async () => {
    for await (const _ of Bun.stdin.stream());
    running = false;
  })();
  const latencies: number[] = [];
  while (running) {
    const t = performance.now();
    await (await fetch(url)).arrayBuffer();
    const took = performance.now() - t;
    latencies.push(took);
    if (took < POLL_EVERY_MS) await Bun.sleep(POLL_EVERY_MS - took);
  }
  process.stdout.write(JSON.stringify(latencies));
}

if (import.meta.main && process.argv[2] === "--poll") {
  await poll(process.argv[3]!);
} else if (import.meta.main) {
  const { values } = parseArgs({
    options: { series: { type: "string" }, episodes: { type: "string" } },
  });
  await runScanLivenessBench({
    series: values.series ? Number(values.series) : undefined,
    episodesPerSeries: values.episodes ? Number(values.episodes) : undefined,
  });
}
