import type { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../../generated/migrations.ts";
import { openDatabase } from "../../src/db/client.ts";
import { type EmbeddedMigration, migrate, schemaVersion } from "../../src/db/migrate.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const t = "2026-11-24T10:00:00Z";
const tagAt = (tag: string) => migrations.findIndex((m) => m.tag === tag);

/** A database an older Subhound (migrated through `through`) left, with a file, an item and a download. */
function olderDatabase(through: string): string {
  const dir = mkdtempSync(join(tmpdir(), "subhound-upgrade-"));
  dirs.push(dir);
  const path = join(dir, "subhound.db");
  const h = openDatabase({ path });
  migrate(h.sqlite, migrations.slice(0, tagAt(through) + 1));
  const fileId = h.sqlite
    .query<{ id: number }, [string]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, season, episodes_json, arr_path, path, size, last_seen_at)
       VALUES ('sonarr', 'main', 'ep:1', 'episode', 'The Expanse', 1, '[1]', '/tv/x.mkv', '/media/x.mkv', 1, ?1) RETURNING id`,
    )
    .get(t)!.id;
  const itemId = h.sqlite
    .query<{ id: number }, [number, string]>(
      `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
       VALUES (?1, 'main', 'episode', 'de', 'full', 'wanted', ?2, ?2) RETURNING id`,
    )
    .get(fileId, t)!.id;
  h.sqlite.run(
    `INSERT INTO subtitle_history (wanted_item_id, instance, title, language, variant, provider, candidate_id, score, format, path, sha256, action, created_at)
     VALUES (?1, 'main', 'The Expanse', 'de', 'full', 'podnapisi', 'c', 300, 'srt', '/media/x.de.srt', 'ab', 'downloaded', ?2)`,
    [itemId, t],
  );
  h.close();
  return path;
}

const counts = (sqlite: Database) =>
  sqlite
    .query<{ files: number; items: number; history: number }, []>(
      "SELECT (SELECT count(*) FROM media_files) AS files, (SELECT count(*) FROM wanted_items) AS items, (SELECT count(*) FROM subtitle_history) AS history",
    )
    .get();

test("an upgrade that fails half-way leaves the database exactly as the older version left it, and names the migration", () => {
  const path = olderDatabase("0012_history_item_index");
  const older = migrations.slice(0, tagAt("0012_history_item_index") + 1);
  // Everything this version brings, with a step after 0016 that fails (say, the disk filled up).
  const broken: EmbeddedMigration[] = [
    ...migrations.slice(0, tagAt("0016_forgotten_items") + 1),
    {
      tag: "0016b_broken",
      when: migrations[tagAt("0016_forgotten_items")]!.when + 1,
      sql: "CREATE TABLE half (a);\n--> statement-breakpoint\nNOT SQL",
    },
    ...migrations.slice(tagAt("0016_forgotten_items") + 1),
  ];
  const h = openDatabase({ path });
  expect(() => migrate(h.sqlite, broken)).toThrow(/0016b_broken/);
  h.close();

  // The older Subhound, started again, still opens it: nothing of the newer schema was kept.
  const again = openDatabase({ path });
  expect(schemaVersion(again.sqlite, older)).toBe("0012_history_item_index");
  expect(() => migrate(again.sqlite, older)).not.toThrow();
  expect(
    again.sqlite.query("SELECT name FROM sqlite_master WHERE name IN ('wanted_tallies', 'half')").all(),
  ).toEqual([]);
  expect(counts(again.sqlite)).toEqual({ files: 1, items: 1, history: 1 });
  // And the fixed release upgrades it with every row kept.
  expect(migrate(again.sqlite).schemaVersion).toBe(migrations[migrations.length - 1]!.tag);
  expect(counts(again.sqlite)).toEqual({ files: 1, items: 1, history: 1 });
  again.close();
});

test("a migration that rebuilds a table the way drizzle-kit writes it keeps the rows that point at it", () => {
  const path = olderDatabase(migrations[migrations.length - 1]!.tag);
  // drizzle-kit's SQLite table rebuild: its PRAGMAs are no-ops inside a transaction, so with foreign
  // keys on, DROP TABLE wanted_items would silently unlink every download in subtitle_history from its item.
  const h = openDatabase({ path });
  const ddl = h.sqlite
    .query<{ sql: string }, []>(
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'wanted_items'",
    )
    .get()!
    .sql.replace(/^CREATE TABLE [`"]?wanted_items[`"]?/, "CREATE TABLE `__new_wanted_items`");
  const rebuild: EmbeddedMigration = {
    tag: "9000_rebuild_wanted_items",
    when: Date.now() + 1e9,
    sql: [
      "PRAGMA foreign_keys=OFF;",
      `${ddl};`,
      "INSERT INTO `__new_wanted_items` SELECT * FROM `wanted_items`;",
      "DROP TABLE `wanted_items`;",
      "ALTER TABLE `__new_wanted_items` RENAME TO `wanted_items`;",
      "PRAGMA foreign_keys=ON;",
    ].join("\n--> statement-breakpoint\n"),
  };
  migrate(h.sqlite, [...migrations, rebuild]);
  expect(counts(h.sqlite)).toEqual({ files: 1, items: 1, history: 1 });
  expect(h.sqlite.query("SELECT wanted_item_id IS NOT NULL AS linked FROM subtitle_history").get()).toEqual({
    linked: 1,
  });
  // Foreign keys are enforced again afterwards.
  expect(h.sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()!.foreign_keys).toBe(1);
  h.close();
});

test("a migration that would leave rows pointing at nothing is rolled back, saying so", () => {
  const h = openDatabase({ path: ":memory:" });
  migrate(h.sqlite);
  h.sqlite.run(
    `INSERT INTO media_files (source, instance, media_key, kind, title, episodes_json, arr_path, path, size, last_seen_at)
     VALUES ('radarr', 'main', 'movie:1', 'movie', 'Heat', '[]', '/m/h.mkv', '/media/h.mkv', 1, ?1)`,
    [t],
  );
  h.sqlite.run(
    `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
     VALUES (1, 'main', 'movie', 'de', 'full', 'wanted', ?1, ?1)`,
    [t],
  );
  const orphaning: EmbeddedMigration = {
    tag: "9001_orphaning",
    when: Date.now() + 1e9,
    sql: "UPDATE `media_files` SET `id` = 99",
  };
  expect(() => migrate(h.sqlite, [...migrations, orphaning])).toThrow(/9001_orphaning.*wanted_items/);
  expect(schemaVersion(h.sqlite)).toBe(migrations[migrations.length - 1]!.tag);
  expect(h.sqlite.query("SELECT id FROM media_files").all()).toEqual([{ id: 1 }]);
  expect(h.sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()!.foreign_keys).toBe(1);
  h.close();
});
