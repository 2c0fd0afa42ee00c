/**
 * Wanted-search benchmark: wanted items (a fake Sonarr library over a temp media tree of tiny
 * placeholder videos, scanned by the real scanner, one German item per file) searched against a
 * fake provider HTTP server that answers after 100 ms and enforces 10 requests/s itself with a
 * sliding window (a request over the limit gets 429 + Retry-After, and is counted).
 *
 * Measured side by side in one run:
 * - our searcher (`createSearcher` through the real runtime: claims, provider registry with its
 *   waiting token bucket, download pipeline, atomic saves, history) over every item: wall time,
 *   requests/s (each item costs a search and a download request), 429s, items found;
 * - a reference-style baseline (the old Python system, reference §2.6–2.8): one item at a time,
 *   search then download, a local sliding-window counter that SKIPS the item (or its download)
 *   when the limit is reached instead of waiting, and a 0.5 s pause between items; run over a
 *   sample and extrapolated linearly;
 * - a burst probe: our searcher again over a few items against a fresh server, with the provider
 *   declaring the same rate as a bucket of one token per 100 ms — shows whether any 429s of the
 *   main run come from the bucket's burst capacity rather than from the steady rate.
 *
 *   bun bench/search.ts [--items 1000] [--sample 50] [--concurrency 4] [--burst-items 40]
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { configSchema } from "../src/config/schema.ts";
import { silentLogger } from "../src/log.ts";
import type { StreamInspector } from "../src/media/inspector.ts";
import {
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type SubtitleProvider,
  type SubtitleQuery,
} from "../src/providers/types.ts";
import { createRuntime, type Runtime } from "../src/server.ts";
import { type FakeSonarr, startFakeSonarr } from "../tests/fakes/sonarr.ts";

export interface SearchBenchOptions {
  /** Wanted items our searcher runs over; when absent, chosen from `budgetMs` (1,000 or 300). */
  items?: number;
  /** Wall-time budget of this whole benchmark, used only to choose the item count. */
  budgetMs?: number;
  /** Items the reference-style baseline really runs over, then extrapolated. */
  baselineSample?: number;
  concurrency?: number;
  /** Items of the burst probe (0 skips it). */
  burstItems?: number;
  latencyMs?: number;
  limit?: number;
  windowMs?: number;
  quiet?: boolean;
}

export interface OurSearchRun {
  items: number;
  concurrency: number;
  rateLimit: { requests: number; perMs: number };
  wallMs: number;
  found: number;
  notFound: number;
  failed: number;
  skipped: number;
  /** Requests the server accepted (answered after the latency). */
  accepted: number;
  /** Requests the server refused with 429. */
  rejected429: number;
  /** Offsets (ms since the run started) of the first and last 429, when any. */
  first429Ms: number | null;
  last429Ms: number | null;
  /** Requests the registry sent (accepted + 429s). */
  sent: number;
  /** Useful requests (search + download per found item) per second of wall time. */
  requestsPerS: number;
  /** Accepted requests/s between the 10th and 90th percentile of their arrival times. */
  steadyRequestsPerS: number;
  itemsPerMin: number;
  /** Most requests the server accepted in any window (checks the fake's own enforcement). */
  maxInWindow: number;
  /** Arrival offsets (ms) at the server over the first 2.5 s, "×" marking a 429: the pattern. */
  timeline: string;
}

export interface SearchBenchResult {
  latencyMs: number;
  limit: number;
  windowMs: number;
  /** Why this many items: 1,000 as the issue asks, or scaled down to stay in the time budget. */
  itemsNote: string;
  requestedItems: number;
  setupMs: number;
  ours: OurSearchRun;
  burst: OurSearchRun | null;
  baseline: {
    sampleItems: number;
    pauseMs: number;
    sampleMs: number;
    found: number;
    skipped: number;
    downloadBlocked: number;
    rejected429: number;
    requests: number;
    itemsPerMin: number;
    requestsPerS: number;
    /** Linear extrapolation of the sample's wall time to `ours.items`. */
    extrapolatedMs: number;
  };
  /** Ours items/min ÷ reference-style items/min. */
  ratio: number;
  targets: { name: string; limit: string; value: string; met: boolean }[];
}

