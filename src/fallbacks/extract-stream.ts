export class StreamExtractionError extends Error {
  override name = "StreamExtractionError";
  constructor(
    readonly kind: "ffmpeg-missing" | "ffmpeg-failed" | "timeout" | "aborted",
    message: string,
  ) {
    super(message);
  }
}

export interface ExtractStreamRequest {
  videoPath: string;
  /** The stream's absolute index in the container (as the probe reports it). */
  index: number;
  /** ASS/SSA streams keep their styling as ASS; every other text stream comes out as SRT. */
  format: "srt" | "ass";
  ffmpegPath?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
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
  const timer = setTimeout(() => kill("timeout"), request.timeoutMs ?? 120_000);
  const onAbort = () => kill("aborted");
  request.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // Both pipes at once: a full stderr must never block a process whose stdout we wait on.
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    if (reason === "aborted") throw new StreamExtractionError("aborted", "cancelled");
    if (reason === "timeout")
      throw new StreamExtractionError("timeout", "ffmpeg took too long reading the subtitle stream");
    if (code !== 0) {
      throw new StreamExtractionError(
        "ffmpeg-failed",
        `ffmpeg exited ${code}: ${stderr.trim().split("\n").at(-1) ?? ""}`,
      );
    }
    return stdout;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onAbort);
  }
}
