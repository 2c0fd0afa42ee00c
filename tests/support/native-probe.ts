import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { type ByteReader, createByteReader } from "../../src/media/probe/byte-reader.ts";
import type { NativeOutcome } from "../../src/media/probe/native-outcome.ts";

type NativeReader = (r: ByteReader) => NativeOutcome;

/** A file of the media corpus (tests/fixtures/media, made by scripts/make-media-fixtures.sh). */
export const mediaFixture = (name: string) => join(import.meta.dir, "../fixtures/media", name);

/** Runs a native container reader over a file on disk, as the prober does. */
export function readWith(reader: NativeReader, path: string): NativeOutcome {
  const fd = openSync(path, "r");
  try {
    return reader(createByteReader(fd, Bun.file(path).size));
  } finally {
    closeSync(fd);
  }
}

/** Runs a native container reader over bytes built in the test (truncated, hostile, synthetic). */
export function readBytes(reader: NativeReader, bytes: Uint8Array): NativeOutcome {
  return reader({
    size: bytes.length,
    read: (position, length) => bytes.subarray(position, Math.min(position + length, bytes.length)),
  });
}
