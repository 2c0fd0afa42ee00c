import { type Column, getTableColumns } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { DbHandle } from "../../db/client.ts";
import { mediaFiles, RETOUCH_ACTIONS_SQL, wantedItems } from "../../db/schema.ts";
import type { WantedItemRow, WantedListRecord, WantedRecord } from "./rows.ts";

/*
 * Raw SQL with a mapper built from the schema's columns: drizzle's own row mapping of a joined
 * select costs ~10 µs a row (0.6 ms for a page of 50 against 0.2 ms for the query itself).
 */

/** Each column of `table` in schema order: its property, its SQL name (the client's snake_case), its decoder. */
function columnsOf(table: SQLiteTable) {
  return Object.entries(getTableColumns(table)).map(([key, column]: [string, Column]) => ({
    key,
    name: key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    // Only columns stored other than read (booleans as 0/1) need one.
    decode: column.mapFromDriverValue === identity ? null : (v: unknown) => column.mapFromDriverValue(v),
  }));
}
const identity = getTableColumns(wantedItems).language.mapFromDriverValue;
const ITEM = columnsOf(wantedItems);
const FILE = columnsOf(mediaFiles);

/** The file columns a list row shows (the list reads half the bytes the whole row would: ~0.2 ms a page). */
const LIST_FILE_KEYS = new Set<string>([
  "title",
  "season",
  "episodesJson",
  "year",
  "seriesId",
  "movieId",
  "path",
  "subtitlesJson",
  "source",
  "missingSince",
] satisfies (keyof WantedListRecord["file"])[]);
const LIST_FILE = FILE.filter((c) => LIST_FILE_KEYS.has(c.key));

// Reads subtitle_history (the history store's table): the latest action that made the subtitle (a sync
// of a translation leaves it a translation) says whether a machine wrote it; a translation Bazarr made
// and the import took over (provider "translation") is one too.
const selectOf = (fileColumns: typeof FILE) => `SELECT ${ITEM.map((c) => `w.${c.name}`).join(", ")},
    ${fileColumns.map((c) => `f.${c.name}`).join(", ")},
    (SELECT CASE WHEN h.action = 'imported' AND h.provider = 'translation' THEN 'translated' ELSE h.action END
     FROM subtitle_history h WHERE h.wanted_item_id = w.id AND h.action NOT IN ${RETOUCH_ACTIONS_SQL}
     ORDER BY h.id DESC LIMIT 1)
  FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id`;
const SELECT = selectOf(FILE);
const SELECT_LIST = selectOf(LIST_FILE);

function decodeInto(into: Record<string, unknown>, columns: typeof ITEM, values: unknown[], offset: number) {
  for (let i = 0; i < columns.length; i++) {
    const { key, decode } = columns[i]!;
    const v = values[offset + i];
    into[key] = v === null || decode === null ? v : decode(v);
  }
}

function toRecord(fileColumns: typeof FILE, values: unknown[]): WantedRecord {
  const file: Record<string, unknown> = {};
  decodeInto(file, fileColumns, values, ITEM.length);
  const record: Record<string, unknown> = {
    file,
    lastAction: values[ITEM.length + fileColumns.length] ?? null,
  };
  decodeInto(record, ITEM, values, 0);
  return record as WantedItemRow & Pick<WantedRecord, "file" | "lastAction">;
}

/** Lists longer than this (not a page) get a statement of their own length. */
const MAX_PADDED = 512;

function readRecords<R extends WantedListRecord>(
  sqlite: DbHandle["sqlite"],
  select: string,
  fileColumns: typeof FILE,
  ids: readonly number[],
): R[] {
  if (ids.length === 0) return [];
  // A list of parameters, not json_each: SQLite then looks each id up by rowid (0.15 ms less a page).
  // Padded with 0 (no item's id) to a power of two: a page of any size reuses one of a few prepared
  // statements instead of preparing its own (~0.4 ms for this join).
  const slots = ids.length > MAX_PADDED ? ids.length : Math.max(8, 2 ** Math.ceil(Math.log2(ids.length)));
  const params = slots === ids.length ? ids : [...ids, ...new Array<number>(slots - ids.length).fill(0)];
  const rows = sqlite
    .query<unknown[], number[]>(`${select} WHERE w.id IN (${params.map(() => "?").join(",")})`)
    .values(...params)
    .map((values) => toRecord(fileColumns, values) as unknown as R);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The items of `ids` (a page: at most a few hundred) with their files, in the order of `ids`; unknown ids are left out. */
export function wantedRecords({ sqlite }: Pick<DbHandle, "sqlite">, ids: readonly number[]): WantedRecord[] {
  return readRecords<WantedRecord>(sqlite, SELECT, FILE, ids);
}

/** As `wantedRecords`, with only the file columns a list row shows. */
export function wantedListRecords(
  { sqlite }: Pick<DbHandle, "sqlite">,
  ids: readonly number[],
): WantedListRecord[] {
  return readRecords<WantedListRecord>(sqlite, SELECT_LIST, LIST_FILE, ids);
}

/** One item with its file; null when it no longer exists. */
export function wantedRecord(handle: Pick<DbHandle, "sqlite">, id: number): WantedRecord | null {
  return wantedRecords(handle, [id])[0] ?? null;
}
