import type { Database } from "bun:sqlite";
import type { MediaFile } from "../../library/types.ts";
import type { Decision } from "../decide.ts";
import type { ScanItemRow } from "./rows.ts";
import { createSeriesGenReader, type SeriesGenSpan, seriesKey } from "./series-stamps.ts";
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
  /**
   * Each series the batch wrote files of, with its change count before and after (migration 0017):
   * a scan carries the count it read with the series' stored files over its own batches, and may
   * stamp the series only if no other change came in between.
   */
  seriesGens: SeriesGenSpan[];
}

type RawScanItemRow = Omit<ScanItemRow, "upgradeCandidate"> & { upgradeCandidate: number };
/** In place: no copy per row. */
function fromRaw(r: RawScanItemRow): ScanItemRow {
  const row = r as unknown as ScanItemRow;
  row.upgradeCandidate = r.upgradeCandidate === 1;
  return row;
}

/**
 * A scan's writes of files and their items: prepared raw SQL on a bare connection (statements run
 * once per file of a scan, and drizzle's builder costs more per call than the statement). Nothing
 * here loads drizzle or the schema, so the scan's writer thread starts in a few milliseconds.
 */
export function createFileWrites(sqlite: Database) {
  const genOf = createSeriesGenReader(sqlite);
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
  // Deleting an item clears its file's stored decision (migration 0016's trigger, for items the user
  // forgets); an item the scan itself drops leaves the decision it just wrote in place.
  const keepDecision = sqlite.query<unknown, [string, number]>(
    "UPDATE media_files SET subtitles_json = ? WHERE id = ?",
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
    if (existing.size > 0) keepDecision.run(w.subtitlesJson, fileId);
  }

  /**
   * Writes files and their items in a single transaction: all of them, or (on an error) none.
   * `alongside` writes what belongs in the same commit (the probe cache's new entries).
   */
  const write = sqlite.transaction(
    (writes: readonly FileWrite[], scanId: number, now: string, alongside?: () => void): WriteCounts => {
      const counts: WriteCounts = {
        added: 0,
        resolved: 0,
        reopened: 0,
        dropped: 0,
        filesWritten: 0,
        seriesGens: [],
      };
      // Each series' count before any write of the batch (in its transaction: nothing comes in between).
      const spans = new Map<string, SeriesGenSpan>();
      for (const { file } of writes) {
        if (file.seriesId === null) continue;
        const key = seriesKey(file.instance, file.seriesId);
        if (!spans.has(key))
          spans.set(key, {
            instance: file.instance,
            seriesId: file.seriesId,
            before: genOf(file.instance, file.seriesId),
            after: 0,
          });
      }
      alongside?.();
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
      for (const span of spans.values()) span.after = genOf(span.instance, span.seriesId);
      counts.seriesGens = [...spans.values()];
      return counts;
    },
  );

  /**
   * The transaction takes the write lock as it begins (BEGIN IMMEDIATE, waiting its turn): it reads
   * before it writes, and a deferred one whose reads saw a snapshot another connection then committed
   * past (the server's thread records progress meanwhile) fails at its first write, waiting for nothing.
   */
  const writeFiles = (...args: Parameters<typeof write>): WriteCounts => write.immediate(...args);
  return { writeFiles };
}
