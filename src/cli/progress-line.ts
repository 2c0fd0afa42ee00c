import { stderrStream } from "../stderr.ts";

/** One status line at the bottom of a terminal; log lines are written above it, never into it. */
export interface ProgressLine {
  draw(text: string): void;
  clear(): void;
  /** Writes a whole line (a log line) above the status line and draws the status line again. */
  above(line: string): void;
}

export function createProgressLine(
  stream: { write(s: string): unknown; columns?: number | undefined } = stderrStream,
): ProgressLine {
  let shown = "";
  // A line longer than the terminal wraps, and `\r` then redraws only its last part.
  const fit = (text: string) => text.slice(0, Math.max(20, (stream.columns ?? 100) - 1));
  return {
    draw(text) {
      shown = fit(text);
      stream.write(`\r\x1b[2K${shown}`);
    },
    clear() {
      if (shown) stream.write("\r\x1b[2K");
      shown = "";
    },
    above(line) {
      stream.write(shown ? `\r\x1b[2K${line}\n${shown}` : `${line}\n`);
    },
  };
}
