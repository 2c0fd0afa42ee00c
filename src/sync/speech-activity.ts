import { resolve } from "node:path";
import { SpeechDetector, type VadOptions } from "./vad.ts";

export interface DecodeOptions {
  ffmpegPath: string;
  /** Which audio stream of the file (0 = the first). */
  audioStream?: number;
  /** ffmpeg is killed after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  vad?: Partial<VadOptions>;
  /**
   * ffmpeg processes decoding consecutive parts at once (decoding is most of a sync's CPU time); a
   * file whose duration ffmpeg does not report is decoded in one.
   */
  processes?: number;
}

export type SpeechActivity =
  | { ok: true; activity: Uint8Array; seconds: number }
  | { ok: false; reason: string };

const STDERR_CAP = 8 * 1024;

/**
 * Speech activity per 10 ms of a video's audio. ffmpeg decodes to 16 kHz mono s16le on stdout and
 * each chunk goes through the detector as it arrives, so memory holds one chunk of PCM and one byte
 * per 10 ms, never the whole track. A timeout or an abort kills ffmpeg.
 */
export async function decodeSpeechActivity(
  videoPath: string,
  options: DecodeOptions,
): Promise<SpeechActivity> {
  const processes = Math.max(1, options.processes ?? 2);
  const seconds = processes > 1 ? await mediaSeconds(videoPath, options) : null;
  if (seconds === null || seconds < 120) return decodePart(videoPath, options, null);
  const length = Math.ceil((seconds / processes) * 100) / 100;
  const parts = await Promise.all(
    Array.from({ length: processes }, (_, k) =>
      decodePart(videoPath, options, { start: k * length, length }),
    ),
  );
  const failed = parts.find((p) => !p.ok);
  if (failed) return failed;
  const activities = parts.map((p) => (p as Extract<SpeechActivity, { ok: true }>).activity);
  const activity = new Uint8Array(activities.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of activities) {
    activity.set(a, at);
    at += a.length;
  }
  return { ok: true, activity, seconds: activity.length / 100 };
}

/** The container's duration as ffmpeg reports it (`-i` alone prints it and exits), or null. */
async function mediaSeconds(videoPath: string, options: DecodeOptions): Promise<number | null> {
  try {
    const proc = Bun.spawn(
      [options.ffmpegPath, "-nostdin", "-hide_banner", "-i", `file:${resolve(videoPath)}`],
      {
        stdin: "ignore",
        stdout: "ignore",
        stderr: "pipe",
      },
    );
    const timer = setTimeout(() => proc.kill("SIGKILL"), Math.min(options.timeoutMs, 30_000));
    const stderr = await readCapped(proc.stderr, 64 * 1024);
    await proc.exited;
    clearTimeout(timer);
    const m = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
    return m ? (Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3]) : null;
  } catch {
    return null;
  }
}

async function decodePart(
  videoPath: string,
  options: DecodeOptions,
  part: { start: number; length: number } | null,
): Promise<SpeechActivity> {
  const { ffmpegPath, timeoutMs, signal } = options;
  if (signal?.aborted) return { ok: false, reason: "cancelled" };
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    // "file:" keeps ffmpeg from reading "Part 1: Intro.mkv" as a protocol and "-x.mkv" as an option.
    proc = Bun.spawn(
      [
        ffmpegPath,
        ...["-nostdin", "-hide_banner", "-loglevel", "error", "-vn", "-sn", "-dn"],
        // Input seeking: fast through the container's index, then exact (decoded samples before it are dropped).
        ...(part ? ["-ss", part.start.toFixed(2), "-t", part.length.toFixed(2)] : []),
        ...["-i", `file:${resolve(videoPath)}`, "-map", `0:a:${options.audioStream ?? 0}`],
        // Raw PCM has no timestamps: an audio track that starts after the video (an audio delay) or
        // has gaps would slide every later frame early. Padding with silence keeps frame k at k × 10 ms
        // of the file's timeline, as a player shows it.
        ...["-af", "aresample=async=1:first_pts=0"],
        ...["-ac", "1", "-ar", "16000", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"],
      ],
      { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
    );
  } catch (error) {
    return { ok: false, reason: `cannot run ${ffmpegPath}: ${(error as Error).message}` };
  }
  let stopped: string | null = null;
  const stop = (why: string) => {
    stopped ??= why;
    proc.kill("SIGKILL");
  };
  const timer = setTimeout(() => stop(`ffmpeg took longer than ${timeoutMs} ms and was killed`), timeoutMs);
  const onAbort = () => stop("cancelled");
  signal?.addEventListener("abort", onAbort, { once: true });
  const detector = new SpeechDetector(options.vad);
  // Both pipes drain together: reading one after the other deadlocks once the other fills.
  const stderr = readCapped(proc.stderr, STDERR_CAP);
  try {
    let odd: number | null = null;
    for await (const chunk of proc.stdout) {
      let bytes = chunk as Uint8Array;
      if (odd !== null) {
        const joined = new Uint8Array(bytes.length + 1);
        joined[0] = odd;
        joined.set(bytes, 1);
        bytes = joined;
        odd = null;
      }
      const even = bytes.length & ~1;
      if (even < bytes.length) odd = bytes[even]!;
      // s16le on a little-endian host; a copy only when the chunk is not 2-byte aligned.
      const samples =
        bytes.byteOffset % 2 === 0
          ? new Int16Array(bytes.buffer, bytes.byteOffset, even / 2)
          : new Int16Array(bytes.slice(0, even).buffer);
      detector.push(samples);
    }
    const exitCode = await proc.exited;
    if (stopped) return { ok: false, reason: stopped };
    if (exitCode !== 0) {
      const detail = (await stderr).trim().split("\n").at(-1) ?? "";
      return { ok: false, reason: `ffmpeg exited with ${exitCode}${detail ? `: ${detail}` : ""}` };
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }
  const activity = detector.result();
  if (activity.length === 0) return { ok: false, reason: "the audio stream decoded to nothing" };
  return { ok: true, activity, seconds: activity.length / 100 };
}

async function readCapped(stream: ReadableStream<Uint8Array>, cap: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    if (text.length < cap) text += decoder.decode(chunk, { stream: true });
  }
  return text.slice(0, cap);
}
