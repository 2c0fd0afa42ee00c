import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../clock.ts";
import { writeSetting } from "../db/app-settings.ts";
import { copyDatabaseOffThread } from "../db/backup-copy.ts";
import { BACKUP_NAME, backupName, backupsDir, removeStalePartials } from "../db/backup-files.ts";
import type { DbHandle } from "../db/client.ts";
import { pruneUnlistedProbes } from "../media/probe/cache.ts";
import { checkIntegrity } from "./integrity-check.ts";

export const INTEGRITY_CHECK_KEY = "maintenance.integrityCheck";
export const INTEGRITY_CHECK_AT_KEY = "maintenance.integrityCheckAt";

export interface MaintenanceDeps {
  db: DbHandle;
  clock: Clock;
  dataDir: string;
  backupRetention: number;
}

export interface MaintenanceSummary {
  probeCachePruned: number;
  integrityCheck: string;
  /** `removedPartials`: copies a killed run or download left half written. */
  backup: { path: string; deleted: string[]; removedPartials?: string[] } | { skipped: string };
}

function throwIfAborted(signal: AbortSignal) {
  if (signal.aborted) throw new Error("maintenance cancelled");
}

/** Prunes the probe cache, refreshes planner statistics, checks integrity, and backs up the DB. */
export async function runMaintenance(
  deps: MaintenanceDeps,
  signal: AbortSignal,
): Promise<MaintenanceSummary> {
  const { sqlite } = deps.db;

  const probeCachePruned = pruneUnlistedProbes(sqlite);
  throwIfAborted(signal);

  sqlite.run("PRAGMA optimize");
  throwIfAborted(signal);

  const integrityCheck = await checkIntegrity(sqlite, deps.db.path, signal);
  const checkedAt = deps.clock.now().toISOString();
  const now = deps.clock.now();
  writeSetting(deps.db, INTEGRITY_CHECK_KEY, integrityCheck, now);
  writeSetting(deps.db, INTEGRITY_CHECK_AT_KEY, checkedAt, now);
  throwIfAborted(signal);

  return { probeCachePruned, integrityCheck, backup: await backup(deps) };
}

async function backup(deps: MaintenanceDeps): Promise<MaintenanceSummary["backup"]> {
  if (deps.db.path === ":memory:") return { skipped: "in-memory database; nothing to back up" };
  if (deps.backupRetention === 0) return { skipped: "maintenance.backupRetention is 0" };
  const dir = backupsDir(deps.dataDir);
  mkdirSync(dir, { recursive: true });
  // A run killed mid-copy leaves a partial as large as the database; nothing else would remove it.
  const removedPartials = removeStalePartials(dir, deps.clock.now());
  const name = backupName(deps.clock.now());
  const path = join(dir, name);
  // Off the event loop, under a name no listing shows until the copy is whole.
  const partial = join(dir, `.${name}.partial`);
  try {
    await copyDatabaseOffThread({ from: deps.db.path, to: partial, withoutSettings: [] });
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  const stale = readdirSync(dir)
    // Only files this job wrote are ever deleted from the backup folder: regular files with its
    // names (it makes no folders or links).
    .filter(
      (name) => BACKUP_NAME.test(name) && lstatSync(join(dir, name), { throwIfNoEntry: false })?.isFile(),
    )
    .sort()
    .reverse()
    .slice(deps.backupRetention);
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return { path, deleted: stale, ...(removedPartials.length > 0 ? { removedPartials } : {}) };
}
