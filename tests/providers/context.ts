import { silentLogger } from "../../src/log.ts";
import type { ProviderContext, RateLimitHint } from "../../src/providers/types.ts";

/**
 * A ProviderContext for testing one provider against its fake: plain fetch, recorded sleeps
 * (resolved at once, so no test waits on the clock) and recorded rate-limit hints.
 */
export function testContext(options: { now?: Date; signal?: AbortSignal } = {}) {
  const sleeps: number[] = [];
  const hints: RateLimitHint[] = [];
  const requests: string[] = [];
  const ctx: ProviderContext = {
    signal: options.signal ?? new AbortController().signal,
    fetch: (url, init) => {
      requests.push(url);
      return fetch(url, { ...init, signal: init?.signal ?? options.signal });
    },
    log: silentLogger,
    now: () => options.now ?? new Date("2026-11-24T10:00:00Z"),
    rateLimitHint: (hint) => {
      hints.push(hint);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { ctx, sleeps, hints, requests };
}
