/**
 * Wanted-list benchmark: 100,000 wanted rows in an on-disk database migrated with the real
 * schema, then one page of 50 with typical filters and sorts, timed through `listWanted` and
 * through the HTTP app (`app.fetch`, so validation and JSON serialization are included).
 *
 *   bun bench/wanted-list.ts [--rows 100000] [--runs 60]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { configSchema } from "../src/config/schema.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { silentLogger } from "../src/log.ts";
import { defaultProfile } from "../src/profiles/profile.ts";
import { createRuntime } from "../src/server.ts";
import { createProfileResolver } from "../src/wanted/profile-resolver.ts";
import { listWanted, parseStatusFilter, sortDirection } from "../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../src/wanted/wanted.schemas.ts";
import { createExplainer } from "../src/wanted/wanted-reason.ts";
import { toWantedView } from "../src/wanted/wanted-view.ts";

export interface WantedListBenchOptions {
  rows?: number;
  /** Runs of `listWanted` per query (the median is reported). */
  runs?: number;
  /** Runs through `app.fetch` per query: fewer, as each includes the same query. */
  httpRuns?: number;
  quiet?: boolean;
}

export interface WantedQueryResult {
  name: string;
  /** Query string as the HTTP API takes it. */
  query: string;
  total: number;
  /** Median `listWanted` time, ms. */
  queryMs: number;
  /** Median time through `app.fetch`, JSON body read included, ms. */
  httpMs: number;
  plan: string[];
  met: boolean;
}

export interface WantedListBenchResult {
  rows: number;
  files: number;
  runs: number;
  httpRuns: number;
  insertMs: number;
  dbMiB: number;
  queries: WantedQueryResult[];
  targetMs: number;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Deterministic pseudo-random numbers (mulberry32), so every run holds the same data. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "Breaking",
  "Bad",
  "Better",
  "Call",
  "Saul",
  "Dark",
  "Crown",
  "Wire",
  "Sopranos",
  "Office",
  "Lost",
  "Fargo",
  "Succession",
  "Severance",
  "Expanse",
  "Andor",
  "Chernobyl",
  "Mandalorian",
  "Bear",
  "Shogun",
  "Frieren",
  "Dandadan",
  "Mushishi",
  "Monster",
  "Legion",
  "Barry",
];

/** (status, weight): most rows are open work or resolved. */
const STATUSES: [string, number][] = [
  ["wanted", 0.4],
  ["resolved", 0.3],
  ["not_found", 0.15],
  ["failed", 0.04],
  ["ignored", 0.05],
  ["found", 0.04],
  ["searching", 0.02],
];
const LANGUAGES: [string, number][] = [
  ["en", 0.35],
  ["de", 0.3],
  ["fr", 0.12],
  ["es", 0.1],
  ["pt-BR", 0.08],
  ["ja", 0.05],
];

function pick<T>(rand: () => number, table: [T, number][]): T {
  let x = rand();
  for (const [value, weight] of table) {
    x -= weight;
    if (x <= 0) return value;
  }
  return table[table.length - 1]![0];
}

const stream = (index: number, codec: string, language: string, textBased: boolean) => ({
  index,
  codec,
  language,
  languageIetf: null,
  title: null,
  forced: false,
  hearingImpaired: false,
  default: index === 2,
  textBased,
});

/** What scans store: most files have no subtitles, some an English text track or German PGS. */
function subtitlesFor(rand: () => number): string {
  const streams = [];
  const sidecars = [];
  if (rand() < 0.3) streams.push(stream(2, "subrip", "eng", true));
  if (rand() < 0.2) streams.push(stream(3, "hdmv_pgs_subtitle", "ger", false));
  if (rand() < 0.1) streams.push(stream(4, "subrip", "und", true));
  if (rand() < 0.1)
    sidecars.push({
      fileName: "x.en.sdh.srt",
      language: "en",
      forced: false,
      hearingImpaired: true,
      format: "srt",
    });
  return JSON.stringify({ streams, sidecars });
}

