import type { DbHandle } from "../../db/client.ts";
import type { WantedListQuery } from "../wanted.schemas.ts";
import { cachedOrder, type Order } from "./list-order.ts";
import { wantedListRecords } from "./records.ts";
import type { WantedListRecord } from "./rows.ts";
import { pendingMatches } from "./search-index.ts";
import { WANTED_STATUSES, type WantedStatus } from "./statuses.ts";

// The list's statements are raw SQL: the filters, join order and index hints below are tuned
// (bench/wanted-list.ts); the page's rows are read by wantedListRecords.

const SORT_SQL: Record<WantedListQuery["sort"], string> = {
  added: "w.added_at",
  title: "f.title",
  status: "w.status",
  language: "w.language",
  lastSearched: "w.last_searched_at",
  retryAfter: "w.retry_after",
};

/** Names and codes read A→Z, as does the next retry; past times read newest first. */
const DEFAULT_ORDER: Record<WantedListQuery["sort"], "asc" | "desc"> = {
  added: "desc",
  title: "asc",
  status: "asc",
  language: "asc",
  lastSearched: "desc",
  retryAfter: "asc",
};

export function sortDirection(query: Pick<WantedListQuery, "sort" | "order">): "ASC" | "DESC" {
  return (query.order ?? DEFAULT_ORDER[query.sort]) === "asc" ? "ASC" : "DESC";
}

/** Statuses listed when the caller names none: what is still missing or being worked on. */
const OPEN_STATUSES: WantedStatus[] = WANTED_STATUSES.filter((s) => s !== "resolved");

/** The words of a search as the index splits them (letters and digits), without quotes. */
export function searchWords(q: string | undefined): string[] {
  return q ? (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) : [];
}

export function parseStatusFilter(raw: string | undefined): WantedStatus[] | null | Error {
  if (raw === undefined) return OPEN_STATUSES;
  if (raw === "all") return null;
  const parts = raw.split(",").map((s) => s.trim());
  const known = new Set<string>(WANTED_STATUSES);
  const bad = parts.filter((p) => !known.has(p));
  if (bad.length) return new Error(`unknown status ${bad.join(", ")}`);
  return parts as WantedStatus[];
}

