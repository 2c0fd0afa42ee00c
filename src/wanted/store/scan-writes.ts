import { and, count, eq, isNotNull, isNull, min, or, sql } from "drizzle-orm";
import type { DbHandle } from "../../db/client.ts";
import { mediaFiles } from "../../db/schema.ts";
import type { SourceKind } from "../../library/types.ts";
import { createFileWrites } from "./file-writes.ts";
import { createScanReads } from "./scan-reads.ts";
import { createSeriesStamps } from "./series-stamps.ts";

export type { FileWrite, WriteCounts } from "./file-writes.ts";

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

/** What a scan reads and writes of the stored library, and the removal of vanished files. */
export function createWantedStore({ sqlite, db }: Pick<DbHandle, "sqlite" | "db">) {
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

  return {
    ...createScanReads(sqlite),
    ...createSeriesStamps(sqlite),
    ...createFileWrites(sqlite),
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
