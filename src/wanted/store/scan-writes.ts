import { and, count, eq, isNotNull, isNull, min, or, sql } from "drizzle-orm";
import type { DbHandle } from "../../db/client.ts";
import { mediaFiles } from "../../db/schema.ts";
import type { MediaFile, SourceKind } from "../../library/types.ts";
import type { Decision } from "../decide.ts";
import type { ScanItemRow } from "./rows.ts";
import { createScanReads } from "./scan-reads.ts";
import type { MediaKind, WantedStatus } from "./statuses.ts";

export interface FileWrite {
  file: MediaFile;
  mediaKey: string;
  kind: MediaKind;
  mtimeMs: number | null;
  subtitlesJson: string;
  /** False when an incremental scan reused what the last inspection found. */
  inspected: boolean;
  /** A new arr file replaced the old one: the item's search history starts over. */
  replaced: boolean;
  /** The stored row already says all this: nothing is written for the file (but its items are compared). */
  unchanged: boolean;
  /** The stored row is marked missing (a held-back removal): seeing the file again clears that. */
  wasMissing: boolean;
  storedId: number | null;
  decisions: Decision[];
}

export interface WriteCounts {
  added: number;
  resolved: number;
  reopened: number;
  dropped: number;
  /** Files whose row was written (new, changed, or rewritten by a full scan). */
  filesWritten: number;
}

export interface VanishedFile {
  id: number;
  /** Set when an earlier scan already missed the file. */
  missingSince: string | null;
}

export interface RemovalCounts {
  /** Unresolved items removed. */
  removed: number;
  /** Files deleted with their items. */
  files: number;
  /** Files kept, with only their items that hold user state. */
  tombstones: number;
}

export interface HeldRemovals {
  instance: string;
  files: number;
  /** When the longest-missing of them was first missed. */
  since: string;
}

type RawScanItemRow = Omit<ScanItemRow, "upgradeCandidate"> & { upgradeCandidate: number };
/** In place: no copy per row. */
function fromRaw(r: RawScanItemRow): ScanItemRow {
  const row = r as unknown as ScanItemRow;
  row.upgradeCandidate = r.upgradeCandidate === 1;
  return row;
}

/**
 * A scan's writes and the removal of vanished files. Statements that run once per file of a scan
 * are prepared raw SQL: drizzle's builder costs more per call than the statement itself.
 */
