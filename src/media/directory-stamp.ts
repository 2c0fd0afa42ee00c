import { type BigIntStats, statSync } from "node:fs";

/**
 * A folder changed this recently is not vouched for: file systems that keep times in whole seconds
 * (two on FAT) may leave a folder's time where it was for an entry added in the same tick.
 */
export const RACY_MS = 2_000;

/**
 * What a folder's own times say of its entries: adding, removing or renaming one moves its mtime and
 * ctime, and nothing can set a ctime back. Null when the folder cannot be read as one, or changed
 * within `RACY_MS` of `nowMs` (or in the future, a clock apart).
 */
export function directoryStamp(path: string, nowMs = Date.now()): string | null {
  let stats: BigIntStats | undefined;
  try {
    stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stats?.isDirectory()) return null;
  if (nowMs - Math.max(Number(stats.mtimeNs / 1_000_000n), Number(stats.ctimeNs / 1_000_000n)) < RACY_MS)
    return null;
  return `${stats.dev}:${stats.ino}:${stats.mtimeNs}:${stats.ctimeNs}`;
}
