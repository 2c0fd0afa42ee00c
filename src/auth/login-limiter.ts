import type { Clock } from "../clock.ts";

export interface LoginLimiter {
  /** Seconds the client must wait before trying again, or 0 when it may try now. */
  retryAfter(client: string): number;
  /**
   * `retryAfter`, and when that is 0 the attempt is counted as failed at once (`succeeded` clears
   * it): guesses sent all at once are each checked before any of them has been verified.
   */
  attempt(client: string): number;
  failed(client: string): void;
  succeeded(client: string): void;
}

export interface LoginLimiterOptions {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
}

/** Failed logins per client address within a window; past the limit, login answers 429 until it passes. */
export function createLoginLimiter({
  clock,
  maxFailures = 5,
  windowMs = 15 * 60_000,
}: LoginLimiterOptions): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (client: string, now: number) => {
    const kept = (failures.get(client) ?? []).filter((t) => now - t < windowMs);
    if (kept.length) failures.set(client, kept);
    else failures.delete(client);
    return kept;
  };
  const limiter: LoginLimiter = {
    attempt(client) {
      const wait = limiter.retryAfter(client);
      if (wait === 0) limiter.failed(client);
      return wait;
    },
    retryAfter(client) {
      const now = clock.now().getTime();
      const kept = recent(client, now);
      if (kept.length < maxFailures) return 0;
      return Math.max(1, Math.ceil((kept[kept.length - maxFailures]! + windowMs - now) / 1000));
    },
    failed(client) {
      const now = clock.now().getTime();
      // A flood of addresses must not grow the map without bound: forget the stale ones first.
      if (failures.size > 10_000) for (const key of [...failures.keys()]) recent(key, now);
      failures.set(client, [...recent(client, now), now].slice(-maxFailures));
    },
    succeeded(client) {
      failures.delete(client);
    },
  };
  return limiter;
}
