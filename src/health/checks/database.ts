import { statSync } from "node:fs";
import type { DbHandle } from "../../db/client.ts";
import { schemaVersion } from "../../db/migrate.ts";
import type { CheckResult } from "../subsystems.ts";

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * A `SELECT 1` round trip plus facts the database already knows. Deliberately no
 * `PRAGMA integrity_check`: it reads the whole file, and belongs to the maintenance job.
 */
export function checkDatabase(db: DbHandle): CheckResult {
  const base = {
    sizeBytes: db.path === ":memory:" ? 0 : fileSize(db.path) + fileSize(`${db.path}-wal`),
    journalMode: "unknown",
    schemaVersion: "unknown",
    lastIntegrityCheck: null,
  };
  try {
    db.sqlite.query("SELECT 1").get();
    const journal = db.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get();
    return {
      healthy: true,
      message: "the database answers",
      ...base,
      journalMode: journal?.journal_mode ?? "unknown",
      schemaVersion: schemaVersion(db.sqlite),
    };
  } catch (e) {
    return {
      healthy: false,
      message: `the database does not answer: ${e instanceof Error ? e.message : String(e)}`,
      ...base,
    };
  }
}
