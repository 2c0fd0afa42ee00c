/**
 * Worker entry: commits a scan's batches of file writes (and the probe results they carry) on a
 * connection of its own; see scan-writer.ts. It loads bun:sqlite and raw statements only (no
 * drizzle, no schema): it answers its first batch within milliseconds of being started. Listed as a
 * build entrypoint in scripts/compile.ts so that the compiled binary carries it.
 */
import { openWriterConnection } from "../db/connection.ts";
import { createProbeCache } from "../media/probe/cache.ts";
import type { WriteJob, WriteReply } from "./scan-writer.ts";
import { createFileWrites } from "./store/file-writes.ts";
import { indexPendingFiles } from "./store/search-index.ts";

declare const self: Worker;

let opened: ReturnType<typeof open> | null = null;
/** The scan's clock at the batch being written: cached probes are stamped with it. */
let jobNow = new Date();

function open(path: string) {
  const sqlite = openWriterConnection(path);
  return {
    sqlite,
    writeFiles: createFileWrites(sqlite).writeFiles,
    cache: createProbeCache(sqlite, { now: () => jobNow }),
  };
}

/** Files indexed for search per transaction at the end: the server's own writes wait at most one. */
const INDEX_CHUNK = 1000;

self.onmessage = (event: MessageEvent<string>) => {
  if (event.data === "close") {
    // The files the scan added go into the search index now, off the scan's clock and its thread
    // (store/search-index.ts). A failure leaves them for the next end of a scan or start; searches
    // match them meanwhile.
    try {
      if (opened) while (indexPendingFiles(opened.sqlite, INDEX_CHUNK).more) {}
    } catch {}
    opened?.sqlite.close();
    opened = null;
    self.postMessage("closed");
    return;
  }
  const job = JSON.parse(event.data) as WriteJob;
  let reply: WriteReply;
  try {
    opened ??= open(job.path);
    jobNow = new Date(job.now);
    const { writeFiles, cache } = opened;
    const since = performance.now();
    const counts = writeFiles(job.writes, job.scanId, job.now, () => {
      if (job.probes.length > 0) cache.putMany(job.probes);
    });
    reply = { id: job.id, ok: true, counts, ms: performance.now() - since };
  } catch (error) {
    reply = { id: job.id, ok: false, error: (error as Error)?.message ?? String(error) };
  }
  self.postMessage(reply);
};
