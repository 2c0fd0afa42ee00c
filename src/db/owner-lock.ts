import { Database } from "bun:sqlite";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isAlive } from "../process-alive.ts";
import { type AppliedRestore, applyPendingRestore } from "./restore-pending.ts";

/** Who holds a data dir: written beside the lock so a refused process can name it. */
export interface DataDirOwner {
  pid: number;
  /** `serve`, `scan`, `search`. */
  command: string;
  /** Where the server answers, once it listens. */
  url?: string;
  startedAt: string;
}

export interface OwnerLock {
  /** What a refused process reads about this one. */
  readonly owner: DataDirOwner;
  /** A restore the server had staged, put in place as the lock was taken (before anything opened the database). */
  readonly restored: AppliedRestore | null;
  /** Records the address the server listens on, for the message a second process prints. */
  update(info: Partial<DataDirOwner>): void;
  release(): void;
}

export type OwnerLockResult =
  | { ok: true; lock: OwnerLock }
  | { ok: false; owner: DataDirOwner | null; message: string };

const LOCK_FILE = "subhound.lock";
const OWNER_FILE = "subhound.owner.json";

function readOwner(dataDir: string): DataDirOwner | null {
  try {
    const owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), "utf8")) as DataDirOwner;
    // The file of a process that died (kill -9) stays behind; a dead pid names nobody.
    return Number.isInteger(owner.pid) && isAlive(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

export function describeOwner(dataDir: string, owner: DataDirOwner | null): string {
  if (!owner) return `another Subhound process is using the data dir ${dataDir}`;
  const what = owner.command === "serve" ? "a Subhound server" : `\`subhound ${owner.command}\``;
  const where = owner.url ? ` at ${owner.url}` : "";
  return `${what} (pid ${owner.pid}${where}, since ${owner.startedAt}) is using the data dir ${dataDir}`;
}

/**
 * Makes this process the only writer of `dataDir`. The lock is SQLite's own exclusive file lock
 * (fcntl on Unix) on a small file, held for the life of the process: the kernel drops it when
 * the process dies, so a `kill -9` never leaves the data dir locked. Every command that writes the
 * database takes it before opening the database, so this is where a staged restore is put in place:
 * never while another process has the database open. Throws when that restore cannot be applied.
 */
export function acquireOwnerLock(
  dataDir: string,
  info: Omit<DataDirOwner, "pid" | "startedAt"> & { startedAt?: string },
): OwnerLockResult {
  const sqlite = new Database(join(dataDir, LOCK_FILE), { create: true });
  try {
    sqlite.run("PRAGMA busy_timeout = 0");
    sqlite.run("BEGIN EXCLUSIVE");
  } catch (e) {
    sqlite.close();
    if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
    const owner = readOwner(dataDir);
    return { ok: false, owner, message: describeOwner(dataDir, owner) };
  }
  let current: DataDirOwner = {
    pid: process.pid,
    command: info.command,
    ...(info.url ? { url: info.url } : {}),
    startedAt: info.startedAt ?? new Date().toISOString(),
  };
  const ownerPath = join(dataDir, OWNER_FILE);
  const write = () => {
    const tmp = `${ownerPath}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(current)}\n`);
    renameSync(tmp, ownerPath);
  };
  write();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    rmSync(ownerPath, { force: true });
    sqlite.run("ROLLBACK");
    sqlite.close();
  };
  let restored: AppliedRestore | null;
  try {
    restored = applyPendingRestore(dataDir, new Date());
  } catch (e) {
    release();
    throw new Error(
      `the restore staged in ${dataDir} (restore-pending.db) could not be put in place: ${(e as Error).message}. Nothing was deleted: fix the cause and start again, and the restore goes on from where it stopped`,
      { cause: e },
    );
  }
  return {
    ok: true,
    lock: {
      restored,
      get owner() {
        return { ...current };
      },
      update(next) {
        current = { ...current, ...next };
        write();
      },
      release,
    },
  };
}
