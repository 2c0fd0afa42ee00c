import { statSync } from "node:fs";
import type { ProbeCache, ProbeCacheKey, ProbeEntry } from "./probe/cache.ts";
import type { Prober } from "./probe/probe.ts";
import type { ProbeResult, SubtitleStream } from "./types.ts";

/** Writes are collected and committed together: one transaction per batch instead of one per file. */
const FLUSH_AT = 256;

export type StreamInspection =
  | {
      ok: true;
      streams: SubtitleStream[];
      /** Audio track languages as probed; absent when the probe did not report them. */
      audioLanguages?: string[];
      cached: boolean;
      mtimeMs: number | null;
    }
  | { ok: false; error: string; missing: boolean };

/** How to inspect one file. */
export interface InspectOptions {
  /**
   * The caller knows the probe cache holds nothing for the file (a scan that started with an empty
   * cache: a first scan), so it is not looked up: one query a file less, and the native reader's
   * fstat stands in for the stat: one syscall less.
   */
  uncached?: boolean;
}

/** What a file contains; backed by the probe cache so a warm scan only stats. */
export interface StreamInspector {
  inspect(path: string, options?: InspectOptions): Promise<StreamInspection>;
  /** Commits buffered cache writes; a scan calls it with each batch of its own writes and at the end. */
  flush?(): void;
  /**
   * Hands new cache entries to `sink` instead of writing them on this thread (a scan whose writes
   * run on a writer thread sends them along with its own); `null` writes them here again.
   */
  divert?(sink: ((entries: ProbeEntry[]) => void) | null): void;
}

/**
 * The streams of a file: from the cache when size and mtime are unchanged, otherwise from the
 * prober, then cached. A warm scan costs one stat and one indexed lookup per file.
 */
export function createStreamInspector(
  prober: Prober,
  cache: ProbeCache,
): StreamInspector & { flush(): void } {
  let pending: ProbeEntry[] = [];
  let sink: ((entries: ProbeEntry[]) => void) | null = null;
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    if (sink) sink(batch);
    else cache.putMany(batch);
  };
  const probed = (key: ProbeCacheKey, result: ProbeResult): StreamInspection => {
    pending.push({ key, result });
    if (pending.length >= FLUSH_AT) flush();
    return { ok: true, ...audioOf(result), streams: result.streams, cached: false, mtimeMs: key.mtimeMs };
  };
  return {
    flush,
    divert(to) {
      sink = to;
    },
    async inspect(path, options): Promise<StreamInspection> {
      if (options?.uncached) {
        // Probed first: the native reader's fstat stamps the result, and the stat a cache lookup
        // needs is not made (one syscall a file less in a first scan).
        const outcome = await prober.probe(path);
        if (outcome.ok && outcome.file) return probed({ path, ...outcome.file }, outcome.result);
        // ffprobe's result, or a failure: stat as a lookup would have, and a vanished file is missing.
        const key = statKey(path);
        if (!("path" in key)) return key;
        return outcome.ok
          ? probed(key, outcome.result)
          : { ok: false, error: outcome.error.message, missing: false };
      }
      const key = statKey(path);
      if (!("path" in key)) return key;
      const hit = cache.get(key);
      if (hit) return { ok: true, ...audioOf(hit), streams: hit.streams, cached: true, mtimeMs: key.mtimeMs };
      const outcome = await prober.probe(path);
      if (!outcome.ok) return { ok: false, error: outcome.error.message, missing: false };
      return probed(key, outcome.result);
    },
  };
}

/** The file's cache key, or why it cannot be read (a file that is gone is `missing`). */
function statKey(path: string): ProbeCacheKey | Extract<StreamInspection, { ok: false }> {
  try {
    const stat = statSync(path);
    return { path, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: code === "ENOENT" ? "file not found" : `cannot stat (${code})`,
      missing: code === "ENOENT",
    };
  }
}

const audioOf = (result: ProbeResult) =>
  result.audioLanguages === undefined ? {} : { audioLanguages: result.audioLanguages };
