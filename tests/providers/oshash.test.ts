import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, open, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeOsHash } from "../../src/providers/oshash.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "subhound-oshash-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The hash as the OpenSubtitles wiki defines it, computed over the whole buffer in memory. */
function referenceHash(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = 65536;
  let sum = BigInt(bytes.length);
  for (const start of [0, bytes.length - chunk]) {
    for (let i = 0; i < chunk; i += 8) sum += view.getBigUint64(start + i, true);
  }
  return BigInt.asUintN(64, sum).toString(16).padStart(16, "0");
}

function seeded(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

test("all-0xFF 128 KiB file: size plus 16384 words of 2^64-1 wraps to size - 16384", async () => {
  const path = join(dir, "ff.bin");
  await writeFile(path, new Uint8Array(131072).fill(0xff));
  expect(await computeOsHash(path)).toBe("000000000001c000");
});

test("matches an independent BigInt computation for an odd-sized file", async () => {
  const path = join(dir, "random.bin");
  const bytes = seeded(300_001, 42);
  await writeFile(path, bytes);
  const hash = await computeOsHash(path);
  expect(hash).toBe(referenceHash(bytes));
  expect(hash).toMatch(/^[0-9a-f]{16}$/);
});

test("reads only the ends of a large sparse file", async () => {
  const path = join(dir, "sparse.bin");
  const size = 512 * 1024 * 1024;
  await writeFile(path, seeded(65536, 7));
  await truncate(path, size);
  const tail = seeded(65536, 9);
  const handle = await open(path, "r+");
  await handle.write(tail, 0, tail.length, size - tail.length);
  await handle.close();
  const head = seeded(65536, 7);
  let sum = BigInt(size);
  const words = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const part of [head, tail])
    for (let i = 0; i < 65536; i += 8) sum += words(part).getBigUint64(i, true);
  expect(await computeOsHash(path)).toBe(BigInt.asUintN(64, sum).toString(16).padStart(16, "0"));
});

test("null under 128 KiB and for files that cannot be read", async () => {
  const path = join(dir, "small.bin");
  await writeFile(path, new Uint8Array(131071));
  expect(await computeOsHash(path)).toBeNull();
  expect(await computeOsHash(join(dir, "missing.mkv"))).toBeNull();
  expect(await computeOsHash(dir)).toBeNull();
});