const LANGUAGE = "de";
const noStreams: StreamInspector = {
  inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }),
};
const srt = (n: string) =>
  `1\n00:00:01,000 --> 00:00:02,500\nHallo ${n}\n\n2\n00:00:03,000 --> 00:00:04,500\nWie geht's, ${n}?\n\n3\n00:00:05,000 --> 00:00:06,000\nTschüss.\n`;

/** Quantile of sorted numbers (nearest rank). */
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!;

interface FakeProviderServer {
  url: string;
  counters: { searches: number; downloads: number; rejected: number };
  /** Arrival times (performance.now()) of accepted requests and of 429s since the last reset. */
  accepted: number[];
  rejected: number[];
  reset(): void;
  maxInWindow(): number;
  stop(): Promise<void>;
}

/**
 * The provider: `GET /search?title=&season=&episode=` answers one candidate, `GET /download/:id`
 * a small SRT, both after `latencyMs`. Over `limit` requests in the last `windowMs` (sliding,
 * counting accepted requests) → 429 with Retry-After (whole seconds until a slot frees).
 */
function startFakeProvider(latencyMs: number, limit: number, windowMs: number): FakeProviderServer {
  let window: number[] = [];
  const state = {
    counters: { searches: 0, downloads: 0, rejected: 0 },
    accepted: [] as number[],
    rejected: [] as number[],
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const t = performance.now();
      let drop = 0;
      while (drop < window.length && window[drop]! <= t - windowMs) drop++;
      if (drop) window = window.slice(drop);
      if (window.length >= limit) {
        state.counters.rejected++;
        state.rejected.push(t);
        const retryAfterS = Math.max(1, Math.ceil((window[0]! + windowMs - t) / 1000));
        return new Response("Too Many Requests", {
          status: 429,
          headers: { "Retry-After": String(retryAfterS) },
        });
      }
      window.push(t);
      state.accepted.push(t);
      await Bun.sleep(latencyMs);
      const url = new URL(req.url);
      if (url.pathname === "/search") {
        state.counters.searches++;
        const title = url.searchParams.get("title") ?? "";
        const season = Number(url.searchParams.get("season"));
        const episode = Number(url.searchParams.get("episode"));
        const id = `${title.replace(/\W+/g, "-")}-${season}x${episode}`;
        return Response.json([
          { id, language: LANGUAGE, season, episode, release: url.searchParams.get("release") },
        ]);
      }
      const m = /^\/download\/(.+)$/.exec(url.pathname);
      if (m) {
        state.counters.downloads++;
        return new Response(srt(decodeURIComponent(m[1]!)), {
          headers: { "Content-Type": "application/x-subrip; charset=utf-8" },
        });
      }
      return new Response("not found", { status: 404 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    get counters() {
      return state.counters;
    },
    get accepted() {
      return state.accepted;
    },
    get rejected() {
      return state.rejected;
    },
    reset() {
      state.counters = { searches: 0, downloads: 0, rejected: 0 };
      state.accepted = [];
      state.rejected = [];
    },
    maxInWindow() {
      let max = 0;
      let lo = 0;
      const a = state.accepted;
      for (let hi = 0; hi < a.length; hi++) {
        while (a[lo]! <= a[hi]! - windowMs) lo++;
        max = Math.max(max, hi - lo + 1);
      }
      return max;
    },
    stop: () => server.stop(true),
  };
}

async function throwIfLimited(res: Response): Promise<void> {
  if (res.status === 429) {
    await res.arrayBuffer();
    const retryAfterS = Number(res.headers.get("retry-after") ?? "1");
    throw new ProviderError("opensubtitles", "rate-limited", "429 Too Many Requests", {
      status: 429,
      retryAfterMs: (Number.isFinite(retryAfterS) ? retryAfterS : 1) * 1000,
    });
  }
  if (!res.ok) {
    await res.arrayBuffer();
    throw new ProviderError("opensubtitles", "unavailable", `HTTP ${res.status}`, { status: res.status });
  }
}

/** A provider speaking to the fake through `ctx.fetch`, so the registry's token bucket applies. */
function benchProvider(url: string, rateLimit: { requests: number; perMs: number }): SubtitleProvider {
  return {
    name: "opensubtitles",
    rateLimit,
    async search(q: SubtitleQuery, ctx: ProviderContext): Promise<ProviderCandidate[]> {
      const params = new URLSearchParams({
        title: q.title,
        season: String(q.season ?? 0),
        episode: String(q.episodes[0] ?? 0),
        release: q.releaseName ?? "",
      });
      const res = await ctx.fetch(`${url}/search?${params}`);
      await throwIfLimited(res);
      const rows = (await res.json()) as {
        id: string;
        language: string;
        season: number;
        episode: number;
        release: string | null;
      }[];
      return rows.map((r) => ({
        provider: "opensubtitles",
        id: r.id,
        language: r.language,
        releaseNames: r.release ? [r.release] : [],
        format: "srt",
        hearingImpaired: false,
        forced: false,
        season: r.season,
        episodes: [r.episode],
        seasonPack: false,
        matches: [],
        uploader: null,
        downloads: null,
        pageUrl: null,
        data: {},
      }));
    },
    async download(c: ProviderCandidate, ctx: ProviderContext) {
      const res = await ctx.fetch(`${url}/download/${encodeURIComponent(c.id)}`);
      await throwIfLimited(res);
      return { fileName: `${c.id}.srt`, bytes: new Uint8Array(await res.arrayBuffer()) };
    },
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

interface Library {
  sonarr: FakeSonarr;
  media: string;
  /** Local path, title, season and episode of every file. */
  files: { path: string; title: string; season: number; episode: number }[];
}

/** `count` episode files in folders of at most 100, tiny placeholder videos on disk. */
async function buildLibrary(root: string, name: string, count: number): Promise<Library> {
  const sonarr = await startFakeSonarr({ apiKey: "bench-sonarr-key" });
  const media = join(root, name);
  sonarr.generateLibrary({
    seriesCount: Math.max(1, Math.ceil(count / 100)),
    episodes: count,
    subtitles: "eng",
  });
  const files: Library["files"] = [];
  const folders = new Set<string>();
  for (const f of sonarr.episodeFiles.values()) {
    const series = sonarr.series.get(f.seriesId)!;
    const path = `${series.path.replace(/^\/tv/, media)}/${f.relativePath}`;
    if (!folders.has(dirname(path))) {
      mkdirSync(dirname(path), { recursive: true });
      folders.add(dirname(path));
    }
    writeFileSync(path, "video");
    const ep = sonarr.episodesOf(f.seriesId).find((e) => e.episodeFileId === f.id);
    files.push({ path, title: series.title ?? "", season: f.seasonNumber, episode: ep?.episodeNumber ?? 0 });
  }
  return { sonarr, media, files };
}

/** A runtime over an on-disk database in `dir`, scanned: one wanted German item per file. */
async function scannedRuntime(
  dir: string,
  lib: Library,
  provider: SubtitleProvider,
  concurrency: number,
  items: number,
): Promise<Runtime> {
  const config = configSchema.parse({
    dataDir: dir,
    languages: [LANGUAGE],
    sonarr: [{ name: "main", url: lib.sonarr.url, apiKey: lib.sonarr.apiKey, retries: 0, timeoutMs: 30_000 }],
    pathMappings: [{ from: "/tv", to: lib.media }],
    search: { concurrency, itemsPerRun: items },
  });
  const rt = createRuntime(config, {
    log: silentLogger,
    inspector: noStreams,
    providers: [{ provider, priority: 0 }],
  });
  const started = rt.deps.scanner.start({ mode: "full", trigger: "cli" });
  if (!started.ok) throw new Error("scan busy");
  const scan = await started.done;
  if (scan.status !== "succeeded") throw new Error(`scan ${scan.status}`);
  const wanted = rt.deps.db.sqlite
    .query<{ n: number }, []>("SELECT count(*) AS n FROM wanted_items WHERE status = 'wanted'")
    .get()!.n;
  if (wanted !== items) throw new Error(`expected ${items} wanted items, the scan made ${wanted}`);
  return rt;
}

async function runOurs(
  rt: Runtime,
  server: FakeProviderServer,
  items: number,
  concurrency: number,
  rateLimit: { requests: number; perMs: number },
): Promise<OurSearchRun> {
  server.reset();
  const t0 = performance.now();
  const run = rt.deps.searcher.start({ trigger: "api" });
  const done = await run.done;
  const wallMs = performance.now() - t0;
  const accepted = [...server.accepted].sort((a, b) => a - b);
  const lo = quantile(accepted, 0.1);
  const hi = quantile(accepted, 0.9);
  const inSpan = accepted.filter((t) => t >= lo && t <= hi).length;
  const sent = rt.deps.providers.status()[0]!.stats.requests;
  const timeline = [
    ...server.accepted.map((t) => ({ at: t - t0, limited: false })),
    ...server.rejected.map((t) => ({ at: t - t0, limited: true })),
  ]
    .filter((e) => e.at < 2_500)
    .sort((a, b) => a.at - b.at)
    .map((e) => `${e.at.toFixed(0)}${e.limited ? "×" : ""}`)
    .join(" ");
  return {
    items,
    concurrency,
    rateLimit,
    wallMs,
    found: done.found,
    notFound: done.notFound,
    failed: done.failed,
    skipped: done.skipped,
    accepted: accepted.length,
    rejected429: server.counters.rejected,
    first429Ms: server.rejected.length ? server.rejected[0]! - t0 : null,
    last429Ms: server.rejected.length ? server.rejected.at(-1)! - t0 : null,
    sent,
    requestsPerS: (2 * done.found) / (wallMs / 1000),
    steadyRequestsPerS: hi > lo ? (inSpan - 1) / ((hi - lo) / 1000) : 0,
    itemsPerMin: done.found / (wallMs / 60_000),
    maxInWindow: server.maxInWindow(),
    timeline,
  };
}

/**
 * The old system's loop (reference §2.6–2.8, the pre-e7461c7 batch): one item at a time, search
 * then download, a local sliding-window counter per provider that skips instead of waiting
 * (search and download each take a slot), and `time.sleep(0.5)` between items. The subtitle is
 * written in place (non-atomic), into a folder of its own so our run's files stay untouched.
 * Its DB, cache and scoring work is left out, which flatters it.
 */
async function referenceBaseline(
  files: Library["files"],
  url: string,
  out: string,
  limit: number,
  windowMs: number,
  pauseMs: number,
) {
  mkdirSync(out, { recursive: true });
  let slots: number[] = [];
  const allow = () => {
    const t = performance.now();
    slots = slots.filter((s) => s > t - windowMs);
    if (slots.length >= limit) return false;
    slots.push(t);
    return true;
  };
  let found = 0;
  let skipped = 0;
  let downloadBlocked = 0;
  let rejected429 = 0;
  let requests = 0;
  const t0 = performance.now();
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    if (!allow()) {
      skipped++;
    } else {
      const params = new URLSearchParams({
        title: f.title,
        season: String(f.season),
        episode: String(f.episode),
        release: basename(f.path).replace(/\.[^.]+$/, ""),
      });
      requests++;
      const res = await fetch(`${url}/search?${params}`, { signal: AbortSignal.timeout(15_000) });
      if (res.status === 429) {
        rejected429++;
        await res.arrayBuffer();
      } else {
        const rows = (await res.json()) as { id: string }[];
        const best = rows[0];
        if (best && !allow()) downloadBlocked++;
        else if (best) {
          requests++;
          const dl = await fetch(`${url}/download/${encodeURIComponent(best.id)}`, {
            signal: AbortSignal.timeout(15_000),
          });
          if (dl.status === 429) {
            rejected429++;
            await dl.arrayBuffer();
          } else {
            const bytes = new Uint8Array(await dl.arrayBuffer());
            await Bun.write(join(out, `${basename(f.path).replace(/\.[^.]+$/, "")}.${LANGUAGE}.srt`), bytes);
            found++;
          }
        }
      }
    }
    if (i < files.length - 1) await Bun.sleep(pauseMs);
  }
  const ms = performance.now() - t0;
  return { ms, found, skipped, downloadBlocked, rejected429, requests };
}

/** Estimated wall time of the whole benchmark for `items` items (rate-bound search + baseline). */
function estimateMs(
  items: number,
  sample: number,
  burstItems: number,
  latencyMs: number,
  limit: number,
  windowMs: number,
) {
  // At the target's floor (90% of the limit), so the estimate errs long.
  const perRequestMs = windowMs / limit / 0.9;
  const setup = 4_000 + items * 3;
  const ours = 2 * items * perRequestMs;
  const baseline = sample * (2 * latencyMs + 500 + 20);
  const burst = burstItems > 0 ? 2 * burstItems * perRequestMs + 2_000 : 0;
  return setup + ours + baseline + burst;
}

export async function runSearchBench(options: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const latencyMs = options.latencyMs ?? 100;
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const sample = options.baselineSample ?? 50;
  const burstItems = options.burstItems ?? 40;
  const log = options.quiet ? () => {} : (s: string) => console.log(s);
  const requestedItems = 1000;
  let items = options.items ?? requestedItems;
  let itemsNote: string;
  if (options.items !== undefined) {
    itemsNote =
      items === requestedItems ? "1,000 items, as the issue asks" : `${items} items (set with --items)`;
  } else {
    const full = estimateMs(requestedItems, sample, burstItems, latencyMs, limit, windowMs);
    if (options.budgetMs === undefined || full <= options.budgetMs) {
      itemsNote = `1,000 items, as the issue asks (estimated ${(full / 1000).toFixed(0)} s${
        options.budgetMs === undefined ? "" : ` of a ${(options.budgetMs / 1000).toFixed(0)} s budget`
      })`;
    } else {
      items = 300;
      const scaled = estimateMs(items, sample, burstItems, latencyMs, limit, windowMs);
      itemsNote = `**scaled from 1,000 to 300 items**: 1,000 would take an estimated ${(full / 1000).toFixed(0)} s, over the ${(options.budgetMs / 1000).toFixed(0)} s left of the bench budget (300: ≈ ${(scaled / 1000).toFixed(0)} s); once steady the throughput does not depend on the count`;
    }
  }
  const rateLimit = { requests: limit, perMs: windowMs };
  log(`Search bench: ${itemsNote}`);

  const root = mkdtempSync(join(tmpdir(), "subhound-bench-search-"));
  const server = startFakeProvider(latencyMs, limit, windowMs);
  const libs: Library[] = [];
  const runtimes: Runtime[] = [];
  try {
    // Our searcher over every item.
    const tSetup = performance.now();
    const lib = await buildLibrary(root, "tv", items);
    libs.push(lib);
    const rt = await scannedRuntime(
      join(root, "data"),
      lib,
      benchProvider(server.url, rateLimit),
      concurrency,
      items,
    );
    runtimes.push(rt);
    const setupMs = performance.now() - tSetup;
    log(
      `library: ${items} files on disk, scanned into ${items} wanted items in ${(setupMs / 1000).toFixed(1)} s`,
    );
    const ours = await runOurs(rt, server, items, concurrency, rateLimit);
    log(
      `ours: ${ours.found}/${items} found in ${(ours.wallMs / 1000).toFixed(1)} s, ${ours.requestsPerS.toFixed(2)} req/s (steady ${ours.steadyRequestsPerS.toFixed(2)}), ${ours.rejected429} × 429`,
    );
    await rt.close();
    runtimes.pop();

    // Burst probe: same rate, bucket of one token.
    let burst: OurSearchRun | null = null;
    if (burstItems > 0) {
      await Bun.sleep(windowMs + 100); // the server's window empties
      const burstLimit = { requests: 1, perMs: windowMs / limit };
      const blib = await buildLibrary(root, "tv-burst", burstItems);
      libs.push(blib);
      const brt = await scannedRuntime(
        join(root, "data-burst"),
        blib,
        benchProvider(server.url, burstLimit),
        concurrency,
        burstItems,
      );
      runtimes.push(brt);
      burst = await runOurs(brt, server, burstItems, concurrency, burstLimit);
      log(
        `burst probe (bucket 1 per ${burstLimit.perMs} ms): ${burst.found}/${burstItems} found, ${burst.requestsPerS.toFixed(2)} req/s, ${burst.rejected429} × 429`,
      );
      await brt.close();
      runtimes.pop();
    }

    // Reference-style baseline on a sample.
    await Bun.sleep(windowMs + 100);
    server.reset();
    const pauseMs = 500;
    const base = await referenceBaseline(
      lib.files.slice(0, sample),
      server.url,
      join(root, "reference-out"),
      limit,
      windowMs,
      pauseMs,
    );
    const baseItemsPerMin = base.found / (base.ms / 60_000);
    log(
      `reference-style sample: ${base.found}/${sample} found in ${(base.ms / 1000).toFixed(1)} s (${base.skipped} skipped, ${base.downloadBlocked} downloads blocked, ${base.rejected429} × 429)`,
    );

    const result: SearchBenchResult = {
      latencyMs,
      limit,
      windowMs,
      itemsNote,
      requestedItems,
      setupMs,
      ours,
      burst,
      baseline: {
        sampleItems: sample,
        pauseMs,
        sampleMs: base.ms,
        found: base.found,
        skipped: base.skipped,
        downloadBlocked: base.downloadBlocked,
        rejected429: base.rejected429,
        requests: base.requests,
        itemsPerMin: baseItemsPerMin,
        requestsPerS: base.requests / (base.ms / 1000),
        extrapolatedMs: base.ms * (items / sample),
      },
      ratio: ours.itemsPerMin / baseItemsPerMin,
      targets: [],
    };
    const perS = limit / (windowMs / 1000);
    result.targets = [
      {
        name: `search throughput (${latencyMs} ms latency, ${perS} req/s limit, ${items} items)`,
        limit: `within 10% of ${perS} req/s`,
        value: `${ours.requestsPerS.toFixed(2)} req/s (${((ours.requestsPerS / perS) * 100).toFixed(0)}%)`,
        met: ours.requestsPerS >= perS * 0.9 && ours.requestsPerS <= perS * 1.1,
      },
      {
        name: "search: 429 answers from the provider",
        limit: "0",
        value: String(ours.rejected429),
        met: ours.rejected429 === 0,
      },
    ];
    return result;
  } finally {
    for (const rt of runtimes) await rt.close().catch(() => {});
    await server.stop();
    for (const l of libs) await l.sonarr.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

export function printSearchResult(r: SearchBenchResult) {
  const o = r.ours;
  const b = r.baseline;
  const line = (name: string, x: OurSearchRun) =>
    `${name.padEnd(44)} ${`${(x.wallMs / 1000).toFixed(1)} s`.padStart(9)} ${`${x.found}/${x.items}`.padStart(10)} ${x.requestsPerS.toFixed(2).padStart(7)} ${x.steadyRequestsPerS.toFixed(2).padStart(7)} ${String(x.rejected429).padStart(5)} ${x.itemsPerMin.toFixed(0).padStart(9)}`;
  console.log(
    `\nSearch: fake provider ${r.latencyMs} ms latency, ${r.limit} requests / ${r.windowMs} ms sliding window (429 over it); ${r.itemsNote}`,
  );
  console.log(
    `${"".padEnd(44)} ${"wall".padStart(9)} ${"found".padStart(10)} ${"req/s".padStart(7)} ${"steady".padStart(7)} ${"429s".padStart(5)} ${"items/min".padStart(9)}`,
  );
  console.log(
    line(`ours, concurrency ${o.concurrency}, bucket ${o.rateLimit.requests}/${o.rateLimit.perMs} ms`, o),
  );
  if (r.burst)
    console.log(
      line(`ours, burst probe, bucket ${r.burst.rateLimit.requests}/${r.burst.rateLimit.perMs} ms`, r.burst),
    );
  console.log(
    `${`reference-style, ${b.sampleItems}-item sample`.padEnd(44)} ${`${(b.sampleMs / 1000).toFixed(1)} s`.padStart(9)} ${`${b.found}/${b.sampleItems}`.padStart(10)} ${b.requestsPerS.toFixed(2).padStart(7)} ${"".padStart(7)} ${String(b.rejected429).padStart(5)} ${b.itemsPerMin.toFixed(0).padStart(9)}`,
  );
  console.log(
    `reference-style extrapolated to ${o.items} items: ${(b.extrapolatedMs / 1000).toFixed(0)} s (${b.skipped} skipped, ${b.downloadBlocked} downloads blocked in the sample); ours ÷ reference = ${r.ratio.toFixed(1)}× items/min`,
  );
  if (o.rejected429)
    console.log(
      `ours: 429s between ${((o.first429Ms ?? 0) / 1000).toFixed(2)} s and ${((o.last429Ms ?? 0) / 1000).toFixed(2)} s after the start; ${o.sent} requests sent for ${o.accepted} accepted`,
    );
  for (const t of r.targets)
    console.log(`target ${t.name} ${t.limit}: ${t.value} — ${t.met ? "met" : "NOT met"}`);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      items: { type: "string", default: "1000" },
      sample: { type: "string", default: "50" },
      concurrency: { type: "string", default: "4" },
      "burst-items": { type: "string", default: "40" },
    },
  });
  const result = await runSearchBench({
    items: Number(values.items),
    baselineSample: Number(values.sample),
    concurrency: Number(values.concurrency),
    burstItems: Number(values["burst-items"]),
  });
  printSearchResult(result);
}
