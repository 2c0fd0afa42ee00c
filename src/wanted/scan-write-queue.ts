import { isWal } from "../db/connection.ts";
import type { Yielder } from "../event-loop.ts";
import type { ProbeEntry } from "../media/probe/cache.ts";
import { createProbeCache, type ProbeCache } from "../media/probe/cache.ts";
import { createScanWriter, type ScanWriter, type WriteResult } from "./scan-writer.ts";
import type { ScannerDeps } from "./scanner.ts";
import { createSearchIndexer } from "./search-indexer.ts";
import type { FileWrite, WantedStore } from "./store/index.ts";

/**
 * Files written per transaction on the scan's own thread, gathered across groups: a scan commits a
 * few times, not once per series (each commit writes every page it touched to the WAL), and no
 * write holds the event loop long (a file costs its upsert and its items; it is indexed for search
 * once the scan ended, 256 files a turn).
 */
const INLINE_BATCH = 256;
/**
 * Batches for the writer thread are smaller (their commits cost that thread, not the scan's), so
 * that what is left to write once the scan's thread is done stays short; a few at most are queued
 * (a 2,000-file first scan: 256 × 2 → 128 × 4 took its median from 0.61 to 0.55 s).
 */
const WORKER_BATCH = 128;
const MAX_INFLIGHT = 4;

export interface ScanWriteQueueDeps {
  deps: Pick<ScannerDeps, "db" | "clock" | "log" | "inspector" | "writes" | "createWriter">;
  store: WantedStore;
  pause: Yielder;
  scanId: number;
  /** Each batch once committed: what it changed and how long its transaction took. */
  onWritten: (result: WriteResult) => void;
}

/**
 * A scan's writes, in few transactions of a bounded size. The probe cache's new entries go in the
 * same commits. A scan with a whole worker batch to write hands its batches to a writer thread
 * (scan-writer.ts) and goes on listing and inspecting; a scan with less (most incremental ones)
 * writes on its own thread, with no thread started.
 */
export function createScanWriteQueue({ deps, store, pause, scanId, onWritten }: ScanWriteQueueDeps) {
  const { clock, inspector } = deps;
  const pending: FileWrite[] = [];
  // A writer thread needs a file in WAL mode (a rollback journal would make this thread's reads wait).
  const offload = deps.writes !== "inline" && isWal(deps.db.sqlite);
  let writer: ScanWriter | null = null;
  const inflight: Promise<void>[] = [];
  // Probe results found while the writer runs, sent along with the next batch.
  let probes: ProbeEntry[] = [];

  const startWriter = (): ScanWriter => {
    let fallbackCache: ProbeCache | null = null;
    const started = (deps.createWriter ?? createScanWriter)({
      path: deps.db.path,
      onFallBack: (reason) =>
        deps.log.warn("the scan's writer thread failed; its writes go on in the server's thread", {
          error: reason,
        }),
      inline: (job) =>
        store.writeFiles(job.writes, job.scanId, job.now, () => {
          if (job.probes.length === 0) return;
          fallbackCache ??= createProbeCache(deps.db.sqlite);
          fallbackCache.putMany(job.probes);
        }),
    });
    inspector.divert?.((entries) => probes.push(...entries));
    return started;
  };

  const send = (batch: FileWrite[]) => {
    writer ??= startWriter();
    inspector.flush?.();
    const done = writer
      .write({ writes: batch, scanId, now: clock.now().toISOString(), probes })
      .then(onWritten);
    probes = [];
    // Awaited in order by `flush`; this only keeps a failure from counting as unhandled meanwhile.
    done.catch(() => {});
    inflight.push(done);
  };

  const writeHere = (batch: FileWrite[]) => {
    const since = performance.now();
    const counts = store.writeFiles(batch, scanId, clock.now().toISOString(), () => inspector.flush?.());
    onWritten({ counts, ms: performance.now() - since });
  };

  return {
    push(write: FileWrite) {
      pending.push(write);
    },
    /** Writes whole batches (between groups), or everything (`all`, at the end of an instance). */
    async flush(all: boolean): Promise<void> {
      for (;;) {
        if (writer !== null || (offload && pending.length >= WORKER_BATCH)) {
          if (pending.length === 0 || (!all && pending.length < WORKER_BATCH)) break;
          send(pending.splice(0, WORKER_BATCH));
          while (inflight.length > MAX_INFLIGHT) await inflight.shift();
          continue;
        }
        // Where a writer thread can start, writes wait for a whole batch of its size (or the end).
        if (pending.length === 0 || (!all && (offload || pending.length < INLINE_BATCH))) break;
        writeHere(pending.splice(0, INLINE_BATCH));
        if (pending.length > 0) await pause();
      }
      if (!all) return;
      if (writer) {
        // Probe results of files that wrote nothing still go in through the writer, after the rest.
        inspector.flush?.();
        if (probes.length > 0) send([]);
        while (inflight.length > 0) await inflight.shift();
      } else inspector.flush?.();
    },
    /**
     * Ends the writer thread, if one was started (cached probes are written here again), and
     * indexes the files the scan added for search: on that thread, or on this one a chunk per turn.
     * Settles once they are indexed; the scan's result does not wait for it.
     */
    async close(): Promise<void> {
      if (writer) {
        inspector.divert?.(null);
        const closing = writer;
        writer = null;
        await closing.close();
      }
      // What this thread wrote (a scan with no writer thread, or one whose thread failed).
      await createSearchIndexer({ sqlite: deps.db.sqlite, log: deps.log, chunk: INLINE_BATCH }).catchUp();
    },
  };
}
