import { afterAll, describe, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createByteReader } from "../../src/media/probe/byte-reader.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-byte-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `size` bytes, each `fill`; open for reading. */
function fileOf(name: string, size: number, fill: number): { fd: number; close(): void } {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(size).fill(fill));
  const fd = openSync(path, "r");
  return { fd, close: () => closeSync(fd) };
}

describe("byte reader", () => {
  test("readers share one buffer, yet a reader asked again after another read gets its own file's bytes", () => {
    const a = fileOf("a.bin", 40_000, 0xaa);
    const b = fileOf("b.bin", 40_000, 0xbb);
    try {
      const readerA = createByteReader(a.fd, 40_000);
      const readerB = createByteReader(b.fd, 40_000);
      expect([...readerA.read(100, 4)]).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
      // B's window overwrites the shared buffer A's window was read into.
      expect([...readerB.read(100, 4)]).toEqual([0xbb, 0xbb, 0xbb, 0xbb]);
      // Inside A's old window: read from A's file again, not B's bytes.
      expect([...readerA.read(200, 4)]).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
    } finally {
      a.close();
      b.close();
    }
  });

  test("reads inside the window cost no new read; past it, the window moves; at the end, shorter", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    const path = join(dir, "count.bin");
    writeFileSync(path, bytes);
    const fd = openSync(path, "r");
    try {
      const reader = createByteReader(fd, bytes.length, 16 * 1024);
      expect([...reader.read(0, 3)]).toEqual([0, 1, 2]);
      expect([...reader.read(16_000, 3)]).toEqual([...bytes.subarray(16_000, 16_003)]);
      expect([...reader.read(50_000, 3)]).toEqual([...bytes.subarray(50_000, 50_003)]);
      // A read larger than a window gets all of it.
      expect(reader.read(1_000, 40_000)).toEqual(bytes.subarray(1_000, 41_000));
      expect(reader.read(99_998, 10).length).toBe(2);
      expect(reader.read(100_000, 10).length).toBe(0);
    } finally {
      closeSync(fd);
    }
  });
});
