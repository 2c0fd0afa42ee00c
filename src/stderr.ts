import { writeSync } from "node:fs";

/**
 * Standard error without `process.stderr` or `node:tty`: either loads Node's streams, ~10 ms of
 * every CLI command and server start. A line is written whole and synchronously (as the stream
 * does for files and pipes); a full non-blocking pipe (EAGAIN) hands the rest to the stream.
 * Writing a log line never throws: a closed stderr (EPIPE) must not take the server down.
 */
export function stderrIsTTY(): boolean {
  // node:tty's isatty asks the same binding, but loading node:tty costs ~10 ms (it builds the streams).
  try {
    return (process as unknown as { binding(name: string): { isTTY(fd: number): boolean } })
      .binding("tty_wrap")
      .isTTY(2);
  } catch {
    return (require("node:tty") as typeof import("node:tty")).isatty(2);
  }
}

export function writeStderr(text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(2, bytes, offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EAGAIN") process.stderr.write(bytes.subarray(offset));
  }
}

/** What a progress line draws on: standard error, as wide as the terminal says. */
export const stderrStream = {
  write: writeStderr,
  get columns(): number | undefined {
    return process.stderr.columns;
  },
};
