import { inWorkerOnce } from "../worker-once.ts";
import { workerUrl as workerUrlOf } from "../worker-url.ts";

export interface CopyJob {
  /** The database to copy (the live one, or a backup file); opened read-only. */
  from: string;
  /** Must not exist yet. */
  to: string;
  /** `app_settings` keys left out of the copy (the generated API key, when it leaves the server). */
  withoutSettings: string[];
}

export type CopyReply = { ok: true } | { ok: false; error: string };

/**
 * Copies a SQLite database consistently in a Worker of its own (started for this copy, stopped
 * after it), so the event loop keeps serving while a large database is copied.
 */
export async function copyDatabaseOffThread(
  job: CopyJob,
  workerUrl: URL | string = workerUrlOf(import.meta.url, "db/backup-worker.ts"),
): Promise<void> {
  const reply = await inWorkerOnce<CopyJob, CopyReply>(workerUrl, job, (message) => ({
    ok: false,
    error: `the backup worker failed: ${message}`,
  }));
  if (!reply.ok) throw new Error(reply.error);
}
