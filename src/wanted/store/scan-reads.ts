import type { Database } from "bun:sqlite";
import type { StoredFile, StoredListing } from "./rows.ts";

/** Which stored files a listed group (a series, a movie, a folder) holds. */
export type GroupSelector =
  | { kind: "series"; id: number }
  | { kind: "movie"; id: number | null }
  | { kind: "folder"; path: string };

/**
 * What a scan reads of the stored library: one group at a time (a series, a movie, a folder), never a
 * whole instance, so memory stays that of the largest group. The items themselves are read only for
 * the files the scan writes.
 */
export function createScanReads(sqlite: Database) {
  // Raw SQL: a scan reads every stored file; drizzle's row mapping costs more than the statement.
  const fileColumns = `id, source, instance, media_key AS mediaKey, arr_file_id AS arrFileId, series_id AS seriesId,
            movie_id AS movieId, season, path, relative_path AS relativePath, size, mtime_ms AS mtimeMs,
            subtitles_json AS subtitlesJson, missing_since AS missingSince`;
  const selectListing = sqlite.query<StoredListing, [number]>(
    `SELECT ${fileColumns}, episode_ids_json AS episodeIdsJson, title, episodes_json AS episodesJson, year,
        imdb_id AS imdbId, tvdb_id AS tvdbId, tmdb_id AS tmdbId, scene_name AS sceneName,
        release_group AS releaseGroup, arr_path AS arrPath, date_added AS dateAdded
     FROM media_files f WHERE id = ?`,
  );
  const selectSeriesFiles = sqlite.query<StoredFile, [string, number]>(
    `SELECT ${fileColumns} FROM media_files f WHERE instance = ? AND series_id = ?`,
  );
  const selectMovieFiles = sqlite.query<StoredFile, [string, number | null]>(
    `SELECT ${fileColumns} FROM media_files f WHERE instance = ? AND movie_id IS ?`,
  );
  // Everything under the folder through the path index ('0' sorts right after '/'); its direct files are picked after.
  const selectFolderFiles = sqlite.query<StoredFile, [string, string, string]>(
    `SELECT ${fileColumns} FROM media_files f WHERE path > ? AND path < ? AND instance = ?`,
  );
  const countInstanceFiles = sqlite.query<{ n: number }, [string]>(
    "SELECT count(*) AS n FROM media_files WHERE instance = ?",
  );
  const countFilesUnder = sqlite.query<{ n: number }, [string, string, string]>(
    "SELECT count(*) AS n FROM media_files WHERE path > ? AND path < ? AND instance = ?",
  );

  return {
    /** The stored files of one listed group, by media key. */
    loadGroup(instance: string, selector: GroupSelector): Map<string, StoredFile> {
      let rows: StoredFile[];
      if (selector.kind === "series") rows = selectSeriesFiles.all(instance, selector.id);
      else if (selector.kind === "movie") rows = selectMovieFiles.all(instance, selector.id);
      else {
        const folder = selector.path.endsWith("/") ? selector.path.slice(0, -1) : selector.path;
        rows = selectFolderFiles
          .all(`${folder}/`, `${folder}0`, instance)
          .filter((r) => r.path.lastIndexOf("/") === folder.length);
      }
      const files = new Map<string, StoredFile>();
      for (const row of rows) files.set(row.mediaKey, row);
      return files;
    },
    /** One stored file with all the listing said of it. */
    storedListing: (id: number): StoredListing | null => selectListing.get(id),
    /** How many files of `instance` are stored (or, with `root`, stored at or below that folder). */
    countFiles(instance: string, root?: string): number {
      if (root === undefined) return countInstanceFiles.get(instance)!.n;
      const r = root.endsWith("/") ? root.slice(0, -1) : root;
      return countFilesUnder.get(`${r}/`, `${r}0`, instance)!.n;
    },
  };
}
