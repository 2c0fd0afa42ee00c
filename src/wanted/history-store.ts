import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { blacklist, RETOUCH_ACTIONS_SQL, subtitleHistory } from "../db/schema.ts";

/**
 * Every query on `subtitle_history` (what Subhound saved, and so what it owns) and `blacklist`
 * (candidates never to choose again).
 */

export interface SavedSubtitle {
  wantedItemId: number | null;
  instance: string;
  /** The series or movie; `season` and `episodes` say which episode (null and [] for a movie). */
  title: string;
  season: number | null;
  episodes: number[];
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

/** A row `recordSavedSubtitle` wrote, with its id. */
export type RecordedSubtitle = SavedSubtitle & { id: number };
type RecordedListener = (recorded: RecordedSubtitle) => void;

/**
 * Listeners by database connection: every path that saves (or deletes) a subtitle records it here,
 * so this is the one place that hears of them all (post-processing). Keyed by the connection, so
 * runtimes (and tests) sharing this module never hear each other.
 */
const recordedListeners = new WeakMap<object, Set<RecordedListener>>();

/** Calls `listener` after each row recorded on `db` (saves and deletions alike); returns the detach function. */
export function onSubtitleRecorded(db: Db, listener: RecordedListener): () => void {
  const listeners = recordedListeners.get(db.$client) ?? new Set<RecordedListener>();
  recordedListeners.set(db.$client, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function recordSavedSubtitle(db: Db, s: SavedSubtitle): number {
  const { breakdown, episodes, ...columns } = s;
  const id = db
    .insert(subtitleHistory)
    .values({ ...columns, episodesJson: JSON.stringify(episodes), scoreJson: JSON.stringify(breakdown) })
    .returning({ id: subtitleHistory.id })
    .get().id;
  for (const listener of recordedListeners.get(db.$client) ?? []) {
    try {
      listener({ ...s, episodes: [...episodes], breakdown: { ...breakdown }, id });
    } catch {
      // What a listener does with a save never fails the save.
    }
  }
  return id;
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
export function lastWrittenAt(db: Db, path: string): WrittenContent | null {
  const last = db
    .select({ sha256: subtitleHistory.sha256, size: subtitleHistory.size, action: subtitleHistory.action })
    .from(subtitleHistory)
    .where(eq(subtitleHistory.path, path))
    .orderBy(desc(subtitleHistory.id))
    .limit(1)
    .get();
  // Once Subhound deleted its file there, whatever appears at the path later is the user's.
  return last && last.action !== "deleted" ? { sha256: last.sha256, size: last.size } : null;
}

/** Who made the file Subhound last recorded at `path` (for the record of deleting it). */
export function lastSavedAt(db: Db, path: string) {
  return (
    db
      .select({
        wantedItemId: subtitleHistory.wantedItemId,
        provider: subtitleHistory.provider,
        candidateId: subtitleHistory.candidateId,
        language: subtitleHistory.language,
        variant: subtitleHistory.variant,
        format: subtitleHistory.format,
      })
      .from(subtitleHistory)
      .where(eq(subtitleHistory.path, path))
      .orderBy(desc(subtitleHistory.id))
      .limit(1)
      .get() ?? null
  );
}

/** `provider|candidateId` keys of every blacklisted candidate. */
export function blacklistedKeys(db: Db): Set<string> {
  return new Set(
    db
      .select({ provider: blacklist.provider, candidateId: blacklist.candidateId })
      .from(blacklist)
      .all()
      .map((b) => `${b.provider}|${b.candidateId}`),
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

type HistoryRow = typeof subtitleHistory.$inferSelect & {
  blacklistId: number | null;
  replacesId?: number | null;
  replacesProvider?: string | null;
  replacesScore?: number | null;
};
type BlacklistRow = typeof blacklist.$inferSelect;

export function historyView(r: HistoryRow) {
  return {
    id: r.id,
    wantedItemId: r.wantedItemId,
    instance: r.instance,
    title: r.title,
    season: r.season,
    episodes: JSON.parse(r.episodesJson) as number[],
    language: r.language,
    variant: r.variant,
    provider: r.provider,
    candidateId: r.candidateId,
    release: r.release,
    score: r.score,
    breakdown: JSON.parse(r.scoreJson) as Record<string, number>,
    format: r.format,
    encoding: r.encoding,
    path: r.path,
    sha256: r.sha256,
    size: r.size,
    action: r.action,
    machine: r.action === "translated" || r.action === "transcribed" ? r.action : null,
    blacklistId: r.blacklistId,
    replaces:
      r.replacesId === null || r.replacesId === undefined
        ? null
        : { id: r.replacesId, provider: r.replacesProvider ?? "", score: r.replacesScore ?? 0 },
    createdAt: r.createdAt,
  };
}
export type HistoryEntryView = ReturnType<typeof historyView>;

/** The history's columns under their inferred names (the client's snake_case aliased to each property). */
const HISTORY_COLUMNS = Object.keys(getTableColumns(subtitleHistory))
  .map((key) => `h.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} AS ${key}`)
  .join(", ");

/**
 * What an `upgraded` row replaced: the item's newest earlier row that put a file on disk. Derived,
 * not stored (the table has no column for it); CASE keeps the lookup off every other row.
 */
const REPLACED_JOIN = `LEFT JOIN subtitle_history r ON r.id = CASE WHEN h.action = 'upgraded' THEN
    (SELECT max(p.id) FROM subtitle_history p
     WHERE p.wanted_item_id = h.wanted_item_id AND p.id < h.id AND p.action <> 'deleted') END`;
const REPLACED_COLUMNS = "r.id AS replacesId, r.provider AS replacesProvider, r.score AS replacesScore";

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Newest first. The blacklist join uses its unique (provider, candidate_id) index. Raw SQL: optional
 * filters and the count share one WHERE, prepared and cached by the client per filter shape.
 */
export function listHistory(
  { $client: sqlite }: Db,
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
      `SELECT ${HISTORY_COLUMNS}, b.id AS blacklistId, ${REPLACED_COLUMNS} FROM subtitle_history h
       LEFT JOIN blacklist b ON b.provider = h.provider AND b.candidate_id = h.candidate_id
       ${REPLACED_JOIN}
       ${whereSql} ORDER BY h.created_at DESC, h.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, f.pageSize, (f.page - 1) * f.pageSize);
  return { items: rows.map(historyView), total };
}

export function getHistoryEntry(db: Db, id: number) {
  return (
    db
      .select({
        provider: subtitleHistory.provider,
        candidateId: subtitleHistory.candidateId,
        title: subtitleHistory.title,
        language: subtitleHistory.language,
      })
      .from(subtitleHistory)
      .where(eq(subtitleHistory.id, id))
      .get() ?? null
  );
}

/** What a blacklist entry shows of the download it came from, when history has one. */
interface BlacklistContext {
  title?: string | null;
  season?: number | null;
  episodesJson?: string | null;
  language?: string | null;
  release?: string | null;
}

function blacklistView(r: BlacklistRow & BlacklistContext) {
  return {
    id: r.id,
    provider: r.provider,
    candidateId: r.candidateId,
    reason: r.reason,
    title: r.title ?? null,
    season: r.season ?? null,
    episodes: r.episodesJson ? (JSON.parse(r.episodesJson) as number[]) : [],
    language: r.language ?? null,
    release: r.release ?? null,
    createdAt: r.createdAt,
  };
}
export type BlacklistEntryView = ReturnType<typeof blacklistView>;

/**
 * Newest first, each with what it was last downloaded for (title, language, release) when the
 * history knows. Raw SQL: one grouped pass over the history, not one per entry (it has no candidate index).
 */
export function listBlacklist({ $client: sqlite }: Db): BlacklistEntryView[] {
  return sqlite
    .query<BlacklistRow & BlacklistContext, []>(
      `SELECT b.id, b.provider, b.candidate_id AS candidateId, b.reason, b.created_at AS createdAt, h.title, h.season, h.episodes_json AS episodesJson, h.language, h.release FROM blacklist b
       LEFT JOIN (SELECT provider, candidate_id, title, season, episodes_json, language, release, max(id) AS latest
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
  db: Db,
  entry: { provider: string; candidateId: string; reason: string | null },
  now: string,
): BlacklistEntryView {
  const row = db
    .insert(blacklist)
    .values({
      provider: entry.provider,
      candidateId: entry.candidateId,
      reason: entry.reason,
      createdAt: now,
    })
    .onConflictDoUpdate({
      target: [blacklist.provider, blacklist.candidateId],
      set: { reason: sql`coalesce(excluded.reason, ${blacklist.reason})` },
    })
    .returning()
    .get();
  const context = db
    .select({
      title: subtitleHistory.title,
      season: subtitleHistory.season,
      episodesJson: subtitleHistory.episodesJson,
      language: subtitleHistory.language,
      release: subtitleHistory.release,
    })
    .from(subtitleHistory)
    .where(
      and(eq(subtitleHistory.provider, entry.provider), eq(subtitleHistory.candidateId, entry.candidateId)),
    )
    .orderBy(desc(subtitleHistory.id))
    .limit(1)
    .get();
  return blacklistView({ ...row, ...context });
}

export function removeBlacklist(db: Db, id: number): boolean {
  return db.delete(blacklist).where(eq(blacklist.id, id)).returning({ id: blacklist.id }).all().length > 0;
}

/** Empties the blacklist (every candidate may be chosen again); how many entries went. */
export function clearBlacklist(db: Db): number {
  return db.delete(blacklist).returning({ id: blacklist.id }).all().length;
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

/**
 * What came from a provider. Not a download: what the user uploaded or had extracted, what a sync or
 * fix rewrote (500 files synced are not 500 downloads), what Bazarr downloaded before an import.
 */
const PROVIDER_DOWNLOADS = new Set(["downloaded", "downloaded-manually", "replaced", "upgraded"]);

/** Subtitles saved per UTC day for the `days` days ending with `now`'s day, days without any included. */
export function downloadsPerDay({ $client: sqlite }: Db, now: Date, days: number): DailyDownloads[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  // Raw SQL: grouped by day (created_at is ISO UTC, its first ten characters); the created_at index bounds the scan.
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
    else if (PROVIDER_DOWNLOADS.has(row.action)) day.downloaded += row.n;
  }
  return [...byDay.values()];
}

/**
 * What Subhound saved (or deleted) for a video, newest first: linked to one of its items, or at a
 * path named after the video (uploads in a language no item wants), beside it or in its subtitle
 * folder: `sidecarPrefixes` gives one or two. Raw SQL: the path ranges use the history's path index,
 * which `LIKE` would not.
 */
export function historyOfFile(
  { $client: sqlite }: Db,
  itemIds: readonly number[],
  sidecarPrefixes: readonly [string] | readonly [string, string],
): HistoryEntryView[] {
  const [beside, inFolder = beside] = sidecarPrefixes;
  return sqlite
    .query<HistoryRow, [string, string, string, string, string]>(
      `SELECT ${HISTORY_COLUMNS}, b.id AS blacklistId, ${REPLACED_COLUMNS} FROM subtitle_history h
       LEFT JOIN blacklist b ON b.provider = h.provider AND b.candidate_id = h.candidate_id
       ${REPLACED_JOIN}
       WHERE h.wanted_item_id IN (SELECT value FROM json_each(?))
          OR (h.path >= ? AND h.path < ?)
          OR (h.path >= ? AND h.path < ?)
       ORDER BY h.id DESC LIMIT 100`,
    )
    .all(JSON.stringify(itemIds), beside, `${beside}\uffff`, inFolder, `${inFolder}\uffff`)
    .map(historyView);
}

/** A saved subtitle as recorded, for re-saving it (its video is the wanted store's to say). */
export interface SavedSubtitleEntry extends SavedSubtitle {
  id: number;
}

export function savedSubtitleById(db: Db, id: number): SavedSubtitleEntry | null {
  const row = db.select().from(subtitleHistory).where(eq(subtitleHistory.id, id)).get();
  if (!row) return null;
  const { scoreJson, episodesJson, size, ...rest } = row;
  return {
    ...rest,
    episodes: JSON.parse(episodesJson) as number[],
    breakdown: JSON.parse(scoreJson) as Record<string, number>,
    size: size ?? 0,
  };
}

/** A download the upgrade job may replace: an item's newest history row, still on disk as Subhound wrote it. */
export interface UpgradableDownload {
  historyId: number;
  wantedItemId: number;
  provider: string;
  candidateId: string;
  score: number;
  path: string;
  createdAt: string;
  /** Made by a fallback, not found at a provider: any real subtitle replaces it. */
  machine: "translated" | "transcribed" | null;
}

/**
 * Each item's newest row when it is a download (automatic, over an earlier file of ours, or an
 * upgrade) made at or after `since`, or a subtitle Bazarr made that Subhound took over (`imported`:
 * Bazarr upgraded those too) unless the user uploaded it to Bazarr; and, when `machineMadeSince` is
 * set, a translation or transcript made at or after it (a real subtitle may appear later), Bazarr's
 * translations taken over included (provider `translation`, import/subtitle-takeover.ts).
 * Hand-picked, uploaded and deleted subtitles are left out: the user chose them. A sync or fix of
 * the file since (its own row) does not hide the row that made it: the upgrade replaces the retimed
 * file while it is still Subhound's, and retimes the new one as after any download.
 * Raw SQL: the created_at index bounds the scan, the item index answers "newest row of the item".
 */
export function upgradableDownloads(
  { $client: sqlite }: Db,
  since: string,
  machineMadeSince: string | null = null,
): UpgradableDownload[] {
  const earliest = machineMadeSince !== null && machineMadeSince < since ? machineMadeSince : since;
  return sqlite
    .query<UpgradableDownload, [string, string, string | null, string | null]>(
      `SELECT h.id AS historyId, h.wanted_item_id AS wantedItemId, h.provider, h.candidate_id AS candidateId,
              h.score, h.path, h.created_at AS createdAt,
              CASE WHEN h.action IN ('translated', 'transcribed') THEN h.action
                   WHEN h.action = 'imported' AND h.provider = 'translation' THEN 'translated' END AS machine
       FROM subtitle_history h
       WHERE h.created_at >= ? AND h.wanted_item_id IS NOT NULL
         AND ((h.created_at >= ?
               AND (h.action IN ('downloaded', 'replaced', 'upgraded')
                    OR (h.action = 'imported' AND h.provider NOT IN ('upload', 'translation'))))
           OR (? IS NOT NULL AND h.created_at >= ?
               AND (h.action IN ('translated', 'transcribed') OR (h.action = 'imported' AND h.provider = 'translation'))))
         AND h.id = (SELECT max(p.id) FROM subtitle_history p
                     WHERE p.wanted_item_id = h.wanted_item_id AND p.action NOT IN ${RETOUCH_ACTIONS_SQL})
       ORDER BY h.id`,
    )
    .all(earliest, since, machineMadeSince, machineMadeSince);
}
