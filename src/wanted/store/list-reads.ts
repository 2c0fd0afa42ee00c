import type { DbHandle } from "../../db/client.ts";
import type { WantedListQuery } from "../wanted.schemas.ts";
import { cachedOrder } from "./list-order.ts";
import { wantedListRecords } from "./records.ts";
import type { WantedListRecord } from "./rows.ts";
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
  // With a text search, the few matching files should drive the query through the
  // (media_file_id, …) index; the unary + keeps SQLite from walking the status index instead.
  const searching = searchWords(query.q).length > 0;
  if (statuses) {
    itemWhere.push(`${searching ? "+" : ""}w.status IN (${statuses.map(() => "?").join(",")})`);
    itemParams.push(...statuses);
  }
  for (const [column, value] of [
    ["w.kind", query.kind],
    ["w.instance", query.instance],
    ["w.language", query.language],
    ["w.variant", query.variant],
  ] as const) {
    if (value === undefined) continue;
    itemWhere.push(`${column} = ?`);
    itemParams.push(value);
  }
  if (query.seriesId !== undefined) {
    fileWhere.push("f.series_id = ?");
    fileParams.push(query.seriesId);
  }
  if (query.movieId !== undefined) {
    fileWhere.push("f.movie_id = ?");
    fileParams.push(query.movieId);
  }
  if (query.title !== undefined) {
    fileWhere.push("f.title = ?");
    fileParams.push(query.title);
  }
  const words = searchWords(query.q);
  if (words.length > 0) {
    // Full-text index over titles and paths: every word typed must start a word of the file's.
    itemWhere.push("w.media_file_id IN (SELECT rowid FROM media_search WHERE media_search MATCH ?)");
    itemParams.push(words.map((w) => `"${w}"*`).join(" "));
  } else if (query.q) {
    // Nothing word-like (only punctuation): fall back to a plain substring match.
    fileWhere.push("(f.title LIKE ? ESCAPE '\\' OR f.path LIKE ? ESCAPE '\\')");
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    fileParams.push(like, like);
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
  const countFrom = fileWhere.length
    ? "wanted_items w JOIN media_files f ON f.id = w.media_file_id"
    : "wanted_items w";
  const countSql = `SELECT count(*) AS n FROM ${countFrom} ${whereSql}`;
  const dir = sortDirection(query);
  const ordered = `SELECT w.id FROM ${from} ${whereSql} ORDER BY ${SORT_SQL[query.sort]} ${dir}, w.id ${dir}`;
  const start = (query.page - 1) * query.pageSize;
  if (fileWhere.length === 0 && words.length === 0) {
    // Filters on the item alone (the list's usual views): the whole order is cached, a page is a slice.
    const key = JSON.stringify([where, params, query.sort, dir]);
    const order = cachedOrder(sqlite, key, ordered, params);
    const ids = Array.from(order.subarray(start, start + query.pageSize));
    return { records: wantedListRecords({ sqlite }, ids), total: order.length };
  }
  let total: number;
  let ids: number[];
  if (searching) {
    // A text search matches few items: one pass gives both the count and the page.
    const all = sqlite.query<{ id: number }, (string | number)[]>(ordered).all(...params);
    total = all.length;
    ids = all.slice(start, start + query.pageSize).map((r) => r.id);
  } else {
    total = sqlite.query<{ n: number }, (string | number)[]>(countSql).get(...params)!.n;
    // Pick the page of ids first (index order, stops after one page), then read just those rows.
    ids = sqlite
      .query<{ id: number }, (string | number)[]>(`${ordered} LIMIT ? OFFSET ?`)
      .all(...params, query.pageSize, start)
      .map((r) => r.id);
  }
  return { records: wantedListRecords({ sqlite }, ids), total };
}
