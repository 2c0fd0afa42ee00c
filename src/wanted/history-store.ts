import type { Database } from "bun:sqlite";

/**
 * Every query on `subtitle_history` (what Subhound saved, and so what it owns) and `blacklist`
 * (candidates never to choose again).
 */

export interface SavedSubtitle {
  wantedItemId: number | null;
  instance: string;
  title: string;
  language: string;
  variant: string;
  provider: string;
  candidateId: string;
  release: string | null;
  score: number;
  breakdown: Record<string, number>;
  format: string;
  encoding: string | null;
  path: string;
  sha256: string;
  size: number;
  action: string;
  createdAt: string;
}

export function recordSavedSubtitle(sqlite: Database, s: SavedSubtitle): number {
  return sqlite
    .query<{ id: number }, Record<string, string | number | null>>(
      `INSERT INTO subtitle_history (wanted_item_id, instance, title, language, variant, provider, candidate_id,
          release, score, score_json, format, encoding, path, sha256, size, action, created_at)
       VALUES ($itemId, $instance, $title, $language, $variant, $provider, $candidateId, $release, $score,
          $scoreJson, $format, $encoding, $path, $sha256, $size, $action, $createdAt) RETURNING id`,
    )
    .get({
      $itemId: s.wantedItemId,
      $instance: s.instance,
      $title: s.title,
      $language: s.language,
      $variant: s.variant,
      $provider: s.provider,
      $candidateId: s.candidateId,
      $release: s.release,
      $score: s.score,
      $scoreJson: JSON.stringify(s.breakdown),
      $format: s.format,
      $encoding: s.encoding,
      $path: s.path,
      $sha256: s.sha256,
      $size: s.size,
      $action: s.action,
      $createdAt: s.createdAt,
    })!.id;
}

/** What Subhound last wrote at `path`; size is null for rows recorded before sizes were. */
export interface WrittenContent {
  sha256: string;
  size: number | null;
}

/**
 * The content Subhound last wrote at `path`, or null if it never wrote there. A file at that path is
 * still Subhound's only while its bytes are exactly these (the caller compares size, then hash).
 */
export function lastWrittenAt(sqlite: Database, path: string): WrittenContent | null {
  const last = sqlite
    .query<WrittenContent & { action: string }, [string]>(
      "SELECT sha256, size, action FROM subtitle_history WHERE path = ? ORDER BY id DESC LIMIT 1",
    )
    .get(path);
  // Once Subhound deleted its file there, whatever appears at the path later is the user's.
  return last && last.action !== "deleted" ? { sha256: last.sha256, size: last.size } : null;
}

