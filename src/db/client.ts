import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { assertKnownSchema } from "./migrate.ts";
import * as schema from "./schema.ts";

export type Db = ReturnType<typeof drizzle<typeof schema>>;

/** Where a data dir keeps its database. */
export function databasePath(config: { dataDir: string }): string {
  return join(config.dataDir, "subhound.db");
}

export interface DbHandle {
  /** The raw connection, for PRAGMAs, hot-path prepared statements and closing. */
  sqlite: Database;
  db: Db;
  path: string;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** A file path, or ":memory:" for tests. */
  path: string;
  /** WAL is fastest on a local disk and unsafe on NFS/SMB; config `database.wal`. */
  wal?: boolean;
}

export function openDatabase({ path, wal = true }: OpenDatabaseOptions): DbHandle {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.run("PRAGMA busy_timeout = 5000");
  try {
    // Before the journal mode and `optimize` below, which write (sqlite_stat1 rows) to the file.
    assertKnownSchema(sqlite);
  } catch (e) {
    sqlite.close();
    throw e;
  }
  sqlite.run(`PRAGMA journal_mode = ${wal && path !== ":memory:" ? "WAL" : "DELETE"}`);
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run("PRAGMA temp_store = MEMORY");
  sqlite.run("PRAGMA cache_size = -16000");
  // Refresh planner statistics where they are stale (SQLite's advice for long-lived connections).
  sqlite.run("PRAGMA optimize = 0x10002");
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" });
  return { sqlite, db, path, close: () => sqlite.close() };
}

/** For commands that only read (`api-key`) while a server may own the file: no pragma that writes. */
export function openDatabaseReadOnly(path: string): DbHandle {
  const sqlite = new Database(path, { readonly: true, strict: true });
  sqlite.run("PRAGMA busy_timeout = 5000");
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" });
  return { sqlite, db, path, close: () => sqlite.close() };
}
