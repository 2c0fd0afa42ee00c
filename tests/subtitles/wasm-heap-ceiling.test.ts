import { expect, test } from "bun:test";
import { capMemoryGrowth } from "../../src/subtitles/wasm-heap-ceiling.ts";

/** The smallest module with an exported, growable memory of one 64 KiB page, exported as "m". */
const MODULE = Uint8Array.of(
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x05, 0x03, 0x01, 0x00, 0x01],
  ...[0x07, 0x05, 0x01, 0x01, 0x6d, 0x02, 0x00],
);

test("growth past the ceiling is refused and recorded; growth below it works", async () => {
  const { instance } = await WebAssembly.instantiate(MODULE);
  const ceiling = capMemoryGrowth(instance, 4 * 64 * 1024);
  const memory = instance.exports.m as WebAssembly.Memory;
  expect(memory.grow(2)).toBe(1);
  expect(ceiling.refused).toBe(false);
  expect(() => memory.grow(2)).toThrow(RangeError);
  expect(ceiling.refused).toBe(true);
  expect(memory.buffer.byteLength).toBe(3 * 64 * 1024);
});
