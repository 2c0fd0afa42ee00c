import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { backupsDir } from "./backup-files.ts";
import { databasePath } from "./client.ts";

/**
 * A restore staged by the server (`POST /system/backups/{name}/restore`, `POST /system/restore`): a
 * checked, complete database, put in place of subhound.db by the next process that takes the data
 * dir's owner lock, before it opens the database.
 */
export const RESTORE_PENDING_FILE = "restore-pending.db";

/** Written before the first rename: where the replaced database goes, so a start after a crash finishes the move. */
export const RESTORE_APPLYING_FILE = "restore-applying";

/** What the replaced database is kept as in `<dataDir>/backups`; the maintenance job never lists or rotates it. */
export const BEFORE_RESTORE_NAME = /^subhound-before-restore-\d{8}T\d{6}Z(?:-\d+)?\.db$/;

/** A copy on its way to becoming restore-pending.db (the server writes and checks it, then renames it). */
export const RESTORE_PARTIAL = /^\.restore-[0-9a-f-]{36}\.db(?:-wal|-shm|-journal)?$/;

const DB_FILES = ["", "-wal", "-shm"] as const;

export function restorePendingPath(dataDir: string): string {
  return join(dataDir, RESTORE_PENDING_FILE);
}

export interface PendingRestore {
  sizeBytes: number;
  /** When the server staged it (the file's mtime). */
  stagedAt: string;
}

/** The staged restore waiting for the next start, if any. */
export function pendingRestore(dataDir: string): PendingRestore | null {
  const stat = statSync(restorePendingPath(dataDir), { throwIfNoEntry: false });
  return stat?.isFile() ? { sizeBytes: stat.size, stagedAt: stat.mtime.toISOString() } : null;
}

export interface AppliedRestore {
  /** Where the database that was in place went (its -wal and -shm beside it, named alike); null when there was none. */
  keptAs: string | null;
  /** The files moved to `keptAs` (subhound.db, and its -wal and -shm when it had them). */
  moved: string[];
  /** True when this start finished a restore that a crash had cut short. */
  resumed: boolean;
}

/** What a start did with a staged restore, in one line for a command's stderr or a log message. */
export function restoreNotice(restored: AppliedRestore): string {
  const done = restored.resumed
    ? "finished putting a staged backup in place of the database (a stop had cut it short)"
    : "put a staged backup in place of the database";
  return restored.keptAs ? `${done}; the database it replaced is kept as ${restored.keptAs}` : done;
}

/** `subhound-before-restore-20261124T093000Z.db`, with `-2`, `-3`… when a restore of that second is kept already. */
function beforeRestoreName(dir: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  const taken = (name: string) =>
    DB_FILES.some((suffix) => lstatSync(join(dir, `${name}${suffix}`), { throwIfNoEntry: false }));
  let name = `subhound-before-restore-${stamp}.db`;
  for (let n = 2; taken(name); n++) name = `subhound-before-restore-${stamp}-${n}.db`;
  return name;
}

/** Makes the renames in `dir` durable: a rename is only on disk once its folder is. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a folder; the renames are still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readApplying(path: string): string | null {
  let name: string;
  try {
    name = readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
  if (!BEFORE_RESTORE_NAME.test(name)) throw new Error(`${path} does not name a before-restore copy`);
  return name;
}

/** The steps that change what is on disk; tests stop the process "between" two of them by throwing. */
export interface RestoreSteps {
  rename(from: string, to: string): void;
  remove(path: string): void;
}

const realSteps: RestoreSteps = {
  rename: renameSync,
  remove: (path) => rmSync(path, { force: true }),
};

function writeDurably(path: string, text: string, { rename }: RestoreSteps): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, text);
  const fd = openSync(temp, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rename(temp, path);
}

/** Copies on their way to restore-pending.db that a stopped server left: no server runs while this does. */
function removePartials(dataDir: string): void {
  for (const name of readdirSync(dataDir))
    if (RESTORE_PARTIAL.test(name)) rmSync(join(dataDir, name), { force: true });
}

/**
 * Puts a staged restore in place of `<dataDir>/subhound.db`. Only the holder of the data dir's owner
 * lock may call it (owner-lock.ts does, right after taking it), before anything opens the database.
 *
 * Why this order survives a crash at any point:
 * 1. The name the current database will be kept under is written to `restore-applying` first, so a
 *    start after a crash moves the rest of it (its -wal, -shm) beside what was moved already: a
 *    database and its write-ahead log are only whole together.
 * 2. subhound.db moves first, then its -wal and -shm. From the first rename on, the data dir has no
 *    subhound.db: a start finds restore-pending.db still there and goes on; a read-only command finds
 *    no database and opens nothing. Renames never copy, so the old database is complete in one place
 *    or the other at every step.
 * 3. Only once subhound.db, -wal and -shm are all gone does restore-pending.db take the name: a -wal
 *    left beside the new file would be replayed into it by SQLite.
 * 4. restore-applying goes last; found alone (restore-pending.db already renamed), it only tells that
 *    the restore was complete.
 * A rename never replaces a file: a name that is taken in backups stops the restore with an error,
 * leaving everything where it is.
 */
export function applyPendingRestore(
  dataDir: string,
  now: Date,
  steps: RestoreSteps = realSteps,
): AppliedRestore | null {
  removePartials(dataDir);
  const pending = restorePendingPath(dataDir);
  const applying = join(dataDir, RESTORE_APPLYING_FILE);
  const resumeAs = readApplying(applying);
  const staged = lstatSync(pending, { throwIfNoEntry: false });
  if (!staged) {
    if (resumeAs === null) return null;
    steps.remove(applying);
    syncDir(dataDir);
    const keptAs = join(backupsDir(dataDir), resumeAs);
    return { keptAs, moved: [], resumed: true };
  }
  if (!staged.isFile()) throw new Error(`${pending} is not a file`);
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = databasePath({ dataDir });
  const present = DB_FILES.filter((suffix) => lstatSync(`${db}${suffix}`, { throwIfNoEntry: false }));
  let keptName = resumeAs;
  if (keptName === null && present.length > 0) {
    keptName = beforeRestoreName(dir, now);
    writeDurably(applying, `${keptName}\n`, steps);
    syncDir(dataDir);
  }
  const moved: string[] = [];
  if (keptName !== null) {
    const taken = present
      .map((suffix) => join(dir, `${keptName}${suffix}`))
      .find((to) => lstatSync(to, { throwIfNoEntry: false }));
    if (taken) throw new Error(`${taken} exists already; move it away and start again (nothing was moved)`);
    for (const suffix of present) {
      steps.rename(`${db}${suffix}`, join(dir, `${keptName}${suffix}`));
      moved.push(`subhound.db${suffix}`);
    }
    syncDir(dir);
    syncDir(dataDir);
  }
  steps.rename(pending, db);
  syncDir(dataDir);
  steps.remove(applying);
  syncDir(dataDir);
  return { keptAs: keptName === null ? null : join(dir, keptName), moved, resumed: resumeAs !== null };
}
