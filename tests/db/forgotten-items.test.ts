import { afterEach, expect, test } from "bun:test";
import type { DbHandle } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { deleteWanted } from "../../src/wanted/store/index.ts";
import { openMigrated } from "../support/migrated-db.ts";

// Migration 0016: forgetting an item clears its file's stored decision, so the next scan decides again.
const handles: DbHandle[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) h.close();
});

const now = "2026-12-03T10:00:00.000Z";
const decided = (items: number) =>
  JSON.stringify({ streams: [], sidecars: [], library: null, decided: { profile: "p1", items } });

function open(upTo?: string): DbHandle {
  const h = openMigrated(upTo);
  handles.push(h);
  return h;
}

function addFile(h: DbHandle, n: number, subtitlesJson: string, items: number): number[] {
  const fileId = h.sqlite
    .query<{ id: number }, [string, string, string, string]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at, subtitles_json)
       VALUES ('sonarr', 'main', ?, 'episode', 'Show', ?, ?, 1, '${now}', ?) RETURNING id`,
    )
    .get(`ep:${n}`, `/tv/${n}.mkv`, `/tv/${n}.mkv`, subtitlesJson)!.id;
  return ["en", "de", "fr"].slice(0, items).map(
    (language) =>
      h.sqlite
        .query<{ id: number }, [number, string]>(
          `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
           VALUES (?, 'main', 'episode', ?, 'full', 'wanted', '${now}', '${now}') RETURNING id`,
        )
        .get(fileId, language)!.id,
  );
}

const storedJson = (h: DbHandle, n: number) =>
  JSON.parse(
    h.sqlite
      .query<{ s: string }, [string]>("SELECT subtitles_json AS s FROM media_files WHERE media_key = ?")
      .get(`ep:${n}`)!.s,
  ) as Record<string, unknown>;

test("deleting an item clears its file's decision and leaves the rest of what is stored", () => {
  const h = open();
  const [first] = addFile(h, 1, decided(2), 2);
  addFile(h, 2, decided(2), 2);
  expect(deleteWanted(h.db, first!)).toBe(true);
  expect(storedJson(h, 1)).toEqual({ streams: [], sidecars: [], library: null });
  expect(storedJson(h, 2).decided).toEqual({ profile: "p1", items: 2 });
});

test("an item of a file whose stored subtitles do not parse is still deleted", () => {
  const h = open();
  const [item] = addFile(h, 1, "not json", 1);
  expect(deleteWanted(h.db, item!)).toBe(true);
  expect(h.sqlite.query("SELECT subtitles_json AS s FROM media_files").get()).toEqual({ s: "not json" });
});

test("the migration clears the decision of files whose items were forgotten before it", () => {
  const h = open("0015_wanted_items_file_status");
  const [forgotten] = addFile(h, 1, decided(2), 2);
  addFile(h, 2, decided(2), 2);
  addFile(h, 3, "[]", 0);
  h.sqlite.run("DELETE FROM wanted_items WHERE id = ?", [forgotten!]);
  expect(migrate(h.sqlite).applied[0]).toBe("0016_forgotten_items");
  expect(storedJson(h, 1).decided).toBeUndefined();
  expect(storedJson(h, 2).decided).toEqual({ profile: "p1", items: 2 });
  expect(storedJson(h, 3)).toEqual([] as never);
});
