/**
 * Decompression bombs through the real download pipeline of a server process (`src/main.ts`):
 * a fake Radarr lists one movie per bomb, a fake OpenSubtitles offers each bomb as that movie's
 * only subtitle, and one search downloads them all. Meanwhile `/api/v1/health` is polled back to
 * back and the server's RSS sampled every 10 ms. Reported: each bomb's outcome (the item's last
 * error), peak RSS (sampled and VmHWM) and the slowest liveness answer.
 *   bun bench/bombs.ts            print only
 *   bun bench/bombs.ts --write    also replace the bombs section of BENCHMARKS.md
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { osSubtitle, startFakeOpenSubtitles } from "../tests/fakes/opensubtitles.ts";
import { startFakeRadarr } from "../tests/fakes/radarr.ts";
import {
  gzipBomb,
  lyingRar,
  lyingZipBomb,
  MiB,
  overlappingZipBomb,
  sevenZipBomb,
} from "../tests/subtitles/bomb-archives.ts";
import { spawnServer } from "../tests/support/process.ts";
import { writeMarkedSection } from "./benchmarks-file.ts";

export interface BombOutcome {
  name: string;
  downloadBytes: number;
  status: string;
  lastError: string | null;
}

export interface BombsBenchResult {
  bombs: BombOutcome[];
  idleRssMiB: number;
  peakRssMiB: number;
  hwmMiB: number;
  maxLivenessMs: number;
  p99LivenessMs: number;
  /** The same polling for as long, with the server idle: what the machine itself adds. */
  idleMaxLivenessMs: number;
  livenessPolls: number;
  searchMs: number;
}

const repo = join(import.meta.dir, "..");
const API_KEY = "bench-bombs-key-0123456789";
const GOOD_SRT = "1\n00:00:01,000 --> 00:00:02,000\nStill working.\n";

async function makeBombs(): Promise<{ name: string; bytes: Uint8Array | string }[]> {
  return [
    { name: "gzip: 1 GiB of zeros", bytes: gzipBomb(1024 * MiB) },
    { name: "zip: headers say 500 B, inflates to 1 GiB", bytes: lyingZipBomb(1024 * MiB, 500) },
    { name: "zip: 2000 entries sharing one 1 MiB member (2 GiB)", bytes: overlappingZipBomb(MiB, 2000) },
    { name: "xz: 512 MiB of zeros", bytes: await sevenZipBomb("xz", { "bomb.srt": 512 * MiB }) },
    { name: "7z: 512 MiB subtitle", bytes: await sevenZipBomb("7z", { "bomb.srt": 512 * MiB }) },
    {
      name: "7z: 512 MiB padding before a subtitle",
      bytes: await sevenZipBomb("7z", { "padding.bin": 512 * MiB, "movie.srt": 100 }),
    },
    { name: "rar: header says 4 GiB", bytes: lyingRar(new Uint8Array(100), 0xfffffff0) },
    { name: "rar: header says 500 B, data 8 MiB", bytes: lyingRar(new Uint8Array(8 * MiB), 500) },
    { name: "plain SRT after the bombs (control)", bytes: GOOD_SRT },
  ];
}

async function statusMiB(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
}

