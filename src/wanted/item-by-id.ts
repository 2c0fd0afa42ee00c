import type { Database } from "bun:sqlite";
import type { ItemRow } from "./search-types.ts";

/**
 * Wanted items one at a time or by id: what a user's edit changes (ignore, override, delete) and
 * what a search or a webhook looks up. The list and its counts are in queries.ts; writes from a
 * scan in store.ts; leases in claims.ts. All four hold the SQL of the wanted-items aggregate.
 */

/** Of `ids`, those that name an item (one statement for any number of ids). */
export function existingWantedIds(sqlite: Database, ids: readonly number[]): number[] {
  return sqlite
    .query<{ id: number }, [string]>(
      "SELECT id FROM wanted_items WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .all(JSON.stringify(ids))
    .map((r) => r.id);
}

/**
 * Ignores or un-ignores items; returns the ids whose status changed. Ignoring is the user's call
 * and sticks; un-ignoring returns each item to what its subtitles say.
 */
export function setIgnored(
  sqlite: Database,
  ids: readonly number[],
  ignored: boolean,
  now: string,
): number[] {
  const sql = ignored
    ? `UPDATE wanted_items SET status = 'ignored', updated_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND status <> 'ignored' RETURNING id`
    : `UPDATE wanted_items SET status = CASE WHEN satisfied_by IS NULL THEN 'wanted' ELSE 'resolved' END,
         updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND status = 'ignored' RETURNING id`;
  return sqlite
    .query<{ id: number }, [string, string]>(sql)
    .all(now, JSON.stringify(ids))
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

/**
 * Applies what the user set on one item: ignore (see `setIgnored`) and the fallback switches,
 * which override the profile for this item (null: follow it).
 */
export function updateWanted(
  sqlite: Database,
  id: number,
  patch: { ignored?: boolean; translate?: boolean | null; whisper?: boolean | null },
  now: string,
): boolean {
  if (sqlite.query("SELECT 1 FROM wanted_items WHERE id = ?").get(id) === null) return false;
  sqlite.transaction(() => {
    if (patch.ignored !== undefined) setIgnored(sqlite, [id], patch.ignored, now);
    const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
    if (patch.translate !== undefined) {
      sqlite
        .query("UPDATE wanted_items SET translate_override = ?, updated_at = ? WHERE id = ?")
        .run(flag(patch.translate), now, id);
    }
    if (patch.whisper !== undefined) {
      sqlite
        .query("UPDATE wanted_items SET whisper_override = ?, updated_at = ? WHERE id = ?")
        .run(flag(patch.whisper), now, id);
    }
  })();
  return true;
}

export function deleteWanted(sqlite: Database, id: number): boolean {
  return sqlite.query("DELETE FROM wanted_items WHERE id = ?").run(id).changes > 0;
}

/** One item with its file, as a search needs it; null when it no longer exists. */
export function searchItem(sqlite: Database, id: number): ItemRow | null {
  return sqlite
    .query<ItemRow, [number]>(
      `SELECT w.id, w.status, w.language, w.variant, w.kind, w.instance, w.attempts, f.source, f.title, f.season,
            f.episodes_json, f.year, f.imdb_id, f.tvdb_id, f.tmdb_id, f.series_id, f.movie_id, f.scene_name,
            f.release_group, f.path, f.size, w.translate_override, w.whisper_override, f.subtitles_json
       FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id WHERE w.id = ?`,
    )
    .get(id);
}

/** Ids of an instance's `wanted` items: of the files at `paths`, or else of one series or movie. */
export function wantedIdsOf(
  sqlite: Database,
  instance: string,
  target: { paths: string[]; seriesId?: number; movieId?: number },
): number[] {
  if (target.paths.length > 0) {
    return sqlite
      .query<{ id: number }, string[]>(
        `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
         WHERE f.instance = ? AND w.status = 'wanted' AND f.path IN (${target.paths.map(() => "?").join(",")})
         ORDER BY w.id`,
      )
      .all(instance, ...target.paths)
      .map((r) => r.id);
  }
  const column = target.seriesId !== undefined ? "series_id" : "movie_id";
  const mediaId = target.seriesId ?? target.movieId ?? -1;
  return sqlite
    .query<{ id: number }, [string, number]>(
      `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
       WHERE f.instance = ? AND w.status = 'wanted' AND f.${column} = ? ORDER BY w.id`,
    )
    .all(instance, mediaId)
    .map((r) => r.id);
}

/** Wanted items of every file at or below `path` (a file or a folder), whichever instance holds it. */
export function wantedIdsUnder(sqlite: Database, path: string): number[] {
  const folder = `${path.replace(/\/+$/, "")}/`;
  return sqlite
    .query<{ id: number }, [string, string, string]>(
      `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
       WHERE w.status = 'wanted' AND (f.path = ? OR substr(f.path, 1, length(?)) = ?) ORDER BY w.id`,
    )
    .all(path, folder, folder)
    .map((r) => r.id);
}
