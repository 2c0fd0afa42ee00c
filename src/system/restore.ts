import { lstatSync, renameSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { migrations as embedded } from "../../generated/migrations.ts";
import { backupsDir } from "../db/backup-files.ts";
import type { EmbeddedMigration } from "../db/migrate.ts";
import { restorePendingPath } from "../db/restore-pending.ts";
import { ApiError } from "../http/problem.ts";
import type { Logger } from "../log.ts";
import { formatBytes } from "../net/capped-body.ts";
import { inWorkerOnce } from "../worker-once.ts";
import { workerUrl as workerUrlOf } from "../worker-url.ts";

/**
 * Staging a restore: the offered database (a listed backup, or an uploaded file) is copied into the
 * data dir under a temporary name, checked off the event loop, made durable and renamed to
 * `restore-pending.db`, which the next start puts in place (db/restore-pending.ts).
 */

/**
 * The largest upload taken: far above a homelab library's database, and small enough that a stray
 * upload cannot fill a data dir's disk unnoticed. Bun.serve's own `maxRequestBodySize` (128 MiB by
 * default) must be at least this for the cap to be the one that applies (src/listen.ts).
 */
export const MAX_RESTORE_UPLOAD_BYTES = 4 * 1024 ** 3;

export interface RestoreCheckJob {
  /** The file to check, in the data dir; with `copyFrom` it must not exist yet. */
  file: string;
  /** A listed backup, copied to `file` first (in the worker). */
  copyFrom?: string;
  /** The `when` of every migration this build knows. */
  knownMigrations: number[];
}

export type RestoreRefusal = "not-sqlite" | "corrupt" | "not-subhound" | "newer" | "failed";

export type RestoreCheck =
  | { ok: true; lastMigration: number }
  | { ok: false; refusal: RestoreRefusal; message: string };

/** Runs one check in a Worker of its own (started for it, stopped after it). */
export function checkOffThread(
  job: RestoreCheckJob,
  workerUrl: URL | string = workerUrlOf(import.meta.url, "system/restore-worker.ts"),
): Promise<RestoreCheck> {
  return inWorkerOnce<RestoreCheckJob, RestoreCheck>(workerUrl, job, (message) => ({
    ok: false,
    refusal: "failed",
    message: `the restore check failed: ${message}`,
  }));
}

/** What a refused file answers: 409 for a newer Subhound's database (upgrade first), 422 for the rest. */
const STATUS: Record<RestoreRefusal, 409 | 422 | 500> = {
  "not-sqlite": 422,
  corrupt: 422,
  "not-subhound": 422,
  newer: 409,
  failed: 500,
};

export interface StagedRestore {
  /** The backup's name, or `upload`. */
  source: string;
  path: string;
  sizeBytes: number;
  /** The newest migration in the file, as a tag. */
  schemaVersion: string;
  /** How many migrations the next start applies to it (a backup from an older Subhound). */
  migrationsAtStart: number;
}

export interface RestoreDeps {
  dataDir: string;
  log: Logger;
  migrations?: EmbeddedMigration[];
  workerUrl?: URL | string;
  /** MAX_RESTORE_UPLOAD_BYTES; tests lower it. */
  maxUploadBytes?: number;
}

/** Data dirs with a restore being staged: one at a time each (a second one is refused, not queued). */
const staging = new Set<string>();

async function stage(
  deps: RestoreDeps,
  source: string,
  fill: (temp: string) => Promise<{ copyFrom?: string }>,
): Promise<StagedRestore> {
  if (staging.has(deps.dataDir))
    throw new ApiError(409, "another restore is being checked right now; wait for it to finish");
  staging.add(deps.dataDir);
  // A name restore-pending.ts removes at the next start, should this process die before the rename.
  const temp = join(deps.dataDir, `.restore-${crypto.randomUUID()}.db`);
  const migrations = deps.migrations ?? embedded;
  try {
    const { copyFrom } = await fill(temp);
    const check = await checkOffThread(
      {
        file: temp,
        ...(copyFrom ? { copyFrom } : {}),
        knownMigrations: migrations.map((m) => m.when),
      },
      ...(deps.workerUrl ? [deps.workerUrl] : []),
    );
    if (!check.ok) {
      if (check.refusal === "failed")
        deps.log.error("a restore could not be checked", { source, error: check.message });
      else deps.log.warn("restore refused", { source, reason: check.refusal });
      const what = source === "upload" ? "the uploaded file" : source;
      throw new ApiError(STATUS[check.refusal], `${what} cannot be restored: ${check.message}`);
    }
    const pending = restorePendingPath(deps.dataDir);
    // Atomic: restore-pending.db is a whole, checked file or the one staged before (or none).
    renameSync(temp, pending);
    const sizeBytes = lstatSync(pending).size;
    const sorted = [...migrations].sort((a, b) => a.when - b.when);
    const staged: StagedRestore = {
      source,
      path: pending,
      sizeBytes,
      schemaVersion: sorted.find((m) => m.when === check.lastMigration)?.tag ?? "unknown",
      migrationsAtStart: sorted.filter((m) => m.when > check.lastMigration).length,
    };
    deps.log.warn("restore staged: it replaces the database at the next start", { ...staged });
    return staged;
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${temp}${suffix}`, { force: true });
    staging.delete(deps.dataDir);
  }
}

/** Stages one of `<dataDir>/backups`: `name` is checked against the backup name pattern by the route. */
export async function stageBackup(deps: RestoreDeps, name: string): Promise<StagedRestore> {
  const path = join(backupsDir(deps.dataDir), name);
  // lstat: a symbolic link placed in the folder is not the job's backup.
  if (!lstatSync(path, { throwIfNoEntry: false })?.isFile())
    throw new ApiError(404, `no backup named ${name}`);
  return stage(deps, name, async () => ({ copyFrom: path }));
}

const tooLarge = (cap: number) =>
  new ApiError(
    413,
    `the upload is larger than ${formatBytes(cap)}, the largest database Subhound takes for a restore`,
  );

/**
 * Stages an uploaded database: the request body is the file itself, written to disk as it arrives
 * and never held in memory; a declared length over the cap is refused unread, and the stream is
 * cancelled as soon as more than the cap has arrived (413 either way).
 */
export async function stageUpload(deps: RestoreDeps, request: Request): Promise<StagedRestore> {
  const cap = deps.maxUploadBytes ?? MAX_RESTORE_UPLOAD_BYTES;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > cap) throw tooLarge(cap);
  if (!request.body) throw new ApiError(400, "send the backup file as the request body");
  const body = request.body;
  return stage(deps, "upload", async (temp) => {
    const file = await open(temp, "wx", 0o600);
    let written = 0;
    const reader = body.getReader();
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw new ApiError(400, `the upload could not be read: ${(error as Error).message}`);
        }
        if (chunk.done) break;
        written += chunk.value.byteLength;
        if (written > cap) {
          await reader.cancel();
          throw tooLarge(cap);
        }
        await file.write(chunk.value);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOSPC")
        throw new ApiError(500, `the data dir ${deps.dataDir} has no room left for the upload`);
      throw error;
    } finally {
      await file.close();
    }
    if (written === 0) throw new ApiError(422, "the uploaded file cannot be restored: it is empty");
    return {};
  });
}

/** Forgets a staged restore; false when none was staged. */
export function cancelStaged(dataDir: string): boolean {
  const pending = restorePendingPath(dataDir);
  if (!lstatSync(pending, { throwIfNoEntry: false })) return false;
  rmSync(pending, { force: true });
  return true;
}
