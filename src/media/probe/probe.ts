import { statSync } from "node:fs";
import { createSemaphore } from "../../concurrency.ts";
import type { ProbeResult } from "../types.ts";
import { createFfprobe, type FfprobeStatus, resolveFfprobePath } from "./ffprobe.ts";
import { type FileStamp, openError, probeNative } from "./native.ts";
import { type ProbeError, probeError } from "./probe-error.ts";

export type ProbeEngineChoice = "auto" | "native" | "ffprobe";

export type ProbeOutcome =
  | {
      ok: true;
      result: ProbeResult;
      /** Size and mtime of the file the streams were read from, when the prober saw them (the native reader's fstat). */
      file?: FileStamp;
    }
  | { ok: false; error: ProbeError };

export interface ProberOptions {
  /** auto: native reader for Matroska/MP4, ffprobe for anything else or when the native reader is unsure. */
  engine: ProbeEngineChoice;
  /** config `scan.ffprobePath`: a path or a name on PATH; unset means `ffprobe` from PATH. */
  ffprobePath?: string;
  /** Most ffprobe processes at once (config `scan.ffprobeConcurrency`). */
  concurrency: number;
  timeoutMs: number;
}

export interface Prober {
  /** Never throws for a bad file: every failure is a ProbeError. */
  probe(path: string): Promise<ProbeOutcome>;
  ffprobeStatus(): FfprobeStatus;
}

function checkFile(path: string): ProbeError | null {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return probeError("not-a-file", `${path}: not a regular file`);
    if (stat.size === 0) return probeError("empty", `${path}: empty file`);
    return null;
  } catch (error) {
    return openError(path, error);
  }
}

/** The prober the config's `scan` section asks for: the server and `subhound scan` build it alike. */
export function proberFor(scan: {
  probeEngine: ProbeEngineChoice;
  ffprobePath?: string;
  ffprobeConcurrency: number;
  ffprobeTimeoutMs: number;
}): Prober {
  return createProber({
    engine: scan.probeEngine,
    ffprobePath: scan.ffprobePath,
    concurrency: scan.ffprobeConcurrency,
    timeoutMs: scan.ffprobeTimeoutMs,
  });
}

export function createProber({ engine, ffprobePath, concurrency, timeoutMs }: ProberOptions): Prober {
  const ffprobe = createFfprobe({
    path: engine === "native" ? null : resolveFfprobePath(ffprobePath),
    configuredPath: ffprobePath,
    timeoutMs,
    semaphore: createSemaphore(concurrency),
  });

  async function viaFfprobe(path: string): Promise<ProbeOutcome> {
    const outcome = await ffprobe.probe(path);
    return outcome.ok
      ? {
          ok: true,
          result: { engine: "ffprobe", streams: outcome.streams, audioLanguages: outcome.audioLanguages },
        }
      : outcome;
  }

  return {
    ffprobeStatus: () =>
      engine === "native" ? { available: false, reason: "scan.probeEngine is native" } : ffprobe.status,
    async probe(path) {
      if (engine === "ffprobe") {
        const problem = checkFile(path);
        return problem ? { ok: false, error: problem } : viaFfprobe(path);
      }
      const native = probeNative(path);
      switch (native.kind) {
        case "streams":
          return {
            ok: true,
            result: { engine: "native", streams: native.streams, audioLanguages: native.audioLanguages },
            file: native.file,
          };
        case "failed":
          return { ok: false, error: native.error };
        case "unrecognized":
          return engine === "auto"
            ? viaFfprobe(path)
            : { ok: false, error: probeError("unrecognized", `${path}: neither Matroska nor MP4`) };
        case "undecided":
          return engine === "auto"
            ? viaFfprobe(path)
            : { ok: false, error: probeError("malformed", `${path}: ${native.reason}`) };
      }
    },
  };
}
