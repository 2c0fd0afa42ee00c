import type { Database } from "bun:sqlite";
import { WANTED_STATUSES, type WantedStatus } from "./store.ts";
import type { WantedItemView, WantedListQuery } from "./wanted.schemas.ts";
import type { Explainer } from "./wanted-reason.ts";

const COLUMNS = `w.id, w.status, w.language, w.variant, w.kind, w.instance, f.title, f.season, f.episodes_json,
  f.year, f.series_id, f.movie_id, f.path, w.satisfied_by, w.upgrade_candidate, w.attempts, w.last_searched_at,
  w.retry_after, w.last_error, w.added_at, w.updated_at, w.resolved_at, w.translate_override, w.whisper_override,
  f.missing_since, f.source, f.subtitles_json,
  (SELECT h.action FROM subtitle_history h WHERE h.wanted_item_id = w.id ORDER BY h.id DESC LIMIT 1) AS last_action`;

interface Row {
  id: number;
  status: WantedStatus;
  language: string;
  variant: "full" | "forced";
  kind: "episode" | "movie";
  instance: string;
  title: string;
  season: number | null;
  episodes_json: string;
  year: number | null;
  series_id: number | null;
  movie_id: number | null;
  path: string;
  satisfied_by: string | null;
  upgrade_candidate: number;
  attempts: number;
  last_searched_at: string | null;
  retry_after: string | null;
  last_error: string | null;
  added_at: string;
  updated_at: string;
  resolved_at: string | null;
  translate_override: number | null;
  whisper_override: number | null;
  missing_since: string | null;
  last_action: string | null;
  source: "sonarr" | "radarr" | "standalone";
  subtitles_json: string;
}

function toView(r: Row, explain: Explainer): WantedItemView {
  const why = explain({
    status: r.status,
    language: r.language,
    variant: r.variant,
    satisfiedBy: r.satisfied_by,
    upgradeCandidate: r.upgrade_candidate === 1,
    attempts: r.attempts,
    retryAfter: r.retry_after,
    subtitlesJson: r.subtitles_json,
    source: r.source,
    instance: r.instance,
    seriesId: r.series_id,
    movieId: r.movie_id,
  });
  return {
    id: r.id,
    status: r.status,
    language: r.language,
    languageName: why.languageName,
    variant: r.variant,
    kind: r.kind,
    instance: r.instance,
    title: r.title,
    season: r.season,
    episodes: JSON.parse(r.episodes_json),
    year: r.year,
    seriesId: r.series_id,
    movieId: r.movie_id,
    path: r.path,
    satisfiedBy: r.satisfied_by,
    upgradeCandidate: r.upgrade_candidate === 1,
    reason: why.reason,
    attempts: r.attempts,
    maxAttempts: why.maxAttempts,
    lastSearchedAt: r.last_searched_at,
    retryAfter: r.retry_after,
    autoSearch: why.autoSearch,
    nextRetryAt: why.nextRetryAt,
    lastError: r.last_error,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    translate: r.translate_override === null ? null : r.translate_override === 1,
    whisper: r.whisper_override === null ? null : r.whisper_override === 1,
    machine: r.last_action === "translated" || r.last_action === "transcribed" ? r.last_action : null,
    fileMissingSince: r.missing_since,
  };
}

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

export function listWanted(
  sqlite: Database,
  query: WantedListQuery,
  statuses: WantedStatus[] | null,
  explain: Explainer,
): { items: WantedItemView[]; total: number } {
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
  let total: number;
  let ids: number[];
  if (searching) {
    // A text search matches few items: one pass gives both the count and the page.
    const all = sqlite.query<{ id: number }, (string | number)[]>(ordered).all(...params);
    total = all.length;
    const start = (query.page - 1) * query.pageSize;
    ids = all.slice(start, start + query.pageSize).map((r) => r.id);
  } else {
    total = sqlite.query<{ n: number }, (string | number)[]>(countSql).get(...params)!.n;
    // Pick the page of ids first (index order, stops after one page), then read just those rows.
    ids = sqlite
      .query<{ id: number }, (string | number)[]>(`${ordered} LIMIT ? OFFSET ?`)
      .all(...params, query.pageSize, (query.page - 1) * query.pageSize)
      .map((r) => r.id);
  }
  if (ids.length === 0) return { items: [], total };
  const rows = sqlite
    .query<Row, number[]>(
      `SELECT ${COLUMNS} FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id WHERE w.id IN (${ids.map(() => "?").join(",")})`,
    )
    .all(...ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((id) => toView(byId.get(id)!, explain)), total };
}

