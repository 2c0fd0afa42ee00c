import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { readOutputTail } from "../media/process-output.ts";
import { validateSubtitle } from "../subtitles/validate.ts";
import { type WhisperBackend, WhisperError } from "../whisper/types.ts";
import { WhisperFallbackError } from "./errors.ts";
import { ffprobeBeside, planTranscription, readAudioStreams } from "./whisper-audio.ts";

export type WhisperStage = "queued" | "extracting" | "transcribing" | "done";

export interface WhisperProgress {
  stage: WhisperStage;
  /** While `extracting`: the ffmpeg process id. */
  pid?: number;
}

export interface TranscribeVideoRequest {
  videoPath: string;
  /** Spoken language (ISO 639-1); omitted = the backend detects it. */
  language?: string;
  /** `translate`: English subtitles whatever the spoken language. Default `transcribe`. */
  task?: "transcribe" | "translate";
  /** The audio stream heard (ffmpeg's `0:a:N`). Default 0. */
  audioStream?: number;
  /**
   * The subtitle language wanted: the audio streams are read and the plan made from them
   * (whisper-audio.ts) replaces `language`, `task` and `audioStream`.
   */
  wanted?: string;
  backend: WhisperBackend;
  /** Default: `ffmpeg` from PATH. */
  ffmpegPath?: string;
  /**
   * Where the audio is extracted, inside a fresh private subdirectory that is removed afterwards.
   * Default: the OS temp directory. Never the video's own directory.
   */
  tempDir?: string;
  signal?: AbortSignal;
  onProgress?: (progress: WhisperProgress) => void;
  /** ffmpeg is killed after this long. Default 30 minutes. */
  extractTimeoutMs?: number;
}

export interface TranscribedSubtitle {
  text: string;
  format: "srt";
  cues: number;
  backend: WhisperBackend["name"];
  /** Always true: history and the API show the result as machine-generated. */
  machineGenerated: true;
}

const DEFAULT_EXTRACT_TIMEOUT_MS = 30 * 60 * 1000;

/** The ffmpeg to run, or null when there is none. */
function resolveFfmpeg(configured: string | undefined): string | null {
  if (configured) return configured.includes("/") ? configured : Bun.which(configured);
  return Bun.which("ffmpeg");
}

/**
 * Extracts one audio stream (`audioStream`, else the first; with `wanted`, the one planned) as
 * 16 kHz mono WAV into temp space, sends it to the Whisper backend and returns its validated SRT.
 * The temp audio is always removed.
 */
