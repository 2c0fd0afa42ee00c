import { type BigIntStats, statfsSync, statSync } from "node:fs";

/**
 * A folder changed this recently is not vouched for: a change made in the same tick of the file
 * system's clock as the last one leaves the folder's times where they were. File systems that keep
 * whole seconds (two on FAT) tick that coarsely; those that keep finer times (ext4, xfs, btrfs,
 * tmpfs; SMB and NTFS in 100 ns units) tick every few milliseconds.
 */
export const COARSE_RACY_MS = 2_000;
export const FINE_RACY_MS = 100;

/**
 * File systems (statfs magic numbers) whose folders' times move whenever an entry is added, removed or
 * renamed in them. Not FUSE: a union mount (mergerfs, Unraid's user shares) shows one branch's folder
 * while a new file may land on another, and rclone or sshfs keep times as they please. Not a network
 * share either: its server may itself export such a mount. Their folders are never vouched for.
 */
const TRUSTED_FILE_SYSTEMS: ReadonlySet<number> = new Set([
  0xef53, // ext2, ext3, ext4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x2fc12fc1, // zfs
  0x01021994, // tmpfs
  0xf2f52010, // f2fs
  0xca451a4e, // bcachefs
  0x794c7630, // overlayfs (a container's own layers)
]);

/** Whether a statfs type (signed or not, as the runtime reports it) is one whose folder times can be trusted. */
export function trustedFileSystemType(type: number | bigint): boolean {
  return TRUSTED_FILE_SYSTEMS.has(Number(BigInt.asUintN(32, BigInt(type))));
}

// Per device: asked once per process.
const trustedDevices = new Map<bigint, boolean>();

function onTrustedFileSystem(path: string, dev: bigint): boolean {
  let trusted = trustedDevices.get(dev);
  if (trusted === undefined) {
    try {
      trusted = trustedFileSystemType(statfsSync(path).type);
    } catch {
      trusted = false;
    }
    trustedDevices.set(dev, trusted);
  }
  return trusted;
}

/** How recent a change is too recent, from the folder's own times: whole seconds mean a coarse clock. */
export function racyWindowMs(mtimeNs: bigint, ctimeNs: bigint): number {
  const second = 1_000_000_000n;
  return mtimeNs % second === 0n && ctimeNs % second === 0n ? COARSE_RACY_MS : FINE_RACY_MS;
}

/**
 * What a folder's own times say of its entries: adding, removing or renaming one moves its mtime and
 * ctime, and nothing can set a ctime back. Null when the folder cannot be read as one, is on a file
 * system whose folder times cannot be trusted, or changed too recently before `nowMs` (or after it, a
 * clock apart) to be vouched for.
 */
export function directoryStamp(path: string, nowMs = Date.now()): string | null {
  let stats: BigIntStats | undefined;
  try {
    stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stats?.isDirectory() || !onTrustedFileSystem(path, stats.dev)) return null;
  const newestMs = Math.max(Number(stats.mtimeNs / 1_000_000n), Number(stats.ctimeNs / 1_000_000n));
  if (nowMs - newestMs < racyWindowMs(stats.mtimeNs, stats.ctimeNs)) return null;
  return `${stats.dev}:${stats.ino}:${stats.mtimeNs}:${stats.ctimeNs}`;
}