export async function runBombsBench(): Promise<BombsBenchResult> {
  const work = mkdtempSync(join(tmpdir(), "subhound-bench-bombs-"));
  const bombs = await makeBombs();
  const radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  const os = await startFakeOpenSubtitles();
  os.remaining = 1000;
  const media = join(work, "media");
  bombs.forEach((bomb, i) => {
    const imdb = 7_000_000 + i;
    const movie = radarr.addMovie({
      title: `Bomb ${i + 1}`,
      year: 2001,
      imdbId: `tt${imdb}`,
      path: `/movies/Bomb ${i + 1} (2001)`,
    });
    const file = radarr.addMovieFile(movie.id);
    const video = join(media, `Bomb ${i + 1} (2001)`, file.relativePath);
    mkdirSync(dirname(video), { recursive: true });
    copyFileSync(join(repo, "tests/fixtures/media/mkv-no-subs.mkv"), video);
    os.subtitles.push(
      osSubtitle(9_000_000 + i, {
        language: "de",
        release: `Bomb.${i + 1}.2001.1080p.BluRay.x264-GRP`,
        feature: { feature_type: "Movie", imdb_id: imdb, title: `Bomb ${i + 1}`, year: 2001 },
      }),
    );
    os.files.set(9_000_000 + i, bomb.bytes);
  });

  const dataDir = join(work, "data");
  const server = await spawnServer([process.execPath, join(repo, "src/main.ts")], {
    cwd: work,
    env: {
      PATH: process.env.PATH ?? "",
      SUBHOUND_DATA_DIR: dataDir,
      SUBHOUND_PORT: "0",
      SUBHOUND_API_KEY: API_KEY,
      SUBHOUND_LANGUAGES: "de",
      SUBHOUND_RADARR__0__URL: radarr.url,
      SUBHOUND_RADARR__0__API_KEY: "radarr-key",
      SUBHOUND_PATH_MAPPINGS__0__FROM: "/movies",
      SUBHOUND_PATH_MAPPINGS__0__TO: media,
      SUBHOUND_PROVIDERS__OPENSUBTITLES__ENABLED: "true",
      SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY: os.apiKey,
      SUBHOUND_PROVIDERS__OPENSUBTITLES__BASE_URL: `${os.api.url}/api/v1`,
      SUBHOUND_SCAN__PROBE_ENGINE: "native",
    },
  });
  const pid = server.proc.pid;
  const api = (path: string, init: RequestInit = {}) => {
    const headers: Record<string, string> = { "X-Api-Key": API_KEY };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(`${server.url}${path}`, { ...init, headers });
  };
  const start = async (path: string, body?: unknown) => {
    const res = await api(path, {
      method: "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // The server scans on its own at start-up: a first scan already running is the one to wait for.
    if (res.status === 409) {
      const running = (await res.json()) as { runningScanId?: number };
      if (running.runningScanId !== undefined) return { scanId: running.runningScanId };
    }
    if (res.status !== 202) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ scanId?: number; runId?: number }>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: bench reads a few known fields
  const json = async (path: string): Promise<any> => (await api(path)).json();
  const until = async (read: () => Promise<boolean>) => {
    while (!(await read())) await Bun.sleep(50);
  };
  try {
    const scan = await start("/api/v1/wanted/scan", { full: true });
    await until(async () => {
      const p = await json("/api/v1/wanted/scan");
      return p.scanId === scan.scanId && p.status !== "running";
    });
    const idleRssMiB = await statusMiB(pid, "VmRSS");

    let done = false;
    let peakRssMiB = idleRssMiB;
    const sampling = (async () => {
      while (!done) {
        peakRssMiB = Math.max(peakRssMiB, await statusMiB(pid, "VmRSS"));
        await Bun.sleep(10);
      }
    })();
    const poll = async (stop: () => boolean) => {
      const latencies: number[] = [];
      while (!stop()) {
        const started = performance.now();
        const res = await fetch(`${server.url}/api/v1/health`);
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
      }
      return latencies.sort((a, b) => a - b);
    };
    const polling = poll(() => done);
    const started = performance.now();
    const search = await start("/api/v1/wanted/search");
    await until(async () => {
      const r = await json("/api/v1/wanted/search");
      return r.runId === search.runId && r.status !== "running";
    });
    const searchMs = performance.now() - started;
    done = true;
    const [, latencies] = await Promise.all([sampling, polling]);
    const hwmMiB = await statusMiB(pid, "VmHWM");
    const idleUntil = performance.now() + searchMs;
    const idleLatencies = await poll(() => performance.now() > idleUntil);

    const wanted = await json("/api/v1/wanted?status=all&pageSize=100");
    // biome-ignore lint/suspicious/noExplicitAny: bench reads a few known fields
    const byTitle = new Map<string, any>(wanted.items.map((item: any) => [item.title, item]));
    const outcomes = bombs.map((bomb, i) => {
      const item = byTitle.get(`Bomb ${i + 1}`);
      const downloadBytes = typeof bomb.bytes === "string" ? bomb.bytes.length : bomb.bytes.length;
      return {
        name: bomb.name,
        downloadBytes,
        status: item?.status ?? "?",
        lastError: item?.lastError ?? null,
      };
    });
    return {
      bombs: outcomes,
      idleRssMiB,
      peakRssMiB,
      hwmMiB,
      maxLivenessMs: latencies.at(-1) ?? 0,
      p99LivenessMs: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
      idleMaxLivenessMs: idleLatencies.at(-1) ?? 0,
      livenessPolls: latencies.length,
      searchMs,
    };
  } finally {
    await server.stop();
    await radarr.stop();
    await os.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KiB`);

export function bombsSection(r: BombsBenchResult): string {
  const rows = r.bombs
    .map((b) => `| ${b.name} | ${kib(b.downloadBytes)} | ${b.status} | ${b.lastError ?? "—"} |`)
    .join("\n");
  return `## Decompression bombs (\`bench/bombs.ts\`)

A server process (\`bun src/main.ts\`) downloads each bomb below as a movie's only subtitle from the
fake OpenSubtitles, in one search run, while \`/api/v1/health\` is polled back to back and its RSS
sampled every 10 ms. Targets: every bomb a clear failure, peak RSS ≤ 300 MiB, liveness within 1 s.

| bomb | download | item status | recorded reason |
|---|---:|---|---|
${rows}

- RSS after the scan: ${r.idleRssMiB.toFixed(0)} MiB; peak during the search: **${r.peakRssMiB.toFixed(0)} MiB** sampled, ${r.hwmMiB.toFixed(0)} MiB VmHWM (${r.hwmMiB <= 300 ? "✅" : "❌"} ≤ 300 MiB).
- Slowest of ${r.livenessPolls} \`/api/v1/health\` answers during the search: **${r.maxLivenessMs.toFixed(0)} ms** (${r.maxLivenessMs <= 1000 ? "✅" : "❌"} ≤ 1 s; p99 ${r.p99LivenessMs.toFixed(1)} ms); the search took ${(r.searchMs / 1000).toFixed(1)} s. The same polling with the server idle, for as long: slowest ${r.idleMaxLivenessMs.toFixed(0)} ms (what the shared machine adds).
`;
}

const MARK_START = "<!-- bench/bombs.ts -->";
const MARK_END = "<!-- /bench/bombs.ts -->";

/** The section as it sits in BENCHMARKS.md, between markers so that it can be replaced alone. */
export function markedBombsSection(r: BombsBenchResult): string {
  return `${MARK_START}\n${bombsSection(r)}${MARK_END}\n`;
}

if (import.meta.main) {
  const result = await runBombsBench();
  const section = markedBombsSection(result);
  console.log(section);
  if (process.argv.includes("--write")) {
    console.log(`updated ${await writeMarkedSection(section, MARK_START, MARK_END)}`);
  }
}
