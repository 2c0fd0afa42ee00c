/**
 * Posts `job` to a Worker of its own (a small heap), started for it and stopped as soon as it
 * answers or fails, so whatever the job held goes with it and the event loop keeps serving
 * meanwhile. A worker that fails (it did not load, it threw) answers `failed(message)`.
 */
export function inWorkerOnce<Job, Reply>(
  workerUrl: URL | string,
  job: Job,
  failed: (message: string) => Reply,
): Promise<Reply> {
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl, { smol: true });
    const finish = (reply: Reply) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (event: MessageEvent<Reply>) => finish(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      finish(failed(event.message));
    };
    worker.postMessage(job);
  });
}