/** Creates and fills the database at `dbPath` (exported for ad-hoc query experiments). */
export function seedWantedDb(dbPath: string, rows: number): { files: number; ms: number } {
  const handle = openDatabase({ path: dbPath });
  migrate(handle.sqlite);
  const sqlite = handle.sqlite;
  const rand = random(42);
  const t = performance.now();
  const insertFile = sqlite.query<{ id: number }, (string | number | null)[]>(
    `INSERT INTO media_files (source, instance, media_key, kind, arr_file_id, series_id, movie_id, episode_ids_json,
       title, season, episodes_json, year, tvdb_id, arr_path, path, relative_path, size, date_added, subtitles_json,
       inspected_at, last_seen_at, last_scan_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
  );
  const insertItem = sqlite.query<unknown, (string | number | null)[]>(
    `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, satisfied_by, upgrade_candidate,
       attempts, last_searched_at, retry_after, last_error, added_at, updated_at, resolved_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // ~2,500 series over two Sonarr instances and ~8,000 movies in Radarr.
  const seriesTitles = Array.from({ length: 2_500 }, (_, i) => {
    const a = WORDS[i % WORDS.length]!;
    const b = WORDS[Math.floor(i / WORDS.length) % WORDS.length]!;
    return `${a} ${b} ${i}`;
  });
  const start = Date.parse("2025-01-01T00:00:00Z");
  const year = 365 * 24 * 3600 * 1000;
  let items = 0;
  let files = 0;
  sqlite.transaction(() => {
    let episodeId = 1;
    while (items < rows) {
      const movie = rand() < 0.2;
      const instance = movie ? "movies" : rand() < 0.8 ? "main" : "anime";
      const seriesIndex = Math.floor(rand() * seriesTitles.length);
      const title = movie ? `${WORDS[files % WORDS.length]} Movie ${files}` : seriesTitles[seriesIndex]!;
      const season = movie ? null : 1 + Math.floor(rand() * 8);
      const episode = movie ? null : 1 + Math.floor(rand() * 24);
      const epId = episodeId++;
      const releaseYear = 1990 + Math.floor(rand() * 35);
      const dir = movie ? `/movies/${title} (${releaseYear})` : `/tv/${title}/Season ${season}`;
      const name = movie
        ? `${title} (${releaseYear}) Bluray-1080p.mkv`
        : `${title} - S${String(season).padStart(2, "0")}E${String(episode).padStart(2, "0")} - WEBDL-1080p.mkv`;
      const addedMs = start + Math.floor(rand() * year);
      const added = new Date(addedMs).toISOString();
      const fileId = insertFile.get(
        movie ? "radarr" : "sonarr",
        instance,
        movie ? `movie:${files}` : `episodes:${epId}`,
        movie ? "movie" : "episode",
        files + 1,
        movie ? null : seriesIndex + 1,
        movie ? files + 1 : null,
        movie ? "[]" : `[${epId}]`,
        title,
        season,
        movie ? "[]" : `[${episode}]`,
        releaseYear,
        movie ? null : 70_000 + seriesIndex,
        `${dir}/${name}`,
        `/mnt/media${dir}/${name}`,
        movie ? name : `Season ${season}/${name}`,
        500_000_000 + Math.floor(rand() * 4e9),
        added,
        subtitlesFor(rand),
        added,
        added,
      )!.id;
      files++;
      // One to three languages per file, with a forced variant now and then.
      const languages = new Set<string>();
      const count = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < count; k++) languages.add(pick(rand, LANGUAGES));
      for (const language of languages) {
        for (const variant of rand() < 0.1 ? ["full", "forced"] : ["full"]) {
          if (items >= rows) break;
          const status = pick(rand, STATUSES);
          const searched = status !== "wanted" && status !== "resolved" && status !== "ignored";
          const attempts = searched ? 1 + Math.floor(rand() * 3) : 0;
          const lastSearched = searched ? new Date(addedMs + Math.floor(rand() * 3e9)).toISOString() : null;
          insertItem.run(
            fileId,
            instance,
            movie ? "movie" : "episode",
            language,
            variant,
            status,
            status === "resolved"
              ? rand() < 0.5
                ? `sidecar:${name}.${language}.srt`
                : "embedded:2:ass"
              : null,
            status === "resolved" && rand() < 0.1 ? 1 : 0,
            attempts,
            lastSearched,
            status === "not_found" ? new Date(addedMs + 6e9).toISOString() : null,
            status === "failed" ? "provider timed out" : null,
            added,
            lastSearched ?? added,
            status === "resolved" ? added : null,
          );
          items++;
        }
      }
    }
  })();
  const ms = performance.now() - t;
  sqlite.run("PRAGMA optimize");
  handle.close();
  return { files, ms };
}

const QUERIES: { name: string; query: string }[] = [
  { name: "default (open statuses), newest first", query: "" },
  { name: "language=de & status=wanted, newest first", query: "language=de&status=wanted" },
  { name: "text search q=saul (open statuses)", query: "q=saul" },
  { name: "sort by title (open statuses)", query: "sort=title" },
  { name: "one series by title (open statuses)", query: "title=Dark%20Bad%2031" },
  { name: "next retry first (open statuses)", query: "sort=retryAfter" },
];

