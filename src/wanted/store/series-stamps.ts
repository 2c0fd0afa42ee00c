import type { Database } from "bun:sqlite";
import { unlessBusy } from "../../db/connection.ts";

/**
 * What a scan saw of a Sonarr series it found unchanged, episode by episode: an incremental scan that
 * sees the same again needs nothing of the series' stored rows, and looks at no episode.
 */
export interface SeriesStamp {
  /** Stored files and their total size. */
  files: number;
  size: number;
  /**
   * Sonarr's `episodeFileCount` then (episodes with a file); absent in stamps from before it was
   * kept apart, which were only ever left where it equalled `files`.
   */
  episodes?: number;
  /** The series' tags and monitoring as listed (scan-groups.ts `seriesFactsKey`). */
  facts: string;
  /** The fingerprint of the profile its files were decided under. */
  profile: string;
  /** Every folder looked at for its files' subtitles, by path, with its stamp (directory-stamp.ts). */
  folders: Record<string, string>;
}

/** A series' change count (raised by the triggers of migration 0017) and the stamp left at it, if any. */
export interface SeriesStampRead {
  gen: number;
  stamp: SeriesStamp | null;
}

/** A series' change count just before and just after one batch of a scan's writes touched it (file-writes.ts). */
export interface SeriesGenSpan {
  instance: string;
  seriesId: number;
  before: number;
  after: number;
}

/** One key per series of an instance, for maps of series (the scan's chains, a batch's spans). */
export const seriesKey = (instance: string, seriesId: number) => `${instance}\u0000${seriesId}`;

/** Reads a series' change count; -1 for a series with no stored file. */
export function createSeriesGenReader(sqlite: Database): (instance: string, seriesId: number) => number {
  const select = sqlite.query<{ gen: number }, [string, number]>(
    "SELECT gen FROM series_scan_stamps WHERE instance = ? AND series_id = ?",
  );
  return (instance, seriesId) => select.get(instance, seriesId)?.gen ?? -1;
}

/** The series_scan_stamps table: read by an incremental scan, written only at the count read with the files. */
export function createSeriesStamps(sqlite: Database) {
  const select = sqlite.query<{ gen: number; stampJson: string | null }, [string, number]>(
    "SELECT gen, stamp_json AS stampJson FROM series_scan_stamps WHERE instance = ? AND series_id = ?",
  );
  const update = sqlite.query<never, [string, string, number, number]>(
    "UPDATE series_scan_stamps SET stamp_json = ? WHERE instance = ? AND series_id = ? AND gen = ?",
  );
  return {
    /** The series' count and stamp; count -1 for a series with no stored file (nothing to stamp). */
    seriesStamp(instance: string, seriesId: number): SeriesStampRead {
      const row = select.get(instance, seriesId);
      if (!row) return { gen: -1, stamp: null };
      return {
        gen: row.gen,
        stamp: row.stampJson === null ? null : (JSON.parse(row.stampJson) as SeriesStamp),
      };
    },
    /**
     * Leaves each stamp on its series, in one transaction, where the series' count is still the one
     * read with its files (a file changed since means the stamp may no longer hold: it is not left).
     * Skipped, returning 0, while another connection writes (a stamp only saves work later).
     */
    stampSeries(
      stamps: readonly { instance: string; seriesId: number; gen: number; stamp: SeriesStamp }[],
    ): number {
      if (stamps.length === 0) return 0;
      let written = 0;
      unlessBusy(sqlite, () =>
        sqlite.transaction(() => {
          for (const s of stamps)
            written += update.run(JSON.stringify(s.stamp), s.instance, s.seriesId, s.gen).changes;
        })(),
      );
      return written;
    },
  };
}
