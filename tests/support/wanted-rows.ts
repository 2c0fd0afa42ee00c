import type { Database } from "bun:sqlite";

/**
 * One episode file (`/tv/<n>.mkv`, media key `ep:<n>`) with one English wanted item, written
 * straight into the tables, for store tests that need rows and not a scan. Returns the item's id.
 */
export function addWantedRow(
  sqlite: Database,
  n: number,
  item: { addedAt: string; status?: string; now?: string },
): number {
  const now = item.now ?? "2026-12-03T10:00:00.000Z";
  const fileId = sqlite
    .query<{ id: number }, [string, string, string, string]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at)
       VALUES ('sonarr', 'main', ?, 'episode', 'Show', ?, ?, 1, ?) RETURNING id`,
    )
    .get(`ep:${n}`, `/tv/${n}.mkv`, `/tv/${n}.mkv`, now)!.id;
  return sqlite
    .query<{ id: number }, [number, string, string, string]>(
      `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
       VALUES (?, 'main', 'episode', 'en', 'full', ?, ?, ?) RETURNING id`,
    )
    .get(fileId, item.status ?? "wanted", item.addedAt, now)!.id;
}
