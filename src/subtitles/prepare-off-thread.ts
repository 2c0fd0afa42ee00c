import type { DownloadedFile } from "../providers/types.ts";
import { workerUrl as workerUrlOf } from "../worker-url.ts";
import type { PreparedSubtitle, SubtitleWanted } from "./pipeline.ts";
import type { PrepareJob, PrepareReply } from "./prepare-messages.ts";
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from "./types.ts";

export interface OffThreadPreparer {
  prepare(file: DownloadedFile, want: SubtitleWanted, limits?: ExtractLimits): Promise<PreparedSubtitle>;
  /** Stops the worker; jobs still waiting fail. */
  close(): void;
}

export interface OffThreadOptions {
  /** A job that takes longer is failed and its worker replaced. */
  timeoutMs?: number;
  /** An idle worker is stopped after this long, handing its memory (WASM heaps included) back. */
  idleMs?: number;
  /** The worker script; tests substitute their own. */
  workerUrl?: URL | string;
  /** Called each time a worker is started (tests count replacements). */
  onSpawn?: () => void;
}

interface Pending {
  job: PrepareJob;
  resolve(result: PreparedSubtitle): void;
}

const failed = (reason: string): PreparedSubtitle => ({ ok: false, reason });

/**
 * Turns downloads into subtitle text in one Worker, one download at a time, so that inflating,
 * 7-Zip, unrar, charset detection and validation never hold the server's event loop. The worker
 * starts on first use and stops when idle.
 */
export function createOffThreadPreparer(options: OffThreadOptions = {}): OffThreadPreparer {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const idleMs = options.idleMs ?? 30_000;
  const workerUrl = options.workerUrl ?? workerUrlOf(import.meta.url, "subtitles/prepare-worker.ts");
  const waiting: Pending[] = [];
  let worker: Worker | null = null;
  let current: { pending: Pending; timer: Timer } | null = null;
  let idleTimer: Timer | null = null;
  let nextId = 1;
  let closed = false;

  function spawn(): Worker {
    const spawned = new Worker(workerUrl, { smol: true });
    spawned.unref();
    options.onSpawn?.();
    spawned.onmessage = (event: MessageEvent<PrepareReply>) => {
      if (current && event.data.id === current.pending.job.id) finish(event.data.result);
    };
    spawned.onerror = (event) => {
      event.preventDefault();
      stopWorker();
      finish(failed(`the subtitle worker failed: ${event.message}`));
    };
    return spawned;
  }

  function stopWorker(): void {
    worker?.terminate();
    worker = null;
  }

  function finish(result: PreparedSubtitle): void {
    if (!current) return;
    clearTimeout(current.timer);
    const { pending } = current;
    current = null;
    pending.resolve(result);
    pump();
  }

  function pump(): void {
    if (current || closed) return;
    const pending = waiting.shift();
    if (!pending) {
      // An idle worker does not keep the process alive; one with a job does (a CLI scan waits on it).
      worker?.unref();
      idleTimer = setTimeout(stopWorker, idleMs);
      idleTimer.unref();
      return;
    }
    if (idleTimer) clearTimeout(idleTimer);
    worker ??= spawn();
    worker.ref();
    const timer = setTimeout(() => {
      stopWorker();
      finish(failed(`timed-out: unpacking took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    timer.unref();
    current = { pending, timer };
    worker.postMessage(pending.job);
  }

  return {
    prepare(file, want, limits = DEFAULT_EXTRACT_LIMITS) {
      if (closed) return Promise.resolve(failed("the subtitle worker is closed"));
      return new Promise((resolve) => {
        const job = { id: nextId++, fileName: file.fileName, bytes: file.bytes, want, limits };
        waiting.push({ job, resolve });
        pump();
      });
    },
    close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      if (current) clearTimeout(current.timer);
      stopWorker();
      for (const pending of [current?.pending, ...waiting.splice(0)]) {
        pending?.resolve(failed("the subtitle worker was closed"));
      }
      current = null;
    },
  };
}
