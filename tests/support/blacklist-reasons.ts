import { Database } from "bun:sqlite";

/** The reasons of a database file's blacklist rows, in order: a cheap fingerprint of which database is which. */
export function blacklistReasons(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .query<{ reason: string }, []>("SELECT reason FROM blacklist ORDER BY id")
      .all()
      .map((r) => r.reason);
  } finally {
    db.close();
  }
}
