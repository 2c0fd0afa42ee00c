import { readSync } from "node:fs";

/** Positioned reads over an open file, served from one cached window so neighbouring headers cost one syscall. */
export interface ByteReader {
  readonly size: number;
  /** Up to `length` bytes at `position`; shorter at the end of the file. The view is only valid until the next read. */
  read(position: number, length: number): Uint8Array;
}

export function createByteReader(fd: number, size: number, windowSize = 16 * 1024): ByteReader {
  let window = new Uint8Array(0);
  let windowStart = 0;
  return {
    size,
    read(position, length) {
      const end = Math.min(position + length, size);
      if (position >= end) return new Uint8Array(0);
      if (position >= windowStart && end <= windowStart + window.length) {
        return window.subarray(position - windowStart, end - windowStart);
      }
      const want = Math.min(Math.max(end - position, windowSize), size - position);
      // Not zero-filled: only the `got` bytes the read filled are ever looked at.
      const buffer = Buffer.allocUnsafe(want);
      const got = readSync(fd, buffer, 0, want, position);
      window = buffer.subarray(0, got);
      windowStart = position;
      return window.subarray(0, Math.min(got, end - position));
    },
  };
}