export async function transcribeVideo(request: TranscribeVideoRequest): Promise<TranscribedSubtitle> {
  const { videoPath, backend, signal, onProgress } = request;
  const aborted = () => new WhisperFallbackError("aborted", "transcription cancelled");
  if (signal?.aborted) throw aborted();
  const base = resolve(request.tempDir ?? tmpdir());
  if (base === resolve(dirname(videoPath))) {
    throw new WhisperFallbackError("bad-temp-dir", "the temp directory must not be the video's directory");
  }
  const ffmpeg = resolveFfmpeg(request.ffmpegPath);
  if (!ffmpeg || !(await fs.stat(ffmpeg).catch(() => null))?.isFile()) {
    throw new WhisperFallbackError(
      "ffmpeg-missing",
      `ffmpeg is needed to extract audio for Whisper but ${request.ffmpegPath ?? "ffmpeg"} was not found`,
    );
  }
  if (request.wanted !== undefined) {
    const ffprobe = ffprobeBeside(ffmpeg);
    const streams = ffprobe === null ? null : await readAudioStreams(ffprobe, videoPath, signal);
    if (signal?.aborted) throw aborted();
    const plan = planTranscription(request.wanted, streams);
    if (!plan.ok) throw new WhisperFallbackError("language-not-spoken", plan.reason);
    const { wanted: _wanted, ...rest } = request;
    return transcribeVideo({
      ...rest,
      audioStream: plan.audioStream,
      task: plan.task,
      language: plan.language,
    });
  }
  const workDir = await fs.mkdtemp(join(base, "subhound-whisper-"));
  try {
    const audioPath = join(workDir, `${crypto.randomUUID()}.wav`);
    await extractAudio(ffmpeg, videoPath, audioPath, request, onProgress);
    if (signal?.aborted) throw aborted();
    onProgress?.({ stage: "transcribing" });
    let srt: string;
    try {
      srt = await backend.transcribe(
        Bun.file(audioPath),
        {
          ...(request.language ? { language: request.language } : {}),
          task: request.task ?? "transcribe",
          filename: "audio.wav",
        },
        signal,
      );
    } catch (e) {
      if (signal?.aborted || (e instanceof WhisperError && e.kind === "aborted")) throw aborted();
      if (e instanceof WhisperError) {
        throw new WhisperFallbackError("transcription", `transcription failed: ${e.message}`, e);
      }
      throw e;
    }
    const valid = validateSubtitle(srt, "srt");
    if (!valid.ok) {
      throw new WhisperFallbackError(
        "invalid-output",
        `${backend.name} returned no usable SRT: ${valid.reason}`,
      );
    }
    onProgress?.({ stage: "done" });
    return { text: srt, format: "srt", cues: valid.cues, backend: backend.name, machineGenerated: true };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

async function extractAudio(
  ffmpeg: string,
  videoPath: string,
  audioPath: string,
  request: TranscribeVideoRequest,
  onProgress: TranscribeVideoRequest["onProgress"],
): Promise<void> {
  const { signal } = request;
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    // "file:" keeps ffmpeg from reading "Part 1: Intro.mkv" as a protocol or "-x.mkv" as an option.
    proc = Bun.spawn(
      [
        ffmpeg,
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-n",
        "-i",
        `file:${resolve(videoPath)}`,
        "-map",
        `0:a:${request.audioStream ?? 0}`,
        "-vn",
        "-sn",
        "-dn",
        // A WAV has no timestamps: without padding, audio that starts after the video (an audio delay)
        // would give every cue Whisper times too early by that delay.
        "-af",
        "aresample=async=1:first_pts=0",
        "-ac",
        "1",
        "-ar",
        "16000",
        "-c:a",
        "pcm_s16le",
        "-f",
        "wav",
        `file:${audioPath}`,
      ],
      { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
    );
  } catch (e) {
    throw new WhisperFallbackError("ffmpeg-missing", `cannot run ${ffmpeg}: ${(e as Error).message}`);
  }
  onProgress?.({ stage: "extracting", pid: proc.pid });
  let stopped: "aborted" | "timeout" | null = null;
  const stop = (why: "aborted" | "timeout") => {
    stopped ??= why;
    proc.kill("SIGKILL");
  };
  const onAbort = () => stop("aborted");
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) stop("aborted");
  const timer = setTimeout(() => stop("timeout"), request.extractTimeoutMs ?? DEFAULT_EXTRACT_TIMEOUT_MS);
  try {
    // Both pipes are drained together: reading one after the other deadlocks once the other fills.
    // Only stderr's last line is shown: a damaged file's error flood is drained, not kept.
    const [, stderr, exitCode] = await Promise.all([
      readOutputTail(proc.stdout),
      readOutputTail(proc.stderr),
      proc.exited,
    ]);
    if (stopped === "aborted") throw new WhisperFallbackError("aborted", "transcription cancelled");
    if (stopped === "timeout") {
      throw new WhisperFallbackError("timeout", "ffmpeg took too long extracting audio and was killed");
    }
    if (exitCode !== 0) {
      const detail = stderr.trim().split("\n").at(-1) ?? "";
      throw new WhisperFallbackError(
        "ffmpeg-failed",
        `ffmpeg could not extract audio (exit ${exitCode})${detail ? `: ${detail}` : ""}`,
      );
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

// ---------------------------------------------------------------- queue

export type WhisperJobState = WhisperStage | "failed" | "cancelled";

export interface WhisperJob<T> {
  readonly id: number;
  /** `queued` until a slot frees up, then the stages the task reports, then done/failed/cancelled. */
  readonly state: WhisperJobState;
  readonly result: Promise<T>;
  /** Drops a queued job, or aborts a running one (killing ffmpeg). */
  cancel(): void;
}

export interface WhisperTaskContext {
  signal: AbortSignal;
  progress(progress: WhisperProgress): void;
}

export interface WhisperQueue {
  /** Runs `task` when a slot is free. The job's result rejects with `aborted` when cancelled. */
  submit<T>(task: (context: WhisperTaskContext) => Promise<T>): WhisperJob<T>;
  /** {@link transcribeVideo} as a queued job. */
  transcribe(request: Omit<TranscribeVideoRequest, "signal">): WhisperJob<TranscribedSubtitle>;
  readonly running: number;
  readonly queued: number;
}

export interface WhisperQueueOptions {
  /** Jobs that run at once. Default 1: transcription is heavy. */
  concurrency?: number;
  /** Every state change of every job. */
  onProgress?: (id: number, state: WhisperJobState) => void;
}

/** A FIFO of long Whisper jobs with its own concurrency limit, progress and per-job cancel. */
export function createWhisperQueue({ concurrency = 1, onProgress }: WhisperQueueOptions = {}): WhisperQueue {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError("concurrency must be at least 1");
  const waiting: (() => void)[] = [];
  let running = 0;
  let nextId = 1;

  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };

  function submit<T>(task: (context: WhisperTaskContext) => Promise<T>): WhisperJob<T> {
    const id = nextId++;
    const controller = new AbortController();
    let state: WhisperJobState = "queued";
    const set = (next: WhisperJobState) => {
      if (state === next) return;
      state = next;
      onProgress?.(id, next);
    };
    onProgress?.(id, state);
    let start!: () => void;
    const slot = new Promise<void>((resolveSlot) => {
      start = resolveSlot;
    });
    if (running < concurrency) {
      running++;
      start();
    } else waiting.push(start);

    const result = (async () => {
      await slot;
      try {
        if (controller.signal.aborted) throw new WhisperFallbackError("aborted", "transcription cancelled");
        const value = await task({
          signal: controller.signal,
          progress: (p) => {
            if (state !== "cancelled") set(p.stage);
          },
        });
        set("done");
        return value;
      } catch (e) {
        set(controller.signal.aborted ? "cancelled" : "failed");
        throw e;
      } finally {
        release();
      }
    })();
    result.catch(() => undefined);
    return {
      id,
      get state() {
        return state;
      },
      result,
      cancel() {
        if (state === "done" || state === "failed" || state === "cancelled") return;
        controller.abort();
        const index = waiting.indexOf(start);
        if (index >= 0) {
          // Never started: give it a slot at once so it settles as cancelled without running.
          waiting.splice(index, 1);
          running++;
          start();
        }
      },
    };
  }

  return {
    submit,
    transcribe: (request) =>
      submit(({ signal, progress }) =>
        transcribeVideo({
          ...request,
          signal,
          onProgress: (p) => {
            progress(p);
            request.onProgress?.(p);
          },
        }),
      ),
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
  };
}
