import type { Exchange, ResolvedDeps } from "../net/remote.ts";
import { backoffDelay, parseRetryAfter } from "../net/retry-timing.ts";
import { type TranslationBackendName, TranslationError } from "./types.ts";

export type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: TranslationError; retry: boolean; waitMs?: number | null };

/**
 * Runs `once` until it succeeds, fails for good, or `retries` extra attempts are spent, sleeping
 * with exponential backoff (or the server's `Retry-After`) in between.
 */
export async function withRetries<T>(
  deps: ResolvedDeps,
  retries: number,
  signal: AbortSignal | undefined,
  once: () => Promise<Attempt<T>>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await once();
    if (outcome.ok) return outcome.value;
    if (!outcome.retry || attempt > retries) {
      if (attempt === 1) throw outcome.error;
      const { kind, backend, status } = outcome.error;
      throw new TranslationError(kind, backend, `${outcome.error.message} (after ${attempt} attempts)`, {
        status,
      });
    }
    await deps.sleep(outcome.waitMs ?? backoffDelay(attempt), signal);
    if (signal?.aborted) throw new TranslationError("aborted", outcome.error.backend, "cancelled");
  }
}

/** Maps a transport failure to an attempt: network errors and timeouts are worth retrying. */
export function transportFailure(
  backend: TranslationBackendName,
  result: Extract<Exchange, { ok: false }>,
): Attempt<never> {
  const error = new TranslationError(result.kind, backend, `${backend}: ${result.reason}`);
  return { ok: false, error, retry: result.kind === "network" || result.kind === "timeout" };
}

export function retryAfterMs(deps: ResolvedDeps, headers: Headers): number | null {
  return parseRetryAfter(headers.get("retry-after"), deps.now());
}
