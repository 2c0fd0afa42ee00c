import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../../generated/migrations.ts";
import { renderMigrationIndex } from "../../scripts/migration-index.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate, schemaVersion } from "../../src/db/migrate.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const latest = migrations[migrations.length - 1]!.tag;

describe("migrations", () => {
  test("apply to an empty database, then are a no-op on a migrated one", () => {
    const h = openDatabase({ path: ":memory:" });
    const first = migrate(h.sqlite);
    expect(first.applied).toEqual(migrations.map((m) => m.tag));
    expect(first.schemaVersion).toBe(latest);
    const tables = h.sqlite
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    expect(tables).toContain("app_settings");
    expect(tables).toContain("probe_cache");
    const again = migrate(h.sqlite);
    expect(again.applied).toEqual([]);
    expect(again.schemaVersion).toBe(latest);
    h.close();
  });

  test("a file database keeps its schema across reopen, in WAL mode with foreign keys on", () => {
    const dir = mkdtempSync(join(tmpdir(), "subhound-db-"));
    dirs.push(dir);
    const path = join(dir, "nested", "subhound.db");
    const a = openDatabase({ path });
    migrate(a.sqlite);
    a.close();
    const b = openDatabase({ path });
    expect(migrate(b.sqlite).applied).toEqual([]);
    expect(schemaVersion(b.sqlite)).toBe(latest);
    expect(b.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe(
      "wal",
    );
    expect(b.sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()!.foreign_keys).toBe(1);
    expect(b.sqlite.query<{ timeout: number }, []>("PRAGMA busy_timeout").get()!.timeout).toBe(5000);
    b.close();
    const c = openDatabase({ path, wal: false });
    expect(c.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe(
      "delete",
    );
    c.close();
  });

  test("a failing migration rolls back and leaves the version unchanged", () => {
    const h = openDatabase({ path: ":memory:" });
    migrate(h.sqlite);
    const broken = [
      ...migrations,
      {
        tag: "9999_broken",
        when: Date.now() + 1e9,
        sql: "CREATE TABLE t1 (a);\n--> statement-breakpoint\nNOT SQL",
      },
    ];
    expect(() => migrate(h.sqlite, broken)).toThrow();
    expect(schemaVersion(h.sqlite)).toBe(latest);
    expect(h.sqlite.query("SELECT name FROM sqlite_master WHERE name = 't1'").get()).toBeNull();
    h.close();
  });

  test("refuses a database migrated by a newer version", () => {
    const h = openDatabase({ path: ":memory:" });
    migrate(h.sqlite, [...migrations, { tag: "9999_future", when: Date.now() + 1e9, sql: "SELECT 1" }]);
    expect(() => migrate(h.sqlite)).toThrow(/newer Subhound/);
    h.close();
  });

  test("the embedded index carries every migration in the journal, byte for byte", () => {
    const dir = join(import.meta.dir, "../../src/db/migrations");
    const journal = JSON.parse(readFileSync(join(dir, "meta/_journal.json"), "utf8")) as {
      entries: { tag: string; when: number }[];
    };
    expect(migrations.map((m) => [m.tag, m.when])).toEqual(journal.entries.map((e) => [e.tag, e.when]));
    for (const m of migrations) expect(m.sql).toBe(readFileSync(join(dir, `${m.tag}.sql`), "utf8"));
    // The generator still produces an index with one import per journal entry.
    expect(
      renderMigrationIndex(join(import.meta.dir, "../..")).match(/with \{ type: "text" \}/g),
    ).toHaveLength(journal.entries.length);
  });
});
