export interface SerialQueue<T> {
  /** Queues a job; false (and not queued) when `limit` jobs wait already or the queue is closed. */
  push(job: T): boolean;
  /** Resolves once nothing waits or runs. */
  whenIdle(): Promise<void>;
  /** Takes no more jobs: hands back those still waiting (never run) and the end of the running one. */
  close(): { dropped: T[]; finished: Promise<void> };
}

/**
 * Runs jobs one at a time in the order queued, at most `limit` waiting. `run` is started on a later
 * microtask, never inside `push`: whoever queues goes on first.
 */
export function createSerialQueue<T>(limit: number, run: (job: T) => Promise<void>): SerialQueue<T> {
  const waiting: T[] = [];
  let draining: Promise<void> | null = null;
  let closed = false;

  async function drain(): Promise<void> {
    await Promise.resolve();
    for (let job = waiting.shift(); job !== undefined; job = waiting.shift()) {
      try {
        await run(job);
      } catch {
        // `run` reports its own failures; one job's never stops the next.
      }
    }
    draining = null;
  }

  return {
    push(job) {
      if (closed || waiting.length >= limit) return false;
      waiting.push(job);
      draining ??= drain();
      return true;
    },
    whenIdle: () => draining ?? Promise.resolve(),
    close() {
      closed = true;
      return { dropped: waiting.splice(0), finished: draining ?? Promise.resolve() };
    },
  };
}
