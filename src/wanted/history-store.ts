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
  return sqlite
    .query<WrittenContent, [string]>(
      "SELECT sha256, size FROM subtitle_history WHERE path = ? ORDER BY id DESC LIMIT 1",
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

/** One saved subtitle as the history lists it. */
export interface HistoryEntry {
  id: number;
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
  size: number | null;
  action: string;
  createdAt: string;
}

interface HistoryRow {
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
}

const historyEntry = (r: HistoryRow): HistoryEntry => ({
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
  createdAt: r.created_at,
});

/** Newest first, optionally for one provider or one wanted item. */
export function listHistory(
  sqlite: Database,
  filter: { provider?: string; wantedItemId?: number },
  page: { page: number; pageSize: number },
): { items: HistoryEntry[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.provider) {
    where.push("provider = ?");
    params.push(filter.provider);
  }
  if (filter.wantedItemId !== undefined) {
    where.push("wanted_item_id = ?");
    params.push(filter.wantedItemId);
  }
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = sqlite
    .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM subtitle_history ${whereSql}`)
    .get(...params)!.n;
  const rows = sqlite
    .query<HistoryRow, (string | number)[]>(
      `SELECT * FROM subtitle_history ${whereSql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, page.pageSize, (page.page - 1) * page.pageSize);
  return { items: rows.map(historyEntry), total };
}

export interface BlacklistEntry {
  id: number;
  provider: string;
  candidateId: string;
  reason: string | null;
  createdAt: string;
}

interface BlacklistRow {
  id: number;
  provider: string;
  candidate_id: string;
  reason: string | null;
  created_at: string;
}

const blacklistEntry = (r: BlacklistRow): BlacklistEntry => ({
  id: r.id,
  provider: r.provider,
  candidateId: r.candidate_id,
  reason: r.reason,
  createdAt: r.created_at,
});

/** Newest first. */
export function listBlacklist(sqlite: Database): BlacklistEntry[] {
  return sqlite.query<BlacklistRow, []>("SELECT * FROM blacklist ORDER BY id DESC").all().map(blacklistEntry);
}

/** Adds a candidate, or updates the reason of one already there. */
export function addToBlacklist(
  sqlite: Database,
  entry: { provider: string; candidateId: string; reason: string | null; createdAt: string },
): BlacklistEntry {
  const row = sqlite
    .query<BlacklistRow, [string, string, string | null, string]>(
      `INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (provider, candidate_id) DO UPDATE SET reason = coalesce(excluded.reason, blacklist.reason)
       RETURNING *`,
    )
    .get(entry.provider, entry.candidateId, entry.reason, entry.createdAt)!;
  return blacklistEntry(row);
}

/** False when there was no such entry. */
export function removeFromBlacklist(sqlite: Database, id: number): boolean {
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
    if (!day) continue;
    if (row.action === "translated") day.translated += row.n;
    else if (row.action === "transcribed") day.transcribed += row.n;
    else day.downloaded += row.n;
  }
  return [...byDay.values()];
}
