import { Database } from "bun:sqlite";

/**
 * The SQLite connection settings every connection shares, with no drizzle and no schema: the
 * scan's writer thread opens its connection from here and starts in a few milliseconds.
 */

/** How long a write waits for another connection's transaction, blocking its thread meanwhile. */
export const BUSY_TIMEOUT_MS = 5000;

/** Per-connection settings (the journal mode belongs to the file and is set where it is opened). */
export function applyConnectionPragmas(sqlite: Database, cacheKiB: number): void {
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run("PRAGMA temp_store = MEMORY");
  sqlite.run(`PRAGMA cache_size = -${Math.max(0, Math.round(cacheKiB))}`);
}

/**
 * A second connection to a database the server has opened, migrated and set to WAL: for a writer
 * thread. No statistics are refreshed (a first scan is filling the tables; see client.ts).
 */
export function openWriterConnection(path: string, cacheKiB = 4_000): Database {
  const sqlite = new Database(path, { strict: true });
  sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  applyConnectionPragmas(sqlite, cacheKiB);
  return sqlite;
}

/**
 * Whether the database is a file in WAL mode: only then do readers go on while another connection
 * writes (an in-memory database reports `memory` and is private to its connection anyway).
 */
export function isWal(sqlite: Database): boolean {
  return sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()?.journal_mode === "wal";
}

/**
 * Runs a write that may as well be skipped (a scan's progress): when another connection holds the
 * write lock (the scan's writer thread), it gives up at once instead of blocking this thread in the
 * busy wait. Returns whether it ran.
 */
export function unlessBusy(sqlite: Database, write: () => void): boolean {
  sqlite.run("PRAGMA busy_timeout = 0");
  try {
    write();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  } finally {
    sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