export async function runWantedListBench(
  options: WantedListBenchOptions = {},
): Promise<WantedListBenchResult> {
  const rows = options.rows ?? 100_000;
  const runs = options.runs ?? 50;
  const httpRuns = options.httpRuns ?? 15;
  const targetMs = 10;
  const log = options.quiet ? () => {} : (s: string) => console.log(s);
  const root = mkdtempSync(join(tmpdir(), "subhound-bench-wanted-"));
  try {
    const dbPath = join(root, "subhound.db");
    const seeded = seedWantedDb(dbPath, rows);
    const dbMiB = Bun.file(dbPath).size / 1024 / 1024;
    log(
      `Seeded ${rows} wanted rows over ${seeded.files} media files in ${seeded.ms.toFixed(0)} ms (${dbMiB.toFixed(0)} MiB database)`,
    );

    const apiKey = "bench-key-0123456789abcdef";
    const config = configSchema.parse({ dataDir: root, auth: { apiKey } });
    const runtime = createRuntime(config, { log: silentLogger, db: openDatabase({ path: dbPath }) });
    const sqlite = runtime.deps.db.sqlite;
    const explainRow = createExplainer({
      profileOf: createProfileResolver(runtime.deps.db.db, defaultProfile(config)),
      maxAttempts: config.search.maxAttempts,
      now: new Date().toISOString(),
      nextSearchRun: null,
    });
    const results: WantedQueryResult[] = [];
    try {
      for (const { name, query } of QUERIES) {
        const params = Object.fromEntries(new URLSearchParams(query));
        const parsed = WantedListQuerySchema.parse(params);
        const statuses = parseStatusFilter(parsed.status);
        if (statuses instanceof Error) throw statuses;
        const direct: number[] = [];
        let total = 0;
        for (let i = 0; i < runs + 3; i++) {
          const t = performance.now();
          const page = listWanted(runtime.deps.db, parsed, statuses);
          page.records.map((r) => toWantedView(r, explainRow));
          total = page.total;
          if (i >= 3) direct.push(performance.now() - t);
        }
        const http: number[] = [];
        const url = `http://subhound.bench/api/v1/wanted${query ? `?${query}` : ""}`;
        for (let i = 0; i < httpRuns + 1; i++) {
          const t = performance.now();
          const res = await runtime.app.fetch(new Request(url, { headers: { "X-Api-Key": apiKey } }));
          if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
          const body = (await res.json()) as { items: unknown[]; total: number };
          if (body.total !== total) throw new Error(`${url}: total ${body.total}, expected ${total}`);
          if (i >= 1) http.push(performance.now() - t);
        }
        const plan = explain(sqlite, parsed, statuses);
        const result: WantedQueryResult = {
          name,
          query: query || "(none)",
          total,
          queryMs: median(direct),
          httpMs: median(http),
          plan,
          met: median(direct) < targetMs,
        };
        results.push(result);
        log(
          `${name.padEnd(44)} total ${String(total).padStart(6)}  listWanted ${result.queryMs.toFixed(2).padStart(6)} ms  HTTP ${result.httpMs.toFixed(2).padStart(6)} ms  ${result.met ? "met" : "NOT met"}`,
        );
      }
    } finally {
      await runtime.close();
    }
    return {
      rows,
      files: seeded.files,
      runs,
      httpRuns,
      insertMs: seeded.ms,
      dbMiB,
      queries: results,
      targetMs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** EXPLAIN QUERY PLAN of the two statements `listWanted` runs (count, then the page). */
function explain(
  sqlite: import("bun:sqlite").Database,
  query: ReturnType<typeof WantedListQuerySchema.parse>,
  statuses: string[] | null,
): string[] {
  // Rebuilt from the same pieces listWanted uses; only the filters the bench sends.
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (statuses) {
    where.push(`w.status IN (${statuses.map(() => "?").join(",")})`);
    params.push(...statuses);
  }
  if (query.language) {
    where.push("w.language = ?");
    params.push(query.language);
  }
  if (query.q) {
    where.push("(f.title LIKE ? ESCAPE '\\' OR f.path LIKE ? ESCAPE '\\')");
    params.push(`%${query.q}%`, `%${query.q}%`);
  }
  if (query.title) {
    where.push("f.title = ?");
    params.push(query.title);
  }
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const from = "FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id";
  const sort = {
    added: "w.added_at",
    title: "f.title",
    status: "w.status",
    language: "w.language",
    lastSearched: "w.last_searched_at",
    retryAfter: "w.retry_after",
  }[query.sort];
  const dir = sortDirection(query);
  const plans: string[] = [];
  for (const sql of [
    `SELECT count(*) AS n ${from} ${whereSql}`,
    `SELECT w.id ${from} ${whereSql} ORDER BY ${sort} ${dir}, w.id ${dir} LIMIT 50 OFFSET 0`,
  ]) {
    const rows = sqlite
      .query<{ detail: string }, (string | number)[]>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params);
    plans.push(rows.map((r) => r.detail).join("; "));
  }
  return plans;
}

export function printWantedListResult(r: WantedListBenchResult) {
  console.log(
    `\nWanted list: ${r.rows} rows over ${r.files} files (${r.dbMiB.toFixed(0)} MiB DB), page of 50, median of ${r.runs} runs (HTTP: ${r.httpRuns}); target < ${r.targetMs} ms`,
  );
  for (const q of r.queries) {
    console.log(
      `${q.name.padEnd(44)} total ${String(q.total).padStart(6)}  listWanted ${q.queryMs.toFixed(2).padStart(6)} ms  HTTP ${q.httpMs.toFixed(2).padStart(6)} ms  ${q.met ? "met" : "NOT met"}`,
    );
    for (const p of q.plan) console.log(`    plan: ${p}`);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: { rows: { type: "string", default: "100000" }, runs: { type: "string", default: "50" } },
  });
  const result = await runWantedListBench({
    rows: Number(values.rows),
    runs: Number(values.runs),
    quiet: true,
  });
  printWantedListResult(result);
}
