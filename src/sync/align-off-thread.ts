import type { AlignOptions } from "./align.ts";
import type { AlignJob, AlignReply } from "./align-messages.ts";
import type { Cue } from "./cue-times.ts";

/**
 * Runs one alignment in a Worker of its own, stopped when it answers, fails, is aborted or times out,
 * so its spectra (tens of MB for a long episode) go with it and liveness keeps answering meanwhile.
 */
export function alignOffThread(
  reference: Uint8Array,
  cues: Cue[],
  options: AlignOptions,
  limits: { timeoutMs: number; signal?: AbortSignal; workerUrl?: URL | string },
): Promise<AlignReply> {
  if (limits.signal?.aborted) return Promise.resolve({ ok: false, reason: "cancelled" });
  return new Promise((resolve) => {
    const worker = new Worker(limits.workerUrl ?? defaultWorkerUrl(), { smol: true });
    const finish = (reply: AlignReply) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener("abort", onAbort);
      worker.terminate();
      resolve(reply);
    };
    const onAbort = () => finish({ ok: false, reason: "cancelled" });
    const timer = setTimeout(
      () =>
        finish({ ok: false, reason: `alignment took longer than ${limits.timeoutMs} ms and was stopped` }),
      limits.timeoutMs,
    );
    limits.signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<AlignReply>) => finish(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ ok: false, reason: `the alignment worker failed: ${event.message}` });
    };
    const job: AlignJob = { reference, cues, options };
    worker.postMessage(job);
  });
}

/** As for the subtitle worker: beside this file from source, under `sync/` in the compiled bundle. */
function defaultWorkerUrl(): URL {
  const here = new URL(import.meta.url);
  const compiled = here.pathname.startsWith("/$bunfs/") || here.pathname.includes("/~BUN/");
  return new URL(compiled ? "./sync/align-worker.ts" : "./align-worker.ts", here);
}
