import { Database } from "bun:sqlite";
import { existsSync, statSync } from "node:fs";

/**
 * A Bazarr database (`<bazarr config>/db/bazarr.db`), opened read-only: nothing here ever writes to
 * it. Table and column names are Bazarr's own (bazarr/app/database.py); which of them a part of the
 * import needs is checked before that part reads, so a Bazarr older or newer than the one these
 * names come from skips a part with the reason instead of failing the whole import.
 */
export interface BazarrDb {
  path: string;
  /** Of `columns`, those `table` lacks; every one when the table itself is missing. */
  missingColumns(table: string, columns: readonly string[]): string[];
  hasTable(table: string): boolean;
  /** Rows of `table` with `columns` (each missing one read as null), in rowid order. */
  rows(table: string, columns: readonly string[]): Record<string, unknown>[];
  close(): void;
}

/** What every Bazarr database has had since its history and libraries moved to SQLAlchemy; without them it is not one. */
export const BAZARR_CORE_TABLES = ["table_shows", "table_movies", "table_history", "table_history_movie"];

export class NotABazarrDatabase extends Error {}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Opens `path` read-only and checks it is a Bazarr database; throws NotABazarrDatabase saying why not. */
export function openBazarrDb(path: string): BazarrDb {
  if (!existsSync(path)) throw new NotABazarrDatabase(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new NotABazarrDatabase(`${path}: not a file`);
  let sqlite: Database;
  let tables: Set<string>;
  try {
    sqlite = new Database(path, { readonly: true });
    tables = new Set(
      sqlite
        .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((t) => t.name),
    );
  } catch (e) {
    throw new NotABazarrDatabase(`${path}: not a SQLite database (${(e as Error).message})`);
  }
  const missing = BAZARR_CORE_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    sqlite.close();
    throw new NotABazarrDatabase(
      `${path} is not a Bazarr database: it has no ${missing.join(", ")} (give --db the bazarr.db in Bazarr's config folder, under db/)`,
    );
  }
  const columnsOf = new Map<string, Set<string>>();
  const columns = (table: string) => {
    let known = columnsOf.get(table);
    if (!known) {
      known = new Set(
        tables.has(table)
          ? sqlite
              .query<{ name: string }, []>(`PRAGMA table_info(${quote(table)})`)
              .all()
              .map((c) => c.name)
          : [],
      );
      columnsOf.set(table, known);
    }
    return known;
  };
  return {
    path,
    hasTable: (table) => tables.has(table),
    missingColumns: (table, wanted) => wanted.filter((c) => !columns(table).has(c)),
    rows(table, wanted) {
      const have = columns(table);
      const select = wanted.map((c) => (have.has(c) ? quote(c) : `NULL AS ${quote(c)}`)).join(", ");
      return sqlite
        .query<Record<string, unknown>, []>(`SELECT ${select} FROM ${quote(table)} ORDER BY rowid`)
        .all();
    },
    close: () => sqlite.close(),
  };
}

/** A part's tables and columns, or why the part cannot run on this database. */
export function missingFor(db: BazarrDb, needs: Record<string, readonly string[]>): string | null {
  const gaps: string[] = [];
  for (const [table, columns] of Object.entries(needs)) {
    if (!db.hasTable(table)) gaps.push(`table ${table}`);
    else {
      const missing = db.missingColumns(table, columns);
      if (missing.length > 0) gaps.push(`${table}.${missing.join(`, ${table}.`)}`);
    }
  }
  return gaps.length > 0 ? `this Bazarr database has no ${gaps.join("; ")}` : null;
}
