import type { Database } from "bun:sqlite";
import type { ProbeEngine, ProbeResult, SubtitleStream } from "../types.ts";

/** Bump whenever a probe engine's output for the same file changes; older rows then miss. */
export const PROBE_VERSION = 3;

/** What makes a cached answer valid: the same file, unchanged. */
export interface ProbeCacheKey {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A probe result to cache, under what makes it valid. */
export interface ProbeEntry {
  key: ProbeCacheKey;
  result: ProbeResult;
}

export interface ProbeCache {
  get(key: ProbeCacheKey): ProbeResult | null;
  /** Cached results of the keys that hit, by path; one read transaction for the batch. */
  getMany(keys: Iterable<ProbeCacheKey>): Map<string, ProbeResult>;
  put(key: ProbeCacheKey, result: ProbeResult): void;
  /** Writes a batch in one transaction. */
  putMany(entries: Iterable<ProbeEntry>): void;
  /** Deletes entries of files that no longer exist; returns how many were deleted. */
  prune(keep: ReadonlySet<string> | ((path: string) => boolean)): number;
}

export interface ProbeCacheOptions {
  probeVersion?: number;
  now?: () => Date;
}

interface Row {
  size: number;
  mtime_ms: number;
  probe_version: number;
  engine: string;
  streams_json: string;
}

/** File systems report sub-millisecond mtimes; the column holds whole milliseconds. */
const mtimeKey = (mtimeMs: number) => Math.floor(mtimeMs);

export function createProbeCache(sqlite: Database, options: ProbeCacheOptions = {}): ProbeCache {
  const probeVersion = options.probeVersion ?? PROBE_VERSION;
  const now = options.now ?? (() => new Date());
  const select = sqlite.query<Row, [string]>(
    "SELECT size, mtime_ms, probe_version, engine, streams_json FROM probe_cache WHERE path = ?",
  );
  const upsert = sqlite.query(
    `INSERT INTO probe_cache (path, size, mtime_ms, probe_version, engine, streams_json, probed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
       probe_version = excluded.probe_version, engine = excluded.engine,
       streams_json = excluded.streams_json, probed_at = excluded.probed_at`,
  );
  const allPaths = sqlite.query<{ path: string }, []>("SELECT path FROM probe_cache");
  const remove = sqlite.query("DELETE FROM probe_cache WHERE path = ?");

  function lookup(key: ProbeCacheKey): ProbeResult | null {
    const row = select.get(key.path);
    if (!row || row.size !== key.size || row.mtime_ms !== mtimeKey(key.mtimeMs)) return null;
    if (row.probe_version !== probeVersion) return null;
    try {
      const stored = JSON.parse(row.streams_json) as
        | SubtitleStream[]
        | { streams: SubtitleStream[]; audio: string[] };
      if (Array.isArray(stored)) return { engine: row.engine as ProbeEngine, streams: stored };
      return { engine: row.engine as ProbeEngine, streams: stored.streams, audioLanguages: stored.audio };
    } catch {
      return null;
    }
  }

  function write(key: ProbeCacheKey, result: ProbeResult, probedAt: string) {
    upsert.run(
      key.path,
      key.size,
      mtimeKey(key.mtimeMs),
      probeVersion,
      result.engine,
      // Audio languages ride along in the same column since version 3.
      JSON.stringify(
        result.audioLanguages === undefined
          ? result.streams
          : { streams: result.streams, audio: result.audioLanguages },
      ),
      probedAt,
    );
  }

  const getMany = sqlite.transaction((keys: Iterable<ProbeCacheKey>) => {
    const hits = new Map<string, ProbeResult>();
    for (const key of keys) {
      const result = lookup(key);
      if (result) hits.set(key.path, result);
    }
    return hits;
  });
  const putMany = sqlite.transaction((entries: Iterable<ProbeEntry>) => {
    const probedAt = now().toISOString();
    for (const { key, result } of entries) write(key, result, probedAt);
  });
  const prune = sqlite.transaction((keep: ReadonlySet<string> | ((path: string) => boolean)) => {
    const keeps = typeof keep === "function" ? keep : (path: string) => keep.has(path);
    let deleted = 0;
    for (const { path } of allPaths.all()) {
      if (keeps(path)) continue;
      remove.run(path);
      deleted++;
    }
    return deleted;
  });

  return {
    get: lookup,
    getMany: (keys) => getMany(keys),
    put: (key, result) => write(key, result, now().toISOString()),
    putMany: (entries) => putMany(entries),
    prune: (keep) => prune(keep),
  };
}

/** Whether any probe is cached (a scan that starts with none holds only probes of files it listed). */
export function hasCachedProbes(sqlite: Database): boolean {
  return sqlite.query("SELECT 1 FROM probe_cache LIMIT 1").get() !== null;
}

/**
 * Drops the probes of files no library lists any more (media files and their probes are one
 * aggregate: a probe outlives its file only until this runs). Returns how many went.
 */
export function pruneUnlistedProbes(sqlite: Database): number {
  return sqlite.run("DELETE FROM probe_cache WHERE path NOT IN (SELECT path FROM media_files)").changes;
}
