import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ArmTimer,
  extractionTimeoutMs,
  extractTextStream,
  StreamExtractionError,
} from "../../src/fallbacks/extract-stream.ts";
import { pollUntil } from "../support/poll.ts";

/**
 * ffmpeg reads a whole video to extract one subtitle stream: the time it may take grows with the
 * file. The kill timer is handed in, so no test waits for it.
 */

const dir = mkdtempSync(join(tmpdir(), "subhound-extract-limit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GB = 1_000_000_000;
const MINUTE = 60_000;

/** A stand-in ffmpeg that reads for as long as it is let: only a kill ends it. */
function hangingFfmpeg(): string {
  const path = join(dir, "ffmpeg-hangs");
  writeFileSync(path, "#!/bin/sh\nexec sleep 600\n");
  chmodSync(path, 0o755);
  return path;
}

/** A sparse file of `bytes`: a 4K remux's size without its disk space. */
function videoOf(name: string, bytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, "");
  truncateSync(path, bytes);
  return path;
}

/** A timer the test fires by hand; records what it was armed with and whether it was disarmed. */
function handTimer() {
  const armed: { ms: number; fire: () => void; disarmed: boolean }[] = [];
  const arm: ArmTimer = (fire, ms) => {
    const entry = { ms, fire, disarmed: false };
    armed.push(entry);
    return () => {
      entry.disarmed = true;
    };
  };
  return { arm, armed };
}

describe("the time ffmpeg may take to extract a stream", () => {
  test("grows with the video: 2 minutes, plus the file at 20 MB/s, at most 3 hours", () => {
    expect(extractionTimeoutMs(0)).toBe(2 * MINUTE);
    expect(extractionTimeoutMs(1.2 * GB)).toBe(3 * MINUTE);
    // A 60 GB remux: 50 minutes of reading at 20 MB/s, where a NAS at 100 MB/s needs 10.
    expect(extractionTimeoutMs(60 * GB)).toBe(52 * MINUTE);
    expect(extractionTimeoutMs(1000 * GB)).toBe(180 * MINUTE);
  });

  test("a 60 GB video is given the time to be read, and a true hang is still killed at its limit", async () => {
    const video = videoOf("remux-2160p.mkv", 60 * GB);
    const timer = handTimer();
    const pending = extractTextStream({
      videoPath: video,
      index: 2,
      format: "srt",
      ffmpegPath: hangingFfmpeg(),
      armTimer: timer.arm,
    }).catch((e: unknown) => e);
    await pollUntil(
      async () => timer.armed.length,
      (n) => n === 1,
    );
    // Before, every video had 2 minutes, and ffmpeg was killed while still reading a large one.
    expect(timer.armed[0]!.ms).toBe(52 * MINUTE);
    timer.armed[0]!.fire();
    const error = (await pending) as StreamExtractionError;
    expect(error).toBeInstanceOf(StreamExtractionError);
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe(
      "ffmpeg was still reading the video after 52 min, the limit for its size, and was stopped",
    );
  });

  test("a small video keeps the 2-minute floor; a cancel still kills ffmpeg at once and disarms the timer", async () => {
    const video = videoOf("episode.mkv", 300_000_000);
    const timer = handTimer();
    const controller = new AbortController();
    const pending = extractTextStream({
      videoPath: video,
      index: 2,
      format: "srt",
      ffmpegPath: hangingFfmpeg(),
      armTimer: timer.arm,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await pollUntil(
      async () => timer.armed.length,
      (n) => n === 1,
    );
    expect(timer.armed[0]!.ms).toBe(2 * MINUTE + 15_000);
    controller.abort();
    expect(((await pending) as StreamExtractionError).kind).toBe("aborted");
    expect(timer.armed[0]!.disarmed).toBe(true);
  });
});
