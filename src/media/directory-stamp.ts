import { type BigIntStats, statSync } from "node:fs";

/**
 * A folder changed this recently is not vouched for: a change made in the same tick of the file
 * system's clock as the last one leaves the folder's times where they were. File systems that keep
 * whole seconds (two on FAT) tick that coarsely; those that keep finer times (ext4, xfs, btrfs,
 * tmpfs; SMB and NTFS in 100 ns units) tick every few milliseconds.
 */
export const COARSE_RACY_MS = 2_000;
export const FINE_RACY_MS = 100;

/** How recent a change is too recent, from the folder's own times: whole seconds mean a coarse clock. */
export function racyWindowMs(mtimeNs: bigint, ctimeNs: bigint): number {
  const second = 1_000_000_000n;
  return mtimeNs % second === 0n && ctimeNs % second === 0n ? COARSE_RACY_MS : FINE_RACY_MS;
}

/**
 * What a folder's own times say of its entries: adding, removing or renaming one moves its mtime and
 * ctime, and nothing can set a ctime back. Null when the folder cannot be read as one, or changed
 * too recently before `nowMs` (or after it, a clock apart) to be vouched for.
 */
export function directoryStamp(path: string, nowMs = Date.now()): string | null {
  let stats: BigIntStats | undefined;
  try {
    stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stats?.isDirectory()) return null;
  const newestMs = Math.max(Number(stats.mtimeNs / 1_000_000n), Number(stats.ctimeNs / 1_000_000n));
  if (nowMs - newestMs < racyWindowMs(stats.mtimeNs, stats.ctimeNs)) return null;
  return `${stats.dev}:${stats.ino}:${stats.mtimeNs}:${stats.ctimeNs}`;
}
