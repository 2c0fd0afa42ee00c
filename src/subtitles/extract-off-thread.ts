import type { DownloadedFile } from "../providers/types.ts";
import type { ExtractJob, ExtractReply } from "./extract-messages.ts";
import { DEFAULT_EXTRACT_LIMITS, ExtractError, type ExtractLimits, type SubtitleFile } from "./types.ts";

export type ExtractFn = (
  file: DownloadedFile,
  limits?: ExtractLimits,
) => Promise<SubtitleFile[] | ExtractError>;

export interface OffThreadExtractor {
  extract: ExtractFn;
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
  job: ExtractJob;
  resolve(result: SubtitleFile[] | ExtractError): void;
}

/**
 * Unpacks downloads in one Worker, one download at a time, so that inflating, 7-Zip and unrar
 * never hold the server's event loop. The worker starts on first use and stops when idle.
 */
export function createOffThreadExtractor(options: OffThreadOptions = {}): OffThreadExtractor {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const idleMs = options.idleMs ?? 30_000;
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
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
    spawned.onmessage = (event: MessageEvent<ExtractReply>) => {
      if (!current || event.data.id !== current.pending.job.id) return;
      const reply = event.data;
      finish(reply.ok ? reply.files : new ExtractError(reply.reason, reply.message));
    };
    spawned.onerror = (event) => {
      event.preventDefault();
      stopWorker();
      finish(new ExtractError("corrupt", `the extraction worker failed: ${event.message}`));
    };
    return spawned;
  }

  function stopWorker(): void {
    worker?.terminate();
    worker = null;
  }

  function finish(result: SubtitleFile[] | ExtractError): void {
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
      idleTimer = setTimeout(stopWorker, idleMs);
      idleTimer.unref();
      return;
    }
    if (idleTimer) clearTimeout(idleTimer);
    worker ??= spawn();
    const timer = setTimeout(() => {
      stopWorker();
      finish(new ExtractError("timed-out", `unpacking took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    timer.unref();
    current = { pending, timer };
    worker.postMessage(pending.job);
  }

  return {
    extract(file, limits = DEFAULT_EXTRACT_LIMITS) {
      if (closed) return Promise.resolve(new ExtractError("corrupt", "the extractor is closed"));
      return new Promise((resolve) => {
        waiting.push({ job: { id: nextId++, fileName: file.fileName, bytes: file.bytes, limits }, resolve });
        pump();
      });
    },
    close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      stopWorker();
      for (const pending of [current?.pending, ...waiting.splice(0)]) {
        pending?.resolve(new ExtractError("corrupt", "the extractor was closed"));
      }
      if (current) clearTimeout(current.timer);
      current = null;
    },
  };
}

/**
 * From source the worker sits beside this file. In the compiled binary all of this is one bundle
 * named after the binary at the virtual root, and the worker's own entry (scripts/compile.ts) keeps
 * its path below `src/`.
 */
function defaultWorkerUrl(): URL {
  const here = new URL(import.meta.url);
  const compiled = here.pathname.startsWith("/$bunfs/") || here.pathname.includes("/~BUN/");
  return new URL(compiled ? "./subtitles/extract-worker.ts" : "./extract-worker.ts", here);
}
