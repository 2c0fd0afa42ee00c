import type { Database } from "bun:sqlite";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { mediaFiles, wantedItems } from "../db/schema.ts";
import { type HistoryEntryView, type HistoryRow, historyView } from "./history-store.ts";

/**
 * The library as the scan stored it, for browsing: series with their counts, a series' files,
 * movies, one file, and what Subhound saved for a file. Every statement of the browse API's reads.
 */

/** Items still to fetch (or being fetched), items satisfied, items the user set aside. */
const OPEN = "('wanted', 'searching', 'not_found', 'failed')";
const HAVE = "('resolved', 'found')";

export type LibraryFileRow = typeof mediaFiles.$inferSelect;
export type LibraryItemRow = Pick<
  typeof wantedItems.$inferSelect,
  "id" | "mediaFileId" | "language" | "variant" | "status" | "satisfiedBy"
>;

export interface Paging {
  page: number;
  pageSize: number;
  order: "asc" | "desc";
  instance?: string;
  /** Substring of the title. */
  q?: string;
  /** Only series/movies with at least one item still wanted. */
  missing?: boolean;
}

export interface SeriesSummaryRow {
  instance: string;
  seriesId: number;
  title: string;
  year: number | null;
  tvdbId: number | null;
  imdbId: string | null;
  seasons: number;
  episodes: number;
  files: number;
  wanted: number;
  have: number;
  ignored: number;
  overrideId: number | null;
}

const SERIES_SORT = {
  title: "title COLLATE NOCASE",
  wanted: "wanted",
  episodes: "episodes",
} as const;
export type SeriesSort = keyof typeof SERIES_SORT;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function titleFilters(query: Paging, where: string[], params: (string | number)[]) {
  if (query.instance !== undefined) {
    where.push("f.instance = ?");
    params.push(query.instance);
  }
  if (query.q) {
    where.push("f.title LIKE ? ESCAPE '\\'");
    params.push(likePattern(query.q));
  }
}

/**
 * Sonarr series with per-series counts, one page. Raw SQL: the counts are one grouped pass over
 * the files joined to their items' per-file counts (a query-builder version nests three subqueries).
 */
export function listSeries(
  sqlite: Database,
  query: Paging & { sort: SeriesSort },
): { items: SeriesSummaryRow[]; total: number } {
  const where = ["f.source = 'sonarr'", "f.series_id IS NOT NULL", "f.missing_since IS NULL"];
  const params: (string | number)[] = [];
  titleFilters(query, where, params);
  const having = query.missing ? "HAVING wanted > 0" : "";
  const grouped = `SELECT f.instance, f.series_id AS seriesId, max(f.title) AS title, max(f.year) AS year,
      max(f.tvdb_id) AS tvdbId, max(f.imdb_id) AS imdbId, count(DISTINCT f.season) AS seasons,
      sum(json_array_length(f.episodes_json)) AS episodes, count(*) AS files,
      coalesce(sum(i.wanted), 0) AS wanted, coalesce(sum(i.have), 0) AS have,
      coalesce(sum(i.ignored), 0) AS ignored
    FROM media_files f
    LEFT JOIN (SELECT media_file_id, sum(status IN ${OPEN}) AS wanted, sum(status IN ${HAVE}) AS have,
                 sum(status = 'ignored') AS ignored
               FROM wanted_items GROUP BY media_file_id) i ON i.media_file_id = f.id
    WHERE ${where.join(" AND ")}
    GROUP BY f.instance, f.series_id ${having}`;
  const total = sqlite
    .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM (${grouped})`)
    .get(...params)!.n;
  const dir = query.order === "desc" ? "DESC" : "ASC";
  const rows = sqlite
    .query<Omit<SeriesSummaryRow, "overrideId">, (string | number)[]>(
      `${grouped} ORDER BY ${SERIES_SORT[query.sort]} ${dir}, title COLLATE NOCASE ASC, seriesId ASC LIMIT ? OFFSET ?`,
    )
    .all(...params, query.pageSize, (query.page - 1) * query.pageSize);
  return { items: withOverrides(sqlite, "series", rows, (r) => r.seriesId), total };
}

/** The profile override id of each row's series or movie (null: the default profile). */
function withOverrides<R extends { instance: string }>(
  sqlite: Database,
  kind: "series" | "movie",
  rows: R[],
  arrIdOf: (row: R) => number | null,
): (R & { overrideId: number | null })[] {
  if (rows.length === 0) return [];
  const found = sqlite
    .query<{ id: number; instance: string; arr_id: number }, [string]>(
      "SELECT id, instance, arr_id FROM profile_overrides WHERE kind = ?",
    )
    .all(kind);
  const byKey = new Map(found.map((o) => [`${o.instance}|${o.arr_id}`, o.id]));
  return rows.map((r) => ({ ...r, overrideId: byKey.get(`${r.instance}|${arrIdOf(r)}`) ?? null }));
}

/** Every stored file of one series (tombstones of vanished files left out), by season and episode. */
export function seriesFiles(db: Db, instance: string, seriesId: number): LibraryFileRow[] {
  const rows = db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.instance, instance), eq(mediaFiles.seriesId, seriesId)))
    .orderBy(asc(mediaFiles.season), asc(mediaFiles.id))
    .all()
    .filter((f) => f.source === "sonarr" && f.lastScanId !== null);
  const firstEpisode = (f: LibraryFileRow) => (JSON.parse(f.episodesJson) as number[])[0] ?? 0;
  return rows.sort((a, b) => (a.season ?? 0) - (b.season ?? 0) || firstEpisode(a) - firstEpisode(b));
}

export function seriesOverrideId(sqlite: Database, instance: string, seriesId: number): number | null {
  return withOverrides(sqlite, "series", [{ instance, seriesId }], (r) => r.seriesId)[0]!.overrideId;
}

export type MovieSort = "title" | "year" | "added" | "wanted";
const MOVIE_SORT: Record<MovieSort, string> = {
  title: "f.title COLLATE NOCASE",
  year: "f.year",
  added: "f.date_added",
  wanted: "wanted",
};

export interface MovieRow {
  id: number;
  instance: string;
  source: string;
  movieId: number | null;
  title: string;
  year: number | null;
  path: string;
  size: number;
  imdbId: string | null;
  subtitlesJson: string;
  wanted: number;
  have: number;
  ignored: number;
  overrideId: number | null;
}

/** Movie files (Radarr and standalone), one page, with their item counts. */
export function listMovies(
  sqlite: Database,
  query: Paging & { sort: MovieSort },
): { items: MovieRow[]; total: number } {
  const where = ["f.kind = 'movie'", "f.missing_since IS NULL"];
  const params: (string | number)[] = [];
  titleFilters(query, where, params);
  if (query.missing)
    where.push(`EXISTS (SELECT 1 FROM wanted_items w WHERE w.media_file_id = f.id AND w.status IN ${OPEN})`);
  const whereSql = where.join(" AND ");
  const total = sqlite
    .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM media_files f WHERE ${whereSql}`)
    .get(...params)!.n;
  const dir = query.order === "desc" ? "DESC" : "ASC";
  const counts = (statuses: string) =>
    `(SELECT count(*) FROM wanted_items w WHERE w.media_file_id = f.id AND w.status IN ${statuses})`;
  const rows = sqlite
    .query<Omit<MovieRow, "overrideId">, (string | number)[]>(
      `SELECT f.id, f.instance, f.source, f.movie_id AS movieId, f.title, f.year, f.path, f.size,
          f.imdb_id AS imdbId, f.subtitles_json AS subtitlesJson, ${counts(OPEN)} AS wanted, ${counts(HAVE)} AS have,
          ${counts("('ignored')")} AS ignored
       FROM media_files f WHERE ${whereSql}
       ORDER BY ${MOVIE_SORT[query.sort]} ${dir}, f.title COLLATE NOCASE ASC, f.id ASC LIMIT ? OFFSET ?`,
    )
    .all(...params, query.pageSize, (query.page - 1) * query.pageSize);
  return {
    items: withOverrides(sqlite, "movie", rows, (r) => (r.source === "radarr" ? r.movieId : null)),
    total,
  };
}

