/**
 * Series-list benchmark: ~3,000 Sonarr series (20 episode files each) and ~500 standalone shows
 * (10 each) with two wanted items per file, in an on-disk database migrated with the real schema;
 * one page of 50 through `listSeries` per query (median of the runs).
 *
 *   bun bench/series-list.ts [--series 3000] [--standalone 500] [--runs 15]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { listSeries, type Paging, type SeriesSort } from "../src/wanted/store/index.ts";

const STATUSES = ["wanted", "resolved", "not_found", "ignored", "found"];

function seed(dbPath: string, series: number, standalone: number) {
  const handle = openDatabase({ path: dbPath });
  migrate(handle.sqlite);
  const { sqlite } = handle;
  const insertFile = sqlite.query<{ id: number }, (string | number | null)[]>(
    `INSERT INTO media_files (source, instance, media_key, kind, series_id, title, season, episodes_json, year,
       arr_path, path, size, subtitles_json, last_seen_at, last_scan_id)
     VALUES (?, ?, ?, 'episode', ?, ?, ?, ?, ?, ?, ?, 1000, '{"streams":[],"sidecars":[]}', '2026-01-01', 1)
     RETURNING id`,
  );
  const insertItem = sqlite.query<unknown, (string | number)[]>(
    `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
     VALUES (?, ?, 'episode', ?, 'full', ?, '2026-01-01', '2026-01-01')`,
  );
  let files = 0;
  const add = (source: string, instance: string, seriesId: number | null, title: string, count: number) => {
    for (let e = 1; e <= count; e++) {
      const season = 1 + Math.floor((e - 1) / 10);
      const path = `/media/${source}/${title}/Season ${season}/${title} S${season}E${e}.mkv`;
      const id = insertFile.get(
        source,
        instance,
        path,
        seriesId,
        title,
        season,
        `[${e}]`,
        2000,
        path,
        path,
      )!.id;
      files++;
      for (const [i, language] of ["de", "fr"].entries())
        insertItem.run(id, instance, language, STATUSES[(files + i) % STATUSES.length]!);
    }
  };
  sqlite.transaction(() => {
    for (let s = 1; s <= series; s++) add("sonarr", s % 5 === 0 ? "anime" : "main", s, `Series ${s}`, 20);
    for (let s = 1; s <= standalone; s++) add("standalone", "standalone", null, `Standalone Show ${s}`, 10);
  })();
  sqlite.run("ANALYZE");
  return { handle, files };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (import.meta.main) {
  const { values } = parseArgs({
    options: { series: { type: "string" }, standalone: { type: "string" }, runs: { type: "string" } },
  });
  const dir = mkdtempSync(join(tmpdir(), "subhound-bench-series-"));
  try {
    const series = Number(values.series ?? 3000);
    const standalone = Number(values.standalone ?? 500);
    const runs = Number(values.runs ?? 15);
    const { handle, files } = seed(join(dir, "bench.db"), series, standalone);
    console.log(
      `${series} Sonarr series + ${standalone} standalone shows, ${files} files, ${files * 2} items`,
    );
    const base: Paging & { sort: SeriesSort } = { page: 1, pageSize: 50, order: "asc", sort: "title" };
    const queries: [string, Paging & { sort: SeriesSort }][] = [
      ["title, page 1", base],
      ["title, page 60", { ...base, page: 60 }],
      ["q=show 1", { ...base, q: "show 1" }],
      ["sort=wanted desc", { ...base, sort: "wanted", order: "desc" }],
      ["missing=true", { ...base, missing: true }],
    ];
    for (const [name, query] of queries) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        total = listSeries(handle, query).total;
        times.push(performance.now() - t);
      }
      console.log(
        `${name.padEnd(18)} total ${String(total).padStart(5)}  median ${median(times).toFixed(1)} ms`,
      );
    }
    handle.sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
