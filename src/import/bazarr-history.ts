import { type BazarrDb, missingFor } from "./bazarr-db.ts";

/** Bazarr's history actions (frontend/src/components/bazarr/HistoryIcon.tsx). */
export const BAZARR_ACTION = {
  deleted: 0,
  downloaded: 1,
  manual: 2,
  upgraded: 3,
  uploaded: 4,
  synced: 5,
  translated: 6,
} as const;

/** The row that made the file now at a path: a download, a pick by hand, an upgrade, an upload, a translation. */
export interface BazarrMaker {
  action: number;
  provider: string | null;
  subsId: string | null;
  score: number | null;
  language: string | null;
}

/** What Bazarr's history says of one subtitle path, its rows read in the order Bazarr wrote them. */
export interface BazarrSubtitleRecord {
  kind: "sonarr" | "radarr";
  /** Sonarr series id or Radarr movie id of the newest row. */
  arrId: number | null;
  /** As Sonarr/Radarr see it. */
  subtitlePath: string;
  videoPath: string | null;
  /** The newest row's action and timestamp (as stored). */
  lastAction: number;
  lastTimestamp: unknown;
  /** Null when the file there was not made by Bazarr since it last deleted one there (only synced, say). */
  maker: BazarrMaker | null;
}

const SOURCES = [
  { kind: "sonarr", table: "table_history", arrId: "sonarrSeriesId" },
  { kind: "radarr", table: "table_history_movie", arrId: "radarrId" },
] as const;

const NEEDED = ["action", "timestamp", "subtitles_path", "video_path"] as const;
const OPTIONAL = ["language", "provider", "score", "subs_id"] as const;

const text = (v: unknown) =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null;
const integer = (v: unknown) => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) ? n : null;
};

/**
 * Every subtitle path of Bazarr's episode and movie history with its newest state. A table this
 * database lacks the columns of is left out, with the reason in `skipped`.
 */
export function readBazarrSubtitles(db: BazarrDb): {
  records: BazarrSubtitleRecord[];
  rows: number;
  skipped: string[];
} {
  const records: BazarrSubtitleRecord[] = [];
  const skipped: string[] = [];
  let rows = 0;
  for (const source of SOURCES) {
    const missing = missingFor(db, { [source.table]: [...NEEDED, source.arrId] });
    if (missing) {
      skipped.push(`${source.kind === "sonarr" ? "episode" : "movie"} subtitles: ${missing}`);
      continue;
    }
    const byPath = new Map<string, BazarrSubtitleRecord>();
    for (const row of db.rows(source.table, [...NEEDED, ...OPTIONAL, source.arrId])) {
      rows++;
      const path = text(row.subtitles_path);
      const action = integer(row.action);
      if (path === null || action === null) continue;
      const record = byPath.get(path) ?? {
        kind: source.kind,
        arrId: null,
        subtitlePath: path,
        videoPath: null,
        lastAction: action,
        lastTimestamp: null,
        maker: null,
      };
      record.arrId = integer(row[source.arrId]) ?? record.arrId;
      record.videoPath = text(row.video_path) ?? record.videoPath;
      record.lastAction = action;
      record.lastTimestamp = row.timestamp;
      if (action === BAZARR_ACTION.deleted) record.maker = null;
      // A sync (or an action newer than this code) changes the file Bazarr made without making another.
      else if (action !== BAZARR_ACTION.synced && action <= BAZARR_ACTION.translated)
        record.maker = {
          action,
          provider: text(row.provider),
          subsId: text(row.subs_id),
          score: integer(row.score),
          language: text(row.language),
        };
      byPath.set(path, record);
    }
    records.push(...byPath.values());
  }
  return { records, rows, skipped };
}
