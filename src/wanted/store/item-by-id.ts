import { and, asc, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mediaFiles, wantedItems } from "../../db/schema.ts";

/**
 * Wanted items one at a time or by id: what a user's edit changes (ignore, override, delete) and
 * what a webhook looks up.
 */

/** Of `ids`, those that name an item. */
export function existingWantedIds(db: Db, ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  return db
    .select({ id: wantedItems.id })
    .from(wantedItems)
    .where(inArray(wantedItems.id, [...ids]))
    .orderBy(asc(wantedItems.id))
    .all()
    .map((r) => r.id);
}

/**
 * Ignores or un-ignores items; returns the ids whose status changed. Ignoring is the user's call
 * and sticks; un-ignoring returns each item to what its subtitles say.
 */
export function setIgnored(
  db: Pick<Db, "update">,
  ids: readonly number[],
  ignored: boolean,
  now: string,
): number[] {
  if (ids.length === 0) return [];
  const inIds = inArray(wantedItems.id, [...ids]);
  const changed = ignored
    ? db
        .update(wantedItems)
        .set({ status: "ignored", updatedAt: now })
        .where(and(inIds, ne(wantedItems.status, "ignored")))
    : db
        .update(wantedItems)
        .set({
          status: sql`CASE WHEN ${wantedItems.satisfiedBy} IS NULL THEN 'wanted' ELSE 'resolved' END`,
          updatedAt: now,
        })
        .where(and(inIds, eq(wantedItems.status, "ignored")));
  return changed
    .returning({ id: wantedItems.id })
    .all()
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

/**
 * Applies what the user set on one item: ignore (see `setIgnored`) and the fallback switches,
 * which override the profile for this item (null: follow it).
 */
export function updateWanted(
  db: Db,
  id: number,
  patch: { ignored?: boolean; translate?: boolean | null; whisper?: boolean | null },
  now: string,
): boolean {
  return db.transaction((tx) => {
    const exists = tx.select({ id: wantedItems.id }).from(wantedItems).where(eq(wantedItems.id, id)).get();
    if (!exists) return false;
    if (patch.ignored !== undefined) setIgnored(tx, [id], patch.ignored, now);
    const overrides = {
      ...(patch.translate !== undefined && { translateOverride: patch.translate }),
      ...(patch.whisper !== undefined && { whisperOverride: patch.whisper }),
    };
    if (Object.keys(overrides).length > 0)
      tx.update(wantedItems)
        .set({ ...overrides, updatedAt: now })
        .where(eq(wantedItems.id, id))
        .run();
    return true;
  });
}

export function deleteWanted(db: Db, id: number): boolean {
  return (
    db.delete(wantedItems).where(eq(wantedItems.id, id)).returning({ id: wantedItems.id }).all().length > 0
  );
}

/** Ids of an instance's `wanted` items: of the files at `paths`, or else of one series or movie. */
export function wantedIdsOf(
  db: Db,
  instance: string,
  target: { paths: string[]; seriesId?: number; movieId?: number },
): number[] {
  const ofFile =
    target.paths.length > 0
      ? inArray(mediaFiles.path, target.paths)
      : target.seriesId !== undefined
        ? eq(mediaFiles.seriesId, target.seriesId)
        : eq(mediaFiles.movieId, target.movieId ?? -1);
  return db
    .select({ id: wantedItems.id })
    .from(wantedItems)
    .innerJoin(mediaFiles, eq(mediaFiles.id, wantedItems.mediaFileId))
    .where(and(eq(mediaFiles.instance, instance), eq(wantedItems.status, "wanted"), ofFile))
    .orderBy(asc(wantedItems.id))
    .all()
    .map((r) => r.id);
}

/** Ids of the `wanted` items of every file at or below `path` (a file or a folder), in any instance. */
export function wantedIdsUnder(db: Db, path: string): number[] {
  const folder = `${path.replace(/\/+$/, "")}/`;
  // A prefix compare, not LIKE: a folder name may hold `%` or `_`.
  const under = sql`substr(${mediaFiles.path}, 1, length(${folder})) = ${folder}`;
  return db
    .select({ id: wantedItems.id })
    .from(wantedItems)
    .innerJoin(mediaFiles, eq(mediaFiles.id, wantedItems.mediaFileId))
    .where(and(eq(wantedItems.status, "wanted"), or(eq(mediaFiles.path, path), under)))
    .orderBy(asc(wantedItems.id))
    .all()
    .map((r) => r.id);
}
