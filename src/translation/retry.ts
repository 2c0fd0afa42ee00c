import type { Exchange, ResolvedDeps } from "../net/remote.ts";
import { retrying } from "../net/retry.ts";
import { parseRetryAfter } from "../net/retry-timing.ts";
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
  const result = await retrying({ attempts: retries + 1, sleep: deps.sleep, signal }, async () => {
    const outcome = await once();
    return outcome.ok
      ? outcome
      : { ok: false, failure: outcome.error, retry: outcome.retry, waitMs: outcome.waitMs ?? null };
  });
  if (result.ok) return result.value;
  const { kind, backend, status, message } = result.failure;
  if (result.aborted) throw new TranslationError("aborted", backend, "cancelled");
  if (result.attempts === 1) throw result.failure;
  throw new TranslationError(kind, backend, `${message} (after ${result.attempts} attempts)`, { status });
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
