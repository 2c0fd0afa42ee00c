import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mediaFiles, subtitleHistory, wantedItems } from "../../db/schema.ts";
import type { WantedRecord } from "./rows.ts";

// Reads subtitle_history (the history store's table): the latest action says whether a machine wrote it.
const lastAction = sql<string | null>`(SELECT ${subtitleHistory.action} FROM ${subtitleHistory}
  WHERE ${subtitleHistory.wantedItemId} = ${wantedItems.id} ORDER BY ${subtitleHistory.id} DESC LIMIT 1)`;

function selectRecords(db: Db) {
  return db
    .select({ item: wantedItems, file: mediaFiles, lastAction })
    .from(wantedItems)
    .innerJoin(mediaFiles, eq(mediaFiles.id, wantedItems.mediaFileId));
}

const toRecord = (r: {
  item: typeof wantedItems.$inferSelect;
  file: WantedRecord["file"];
  lastAction: string | null;
}) => ({ ...r.item, file: r.file, lastAction: r.lastAction }) satisfies WantedRecord;

/** The items of `ids` with their files, in the order of `ids`; ids that name no item are left out. */
export function wantedRecords(db: Db, ids: readonly number[]): WantedRecord[] {
  if (ids.length === 0) return [];
  const byId = new Map(
    selectRecords(db)
      .where(inArray(wantedItems.id, [...ids]))
      .all()
      .map((r) => [r.item.id, toRecord(r)]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One item with its file; null when it no longer exists. */
export function wantedRecord(db: Db, id: number): WantedRecord | null {
  const row = selectRecords(db).where(eq(wantedItems.id, id)).get();
  return row ? toRecord(row) : null;
}
