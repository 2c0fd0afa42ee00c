import { statSync } from "node:fs";
import { z } from "@hono/zod-openapi";
import { readSetting } from "../../db/app-settings.ts";
import type { DbHandle } from "../../db/client.ts";
import { schemaVersion } from "../../db/migrate.ts";
import { INTEGRITY_CHECK_AT_KEY, INTEGRITY_CHECK_KEY } from "../../jobs/maintenance.ts";
import { type CheckReport, defineHealthCheck, errorMessage } from "../check.ts";

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const details = {
  sizeBytes: z.number().int().openapi({ description: "Main file plus WAL", example: 401_408 }),
  journalMode: z.string().openapi({ example: "wal" }),
  schemaVersion: z.string().openapi({ example: "0000_init" }),
  lastIntegrityCheck: z
    .string()
    .nullable()
    .openapi({ description: "When maintenance last ran PRAGMA integrity_check; null until it has" }),
};

export const database = defineHealthCheck({
  name: "database",
  summary:
    "answers a `SELECT 1`; unhealthy when it does not, or when the last integrity check found problems",
  critical: true,
  details,
  example: {
    healthy: true,
    message: "the database answers",
    sizeBytes: 401_408,
    journalMode: "wal",
    schemaVersion: "0000_init",
    lastIntegrityCheck: null,
  },
  create: (deps) => () => checkDatabase(deps.db),
});

/**
 * A `SELECT 1` round trip plus facts the database already knows. Deliberately no
 * `PRAGMA integrity_check`: it reads the whole file, and belongs to the maintenance job.
 */
function checkDatabase(db: DbHandle): CheckReport<typeof details> {
  const base = {
    sizeBytes: db.path === ":memory:" ? 0 : fileSize(db.path) + fileSize(`${db.path}-wal`),
    journalMode: "unknown",
    schemaVersion: "unknown",
    lastIntegrityCheck: setting(db, INTEGRITY_CHECK_AT_KEY),
  };
  const integrity = setting(db, INTEGRITY_CHECK_KEY);
  try {
    db.sqlite.query("SELECT 1").get();
    const journal = db.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get();
    const corrupt = integrity !== null && integrity !== "ok";
    return {
      healthy: !corrupt,
      message: corrupt
        ? `the last integrity check found problems: ${integrity.slice(0, 200)}`
        : "the database answers",
      ...base,
      journalMode: journal?.journal_mode ?? "unknown",
      schemaVersion: schemaVersion(db.sqlite),
    };
  } catch (e) {
    return {
      healthy: false,
      message: `the database does not answer: ${errorMessage(e)}`,
      ...base,
    };
  }
}

/** Maintenance runs `PRAGMA integrity_check` on its schedule (never per request) and records the result. */
function setting(db: DbHandle, key: string): string | null {
  try {
    return readSetting(db, key) ?? null;
  } catch {
    return null;
  }
}
