import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  COARSE_RACY_MS,
  directoryStamp,
  FINE_RACY_MS,
  racyWindowMs,
  trustedFileSystemType,
} from "../../src/media/directory-stamp.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A folder dated an hour back (its ctime is now: stamps are taken "an hour later" below). */
function folder(): string {
  const root = mkdtempSync(join(tmpdir(), "subhound-dirstamp-"));
  roots.push(root);
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(root, past, past);
  return root;
}
const later = () => Date.now() + 3_600_000;

test("a folder's stamp holds while its entries do, and moves when one is added, renamed or removed", () => {
  const dir = folder();
  const first = directoryStamp(dir, later());
  expect(first).not.toBeNull();
  expect(directoryStamp(dir, later())).toBe(first);

  writeFileSync(join(dir, "Show.S01E01.en.srt"), "");
  const added = directoryStamp(dir, later());
  expect(added).not.toBe(first);

  utimesSync(dir, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  const settled = directoryStamp(dir, later());
  renameSync(join(dir, "Show.S01E01.en.srt"), join(dir, "Show.S01E01.de.srt"));
  expect(directoryStamp(dir, later())).not.toBe(settled);

  utimesSync(dir, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  const again = directoryStamp(dir, later());
  unlinkSync(join(dir, "Show.S01E01.de.srt"));
  expect(directoryStamp(dir, later())).not.toBe(again);
});

test("no stamp for a folder changed too recently, a missing path or a file", () => {
  const dir = folder();
  // Its ctime is now (the test just dated it): too recent on the real clock.
  expect(directoryStamp(dir, Date.now())).toBeNull();
  expect(directoryStamp(dir, Date.now() + COARSE_RACY_MS + 1000)).not.toBeNull();
  expect(directoryStamp(join(dir, "missing"), later())).toBeNull();
  writeFileSync(join(dir, "file.mkv"), "");
  expect(directoryStamp(join(dir, "file.mkv"), later())).toBeNull();
  mkdirSync(join(dir, "Subs"));
  expect(directoryStamp(join(dir, "Subs"), later())).not.toBeNull();
});

test("times in whole seconds mean a coarse clock (FAT, some shares): two seconds are too recent, else a tenth", () => {
  const s = 1_000_000_000n;
  expect(racyWindowMs(1_796_400_000n * s, 1_796_400_002n * s)).toBe(COARSE_RACY_MS);
  expect(racyWindowMs(1_796_400_000n * s + 123_456_789n, 1_796_400_000n * s + 123_456_789n)).toBe(
    FINE_RACY_MS,
  );
  expect(racyWindowMs(1_796_400_000n * s, 1_796_400_000n * s + 4_000_000n)).toBe(FINE_RACY_MS);
});

test("folder times are trusted on local file systems, never on FUSE mounts or network shares", () => {
  for (const local of [0xef53, 0x58465342, 0x9123683e, 0x2fc12fc1, 0x01021994])
    expect(trustedFileSystemType(local)).toBe(true);
  // btrfs's magic as a signed 32-bit number, as some runtimes report it.
  expect(trustedFileSystemType(0x9123683e | 0)).toBe(true);
  expect(trustedFileSystemType(BigInt(0xef53))).toBe(true);
  for (const untrusted of [
    0x65735546 /* fuse: mergerfs, Unraid shfs, rclone */, 0x6969 /* nfs */, 0xfe534d42 /* smb2 */,
    0xff534d42 /* cifs */, 0x01021997 /* 9p */,
  ])
    expect(trustedFileSystemType(untrusted)).toBe(false);
});
