import { readSync } from "node:fs";
import { keepFromFtl } from "../../jit-tier.ts";

/** Positioned reads over an open file, served from one cached window so neighbouring headers cost one syscall. */
export interface ByteReader {
  readonly size: number;
  /** Up to `length` bytes at `position`; shorter at the end of the file. The view is only valid until the next read. */
  read(position: number, length: number): Uint8Array;
}

class WindowedReader implements ByteReader {
  private window = new Uint8Array(0);
  private windowStart = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly windowSize: number,
  ) {}

  read(position: number, length: number): Uint8Array {
    const end = Math.min(position + length, this.size);
    if (position >= end) return new Uint8Array(0);
    const { window, windowStart } = this;
    if (position >= windowStart && end <= windowStart + window.length) {
      return window.subarray(position - windowStart, end - windowStart);
    }
    const want = Math.min(Math.max(end - position, this.windowSize), this.size - position);
    // Not zero-filled: only the `got` bytes the read filled are ever looked at.
    const buffer = Buffer.allocUnsafe(want);
    const got = readSync(this.fd, buffer, 0, want, position);
    this.window = buffer.subarray(0, got);
    this.windowStart = position;
    return this.window.subarray(0, Math.min(got, end - position));
  }
}

// Run a few hundred times a file in a first scan, then idle: see jit-tier.ts.
keepFromFtl(WindowedReader.prototype.read);

export function createByteReader(fd: number, size: number, windowSize = 16 * 1024): ByteReader {
  return new WindowedReader(fd, size, windowSize);
}
