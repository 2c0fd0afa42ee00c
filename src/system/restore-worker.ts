/**
 * Worker entry: checks one database file offered for a restore (and first copies it there, for a
 * listed backup), so neither the copy nor `PRAGMA integrity_check` of a large database holds the
 * server's event loop. Listed as a build entrypoint in scripts/compile.ts so that the compiled
 * binary carries it.
 */
import { Database } from "bun:sqlite";
import { closeSync, constants, copyFileSync, fsyncSync, openSync, readSync } from "node:fs";
import type { RestoreCheck, RestoreCheckJob } from "./restore.ts";

declare const self: Worker;

const SQLITE_HEADER = "SQLite format 3\u0000";

function header(path: string): string {
  const fd = openSync(path, "r");
  try {
    const bytes = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, bytes, 0, bytes.length, 0);
    return bytes.subarray(0, n).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function check({ file, copyFrom, knownMigrations }: RestoreCheckJob): RestoreCheck {
  if (copyFrom) copyFileSync(copyFrom, file, constants.COPYFILE_EXCL);
  if (header(file) !== SQLITE_HEADER)
    return { ok: false, refusal: "not-sqlite", message: "the file is not a SQLite database" };
  let sqlite: Database;
  try {
    sqlite = new Database(file, { readwrite: true, strict: true });
  } catch (error) {
    return { ok: false, refusal: "corrupt", message: `SQLite cannot open it: ${(error as Error).message}` };
  }
  try {
    let problems: string[];
    try {
      problems = sqlite
        .query<{ integrity_check: string }, []>("PRAGMA integrity_check")
        .all()
        .map((r) => r.integrity_check);
    } catch (error) {
      return { ok: false, refusal: "corrupt", message: `SQLite cannot read it: ${(error as Error).message}` };
    }
    if (problems.length !== 1 || problems[0] !== "ok") {
      const shown = problems.slice(0, 3).join("; ");
      return {
        ok: false,
        refusal: "corrupt",
        message: `it is damaged (SQLite's integrity check: ${shown}${problems.length > 3 ? `; and ${problems.length - 3} more` : ""})`,
      };
    }
    const tables = new Set(
      sqlite
        .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((r) => r.name),
    );
    if (!tables.has("__drizzle_migrations") || !tables.has("app_settings"))
      return {
        ok: false,
        refusal: "not-subhound",
        message: "it is a SQLite database, but not Subhound's (it lacks Subhound's tables)",
      };
    const last = sqlite
      .query<{ created_at: number }, []>(
        "SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1",
      )
      .get();
    if (!last)
      return {
        ok: false,
        refusal: "not-subhound",
        message: "it is a SQLite database, but no Subhound ever set it up (it holds no migration)",
      };
    const lastMigration = Number(last.created_at);
    if (lastMigration > Math.max(...knownMigrations))
      return {
        ok: false,
        refusal: "newer",
        message:
          "it was made by a newer Subhound than this one, whose database this version cannot read; upgrade Subhound first, then restore it",
      };
    if (!knownMigrations.includes(lastMigration))
      return {
        ok: false,
        refusal: "not-subhound",
        message: "its schema history is not one any Subhound release wrote",
      };
    // A file in WAL mode would need its -wal beside it wherever it goes; the server sets WAL again at start.
    sqlite.run("PRAGMA journal_mode = DELETE");
    return { ok: true, lastMigration };
  } finally {
    sqlite.close();
  }
}

self.onmessage = (event: MessageEvent<RestoreCheckJob>) => {
  let reply: RestoreCheck;
  try {
    reply = check(event.data);
    if (reply.ok) fsyncFile(event.data.file);
  } catch (error) {
    reply = { ok: false, refusal: "failed", message: (error as Error)?.message ?? String(error) };
  }
  self.postMessage(reply);
};
