import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** The names Subhound gives its backups; only files with such a name are ever listed, served or deleted. */
export const BACKUP_NAME = /^subhound-\d{8}T\d{6}Z\.db$/;

/** `subhound-20261124T093000Z.db`: sorts by time, and is a valid file name everywhere. */
export function backupName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `subhound-${stamp}.db`;
}

/** The time a backup name carries (UTC), as ISO 8601. */
export function backupTime(name: string): string {
  const [, y, mo, d, h, mi, s] = /^subhound-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name) ?? [];
  return `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
}

export function backupsDir(dataDir: string): string {
  return join(dataDir, "backups");
}

export interface BackupFile {
  name: string;
  sizeBytes: number;
  createdAt: string;
}

/** The maintenance job's backups, newest first; an absent folder is an empty list. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse()) {
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) out.push({ name, sizeBytes: stat.size, createdAt: backupTime(name) });
  }
  return out;
}

/** Copies on their way (a download's, the maintenance job's), named so that no listing shows them. */
export const PARTIAL_COPY = /^\.(download-[0-9a-f-]{36}\.db|subhound-\d{8}T\d{6}Z\.db\.partial)$/;

/** Partial copies a killed process left behind; one still being written is younger than `olderThanMs`. */
export function removeStalePartials(dir: string, now: Date, olderThanMs = 6 * 3_600_000): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => PARTIAL_COPY.test(n))) {
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (!stat?.isFile() || now.getTime() - stat.mtimeMs < olderThanMs) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
