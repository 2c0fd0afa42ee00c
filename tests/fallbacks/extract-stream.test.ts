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

  test("cues ffmpeg could not decode make the stream refused, even when ffmpeg exits 0", async () => {
    // As ffmpeg 5.1 does with one Latin-1 cue in a SubRip track: it drops that cue, prints the rest
    // and exits 0 (few enough packets failed). Saved, that would be a subtitle with lines missing.
    const ffmpegPath = fakeFfmpeg(
      "drops-a-cue",
      [
        "printf '1\\n00:00:00,500 --> 00:00:00,900\\nTwo.\\n\\n'",
        "printf '[srt @ 0x1] Invalid UTF-8 in decoded subtitles text; maybe missing -sub_charenc option\\n' >&2",
        "printf 'Error while decoding stream #0:1: Invalid data found when processing input\\n' >&2",
        "exit 0",
      ].join("\n"),
    );
    const error = await extractTextStream({ videoPath: "/v.mkv", index: 1, format: "srt", ffmpegPath }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamExtractionError);
    expect((error as StreamExtractionError).kind).toBe("unreadable-text");
    expect((error as Error).message).toContain("not UTF-8");
  });

  test("a decoding error other than the encoding is refused too, naming ffmpeg's words", async () => {
    const ffmpegPath = fakeFfmpeg(
      "broken-packet",
      "printf '1\\n00:00:00,500 --> 00:00:00,900\\nTwo.\\n\\n'; printf 'Error while decoding stream #0:2: Invalid data found when processing input\\n' >&2",
    );
    const error = await extractTextStream({ videoPath: "/v.mkv", index: 2, format: "srt", ffmpegPath }).catch(
      (e: unknown) => e,
    );
    expect((error as StreamExtractionError).kind).toBe("unreadable-text");
    expect((error as Error).message).toContain("Error while decoding stream #0:2");
  });

  test("a hanging ffmpeg is killed at the timeout", async () => {
    const ffmpegPath = fakeFfmpeg("hangs", "exec sleep 600");
    const error = await extractTextStream({
      videoPath: "/v.mkv",
      index: 2,
      format: "srt",
      ffmpegPath,
      timeoutMs: 50,
    }).catch((e: unknown) => e);
    expect((error as StreamExtractionError).kind).toBe("timeout");
  });

  test("an abort kills ffmpeg at once", async () => {
    const ffmpegPath = fakeFfmpeg("hangs-too", "exec sleep 600");
    const controller = new AbortController();
    const pending = extractTextStream({
      videoPath: "/v.mkv",
      index: 2,
      format: "srt",
      ffmpegPath,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as StreamExtractionError).kind).toBe("aborted");
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
