import { type Alignment, type AlignOptions, DEFAULT_ALIGN } from "./align.ts";
import { alignOffThread } from "./align-off-thread.ts";
import { type Cue, cuesOf, isTimedFormat, linearMap, retime, type TimedFormat } from "./cue-times.ts";
import { extractEmbeddedText } from "./embedded-text.ts";
import type { FfmpegStatus } from "./ffmpeg.ts";
import { DEFAULT_THRESHOLDS, judgeAlignment, type SyncThresholds } from "./judge.ts";
import { decodeSpeechActivity } from "./speech-activity.ts";
import { subtitleTimeline } from "./timeline.ts";
import type { VadOptions } from "./vad.ts";

/** What to align to: the video's speech, one of its embedded text streams, or another subtitle of it. */
export type SyncReference =
  | { kind: "audio"; audioStream?: number }
  | { kind: "embedded"; streamIndex: number }
  | { kind: "subtitle"; text: string; format: TimedFormat };

export type SyncMethod = "audio" | "reference";

export interface SyncEngineOptions {
  ffmpeg: FfmpegStatus;
  /** ffmpeg (decoding, extraction) is killed after this long. */
  decodeTimeoutMs: number;
  /** The alignment worker is stopped after this long. */
  alignTimeoutMs: number;
  align?: AlignOptions;
  thresholds?: SyncThresholds;
  vad?: Partial<VadOptions>;
  /** ffmpeg processes decoding one video's audio at once. */
  decodeProcesses?: number;
  /** The alignment worker script; tests may substitute their own. */
  workerUrl?: URL | string;
}

export interface SyncInput {
  videoPath: string;
  /** The subtitle's UTF-8 text and format. */
  text: string;
  format: string;
  reference: SyncReference;
  signal?: AbortSignal;
  onPhase?(phase: "reading-reference" | "aligning"): void;
}

export type SyncOutcome =
  | {
      status: "synced";
      text: string;
      method: SyncMethod;
      alignment: Alignment;
      confidence: number;
      displacementMs: number;
    }
  | {
      status: "unchanged";
      reason: "in-sync" | "unconfident" | "no-gain";
      detail: string;
      method: SyncMethod;
      alignment: Alignment;
      confidence: number;
    }
  | { status: "failed"; reason: string; method: SyncMethod };

/**
 * Finds the framerate ratio and offset that fit a subtitle to its video and returns the retimed text
 * only when the match is confident and better than the file as it is; otherwise says why not.
 * Writes nothing: saving, ownership and history belong to the caller.
 */
export async function syncSubtitle(input: SyncInput, options: SyncEngineOptions): Promise<SyncOutcome> {
  const method: SyncMethod = input.reference.kind === "audio" ? "audio" : "reference";
  const fail = (reason: string): SyncOutcome => ({ status: "failed", reason, method });
  if (!isTimedFormat(input.format))
    return fail(`${input.format} subtitles cannot be synced (srt, vtt, ass and ssa can)`);
  if (input.signal?.aborted) return fail("cancelled");
  const cues = cuesOf(input.text, input.format);
  if (cues.length < 3) return fail(`the subtitle has ${cues.length} timed cues; sync needs at least 3`);
  input.onPhase?.("reading-reference");
  const reference = await referenceActivity(input, options);
  if (!reference.ok) return fail(reference.reason);
  input.onPhase?.("aligning");
  const aligned = await alignOffThread(reference.activity, cues, options.align ?? DEFAULT_ALIGN, {
    timeoutMs: options.alignTimeoutMs,
    signal: input.signal,
    workerUrl: options.workerUrl,
  });
  if (!aligned.ok) return fail(aligned.reason);
  const { alignment } = aligned;
  const verdict = judgeAlignment(alignment, cues, options.thresholds ?? DEFAULT_THRESHOLDS);
  if (!verdict.apply) return { status: "unchanged", ...verdict, method, alignment };
  const text = retime(input.text, input.format, linearMap(alignment.ratio, alignment.offsetMs));
  return {
    status: "synced",
    text,
    method,
    alignment,
    confidence: verdict.confidence,
    displacementMs: verdict.displacementMs,
  };
}

type Activity = { ok: true; activity: Uint8Array } | { ok: false; reason: string };

async function referenceActivity(input: SyncInput, options: SyncEngineOptions): Promise<Activity> {
  const { reference } = input;
  if (reference.kind === "subtitle") return cueActivity(cuesOf(reference.text, reference.format));
  if (!options.ffmpeg.available) return { ok: false, reason: options.ffmpeg.reason };
  const common = {
    ffmpegPath: options.ffmpeg.path,
    timeoutMs: options.decodeTimeoutMs,
    signal: input.signal,
  };
  if (reference.kind === "embedded") {
    const extracted = await extractEmbeddedText(input.videoPath, reference.streamIndex, common);
    if (!extracted.ok) return extracted;
    return cueActivity(cuesOf(extracted.text, "srt"));
  }
  return decodeSpeechActivity(input.videoPath, {
    ...common,
    audioStream: reference.audioStream,
    vad: options.vad,
    processes: options.decodeProcesses,
  });
}

function cueActivity(cues: Cue[]): Activity {
  if (cues.length < 3)
    return {
      ok: false,
      reason: `the reference subtitle has ${cues.length} timed cues; sync needs at least 3`,
    };
  return { ok: true, activity: Uint8Array.from(subtitleTimeline(cues), (v) => (v > 0 ? 1 : 0)) };
}
