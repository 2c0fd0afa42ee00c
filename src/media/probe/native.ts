import { closeSync, fstatSync, openSync } from "node:fs";
import { createByteReader } from "./byte-reader.ts";
import { readMatroskaSubtitles } from "./matroska.ts";
import { readMp4Subtitles } from "./mp4.ts";
import type { NativeOutcome } from "./native-outcome.ts";
import { type ProbeError, probeError } from "./probe-error.ts";
import { sniffContainer } from "./sniff.ts";

/** What a cached probe result is valid for: the file's size and mtime. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export type NativeProbe =
  | Exclude<NativeOutcome, { kind: "streams" }>
  /** The streams, and the stamp of the file they were read from (its fstat, taken before the reads). */
  | (Extract<NativeOutcome, { kind: "streams" }> & { file: FileStamp })
  /** Neither Matroska nor MP4: a container only ffprobe reads (AVI, MPEG-TS, …) or not media at all. */
  | { kind: "unrecognized" }
  /** The path itself is the problem; ffprobe would fail on it too. */
  | { kind: "failed"; error: ProbeError };

const failed = (error: ProbeError): NativeProbe => ({ kind: "failed", error });

export function openError(path: string, error: unknown): ProbeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return probeError("not-found", `${path}: no such file`);
  if (code === "EISDIR") return probeError("not-a-file", `${path}: is a directory`);
  return probeError("unreadable", `${path}: ${(error as Error).message}`);
}

/** Reads a file's subtitle streams from its container headers, without ffprobe. */
export function probeNative(path: string): NativeProbe {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return failed(openError(path, error));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return failed(probeError("not-a-file", `${path}: not a regular file`));
    if (stat.size === 0) return failed(probeError("empty", `${path}: empty file`));
    const reader = createByteReader(fd, stat.size);
    const container = sniffContainer(reader.read(0, 16));
    if (container !== "matroska" && container !== "mp4") return { kind: "unrecognized" };
    const outcome = container === "matroska" ? readMatroskaSubtitles(reader) : readMp4Subtitles(reader);
    return outcome.kind === "streams"
      ? { ...outcome, file: { size: stat.size, mtimeMs: stat.mtimeMs } }
      : outcome;
  } catch (error) {
    return failed(openError(path, error));
  } finally {
    closeSync(fd);
  }
}
