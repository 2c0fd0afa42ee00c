import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cuesOf, linearMap, retime } from "../../src/sync/cue-times.ts";
import { locateFfmpeg } from "../../src/sync/ffmpeg.ts";
import { type SyncEngineOptions, syncSubtitle } from "../../src/sync/sync-subtitle.ts";

const FIXTURE = join(import.meta.dir, "../fixtures/sync/clips");
const VIDEO = join(FIXTURE, "fixture.mka");
const TRUTH = readFileSync(join(FIXTURE, "fixture.truth.srt"), "utf8");
const ffmpeg = locateFfmpeg();
const options: SyncEngineOptions = { ffmpeg, decodeTimeoutMs: 60_000, alignTimeoutMs: 60_000 };
const temp = mkdtempSync(join(tmpdir(), "subhound-sync-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The largest distance of a cue from its true time. */
function worstError(text: string, format: "srt" | "ass" | "vtt"): number {
  const truth = cuesOf(TRUTH, "srt");
  const got = cuesOf(text, format);
  expect(got.length).toBe(truth.length);
  return Math.max(
    ...truth.map((c, i) =>
      Math.max(Math.abs(got[i]!.startMs - c.startMs), Math.abs(got[i]!.endMs - c.endMs)),
    ),
  );
}

describe("syncSubtitle on a real clip (ffmpeg decode)", () => {
  test("ffmpeg is there for these tests", () => {
    expect(ffmpeg.available).toBe(true);
  });

  test.each([
    ["an offset of +2 s", 1, 2000],
    ["an offset of −0.7 s", 1, -700],
    ["a 24 → 25 fps conversion", 25 / 24, 0],
    ["a 25 → 23.976 fps conversion with +1.5 s", 24_000 / 1001 / 25, 1500],
  ])("recovers %s to within 100 ms", async (_, ratio, offsetMs) => {
    const shifted = retime(TRUTH, "srt", linearMap(ratio, offsetMs));
    const outcome = await syncSubtitle(
      { videoPath: VIDEO, text: shifted, format: "srt", reference: { kind: "audio" } },
      options,
    );
    if (outcome.status !== "synced") throw new Error(JSON.stringify(outcome));
    expect(outcome.method).toBe("audio");
    expect(outcome.alignment.ratio).toBeCloseTo(1 / ratio, 3);
    expect(worstError(outcome.text, "srt")).toBeLessThanOrEqual(100);
  });

  test("a correctly timed file is left as it is", async () => {
    const outcome = await syncSubtitle(
      { videoPath: VIDEO, text: TRUTH, format: "srt", reference: { kind: "audio" } },
      options,
    );
    expect(outcome.status).toBe("unchanged");
    if (outcome.status !== "unchanged") return;
    expect(outcome.reason).toBe("in-sync");
    expect(outcome.detail).toContain("already in sync");
  });

  test("a subtitle that matches nothing in the audio is refused, with the reason", async () => {
    // Evenly spaced cues fit every shift by a multiple of their period equally well.
    const cues = Array.from(
      { length: 30 },
      (_, i) =>
        `${i + 1}\n00:00:${String(i * 2).padStart(2, "0")},000 --> 00:00:${String(i * 2).padStart(2, "0")},900\nTick\n`,
    );
    const outcome = await syncSubtitle(
      {
        videoPath: VIDEO,
        text: retime(cues.join("\n"), "srt", linearMap(1, 0)),
        format: "srt",
        reference: { kind: "audio" },
      },
      options,
    );
    expect(outcome.status).toBe("unchanged");
    if (outcome.status !== "unchanged") return;
    expect(["unconfident", "no-gain"]).toContain(outcome.reason);
    expect(outcome.detail.length).toBeGreaterThan(10);
  });

  test("aligns to another subtitle of the same video without decoding audio", async () => {
    const shifted = retime(TRUTH, "srt", linearMap(1, -3000));
    const outcome = await syncSubtitle(
      {
        videoPath: VIDEO,
        text: shifted,
        format: "srt",
        reference: { kind: "subtitle", text: TRUTH, format: "srt" },
      },
      { ...options, ffmpeg: { available: false, reason: "not needed" } },
    );
    if (outcome.status !== "synced") throw new Error(JSON.stringify(outcome));
    expect(outcome.method).toBe("reference");
    expect(worstError(outcome.text, "srt")).toBeLessThanOrEqual(20);
  });

  test("aligns to an embedded text stream", async () => {
    const video = join(temp, "with-subs.mkv");
    const srt = join(temp, "embedded.srt");
    await Bun.write(srt, TRUTH);
    const mux = Bun.spawn(
      [
        ffmpeg.available ? ffmpeg.path : "ffmpeg",
        "-nostdin",
        "-loglevel",
        "error",
        "-i",
        VIDEO,
        "-i",
        srt,
        "-map",
        "0",
        "-map",
        "1",
        "-c",
        "copy",
        video,
      ],
      { stderr: "pipe" },
    );
    expect(await mux.exited).toBe(0);
    const ass = retime(
      "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" +
        cuesOf(TRUTH, "srt")
          .map(
            (c, i) =>
              `Dialogue: 0,0:00:${String(Math.floor(c.startMs / 1000)).padStart(2, "0")}.${String(Math.floor((c.startMs % 1000) / 10)).padStart(2, "0")},0:00:${String(Math.floor(c.endMs / 1000)).padStart(2, "0")}.${String(Math.floor((c.endMs % 1000) / 10)).padStart(2, "0")},Default,,0,0,0,,Line ${i}`,
          )
          .join("\n"),
      "ass",
      linearMap(1, 4000),
    );
    const outcome = await syncSubtitle(
      { videoPath: video, text: ass, format: "ass", reference: { kind: "embedded", streamIndex: 0 } },
      options,
    );
    if (outcome.status !== "synced") throw new Error(JSON.stringify(outcome));
    expect(outcome.method).toBe("reference");
    expect(worstError(outcome.text, "ass")).toBeLessThanOrEqual(30);
  });

  test("a video whose audio starts late (an audio delay) is timed as a player plays it", async () => {
    // A player shows the audio 1.5 s into the video; a subtitle timed for that file is right as it is.
    const video = join(temp, "audio-delay.mkv");
    const mux = Bun.spawn(
      [
        ffmpeg.available ? ffmpeg.path : "ffmpeg",
        ...["-nostdin", "-loglevel", "error", "-y"],
        ...["-f", "lavfi", "-i", "color=c=black:s=16x16:r=1:d=62"],
        ...["-itsoffset", "1.5", "-i", VIDEO],
        ...["-map", "0:v", "-map", "1:a", "-c:v", "mpeg4", "-c:a", "copy", video],
      ],
      { stderr: "pipe" },
    );
    expect(await mux.exited).toBe(0);
    const delayed = retime(TRUTH, "srt", linearMap(1, 1500));
    const kept = await syncSubtitle(
      { videoPath: video, text: delayed, format: "srt", reference: { kind: "audio" } },
      options,
    );
    expect(kept).toMatchObject({ status: "unchanged", reason: "in-sync" });
    const moved = await syncSubtitle(
      { videoPath: video, text: TRUTH, format: "srt", reference: { kind: "audio" } },
      options,
    );
    if (moved.status !== "synced") throw new Error(JSON.stringify(moved));
    expect(Math.abs(moved.alignment.offsetMs - 1500)).toBeLessThanOrEqual(100);
  });

  test("without ffmpeg an audio sync fails with the health reason, not a crash", async () => {
    const outcome = await syncSubtitle(
      { videoPath: VIDEO, text: TRUTH, format: "srt", reference: { kind: "audio" } },
      { ...options, ffmpeg: locateFfmpeg("/nonexistent/ffmpeg") },
    );
    expect(outcome).toEqual({
      status: "failed",
      method: "audio",
      reason: expect.stringContaining("sync.ffmpegPath"),
    });
  });

  test("an aborted sync stops and says so", async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await syncSubtitle(
      {
        videoPath: VIDEO,
        text: TRUTH,
        format: "srt",
        reference: { kind: "audio" },
        signal: controller.signal,
      },
      options,
    );
    expect(outcome).toEqual({ status: "failed", method: "audio", reason: "cancelled" });
  });

  test("a format without timings to rewrite is refused up front", async () => {
    const outcome = await syncSubtitle(
      { videoPath: VIDEO, text: "{0}{25}Hi", format: "sub", reference: { kind: "audio" } },
      options,
    );
    expect(outcome.status).toBe("failed");
  });
});