export function movieOverrideId(sqlite: Database, instance: string, movieId: number): number | null {
  return withOverrides(sqlite, "movie", [{ instance, movieId }], (r) => r.movieId)[0]!.overrideId;
}

export function libraryFile(db: Db, id: number): LibraryFileRow | null {
  return db.select().from(mediaFiles).where(eq(mediaFiles.id, id)).get() ?? null;
}

/** The items of some files, by file id, in the order a profile lists languages (id order). */
export function itemsOfFiles(db: Db, fileIds: readonly number[]): Map<number, LibraryItemRow[]> {
  const out = new Map<number, LibraryItemRow[]>();
  if (fileIds.length === 0) return out;
  const rows = db
    .select({
      id: wantedItems.id,
      mediaFileId: wantedItems.mediaFileId,
      language: wantedItems.language,
      variant: wantedItems.variant,
      status: wantedItems.status,
      satisfiedBy: wantedItems.satisfiedBy,
    })
    .from(wantedItems)
    .where(inArray(wantedItems.mediaFileId, [...fileIds]))
    .orderBy(asc(wantedItems.id))
    .all();
  for (const row of rows) {
    const list = out.get(row.mediaFileId);
    if (list) list.push(row);
    else out.set(row.mediaFileId, [row]);
  }
  return out;
}

/**
 * What Subhound saved (or deleted) for a file, newest first: linked to one of its items, or at a
 * path named after the video (uploads in a language no item wants). Raw SQL: the path range uses
 * the history's path index, which `LIKE` would not.
 */
export function historyOfFile(sqlite: Database, fileId: number, sidecarPrefix: string): HistoryEntryView[] {
  return sqlite
    .query<HistoryRow, [number, string, string]>(
      `SELECT h.*, b.id AS blacklist_id FROM subtitle_history h
       LEFT JOIN blacklist b ON b.provider = h.provider AND b.candidate_id = h.candidate_id
       WHERE h.wanted_item_id IN (SELECT id FROM wanted_items WHERE media_file_id = ?)
          OR (h.path >= ? AND h.path < ?)
       ORDER BY h.id DESC LIMIT 100`,
    )
    .all(fileId, sidecarPrefix, `${sidecarPrefix}\uffff`)
    .map(historyView);
}
