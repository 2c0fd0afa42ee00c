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
 * Applies the embedded migrations in order, each in its own transaction. The bookkeeping
 * table matches drizzle's (`__drizzle_migrations`, keyed by the journal's `when`), so a database
 * migrated here is also what drizzle-kit expects.
 */
export function migrate(sqlite: Database, migrations: EmbeddedMigration[] = embedded): MigrationResult {
  sqlite.run(
    "CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL, created_at NUMERIC)",
  );
  const last = sqlite
    .query<{ created_at: number }, []>(
      "SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1",
    )
    .get();
  const lastWhen = last ? Number(last.created_at) : -1;
  const applied: string[] = [];
  assertKnownSchema(sqlite, migrations);
  for (const m of [...migrations].sort((a, b) => a.when - b.when)) {
    if (m.when <= lastWhen) continue;
    const statements = m.sql
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    sqlite.transaction(() => {
      for (const statement of statements) sqlite.run(statement);
      sqlite.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)", [
        sha256Text(m.sql),
        m.when,
      ]);
    })();
    applied.push(m.tag);
  }
  return { applied, schemaVersion: schemaVersion(sqlite, migrations) };
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
