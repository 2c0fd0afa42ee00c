import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractTextStream, StreamExtractionError } from "../../src/fallbacks/extract-stream.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-extract-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in ffmpeg: a shell script that ignores its arguments and runs `body`. */
function fakeFfmpeg(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("extractTextStream", () => {
  test("returns what ffmpeg printed", async () => {
    const ffmpegPath = fakeFfmpeg("ok", "printf '1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n'");
    const text = await extractTextStream({ videoPath: "/v.mkv", index: 2, format: "srt", ffmpegPath });
    expect(text).toBe("1\n00:00:01,000 --> 00:00:02,000\nHi\n");
  });

  test("a stream that never ends is cut off at the cap and ffmpeg is killed, not buffered whole", async () => {
    // `yes` never stops by itself: only the cap (and the kill) ends this read.
    const ffmpegPath = fakeFfmpeg("endless", "exec yes 'a subtitle line that goes on and on'");
    const error = await extractTextStream({
      videoPath: "/v.mkv",
      index: 2,
      format: "srt",
      ffmpegPath,
      maxBytes: 1024 * 1024,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamExtractionError);
    expect((error as StreamExtractionError).kind).toBe("too-large");
    expect((error as Error).message).toContain("1 MiB");
  });

  test("a stream just over the default cap is refused", async () => {
    // 50 MiB + 1 byte, then a clean exit: before the cap existed this came back as one huge string.
    const ffmpegPath = fakeFfmpeg("big", "head -c 52428801 /dev/zero | tr '\\0' 'a'");
    const error = await extractTextStream({ videoPath: "/v.mkv", index: 2, format: "srt", ffmpegPath }).catch(
      (e: unknown) => e,
    );
    expect((error as StreamExtractionError).kind).toBe("too-large");
  });

  test("a flood on stderr is drained, and only its last line is reported", async () => {
    const ffmpegPath = fakeFfmpeg(
      "noisy",
      "head -c 8388608 /dev/zero | tr '\\0' 'e' >&2; printf '\\nInvalid data found when processing input\\n' >&2; exit 1",
    );
    const error = await extractTextStream({ videoPath: "/v.mkv", index: 2, format: "srt", ffmpegPath }).catch(
      (e: unknown) => e,
    );
    expect((error as StreamExtractionError).kind).toBe("ffmpeg-failed");
    expect((error as Error).message).toBe("ffmpeg exited 1: Invalid data found when processing input");
  });
});
