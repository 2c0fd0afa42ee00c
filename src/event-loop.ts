/**
 * Long synchronous stretches (native probes, name parsing, thousands of row writes) run on the
 * one event loop that also answers HTTP. A yielder hands the loop back at least every
 * `everyItems` calls or `everyMs` of work, so liveness and API reads stay quick during a scan.
 * Concurrent callers share one pending yield: once it is due, every task waits for the same
 * turn of the loop instead of racing on in microtasks.
 *
 * @example
 * const pause = createYielder();
 * for (const file of files) {
 *   await pause();
 *   work(file);
 * }
 */
export type Yielder = () => Promise<void> | undefined;

export function createYielder(options: { everyMs?: number; everyItems?: number } = {}): Yielder {
  const everyMs = options.everyMs ?? 8;
  const everyItems = options.everyItems ?? 256;
  let since = performance.now();
  let count = 0;
  let pending: Promise<void> | undefined;
  return () => {
    if (pending) return pending;
    if (++count < everyItems && performance.now() - since < everyMs) return undefined;
    pending = new Promise((resolve) =>
      setImmediate(() => {
        pending = undefined;
        count = 0;
        since = performance.now();
        resolve();
      }),
    );
    return pending;
  };
}
