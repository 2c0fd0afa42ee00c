import { basename, dirname, join, resolve } from "node:path";
import { canonicalLanguage } from "../media/languages.ts";
import { readCappedOutputText } from "../media/process-output.ts";

/** One audio stream of a video, in container order (ffmpeg's `0:a:N`). */
export interface AudioStream {
  /** Canonical language of its tag; null when untagged or `und`. */
  language: string | null;
  default: boolean;
}

/** Which audio stream Whisper hears, and what it is asked to write. */
export type TranscriptionPlan =
  | { ok: true; audioStream: number; task: "transcribe" | "translate"; language: string | undefined }
  | { ok: false; reason: string };

const base = (code: string) => code.split("-")[0]!.toLowerCase();

/**
 * How to get subtitles in `wanted` out of a video's audio. Whisper writes what is spoken, or English
 * (its `translate` task), nothing else:
 * - a stream in the wanted language is transcribed (a dub listed second is still the one heard);
 * - English is wanted and no stream is English: the default stream is translated into it;
 * - an untagged stream may be in the wanted language: the first is transcribed;
 * - every stream is tagged with another language: nothing to do, said plainly (forcing the wanted
 *   language onto Japanese speech gives made-up text, not German subtitles).
 * No stream list (ffprobe missing or failed) is planned as the first stream in the wanted language.
 */
export function planTranscription(wanted: string, streams: readonly AudioStream[] | null): TranscriptionPlan {
  const target = base(wanted);
  if (streams === null || streams.length === 0)
    return { ok: true, audioStream: 0, task: "transcribe", language: target };
  const spoken = streams.findIndex((s) => s.language !== null && base(s.language) === target);
  if (spoken >= 0) return { ok: true, audioStream: spoken, task: "transcribe", language: target };
  if (target === "en") {
    const chosen = Math.max(
      0,
      streams.findIndex((s) => s.default),
    );
    const language = streams[chosen]?.language;
    return {
      ok: true,
      audioStream: chosen,
      task: "translate",
      language: language ? base(language) : undefined,
    };
  }
  const untagged = streams.findIndex((s) => s.language === null);
  if (untagged >= 0) return { ok: true, audioStream: untagged, task: "transcribe", language: target };
  const heard = [...new Set(streams.map((s) => s.language!))].join(", ");
  return {
    ok: false,
    reason: `the audio is ${heard}, not ${wanted}: Whisper writes the spoken language, or English`,
  };
}

/** A stream list is a few hundred bytes; a file that makes ffprobe print more is not trusted. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** ffprobe beside the ffmpeg in use (as FFmpeg's builds ship them), else on PATH; null when none. */
export function ffprobeBeside(ffmpeg: string): string | null {
  const name = basename(ffmpeg).replace(/ffmpeg/i, "ffprobe");
  const beside = name === basename(ffmpeg) ? null : Bun.which(join(dirname(ffmpeg), name));
  return beside ?? Bun.which("ffprobe") ?? null;
}

/**
 * The video's audio streams with their language tags, by ffprobe; null when it cannot tell (no
 * ffprobe, an unreadable file, a timeout, output past the cap): the caller then plans without.
 */
export async function readAudioStreams(
  ffprobe: string,
  videoPath: string,
  signal?: AbortSignal,
  timeoutMs = 30_000,
): Promise<AudioStream[] | null> {
  let proc: Bun.Subprocess<"ignore", "pipe", "ignore">;
  try {
    proc = Bun.spawn(
      [
        ffprobe,
        "-v",
        "error",
        "-select_streams",
        "a",
        "-show_entries",
        "stream=index:stream_tags=language:stream_disposition=default",
        "-of",
        "json",
        // "file:" keeps "Part 1: Intro.mkv" from being read as a protocol, "-x.mkv" as an option.
        `file:${resolve(videoPath)}`,
      ],
      { stdin: "ignore", stdout: "pipe", stderr: "ignore" },
    );
  } catch {
    return null;
  }
  const kill = () => proc.kill("SIGKILL");
  const timer = setTimeout(kill, timeoutMs);
  signal?.addEventListener("abort", kill, { once: true });
  try {
    const [text, code] = await Promise.all([
      readCappedOutputText(proc.stdout, MAX_OUTPUT_BYTES, kill).catch(() => null),
      proc.exited,
    ]);
    if (text === null || code !== 0) return null;
    return parseAudioStreams(text);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", kill);
  }
}

/** ffprobe's JSON stream list, as audio streams; null when it is not one. */
export function parseAudioStreams(text: string): AudioStream[] | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const streams = (body as { streams?: unknown } | null)?.streams;
  if (!Array.isArray(streams)) return null;
  return streams.map((stream) => {
    const s = (stream ?? {}) as { tags?: { language?: unknown }; disposition?: { default?: unknown } };
    const tag = typeof s.tags?.language === "string" ? s.tags.language : null;
    return {
      language: tag === null || tag === "und" ? null : canonicalLanguage(tag),
      default: s.disposition?.default === 1,
    };
  });
}