export function getWanted(sqlite: Database, id: number, explain: Explainer) {
  const row = sqlite
    .query<
      Row & {
        arr_file_id: number | null;
        arr_path: string;
        relative_path: string | null;
        size: number;
        scene_name: string | null;
        release_group: string | null;
        date_added: string | null;
        inspected_at: string | null;
      },
      [number]
    >(
      `SELECT ${COLUMNS}, f.arr_file_id, f.arr_path, f.relative_path, f.size, f.scene_name,
         f.release_group, f.date_added, f.inspected_at
       FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id WHERE w.id = ?`,
    )
    .get(id);
  if (!row) return null;
  const subtitles = JSON.parse(row.subtitles_json) as { streams?: unknown[]; sidecars?: unknown[] };
  return {
    ...toView(row, explain),
    file: {
      source: row.source,
      arrFileId: row.arr_file_id,
      arrPath: row.arr_path,
      relativePath: row.relative_path,
      size: row.size,
      sceneName: row.scene_name,
      releaseGroup: row.release_group,
      dateAdded: row.date_added,
      inspectedAt: row.inspected_at,
      subtitles: { streams: subtitles.streams ?? [], sidecars: subtitles.sidecars ?? [] },
    },
  };
}

/**
 * Counts for the dashboard in one pass over the table (it was eight: 0.3–1.2 s at 100,000 items,
 * holding the event loop): grouped by every dimension at once, then added up here. The groups are
 * few (statuses × kinds × instances × languages × variants × three kinds of existing subtitle).
 */
export function summarizeWanted(sqlite: Database) {
  const rows = sqlite
    .query<
      {
        status: string;
        kind: string;
        instance: string;
        language: string;
        variant: string;
        existing: string;
        upgrade: number;
        n: number;
      },
      []
    >(
      `SELECT status, kind, instance, language, variant,
          CASE WHEN satisfied_by IS NULL THEN 'none' WHEN satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END AS existing,
          upgrade_candidate = 1 AS upgrade, count(*) AS n
       FROM wanted_items GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    )
    .all();
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const byInstance: Record<string, number> = {};
  const byLanguage: Record<string, number> = {};
  const byExisting: Record<string, number> = {};
  const wanted = new Map<string, { language: string; variant: string; count: number }>();
  const add = (into: Record<string, number>, key: string, n: number) => {
    into[key] = (into[key] ?? 0) + n;
  };
  let total = 0;
  let upgradeCandidates = 0;
  for (const r of rows) {
    total += r.n;
    if (r.upgrade) upgradeCandidates += r.n;
    add(byStatus, r.status, r.n);
    add(byKind, r.kind, r.n);
    add(byInstance, r.instance, r.n);
    add(byLanguage, r.language, r.n);
    add(byExisting, r.existing, r.n);
    if (r.status !== "wanted") continue;
    const key = `${r.language}|${r.variant}`;
    const entry = wanted.get(key) ?? { language: r.language, variant: r.variant, count: 0 };
    entry.count += r.n;
    wanted.set(key, entry);
  }
  const wantedByLanguageVariant = [...wanted.values()].sort(
    (a, b) =>
      b.count - a.count ||
      (a.language < b.language ? -1 : a.language > b.language ? 1 : 0) ||
      (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0),
  );
  return {
    total,
    byStatus,
    wantedByLanguageVariant,
    byKind,
    byInstance,
    byLanguage,
    byExisting,
    upgradeCandidates,
  };
}
