import { readSync } from "node:fs";
import { keepFromFtl } from "../../jit-tier.ts";

/** Positioned reads over an open file, served from one cached window so neighbouring headers cost one syscall. */
export interface ByteReader {
  readonly size: number;
  /**
   * Up to `length` bytes at `position`; shorter at the end of the file. The view is only valid until
   * the next read of any reader (they share one buffer).
   */
  read(position: number, length: number): Uint8Array;
}

/** The largest window kept for reuse; a larger read gets a buffer of its own. */
const SHARED_MAX = 1024 * 1024;
let shared = new Uint8Array(0);
/** Counts the reads into `shared`: a reader's window is its own only while no other read came since. */
let fills = 0;

/**
 * Where a window is read into: one buffer for every reader of this thread. The reads are
 * synchronous and a view is only valid until the next read (of any reader: a probe reads one file
 * start to end), so nothing looks at the old bytes once they are overwritten. A fresh buffer per
 * window was ~60 MB of garbage for a 2,000-file first scan, collected while it ran.
 */
function windowBuffer(size: number): Uint8Array {
  // Not zero-filled: only the bytes a read filled are ever looked at.
  fills++;
  if (size > SHARED_MAX) return Buffer.allocUnsafe(size);
  if (shared.length < size) shared = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
  return shared;
}

class WindowedReader implements ByteReader {
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  private windowFill = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly windowSize: number,
  ) {}

  read(position: number, length: number): Uint8Array {
    const end = Math.min(position + length, this.size);
    if (position >= end) return new Uint8Array(0);
    const { window, windowStart } = this;
    if (this.windowFill === fills && position >= windowStart && end <= windowStart + window.length) {
      return window.subarray(position - windowStart, end - windowStart);
    }
    const want = Math.min(Math.max(end - position, this.windowSize), this.size - position);
    const buffer = windowBuffer(want);
    this.windowFill = fills;
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