export function createWantedStore({ sqlite, db }: Pick<DbHandle, "sqlite" | "db">) {
  const upsertFile = sqlite.query<{ id: number }, Record<string, string | number | null>>(
    `INSERT INTO media_files (source, instance, media_key, kind, arr_file_id, series_id, movie_id, episode_ids_json,
        title, season, episodes_json, year, imdb_id, tvdb_id, tmdb_id, scene_name, release_group, arr_path, path,
        relative_path, size, mtime_ms, date_added, subtitles_json, inspected_at, last_seen_at, last_scan_id)
     VALUES ($source, $instance, $mediaKey, $kind, $arrFileId, $seriesId, $movieId, $episodeIds, $title, $season,
        $episodes, $year, $imdbId, $tvdbId, $tmdbId, $sceneName, $releaseGroup, $arrPath, $path, $relativePath, $size,
        $mtimeMs, $dateAdded, $subtitles, $inspectedAt, $now, $scanId)
     ON CONFLICT (instance, media_key) DO UPDATE SET
        kind = excluded.kind, arr_file_id = excluded.arr_file_id, series_id = excluded.series_id,
        movie_id = excluded.movie_id, episode_ids_json = excluded.episode_ids_json, title = excluded.title,
        season = excluded.season, episodes_json = excluded.episodes_json, year = excluded.year,
        imdb_id = excluded.imdb_id, tvdb_id = excluded.tvdb_id, tmdb_id = excluded.tmdb_id,
        scene_name = excluded.scene_name, release_group = excluded.release_group, arr_path = excluded.arr_path,
        path = excluded.path, relative_path = excluded.relative_path, size = excluded.size,
        mtime_ms = excluded.mtime_ms, date_added = excluded.date_added, subtitles_json = excluded.subtitles_json,
        inspected_at = coalesce(excluded.inspected_at, media_files.inspected_at),
        last_seen_at = excluded.last_seen_at, last_scan_id = excluded.last_scan_id, missing_since = NULL
     RETURNING id`,
  );
  const itemColumns =
    "id, media_file_id AS mediaFileId, language, variant, status, satisfied_by AS satisfiedBy, upgrade_candidate AS upgradeCandidate";
  const selectItems = sqlite.query<RawScanItemRow, [number]>(
    `SELECT ${itemColumns} FROM wanted_items WHERE media_file_id = ?`,
  );
  const markSeen = sqlite.query<unknown, [number, string, number]>(
    "UPDATE media_files SET last_scan_id = ?, last_seen_at = ?, missing_since = NULL WHERE id = ?",
  );
  const insertItem = sqlite.query<unknown, Record<string, string | number | null>>(
    `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, satisfied_by,
        upgrade_candidate, added_at, updated_at, resolved_at)
     VALUES ($fileId, $instance, $kind, $language, $variant, $status, $by, $upgrade, $now, $now, $resolvedAt)`,
  );
  const updateItem = sqlite.query<unknown, Record<string, string | number | null>>(
    `UPDATE wanted_items SET status = $status, satisfied_by = $by, upgrade_candidate = $upgrade,
        kind = $kind, updated_at = $now, resolved_at = $resolvedAt,
        attempts = CASE WHEN $reset THEN 0 ELSE attempts END,
        retry_after = CASE WHEN $reset THEN NULL ELSE retry_after END,
        last_error = CASE WHEN $reset THEN NULL ELSE last_error END
     WHERE id = $id`,
  );
  const touchItem = sqlite.query<unknown, [string | null, number, string, number]>(
    "UPDATE wanted_items SET satisfied_by = ?, upgrade_candidate = ?, updated_at = ? WHERE id = ?",
  );
  const deleteItem = sqlite.query<unknown, [number]>("DELETE FROM wanted_items WHERE id = ?");
  const selectFileItems = sqlite.query<
    { id: number; status: string; translateOverride: number | null; whisperOverride: number | null },
    [number]
  >(
    `SELECT id, status, translate_override AS translateOverride, whisper_override AS whisperOverride
     FROM wanted_items WHERE media_file_id = ?`,
  );
  // History has no index on wanted_item_id: read the linked ids once per removal, not per item.
  const selectHistoryLinked = sqlite.query<{ id: number }, []>(
    "SELECT DISTINCT wanted_item_id AS id FROM subtitle_history WHERE wanted_item_id IS NOT NULL",
  );
  const deleteFile = sqlite.query<unknown, [number]>("DELETE FROM media_files WHERE id = ?");
  const markFileMissing = sqlite.query<unknown, [string, number]>(
    "UPDATE media_files SET missing_since = coalesce(missing_since, ?) WHERE id = ?",
  );
  // A tombstone (see removeFiles) has no last scan; a held-back file keeps the scan that last saw it.
  const markTombstone = sqlite.query<unknown, [string, number]>(
    "UPDATE media_files SET missing_since = coalesce(missing_since, ?), last_scan_id = NULL WHERE id = ?",
  );

  function writeItems(fileId: number, instance: string, w: FileWrite, now: string, counts: WriteCounts) {
    const existing = new Map<string, ScanItemRow>();
    for (const raw of selectItems.all(fileId)) {
      const row = fromRaw(raw);
      existing.set(`${row.language}|${row.variant}`, row);
    }
    for (const d of w.decisions) {
      const key = `${d.language}|${d.variant}`;
      const row = existing.get(key);
      existing.delete(key);
      const upgrade = d.upgradeCandidate;
      if (!row) {
        insertItem.run({
          $fileId: fileId,
          $instance: instance,
          $kind: w.kind,
          $language: d.language,
          $variant: d.variant,
          $status: d.satisfied ? "resolved" : "wanted",
          $by: d.by,
          $upgrade: upgrade ? 1 : 0,
          $now: now,
          $resolvedAt: d.satisfied ? now : null,
        });
        if (!d.satisfied) counts.added++;
        continue;
      }
      const sameFacts = row.satisfiedBy === d.by && row.upgradeCandidate === upgrade;
      // The user's ignore and a running search are never touched by a scan.
      if (row.status === "ignored" || row.status === "searching") {
        if (!sameFacts) touchItem.run(d.by, upgrade ? 1 : 0, now, row.id);
        continue;
      }
      let status: WantedStatus = row.status;
      if (d.satisfied && status !== "resolved") {
        status = "resolved";
        counts.resolved++;
      } else if (!d.satisfied && status === "resolved") {
        status = "wanted";
        counts.reopened++;
      } else if (!d.satisfied && w.replaced && (status === "not_found" || status === "failed")) {
        status = "wanted";
      }
      if (status === row.status && sameFacts && !w.replaced) continue;
      updateItem.run({
        $id: row.id,
        $status: status,
        $by: d.by,
        $upgrade: upgrade ? 1 : 0,
        $kind: w.kind,
        $now: now,
        $resolvedAt: status === "resolved" ? now : null,
        $reset: w.replaced ? 1 : 0,
      });
    }
    // Languages or variants the profile no longer asks for.
    for (const stale of existing.values()) {
      deleteItem.run(stale.id);
      counts.dropped++;
    }
  }

  /**
   * Writes files and their items in a single transaction: all of them, or (on an error) none.
   * `alongside` writes what belongs in the same commit (the probe cache's new entries).
   */
  const writeFiles = sqlite.transaction(
    (writes: readonly FileWrite[], scanId: number, now: string, alongside?: () => void): WriteCounts => {
      alongside?.();
      const counts: WriteCounts = { added: 0, resolved: 0, reopened: 0, dropped: 0, filesWritten: 0 };
      for (const w of writes) {
        if (w.unchanged && w.storedId !== null) {
          // An unchanged file costs no write; only a held-back removal is called off.
          if (w.wasMissing) markSeen.run(scanId, now, w.storedId);
          writeItems(w.storedId, w.file.instance, w, now, counts);
          continue;
        }
        counts.filesWritten++;
        const f = w.file;
        const row = upsertFile.get({
          $source: f.source,
          $instance: f.instance,
          $mediaKey: w.mediaKey,
          $kind: w.kind,
          $arrFileId: f.fileId,
          $seriesId: f.seriesId,
          $movieId: f.movieId,
          $episodeIds: JSON.stringify(f.episodeIds),
          $title: f.title,
          $season: f.season,
          $episodes: JSON.stringify(f.episodes),
          $year: f.year,
          $imdbId: f.imdbId,
          $tvdbId: f.tvdbId,
          $tmdbId: f.tmdbId,
          $sceneName: f.sceneName,
          $releaseGroup: f.releaseGroup,
          $arrPath: f.arrPath,
          $path: f.path,
          $relativePath: f.relativePath,
          $size: f.size,
          $mtimeMs: w.mtimeMs,
          $dateAdded: f.dateAdded,
          $subtitles: w.subtitlesJson,
          $inspectedAt: w.inspected ? now : null,
          $now: now,
          $scanId: scanId,
        })!;
        writeItems(row.id, f.instance, w, now, counts);
      }
      return counts;
    },
  );

  return {
    ...createScanReads(sqlite),
    writeFiles,
    /** Files of `instance` that scan `scanId` did not see, with when an earlier scan first missed them. */
    vanishedFiles(instance: string, scanId: number): VanishedFile[] {
      return db
        .select({ id: mediaFiles.id, missingSince: mediaFiles.missingSince })
        .from(mediaFiles)
        .where(and(eq(mediaFiles.instance, instance), sql`${mediaFiles.lastScanId} IS NOT ${scanId}`))
        .all();
    },
    /** Files of an arr file id (or, without one, of an arr path): what a delete webhook names. */
    filesOfArrFile(
      instance: string,
      source: string,
      arrFileId: number | null,
      arrPath: string | null,
    ): number[] {
      const byFile = or(
        arrFileId === null ? undefined : eq(mediaFiles.arrFileId, arrFileId),
        arrPath === null ? undefined : and(isNull(mediaFiles.arrFileId), eq(mediaFiles.arrPath, arrPath)),
      );
      if (!byFile) return [];
      return db
        .select({ id: mediaFiles.id })
        .from(mediaFiles)
        .where(and(eq(mediaFiles.instance, instance), eq(mediaFiles.source, source as SourceKind), byFile))
        .all()
        .map((r) => r.id);
    },
    /** Files of a Sonarr series or a Radarr movie. */
    filesOfMedia(instance: string, kind: "sonarr" | "radarr", mediaId: number): number[] {
      return db
        .select({ id: mediaFiles.id })
        .from(mediaFiles)
        .where(
          and(
            eq(mediaFiles.instance, instance),
            eq(mediaFiles.source, kind),
            eq(kind === "sonarr" ? mediaFiles.seriesId : mediaFiles.movieId, mediaId),
          ),
        )
        .all()
        .map((r) => r.id);
    },
    /** Marks files as no longer listed while their removal waits for a later scan to agree. */
    markMissing(fileIds: readonly number[], now: string): void {
      sqlite.transaction(() => {
        for (const id of fileIds) markFileMissing.run(now, id);
      })();
    },
    /**
     * Removes files that are gone. A file whose items carry the user's state (ignored, per-item
     * fallback switches, a download in the history) stays as a tombstone holding only those items
     * (`missing_since` set), so the state is back when the same episode, movie or path returns.
     */
    removeFiles(fileIds: readonly number[], now: string): RemovalCounts {
      return sqlite.transaction(() => {
        const counts: RemovalCounts = { removed: 0, files: 0, tombstones: 0 };
        const linked = new Set(selectHistoryLinked.all().map((r) => r.id));
        for (const fileId of fileIds) {
          const fileItems = selectFileItems.all(fileId);
          const keep = fileItems.filter(
            (i) =>
              i.status === "ignored" ||
              i.translateOverride !== null ||
              i.whisperOverride !== null ||
              linked.has(i.id),
          );
          for (const item of fileItems) {
            if (keep.includes(item)) continue;
            if (keep.length > 0) deleteItem.run(item.id);
            if (item.status !== "resolved") counts.removed++;
          }
          if (keep.length > 0) {
            markTombstone.run(now, fileId);
            counts.tombstones++;
          } else {
            deleteFile.run(fileId);
            counts.files++;
          }
        }
        return counts;
      })();
    },
    /** Per instance: files no longer listed whose removal is held back (tombstones not counted). */
    heldRemovals(): HeldRemovals[] {
      return db
        .select({ instance: mediaFiles.instance, files: count(), since: min(mediaFiles.missingSince) })
        .from(mediaFiles)
        .where(and(isNotNull(mediaFiles.missingSince), isNotNull(mediaFiles.lastScanId)))
        .groupBy(mediaFiles.instance)
        .orderBy(mediaFiles.instance)
        .all()
        .map((r) => ({ ...r, since: r.since! }));
    },
  };
}

export type WantedStore = ReturnType<typeof createWantedStore>;
