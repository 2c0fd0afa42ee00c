import { backoffDelay, type Sleep } from "./retry-timing.ts";

/** One try: a value, or a failure that says whether another try may help and how long to wait. */
export type Try<T, F> =
  | { ok: true; value: T }
  | { ok: false; failure: F; retry: boolean; waitMs?: number | null };

export type Retried<T, F> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; failure: F; attempts: number; aborted: boolean };

/**
 * The one retry loop of outside calls: tries `once` up to `attempts` times while its failures say
 * `retry`, sleeping the server's wait (`Retry-After`) or exponential backoff in between, and stops
 * at once when `signal` aborts. The caller words the final failure (its error types differ).
 */
export async function retrying<T, F>(
  options: { attempts: number; sleep: Sleep; signal?: AbortSignal | undefined },
  once: () => Promise<Try<T, F>>,
): Promise<Retried<T, F>> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await once();
    if (outcome.ok) return { ok: true, value: outcome.value, attempts: attempt };
    if (!outcome.retry || attempt >= options.attempts)
      return { ok: false, failure: outcome.failure, attempts: attempt, aborted: false };
    await options.sleep(outcome.waitMs ?? backoffDelay(attempt), options.signal);
    if (options.signal?.aborted)
      return { ok: false, failure: outcome.failure, attempts: attempt, aborted: true };
  }
}
