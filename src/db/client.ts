import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { applyConnectionPragmas, BUSY_TIMEOUT_MS } from "./connection.ts";
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
  /**
   * SQLite's page cache. A page it lacks comes from the OS's page cache for one read(2): at 100,000
   * wanted rows, 4 MB answers the wanted pages as fast as 16 MB did, and a re-scan, which reads
   * every stored file once, no longer turns 16 MB of them into resident memory.
   */
  cacheKiB?: number;
}

export function openDatabase({ path, wal = true, cacheKiB = 4_000 }: OpenDatabaseOptions): DbHandle {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  try {
    // Before the journal mode and `optimize` below, which write (sqlite_stat1 rows) to the file.
    assertKnownSchema(sqlite);
  } catch (e) {
    sqlite.close();
    throw e;
  }
  sqlite.run(`PRAGMA journal_mode = ${wal && path !== ":memory:" ? "WAL" : "DELETE"}`);
  applyConnectionPragmas(sqlite, cacheKiB);
  // Refresh planner statistics where they are stale (SQLite's advice for long-lived connections).
  sqlite.run("PRAGMA optimize = 0x10002");
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" });
  return { sqlite, db, path, close: () => sqlite.close() };
}

/** For commands that only read (`api-key`) while a server may own the file: no pragma that writes. */
export function openDatabaseReadOnly(path: string): DbHandle {
  const sqlite = new Database(path, { readonly: true, strict: true });
  sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" });
  return { sqlite, db, path, close: () => sqlite.close() };
}
