import { resolve } from "node:path";

export type EmbeddedText = { ok: true; text: string } | { ok: false; reason: string };

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * The Nth text subtitle stream of a video as SRT, through ffmpeg (`-map 0:s:N -f srt`), read with a
 * size cap; killed on timeout or abort. Image streams (PGS, VobSub) fail: they have no text to time.
 */
export async function extractEmbeddedText(
  videoPath: string,
  streamIndex: number,
  options: { ffmpegPath: string; timeoutMs: number; signal?: AbortSignal },
): Promise<EmbeddedText> {
  if (options.signal?.aborted) return { ok: false, reason: "cancelled" };
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    proc = Bun.spawn(
      [
        options.ffmpegPath,
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-i",
        `file:${resolve(videoPath)}`,
      ].concat(["-map", `0:s:${streamIndex}`, "-f", "srt", "pipe:1"]),
      { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
    );
  } catch (error) {
    return { ok: false, reason: `cannot run ${options.ffmpegPath}: ${(error as Error).message}` };
  }
  let stopped: string | null = null;
  const stop = (why: string) => {
    stopped ??= why;
    proc.kill("SIGKILL");
  };
  const timer = setTimeout(
    () => stop(`ffmpeg took longer than ${options.timeoutMs} ms and was killed`),
    options.timeoutMs,
  );
  const onAbort = () => stop("cancelled");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const [stdout, stderr, code] = await Promise.all([
      readCapped(proc.stdout, MAX_BYTES, () =>
        stop(`the embedded subtitle is larger than ${MAX_BYTES} bytes`),
      ),
      readCapped(proc.stderr, 8192, () => {}),
      proc.exited,
    ]);
    if (stopped) return { ok: false, reason: stopped };
    if (code !== 0) {
      const detail = stderr.trim().split("\n").at(-1) ?? "";
      return {
        ok: false,
        reason: `ffmpeg could not read subtitle stream ${streamIndex}${detail ? `: ${detail}` : ""}`,
      };
    }
    return { ok: true, text: stdout };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

async function readCapped(
  stream: ReadableStream<Uint8Array>,
  cap: number,
  over: () => void,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    if (bytes > cap) {
      over();
      continue;
    }
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