/** Who made the file Subhound last recorded at `path` (for the record of deleting it). */
export function lastSavedAt(
  sqlite: Database,
  path: string,
): {
  wantedItemId: number | null;
  provider: string;
  candidateId: string;
  language: string;
  variant: string;
  format: string;
} | null {
  return sqlite
    .query<
      {
        wantedItemId: number | null;
        provider: string;
        candidateId: string;
        language: string;
        variant: string;
        format: string;
      },
      [string]
    >(
      `SELECT wanted_item_id AS wantedItemId, provider, candidate_id AS candidateId, language, variant, format
       FROM subtitle_history WHERE path = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(path);
}

/** `provider|candidateId` keys of every blacklisted candidate. */
export function blacklistedKeys(sqlite: Database): Set<string> {
  return new Set(
    sqlite
      .query<{ provider: string; candidate_id: string }, []>("SELECT provider, candidate_id FROM blacklist")
      .all()
      .map((b) => `${b.provider}|${b.candidate_id}`),
  );
}

export interface HistoryFilter {
  page: number;
  pageSize: number;
  provider?: string;
  wantedItemId?: number;
  language?: string;
  instance?: string;
  action?: string;
  q?: string;
  /** ISO instants: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

export interface HistoryRow {
  id: number;
  wanted_item_id: number | null;
  instance: string;
  title: string;
  language: string;
  variant: string;
  provider: string;
  candidate_id: string;
  release: string | null;
  score: number;
  score_json: string;
  format: string;
  encoding: string | null;
  path: string;
  sha256: string;
  size: number | null;
  action: string;
  created_at: string;
  blacklist_id: number | null;
}

export interface BlacklistRow {
  id: number;
  provider: string;
  candidate_id: string;
  reason: string | null;
  created_at: string;
}

export function historyView(r: HistoryRow) {
  return {
    id: r.id,
    wantedItemId: r.wanted_item_id,
    instance: r.instance,
    title: r.title,
    language: r.language,
    variant: r.variant,
    provider: r.provider,
    candidateId: r.candidate_id,
    release: r.release,
    score: r.score,
    breakdown: JSON.parse(r.score_json) as Record<string, number>,
    format: r.format,
    encoding: r.encoding,
    path: r.path,
    sha256: r.sha256,
    size: r.size,
    action: r.action,
    machine: r.action === "translated" || r.action === "transcribed" ? r.action : null,
    blacklistId: r.blacklist_id,
    createdAt: r.created_at,
  };
}
export type HistoryEntryView = ReturnType<typeof historyView>;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first. The blacklist join uses its unique (provider, candidate_id) index. */
export function listHistory(
  sqlite: Database,
  f: HistoryFilter,
): { items: HistoryEntryView[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const equal = [
    ["h.provider", f.provider],
    ["h.wanted_item_id", f.wantedItemId],
    ["h.language", f.language],
    ["h.instance", f.instance],
    ["h.action", f.action],
  ] as const;
  for (const [column, value] of equal) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (f.q) {
    where.push("(h.title LIKE ? ESCAPE '\\' OR h.release LIKE ? ESCAPE '\\' OR h.path LIKE ? ESCAPE '\\')");
    const like = likePattern(f.q);
    params.push(like, like, like);
  }
  if (f.from !== undefined) {
    where.push("h.created_at >= ?");
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push("h.created_at < ?");
    params.push(f.to);
  }
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = sqlite
    .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM subtitle_history h ${whereSql}`)
    .get(...params)!.n;
  const rows = sqlite
    .query<HistoryRow, (string | number)[]>(
      `SELECT h.*, b.id AS blacklist_id FROM subtitle_history h
       LEFT JOIN blacklist b ON b.provider = h.provider AND b.candidate_id = h.candidate_id
       ${whereSql} ORDER BY h.created_at DESC, h.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, f.pageSize, (f.page - 1) * f.pageSize);
  return { items: rows.map(historyView), total };
}

export function getHistoryEntry(
  sqlite: Database,
  id: number,
): { provider: string; candidateId: string; title: string; language: string } | null {
  return sqlite
    .query<{ provider: string; candidateId: string; title: string; language: string }, [number]>(
      "SELECT provider, candidate_id AS candidateId, title, language FROM subtitle_history WHERE id = ?",
    )
    .get(id);
}

function blacklistView(
  r: BlacklistRow & { title?: string | null; language?: string | null; release?: string | null },
) {
  return {
    id: r.id,
    provider: r.provider,
    candidateId: r.candidate_id,
    reason: r.reason,
    title: r.title ?? null,
    language: r.language ?? null,
    release: r.release ?? null,
    createdAt: r.created_at,
  };
}
export type BlacklistEntryView = ReturnType<typeof blacklistView>;

/**
 * Newest first, each with what it was last downloaded for (title, language, release) when the
 * history knows; one pass over the history, not one per entry (it has no candidate index).
 */
export function listBlacklist(sqlite: Database): BlacklistEntryView[] {
  return sqlite
    .query<BlacklistRow & { title: string | null; language: string | null; release: string | null }, []>(
      `SELECT b.*, h.title, h.language, h.release FROM blacklist b
       LEFT JOIN (SELECT provider, candidate_id, title, language, release, max(id) AS latest
                  FROM subtitle_history
                  WHERE provider || '|' || candidate_id IN (SELECT provider || '|' || candidate_id FROM blacklist)
                  GROUP BY provider, candidate_id) h
         ON h.provider = b.provider AND h.candidate_id = b.candidate_id
       ORDER BY b.id DESC`,
    )
    .all()
    .map(blacklistView);
}

/** Adds (or keeps, refreshing the reason when one is given) a candidate never to choose again. */
export function addBlacklist(
  sqlite: Database,
  entry: { provider: string; candidateId: string; reason: string | null },
  now: string,
): BlacklistEntryView {
  const row = sqlite
    .query<BlacklistRow, [string, string, string | null, string]>(
      `INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (provider, candidate_id) DO UPDATE SET reason = coalesce(excluded.reason, blacklist.reason)
       RETURNING *`,
    )
    .get(entry.provider, entry.candidateId, entry.reason, now)!;
  const context = sqlite
    .query<{ title: string; language: string; release: string | null }, [string, string]>(
      "SELECT title, language, release FROM subtitle_history WHERE provider = ? AND candidate_id = ? ORDER BY id DESC LIMIT 1",
    )
    .get(entry.provider, entry.candidateId);
  return blacklistView({ ...row, ...context });
}

export function removeBlacklist(sqlite: Database, id: number): boolean {
  return sqlite.query("DELETE FROM blacklist WHERE id = ?").run(id).changes > 0;
}

export interface DailyDownloads {
  /** UTC calendar day, YYYY-MM-DD. */
  date: string;
  downloaded: number;
  /** Made by the translation fallback. */
  translated: number;
  /** Made by the Whisper fallback. */
  transcribed: number;
}

/** Subtitles saved per UTC day for the `days` days ending with `now`'s day, days without any included. */
export function downloadsPerDay(sqlite: Database, now: Date, days: number): DailyDownloads[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  // created_at is ISO UTC, so its first ten characters are the day; the created_at index bounds the scan.
  const rows = sqlite
    .query<{ day: string; action: string; n: number }, [string]>(
      `SELECT substr(created_at, 1, 10) AS day, action, count(*) AS n FROM subtitle_history
       WHERE created_at >= ? GROUP BY 1, 2`,
    )
    .all(`${dates[0]}T00:00:00.000Z`);
  const byDay = new Map(dates.map((date) => [date, { date, downloaded: 0, translated: 0, transcribed: 0 }]));
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (!day || row.action === "deleted") continue;
    if (row.action === "translated") day.translated += row.n;
    else if (row.action === "transcribed") day.transcribed += row.n;
    else day.downloaded += row.n;
  }
  return [...byDay.values()];
}

/**
 * What Subhound saved (or deleted) for a video, newest first: linked to one of its items, or at a
 * path named after the video (uploads in a language no item wants). Raw SQL: the path range uses
 * the history's path index, which `LIKE` would not.
 */
export function historyOfFile(
  sqlite: Database,
  itemIds: readonly number[],
  sidecarPrefix: string,
): HistoryEntryView[] {
  return sqlite
    .query<HistoryRow, [string, string, string]>(
      `SELECT h.*, b.id AS blacklist_id FROM subtitle_history h
       LEFT JOIN blacklist b ON b.provider = h.provider AND b.candidate_id = h.candidate_id
       WHERE h.wanted_item_id IN (SELECT value FROM json_each(?))
          OR (h.path >= ? AND h.path < ?)
       ORDER BY h.id DESC LIMIT 100`,
    )
    .all(JSON.stringify(itemIds), sidecarPrefix, `${sidecarPrefix}\uffff`)
    .map(historyView);
}

/** A saved subtitle as recorded, for re-saving it (its video is the wanted store's to say). */
export interface SavedSubtitleEntry extends SavedSubtitle {
  id: number;
}

export function savedSubtitleById(sqlite: Database, id: number): SavedSubtitleEntry | null {
  const row = sqlite
    .query<HistoryRow, [number]>("SELECT h.*, NULL AS blacklist_id FROM subtitle_history h WHERE h.id = ?")
    .get(id);
  if (!row) return null;
  return {
    id: row.id,
    wantedItemId: row.wanted_item_id,
    instance: row.instance,
    title: row.title,
    language: row.language,
    variant: row.variant,
    provider: row.provider,
    candidateId: row.candidate_id,
    release: row.release,
    score: row.score,
    breakdown: JSON.parse(row.score_json) as Record<string, number>,
    format: row.format,
    encoding: row.encoding,
    path: row.path,
    sha256: row.sha256,
    size: row.size ?? 0,
    action: row.action,
    createdAt: row.created_at,
  };
}
