import type { Database } from "bun:sqlite";
import { migrations as embedded } from "../../generated/migrations.ts";
import { sha256Text } from "../hash.ts";

/** One SQL migration as drizzle-kit wrote it, keyed like drizzle's journal. */
export interface EmbeddedMigration {
  tag: string;
  when: number;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  /** Tag of the newest migration in the database after the run. */
  schemaVersion: string;
}

/**
 * Applies the pending embedded migrations in order, all in one transaction: an upgrade that fails
 * at any step leaves the database exactly as the older version left it (which that version still
 * opens), and the error names the migration. Foreign keys are off meanwhile, as SQLite's procedure
 * for schema changes asks: drizzle-kit rebuilds a table with `PRAGMA foreign_keys=OFF`, a no-op
 * inside a transaction, and DROP TABLE would otherwise cascade into (or unlink) the rows pointing
 * at it. A run that leaves more dangling references than it found is rolled back. The bookkeeping
 * table matches drizzle's (`__drizzle_migrations`, keyed by the journal's `when`), so a database
 * migrated here is also what drizzle-kit expects.
 */
export function migrate(sqlite: Database, migrations: EmbeddedMigration[] = embedded): MigrationResult {
  sqlite.run(
    "CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL, created_at NUMERIC)",
  );
  assertKnownSchema(sqlite, migrations);
  const lastWhen = lastMigrationWhen(sqlite);
  const pending = [...migrations].sort((a, b) => a.when - b.when).filter((m) => m.when > lastWhen);
  if (pending.length === 0) return { applied: [], schemaVersion: schemaVersion(sqlite, migrations) };

  const before = schemaVersion(sqlite, migrations);
  const foreignKeys =
    sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()?.foreign_keys === 1;
  const danglingBefore = foreignKeys ? danglingReferences(sqlite) : new Map<string, number>();
  if (foreignKeys) sqlite.run("PRAGMA foreign_keys = OFF");
  let failedAt = "";
  try {
    sqlite
      .transaction(() => {
        for (const m of pending) {
          failedAt = `migration ${m.tag}`;
          const statements = m.sql
            .split("--> statement-breakpoint")
            .map((s) => s.trim())
            .filter(Boolean);
          for (const statement of statements) sqlite.run(statement);
          sqlite.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)", [
            sha256Text(m.sql),
            m.when,
          ]);
        }
        if (!foreignKeys) return;
        failedAt = `migrations ${pending.map((m) => m.tag).join(", ")}`;
        const broken = [...danglingReferences(sqlite)]
          .filter(([table, n]) => n > (danglingBefore.get(table) ?? 0))
          .map(([table, n]) => `${n - (danglingBefore.get(table) ?? 0)} in ${table}`);
        if (broken.length > 0)
          throw new Error(
            `they would leave rows pointing at rows that no longer exist (${broken.join(", ")})`,
          );
      })
      .immediate();
  } catch (error) {
    throw new Error(
      `upgrading the database failed at ${failedAt}; it was left as it was (schema ${before}): ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    if (foreignKeys) sqlite.run("PRAGMA foreign_keys = ON");
  }
  return { applied: pending.map((m) => m.tag), schemaVersion: schemaVersion(sqlite, migrations) };
}

function lastMigrationWhen(sqlite: Database): number {
  const last = sqlite
    .query<{ created_at: number }, []>(
      "SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1",
    )
    .get();
  return last ? Number(last.created_at) : -1;
}

/** Rows whose foreign key names a row that does not exist, counted per table. */
function danglingReferences(sqlite: Database): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { table } of sqlite.query<{ table: string }, []>("PRAGMA foreign_key_check").all())
    counts.set(table, (counts.get(table) ?? 0) + 1);
  return counts;
}

/**
 * Throws when a newer Subhound migrated this database. Only reads: it runs before anything
 * (journal mode, statistics, migrations) may write to a file this version does not understand.
 */
export function assertKnownSchema(sqlite: Database, migrations: EmbeddedMigration[] = embedded): void {
  const table = sqlite
    .query<{ one: number }, []>(
      "SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'",
    )
    .get();
  if (!table) return;
  const last = sqlite
    .query<{ created_at: number }, []>(
      "SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1",
    )
    .get();
  const lastWhen = last ? Number(last.created_at) : -1;
  if (lastWhen > 0 && !migrations.some((m) => m.when === lastWhen)) {
    throw new Error(
      "the database was migrated by a newer Subhound than this one; refusing to start (restore a backup or upgrade)",
    );
  }
}

export function schemaVersion(sqlite: Database, migrations: EmbeddedMigration[] = embedded): string {
  const row = sqlite
    .query<{ created_at: number }, []>(
      "SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1",
    )
    .get();
  if (!row) return "none";
  return migrations.find((m) => m.when === Number(row.created_at))?.tag ?? `unknown-${row.created_at}`;
}
