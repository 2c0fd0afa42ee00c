import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import type { ProbeCache } from "../media/probe/cache.ts";

export const INTEGRITY_CHECK_KEY = "maintenance.integrityCheck";
export const INTEGRITY_CHECK_AT_KEY = "maintenance.integrityCheckAt";

/** Only files this job wrote are ever deleted from the backup folder. */
const BACKUP_NAME = /^subhound-\d{8}T\d{6}Z\.db$/;

export interface MaintenanceDeps {
  db: DbHandle;
  clock: Clock;
  probeCache: ProbeCache;
  dataDir: string;
  backupRetention: number;
}

export interface MaintenanceSummary {
  probeCachePruned: number;
  integrityCheck: string;
  backup: { path: string; deleted: string[] } | { skipped: string };
}

function backupName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `subhound-${stamp}.db`;
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

  const listed = new Set(
    sqlite
      .query<{ path: string }, []>("SELECT path FROM media_files")
      .all()
      .map((r) => r.path),
  );
  const probeCachePruned = deps.probeCache.prune(listed);
  throwIfAborted(signal);

  sqlite.run("PRAGMA optimize");
  throwIfAborted(signal);

  const integrityCheck = sqlite
    .query<{ integrity_check: string }, []>("PRAGMA integrity_check")
    .all()
    .map((r) => r.integrity_check)
    .join("; ");
  const checkedAt = deps.clock.now().toISOString();
  const setSetting = sqlite.query(
    `INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  setSetting.run(INTEGRITY_CHECK_KEY, integrityCheck, checkedAt);
  setSetting.run(INTEGRITY_CHECK_AT_KEY, checkedAt, checkedAt);
  throwIfAborted(signal);

  return { probeCachePruned, integrityCheck, backup: backup(deps) };
}

function backup(deps: MaintenanceDeps): MaintenanceSummary["backup"] {
  if (deps.db.path === ":memory:") return { skipped: "in-memory database; nothing to back up" };
  if (deps.backupRetention === 0) return { skipped: "maintenance.backupRetention is 0" };
  const dir = join(deps.dataDir, "backups");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, backupName(deps.clock.now()));
  deps.db.sqlite.run("VACUUM INTO ?", [path]);
  const stale = readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse()
    .slice(deps.backupRetention);
  for (const name of stale) rmSync(join(dir, name));
  return { path, deleted: stale };
}
