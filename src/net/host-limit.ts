import type { FetchLike } from "./retry-timing.ts";

/**
 * At most `perHost` requests in flight to one host (scheme + host + port) across every client
 * that shares the returned fetch: a small Sonarr on a NAS stalls when a scan, health checks and
 * webhooks all ask at once. A slot is held until the body has been read, cancelled or the
 * request's signal aborts (a caller that never reads the body frees it at its timeout), so the
 * cap counts connections, not just header waits. Keep-alive is Bun's fetch default; holding
 * the count at the pool size lets those connections be reused instead of opening more.
 */
export interface HostLimitedFetch extends FetchLike {
  /** Requests in flight and waiting per host, for health and tests. */
  load(): Record<string, { active: number; waiting: number }>;
}

interface Gate {
  active: number;
  queue: Array<{ grant: () => void }>;
}

export function limitPerHost(base: FetchLike, perHost: number): HostLimitedFetch {
  if (!Number.isInteger(perHost) || perHost < 1)
    throw new RangeError(`per-host limit must be >= 1, got ${perHost}`);
  const gates = new Map<string, Gate>();

  const acquire = (origin: string, signal: AbortSignal | null | undefined): Promise<() => void> => {
    let gate = gates.get(origin);
    if (!gate) {
      gate = { active: 0, queue: [] };
      gates.set(origin, gate);
    }
    const held = gate;
    const releaser = () => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = held.queue.shift();
        if (next) next.grant();
        else if (--held.active === 0) gates.delete(origin);
      };
    };
    if (held.active < perHost) {
      held.active++;
      return Promise.resolve(releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(releaser());
        },
      };
      function onAbort() {
        const at = held.queue.indexOf(waiter);
        if (at >= 0) held.queue.splice(at, 1);
        reject(signal?.reason ?? new DOMException("The operation was aborted.", "AbortError"));
      }
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      held.queue.push(waiter);
    });
  };

  const limited = async (url: string, init: RequestInit): Promise<Response> => {
    const release = await acquire(new URL(url).origin, init.signal);
    init.signal?.addEventListener("abort", release, { once: true });
    let response: Response;
    try {
      response = await base(url, init);
    } catch (e) {
      release();
      throw e;
    }
    if (!response.body) {
      release();
      return response;
    }
    return withReleasingBody(response, release);
  };

  return Object.assign(limited, {
    load: () =>
      Object.fromEntries(
        [...gates].map(([origin, g]) => [origin, { active: g.active, waiting: g.queue.length }]),
      ),
  });
}

/** The same response whose body frees the slot when it ends, fails or is cancelled. */
function withReleasingBody(response: Response, release: () => void): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (e) {
        release();
        controller.error(e);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // Redirect handling and error messages read these; a constructed Response has them empty.
  Object.defineProperty(wrapped, "url", { value: response.url });
  Object.defineProperty(wrapped, "redirected", { value: response.redirected });
  return wrapped;
}
