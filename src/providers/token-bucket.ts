export interface TokenBucketOptions {
  /** Requests allowed per window (the bucket's size). */
  requests: number;
  perMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TokenBucketState {
  tokens: number;
  capacity: number;
  /** Epoch ms until which nothing is sent (Retry-After, quota), or null. */
  pausedUntil: number | null;
  waiting: number;
}

/** setTimeout as a promise that rejects with the signal's reason when aborted first. */
export const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * A rate limiter that waits instead of refusing: callers queue in order and each gets a token
 * as soon as the bucket refills. A pause (429 Retry-After, a spent quota) holds everyone.
 * `state().capacity` is the configured requests per window.
 */
export function createTokenBucket(options: TokenBucketOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  // One token at a time, refilled every perMs/requests: requests go out evenly spaced, so no window
  // of perMs ever holds more than `requests` of them. A bucket as large as the limit would let a
  // burst at the end of one window meet the next window's allowance, and providers that count a
  // sliding window (OpenSubtitles, Jimaku) answer that with 429.
  const capacity = 1;
  const refillPerMs = options.requests / options.perMs;
  let tokens = capacity;
  let updatedAt = now();
  let pausedUntil: number | null = null;
  let waiting = 0;
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - updatedAt) * refillPerMs);
    updatedAt = t;
  };

  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      refill();
      const pause = pausedUntil === null ? 0 : pausedUntil - now();
      if (pause <= 0) pausedUntil = null;
      const refillWait = tokens >= 1 ? 0 : Math.ceil((1 - tokens) / refillPerMs);
      const wait = Math.max(pause, refillWait);
      if (wait <= 0) {
        tokens -= 1;
        return;
      }
      await sleep(wait, signal);
    }
  }

  return {
    /** Resolves when a request may go out; rejects with the signal's reason if aborted first. */
    acquire(signal?: AbortSignal): Promise<void> {
      waiting++;
      const turn = queue.then(() => take(signal));
      // A caller that gave up must not block the ones behind it.
      queue = turn.catch(() => {});
      return turn.finally(() => {
        waiting--;
      });
    },
    /** Nothing goes out before `until` (epoch ms); a later pause wins over an earlier one. */
    pauseUntil(until: number): void {
      if (pausedUntil === null || until > pausedUntil) pausedUntil = until;
    },
    /** The provider's own count of what is left in its window. */
    hint(remaining: number, resetAt: number): void {
      refill();
      tokens = Math.min(tokens, Math.max(0, remaining));
      if (remaining <= 0) this.pauseUntil(resetAt);
    },
    state(): TokenBucketState {
      refill();
      return { tokens: Math.floor(tokens * 100) / 100, capacity: options.requests, pausedUntil, waiting };
    },
  };
}

export type TokenBucket = ReturnType<typeof createTokenBucket>;
