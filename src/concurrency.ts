/**
 * The one way work is bounded in Subhound: a semaphore for tasks that arrive over time (probes),
 * and `forEachConcurrent` for a known list (series to list, files to inspect, items to search).
 */

/** Bounds how many tasks run at once; the rest wait in arrival order. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`semaphore limit must be >= 1, got ${limit}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run(task) {
      if (active < limit) active++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/**
 * Runs `work` over `items` with at most `size` at once, in list order, until all are done, the
 * signal aborts or `stop()` says so (work already started finishes; nothing new starts).
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
  options: { signal?: AbortSignal; stop?: () => boolean } = {},
): Promise<void> {
  let next = 0;
  const halted = () => options.signal?.aborted === true || options.stop?.() === true;
  const runner = async () => {
    while (next < items.length && !halted()) await work(items[next++]!);
  };
  const runners = Math.max(0, Math.min(size, items.length));
  await Promise.all(Array.from({ length: runners }, runner));
}

/**
 * `work`'s result, or `cancelled` as soon as `signal` aborts, whichever comes first: for work no
 * cancel reaches (a directory read on a dead NFS mount never returns), which is left to finish alone.
 */
export function unlessAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  cancelled: T,
): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(cancelled);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => resolve(cancelled);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** One signal that aborts when any of `signals` does; absent ones are left out (none at all: undefined). */
export function anySignal(first: AbortSignal, ...rest: (AbortSignal | undefined)[]): AbortSignal;
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined;
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length > 1 ? AbortSignal.any(present) : present[0];
}
