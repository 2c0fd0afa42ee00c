import { stat } from "node:fs/promises";
import { ProcessOutputTooLargeError, readCappedOutputText, readOutputTail } from "../media/process-output.ts";
import { formatBytes } from "../net/capped-body.ts";
import { DEFAULT_EXTRACT_LIMITS } from "../subtitles/types.ts";

export class StreamExtractionError extends Error {
  override name = "StreamExtractionError";
  constructor(
    readonly kind:
      | "ffmpeg-missing"
      | "ffmpeg-failed"
      | "unreadable-text"
      | "too-large"
      | "timeout"
      | "aborted",
    message: string,
  ) {
    super(message);
  }
}

/**
 * ffmpeg's words for a cue it could not decode (text that is not UTF-8, a broken packet). It drops
 * that cue, goes on, and still exits 0 while few enough failed: what it printed is then a subtitle
 * with holes in it.
 */
const INVALID_UTF8 = /Invalid UTF-8 in decoded subtitles text/i;
const DECODE_ERROR = /Error while decoding stream|Decoding error/i;

/**
 * ffmpeg reads the whole video to reach one stream's packets, so its time grows with the file: a
 * 60 GB 4K remux on a NAS takes ten minutes or more. The limit is 2 minutes plus the file read at
 * 20 MB/s (a slow NAS or a busy disk), at most 3 hours: only a true hang meets it.
 */
export const EXTRACTION_TIME = { floorMs: 120_000, bytesPerSecond: 20_000_000, ceilingMs: 3 * 3_600_000 };

/** How long ffmpeg may take to extract a stream from a video of `videoBytes`. */
export function extractionTimeoutMs(videoBytes: number): number {
  const reading = Math.ceil((Math.max(0, videoBytes) / EXTRACTION_TIME.bytesPerSecond) * 1000);
  return Math.min(EXTRACTION_TIME.ceilingMs, EXTRACTION_TIME.floorMs + reading);
}

/** The limit for the video at `path`; the floor when it cannot be read (ffmpeg then fails at once). */
export async function extractionTimeoutFor(path: string): Promise<number> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  return extractionTimeoutMs(size);
}

/** Calls `fire` after `ms`; returns what cancels it. Tests pass their own to fire it by hand. */
export type ArmTimer = (fire: () => void, ms: number) => () => void;

const realTimer: ArmTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

export interface ExtractStreamRequest {
  videoPath: string;
  /** The stream's absolute index in the container (as the probe reports it). */
  index: number;
  /** ASS/SSA streams keep their styling as ASS; every other text stream comes out as SRT. */
  format: "srt" | "ass";
  ffmpegPath?: string;
  /** ffmpeg is killed after this long; default: extractionTimeoutMs of the video's size. */
  timeoutMs?: number;
  /** ffmpeg is killed once it printed more: a subtitle may unpack to no more than a download may. */
  maxBytes?: number;
  signal?: AbortSignal;
  armTimer?: ArmTimer;
}

/**
 * One text subtitle stream of a video as subtitle text, straight from ffmpeg's stdout: nothing is
 * written to disk, so nothing can land next to the video under a name a user file could have.
 */
export async function extractTextStream(request: ExtractStreamRequest): Promise<string> {
  const ffmpeg = request.ffmpegPath ?? Bun.which("ffmpeg");
  if (!ffmpeg)
    throw new StreamExtractionError(
      "ffmpeg-missing",
      "ffmpeg is not installed (needed to read embedded subtitles)",
    );
  const timeoutMs = request.timeoutMs ?? (await extractionTimeoutFor(request.videoPath));
  if (request.signal?.aborted) throw new StreamExtractionError("aborted", "cancelled");
  const proc = Bun.spawn(
    [
      ffmpeg,
      "-nostdin",
      "-v",
      "error",
      "-i",
      `file:${request.videoPath}`,
      "-map",
      `0:${request.index}`,
      "-f",
      request.format,
      "pipe:1",
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  let reason: "timeout" | "aborted" | null = null;
  const kill = (why: "timeout" | "aborted") => {
    reason ??= why;
    proc.kill("SIGKILL");
  };
  const disarm = (request.armTimer ?? realTimer)(() => kill("timeout"), timeoutMs);
  const onAbort = () => kill("aborted");
  request.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const maxBytes = request.maxBytes ?? DEFAULT_EXTRACT_LIMITS.maxTotalBytes;
    // Both pipes at once: a full stderr must never block a process whose stdout we wait on.
    const stderrTail = readOutputTail(proc.stderr);
    let stdout: string;
    try {
      stdout = await readCappedOutputText(proc.stdout, maxBytes, () => proc.kill("SIGKILL"));
    } catch (error) {
      if (!(error instanceof ProcessOutputTooLargeError)) throw error;
      await proc.exited;
      if (reason === "aborted") throw new StreamExtractionError("aborted", "cancelled");
      throw new StreamExtractionError(
        "too-large",
        `the subtitle stream is larger than ${formatBytes(error.maxBytes)}; ffmpeg was stopped`,
      );
    }
    const [stderr, code] = await Promise.all([stderrTail, proc.exited]);
    if (reason === "aborted") throw new StreamExtractionError("aborted", "cancelled");
    if (reason === "timeout")
      throw new StreamExtractionError(
        "timeout",
        `ffmpeg was still reading the video after ${spoken(timeoutMs)}, the limit for its size, and was stopped`,
      );
    if (INVALID_UTF8.test(stderr))
      throw new StreamExtractionError(
        "unreadable-text",
        "the stream's text is not UTF-8 (as Matroska and MP4 require), so ffmpeg cannot read all of it; nothing was saved rather than a subtitle with lines missing",
      );
    if (DECODE_ERROR.test(stderr))
      throw new StreamExtractionError(
        "unreadable-text",
        `ffmpeg could not decode some of the stream's cues (${lastLine(stderr)}); nothing was saved rather than a subtitle with lines missing`,
      );
    if (code !== 0) {
      throw new StreamExtractionError("ffmpeg-failed", `ffmpeg exited ${code}: ${lastLine(stderr)}`);
    }
    return stdout;
  } finally {
    disarm();
    request.signal?.removeEventListener("abort", onAbort);
  }
}

const spoken = (ms: number) => (ms < 60_000 ? `${Math.ceil(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

const lastLine = (stderr: string) => stderr.trim().split("\n").at(-1) ?? "";
