import { resolve } from "node:path";
import type { Semaphore } from "../../concurrency.ts";
import { ProcessOutputTooLargeError, readCappedOutputText, readOutputTail } from "../process-output.ts";
import type { SubtitleStream } from "../types.ts";
import {
  audioLanguagesFromFfprobe,
  ffprobeOutputSchema,
  subtitleStreamsFromFfprobe,
} from "./ffprobe-output.ts";
import { type ProbeError, probeError } from "./probe-error.ts";

/** Whether ffprobe can be used at all; the health check shows this instead of one error per file. */
export type FfprobeStatus = { available: true; path: string } | { available: false; reason: string };

export type FfprobeOutcome =
  | { ok: true; streams: SubtitleStream[]; audioLanguages: string[] }
  | { ok: false; error: ProbeError };

export interface Ffprobe {
  readonly status: FfprobeStatus;
  probe(file: string): Promise<FfprobeOutcome>;
}

export interface FfprobeOptions {
  /** Resolved executable, or null when none was found (see resolveFfprobePath). */
  path: string | null;
  /** Configured path, for the message when it does not resolve. */
  configuredPath?: string;
  timeoutMs: number;
  semaphore: Semaphore;
}

/** The configured ffprobe (a path or a name on PATH), else `ffprobe` from PATH, else null. */
export function resolveFfprobePath(configured?: string): string | null {
  return Bun.which(configured ?? "ffprobe") ?? null;
}

function unavailableReason(configured: string | undefined): string {
  return configured
    ? `ffprobe not found at scan.ffprobePath "${configured}"`
    : "ffprobe not found on PATH; install FFmpeg or set scan.ffprobePath";
}

/** Far more than the stream list of any real file; a file that makes ffprobe print more is not read. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1]?.trim() ?? "";
}

export function createFfprobe({ path, configuredPath, timeoutMs, semaphore }: FfprobeOptions): Ffprobe {
  const status: FfprobeStatus = path
    ? { available: true, path }
    : { available: false, reason: unavailableReason(configuredPath) };

  async function run(executable: string, file: string): Promise<FfprobeOutcome> {
    let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
    try {
      // "file:" keeps ffprobe from reading "Part 1: Intro.mkv" as a protocol and "-x.mkv" as an option.
      proc = Bun.spawn(
        [executable, "-v", "error", "-print_format", "json", "-show_streams", `file:${resolve(file)}`],
        { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
      );
    } catch (error) {
      return {
        ok: false,
        error: probeError("ffprobe-unavailable", `cannot run ${executable}: ${(error as Error).message}`),
      };
    }
    // Both pipes are drained together: reading one after the other deadlocks once the other fills.
    // The file decides what ffprobe prints: stdout is capped (ffprobe killed past it), stderr kept as a tail.
    const finished = Promise.all([
      readCappedOutputText(proc.stdout, MAX_OUTPUT_BYTES, () => proc.kill("SIGKILL")).catch(
        (error: unknown) => {
          if (error instanceof ProcessOutputTooLargeError) return error;
          throw error;
        },
      ),
      readOutputTail(proc.stderr),
      proc.exited,
    ]);
    finished.catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<null>((resolveTimeout) => {
      timer = setTimeout(() => {
        proc.kill("SIGKILL");
        resolveTimeout(null);
      }, timeoutMs);
    });
    const result = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (result === null) {
      await proc.exited;
      return {
        ok: false,
        error: probeError(
          "ffprobe-timeout",
          `${file}: ffprobe took longer than ${timeoutMs} ms and was killed`,
        ),
      };
    }
    const [stdout, stderr, exitCode] = result;
    if (stdout instanceof ProcessOutputTooLargeError) {
      return {
        ok: false,
        error: probeError("ffprobe-invalid-output", `${file}: ffprobe ${stdout.message} and was stopped`),
      };
    }
    if (exitCode !== 0) {
      const how = proc.signalCode ? `was killed by ${proc.signalCode}` : `exited with ${exitCode}`;
      const detail = lastLine(stderr);
      return {
        ok: false,
        error: probeError("ffprobe-failed", `${file}: ffprobe ${how}${detail ? `: ${detail}` : ""}`),
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(stdout);
    } catch {
      return { ok: false, error: probeError("ffprobe-invalid-output", `${file}: ffprobe printed no JSON`) };
    }
    const parsed = ffprobeOutputSchema.safeParse(json);
    if (!parsed.success) {
      return {
        ok: false,
        error: probeError(
          "ffprobe-invalid-output",
          `${file}: unexpected ffprobe JSON: ${parsed.error.message}`,
        ),
      };
    }
    return {
      ok: true,
      streams: subtitleStreamsFromFfprobe(parsed.data),
      audioLanguages: audioLanguagesFromFfprobe(parsed.data),
    };
  }

  return {
    status,
    probe(file) {
      if (!status.available) {
        return Promise.resolve({ ok: false, error: probeError("ffprobe-unavailable", status.reason) });
      }
      const executable = status.path;
      return semaphore.run(() => run(executable, file));
    },
  };
}
