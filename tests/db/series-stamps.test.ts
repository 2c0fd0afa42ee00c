import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DbHandle } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createWantedStore, deleteWanted, type SeriesStamp } from "../../src/wanted/store/index.ts";
import { openMigrated } from "../support/migrated-db.ts";

// Migration 0017: every change to a stored file of a series raises the series' count and drops its stamp.
const handles: DbHandle[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const now = "2026-12-04T10:00:00.000Z";
const stamp: SeriesStamp = {
  files: 1,
  size: 1,
  facts: "[]",
  profile: "p",
  folders: { "/tv/Show": "1:2:3:4" },
};

function open(upTo?: string, path = ":memory:"): DbHandle {
  const h = openMigrated(upTo, path);
  handles.push(h);
  return h;
}

function addFile(h: DbHandle, key: string, seriesId: number | null): number {
  return h.sqlite
    .query<{ id: number }, [string, number | null, string, string]>(
      `INSERT INTO media_files (source, instance, media_key, kind, series_id, title, arr_path, path, size, last_seen_at)
       VALUES ('sonarr', 'main', ?, 'episode', ?, 'Show', ?, ?, 1, '${now}') RETURNING id`,
    )
    .get(key, seriesId, `/tv/${key}.mkv`, `/tv/${key}.mkv`)!.id;
}

const rows = (h: DbHandle) =>
  h.sqlite
    .query(
      "SELECT series_id AS seriesId, gen, stamp_json IS NOT NULL AS stamped FROM series_scan_stamps ORDER BY 1",
    )
    .all();

test("the migration starts every stored series at 0 with no stamp; files of no series have none", () => {
  const h = open("0016_forgotten_items");
  addFile(h, "a1", 7);
  addFile(h, "a2", 7);
  addFile(h, "b1", 8);
  addFile(h, "movie", null);
  expect(migrate(h.sqlite).applied[0]).toBe("0017_series_scan_stamps");
  expect(rows(h)).toEqual([
    { seriesId: 7, gen: 0, stamped: 0 },
    { seriesId: 8, gen: 0, stamped: 0 },
  ]);
  expect(createWantedStore(h).seriesStamp("main", 7)).toEqual({ gen: 0, stamp: null });
  expect(createWantedStore(h).seriesStamp("main", 9)).toEqual({ gen: -1, stamp: null });
});

test("a stamp is left only at the count it was read with, and every change to a file of the series drops it", () => {
  const h = open();
  const store = createWantedStore(h);
  const a1 = addFile(h, "a1", 7);
  addFile(h, "b1", 8);
  const leave = () =>
    store.stampSeries([{ instance: "main", seriesId: 7, gen: store.seriesStamp("main", 7).gen, stamp }]);
  expect(leave()).toBe(1);
  expect(store.seriesStamp("main", 7)).toEqual({ gen: 1, stamp });

  // An update (a download, a scan's write): raised, dropped; a stamp at the old count is not left.
  const { gen } = store.seriesStamp("main", 7);
  h.sqlite.run("UPDATE media_files SET subtitles_json = '{}' WHERE id = ?", [a1]);
  expect(store.seriesStamp("main", 7).stamp).toBeNull();
  expect(store.stampSeries([{ instance: "main", seriesId: 7, gen, stamp }])).toBe(0);
  expect(store.seriesStamp("main", 7).stamp).toBeNull();

  // A new file, a removed file, a file moved to another series (both series raised).
  for (const change of [
    () => addFile(h, "a2", 7),
    () => h.sqlite.run("DELETE FROM media_files WHERE media_key = 'a2'"),
    () => h.sqlite.run("UPDATE media_files SET series_id = 8 WHERE id = ?", [a1]),
  ]) {
    expect(leave()).toBe(1);
    const before = store.seriesStamp("main", 7).gen;
    change();
    const after = store.seriesStamp("main", 7);
    expect(after.stamp).toBeNull();
    expect(after.gen).toBeGreaterThan(before);
  }
  expect(store.seriesStamp("main", 8).gen).toBeGreaterThan(1);
  // Series 8 was stamped by nobody; its other file is untouched by series 7's changes.
  expect(rows(h)).toEqual([
    { seriesId: 7, gen: expect.any(Number), stamped: 0 },
    { seriesId: 8, gen: expect.any(Number), stamped: 0 },
  ]);
});

test("an item the user forgets drops its series' stamp (its file's decision is cleared)", () => {
  const h = open();
  const store = createWantedStore(h);
  const fileId = addFile(h, "a1", 7);
  h.sqlite.run(
    `UPDATE media_files SET subtitles_json = '{"decided":{"profile":"p","items":1}}' WHERE id = ?`,
    [fileId],
  );
  const item = h.sqlite
    .query<{ id: number }, [number]>(
      `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
       VALUES (?, 'main', 'episode', 'en', 'full', 'wanted', '${now}', '${now}') RETURNING id`,
    )
    .get(fileId)!.id;
  expect(
    store.stampSeries([{ instance: "main", seriesId: 7, gen: store.seriesStamp("main", 7).gen, stamp }]),
  ).toBe(1);
  expect(deleteWanted(h.db, item)).toBe(true);
  expect(store.seriesStamp("main", 7).stamp).toBeNull();
});

test("stamping gives way at once while another connection writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "subhound-stamps-"));
  dirs.push(dir);
  const h = open(undefined, join(dir, "subhound.db"));
  const store = createWantedStore(h);
  addFile(h, "a1", 7);
  const other = new Database(join(dir, "subhound.db"));
  other.run("BEGIN IMMEDIATE");
  try {
    expect(store.stampSeries([{ instance: "main", seriesId: 7, gen: 1, stamp }])).toBe(0);
  } finally {
    other.run("ROLLBACK");
    other.close();
  }
  expect(store.stampSeries([{ instance: "main", seriesId: 7, gen: 1, stamp }])).toBe(1);
});