/** One page of the wanted list and how many items match in all. */
export function listWanted(
  { sqlite }: Pick<DbHandle, "sqlite">,
  query: WantedListQuery,
  statuses: WantedStatus[] | null,
): { records: WantedListRecord[]; total: number } {
  // Filters on wanted_items alone, and those that need the file row.
  const itemWhere: string[] = [];
  const itemParams: (string | number)[] = [];
  const fileWhere: string[] = [];
  const fileParams: (string | number)[] = [];
  const words = searchWords(query.q);
  whereEqual(fileWhere, fileParams, [
    ["f.series_id", query.seriesId],
    ["f.movie_id", query.movieId],
    ["f.title", query.title],
  ]);
  if (words.length === 0 && query.q) {
    // Nothing word-like (only punctuation): fall back to a plain substring match.
    fileWhere.push("(f.title LIKE ? ESCAPE '\\' OR f.path LIKE ? ESCAPE '\\')");
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    fileParams.push(like, like);
  }
  // A text search within a series, a movie or a title: the few files of these drive the query
  // through the (media_file_id, …) index; the unary + keeps SQLite from walking the status index instead.
  const searchInSql = words.length > 0 && fileWhere.length > 0;
  // The list by date added, filtered by status alone (its default view), walks wanted_items_added,
  // which holds the status and the file of each item: with the unary + SQLite does not pick a status
  // index instead, which looks up every row of the view and sorts them (~3× the time at 100,000 items).
  const byAddedAlone =
    query.sort === "added" &&
    fileWhere.length === 0 &&
    [query.kind, query.instance, query.language, query.variant].every((v) => v === undefined);
  if (statuses) {
    const unindexed = searchInSql || byAddedAlone;
    itemWhere.push(`${unindexed ? "+" : ""}w.status IN (${statuses.map(() => "?").join(",")})`);
    itemParams.push(...statuses);
  }
  whereEqual(itemWhere, itemParams, [
    ["w.kind", query.kind],
    ["w.instance", query.instance],
    ["w.language", query.language],
    ["w.variant", query.variant],
  ]);
  if (searchInSql) {
    // Files a scan added are indexed once it ended; until then they are matched beside the index.
    const pending = pendingMatches(sqlite, words);
    itemWhere.push(
      pending.length > 0
        ? "(w.media_file_id IN (SELECT rowid FROM media_search WHERE media_search MATCH ?) OR w.media_file_id IN (SELECT value FROM json_each(?)))"
        : "w.media_file_id IN (SELECT rowid FROM media_search WHERE media_search MATCH ?)",
    );
    itemParams.push(matchExpression(words));
    if (pending.length > 0) itemParams.push(JSON.stringify(pending));
  }
  const where = [...itemWhere, ...fileWhere];
  const params = [...itemParams, ...fileParams];
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const needsFile = fileWhere.length > 0 || query.sort === "title";
  // Rows of media_files are wide; join them only when a filter or the sort needs them.
  // Sorting by title walks the title index and stops after a page (CROSS JOIN fixes the loop order).
  const from =
    query.sort === "title"
      ? "media_files f CROSS JOIN wanted_items w ON w.media_file_id = f.id"
      : needsFile
        ? "wanted_items w JOIN media_files f ON f.id = w.media_file_id"
        : "wanted_items w";
  const dir = sortDirection(query);
  const orderBy = `FROM ${from} ${whereSql} ORDER BY ${SORT_SQL[query.sort]} ${dir}, w.id ${dir}`;
  const start = (query.page - 1) * query.pageSize;
  if (fileWhere.length === 0) {
    // Filters on the item alone (the list's usual views): the whole order is cached, a page is a
    // slice. A text search keeps the items of that order whose file matched.
    const key = JSON.stringify([where, params, query.sort, dir]);
    const order = cachedOrder(sqlite, key, `SELECT w.id, w.media_file_id ${orderBy}`, params);
    const { ids, total } =
      words.length > 0
        ? pageOfMatches(order, matchingFiles(sqlite, words), start, query.pageSize)
        : { ids: Array.from(order.ids.subarray(start, start + query.pageSize)), total: order.ids.length };
    return { records: wantedListRecords({ sqlite }, ids), total };
  }
  let total: number;
  let ids: number[];
  if (searchInSql) {
    // A text search among the files of a series or movie matches few items: one pass gives both the count and the page.
    const all = sqlite.query<{ id: number }, (string | number)[]>(`SELECT w.id ${orderBy}`).all(...params);
    total = all.length;
    ids = all.slice(start, start + query.pageSize).map((r) => r.id);
  } else {
    const countFrom = "wanted_items w JOIN media_files f ON f.id = w.media_file_id";
    total = sqlite
      .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM ${countFrom} ${whereSql}`)
      .get(...params)!.n;
    // Pick the page of ids first (index order, stops after one page), then read just those rows.
    ids = sqlite
      .query<{ id: number }, (string | number)[]>(`SELECT w.id ${orderBy} LIMIT ? OFFSET ?`)
      .all(...params, query.pageSize, start)
      .map((r) => r.id);
  }
  return { records: wantedListRecords({ sqlite }, ids), total };
}

/** `column = ?` for each filter that is set. */
function whereEqual(
  where: string[],
  params: (string | number)[],
  filters: readonly (readonly [string, string | number | undefined])[],
): void {
  for (const [column, value] of filters) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
}

/** Every word typed must start a word of the file's title or path (the full-text index's prefix queries). */
function matchExpression(words: readonly string[]): string {
  return words.map((w) => `"${w}"*`).join(" ");
}

/** The files whose title or path the search matches, as a bit per file id. */
function matchingFiles(sqlite: DbHandle["sqlite"], words: readonly string[]): Uint32Array {
  const rowids = sqlite
    .query<unknown, [string]>("SELECT rowid FROM media_search WHERE media_search MATCH ?")
    .values(matchExpression(words)) as [number][];
  // Files a scan added are indexed once it ended; until then they are matched beside the index.
  const pending = pendingMatches(sqlite, words);
  let max = 0;
  for (const [id] of rowids) if (id > max) max = id;
  for (const id of pending) if (id > max) max = id;
  const bits = new Uint32Array((max >>> 5) + 1);
  for (const [id] of rowids) bits[id >>> 5]! |= 1 << (id & 31);
  for (const id of pending) bits[id >>> 5]! |= 1 << (id & 31);
  return bits;
}

/**
 * The page of the order's items whose file is among `files`, and how many there are in all. A
 * search that matches most of a 100,000-item list costs the index lookup and one pass over the
 * order (~10 ms), where sorting the matches again cost ~50 ms; one that matches few costs the same pass.
 */
function pageOfMatches(
  order: Order,
  files: Uint32Array,
  start: number,
  size: number,
): { ids: number[]; total: number } {
  const ids: number[] = [];
  const limit = files.length * 32;
  let total = 0;
  for (let i = 0; i < order.ids.length; i++) {
    const file = order.fileIds[i]!;
    if (file >= limit || (files[file >>> 5]! & (1 << (file & 31))) === 0) continue;
    if (total >= start && ids.length < size) ids.push(order.ids[i]!);
    total++;
  }
  return { ids, total };
}
