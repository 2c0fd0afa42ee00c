/**
 * What the Sonarr and Radarr fakes share: auth as the arr apps check it, request counters,
 * failure modes, and JSON conventions (nulls omitted, second-precision `Z` timestamps).
 */

export type ArrFakeMode = "up" | "down" | "error" | "slow";

export interface RequestCounter {
  total: number;
  /** Keyed by path without query, e.g. `/api/v3/episodefile`. */
  byPath: Map<string, number>;
  log: { method: string; path: string; query: string }[];
  count(path: string): number;
  reset(): void;
}

export interface FailNext {
  count: number;
  status: number;
  /** Sent as the `Retry-After` header. */
  retryAfter?: string;
}

export interface ArrFakeControls {
  url: string;
  apiKey: string;
  requests: RequestCounter;
  /**
   * `down`: connection refused (the port is closed); `error`: every API call answers 500;
   * `slow`: API calls never answer until the client gives up.
   */
  setMode(mode: ArrFakeMode): Promise<void>;
  /** The next `count` API calls answer `status` (5xx, 429…), then normal service resumes. */
  failNext(fail: FailNext): void;
  stop(): Promise<void>;
}

export type ArrRoute = (req: Request, url: URL) => Response | Promise<Response>;

export function arrTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Drops null/undefined fields recursively, as System.Text.Json WhenWritingNull does. */
export function omitNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(omitNulls) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = omitNulls(v);
    return out as T;
  }
  return value;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(omitNulls(body)), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

export function badRequest(message: string): Response {
  return json({ message }, 400);
}

/** ModelNotFoundException as the arr apps render it. */
export function notFound(model: string, id: number | string): Response {
  return json(
    {
      message: `${model} with ID ${id} does not exist`,
      description: `NzbDrone.Core.Datastore.ModelNotFoundException: ${model} with ID ${id} does not exist\n   at NzbDrone.Core.Datastore.BasicRepository.Get(Int32 id)`,
    },
    404,
  );
}

export function intParam(url: URL, name: string): number | null {
  const v = url.searchParams.get(name);
  if (v === null || !/^-?\d+$/.test(v)) return null;
  return Number(v);
}

export function intParams(url: URL, name: string): number[] {
  return url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(","))
    .filter((v) => /^\d+$/.test(v))
    .map(Number);
}

function presentedKey(req: Request, url: URL): string | null {
  const query = url.searchParams.get("apikey");
  if (query) return query;
  const header = req.headers.get("x-api-key");
  if (header) return header;
  const auth = req.headers.get("authorization");
  if (auth?.startsWith("Bearer ")) return auth.slice(7);
  return null;
}

function createCounter(): RequestCounter {
  const counter: RequestCounter = {
    total: 0,
    byPath: new Map(),
    log: [],
    count: (path) => counter.byPath.get(path) ?? 0,
    reset() {
      counter.total = 0;
      counter.byPath.clear();
      counter.log.length = 0;
    },
  };
  return counter;
}

/** Serves `route` on 127.0.0.1 (random port) behind arr-style auth and the failure modes. */
export async function startArrServer(options: { apiKey: string; route: ArrRoute }): Promise<ArrFakeControls> {
  const requests = createCounter();
  let mode: ArrFakeMode = "up";
  const failures: FailNext[] = [];

  const fetchHandler = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    requests.total++;
    requests.byPath.set(url.pathname, (requests.byPath.get(url.pathname) ?? 0) + 1);
    requests.log.push({ method: req.method, path: url.pathname, query: url.search });
    if (url.pathname === "/ping") {
      return mode === "error" ? json({ status: "Error" }, 500) : json({ status: "OK" });
    }
    if (presentedKey(req, url) !== options.apiKey) return new Response(null, { status: 401 });
    if (mode === "slow") {
      await new Promise<void>((resolve) =>
        req.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      return new Response(null, { status: 503 });
    }
    if (mode === "error") {
      return json({ message: "database is locked", description: "System.Data.SQLite.SQLiteException" }, 500);
    }
    const fail = failures[0];
    if (fail) {
      fail.count--;
      if (fail.count <= 0) failures.shift();
      const headers: Record<string, string> = fail.retryAfter ? { "Retry-After": fail.retryAfter } : {};
      return json({ message: `injected failure ${fail.status}` }, fail.status, headers);
    }
    if (!url.pathname.startsWith("/api/v3/")) return new Response(null, { status: 404 });
    return options.route(req, url);
  };

  let server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: fetchHandler });
  const port = server.port;
  const controls: ArrFakeControls = {
    url: `http://127.0.0.1:${port}`,
    apiKey: options.apiKey,
    requests,
    async setMode(next) {
      if (mode === "down" && next !== "down") {
        server = Bun.serve({ hostname: "127.0.0.1", port, fetch: fetchHandler });
      } else if (next === "down" && mode !== "down") {
        await server.stop(true);
      }
      mode = next;
    },
    failNext(fail) {
      if (fail.count > 0) failures.push({ ...fail });
    },
    async stop() {
      if (mode !== "down") await server.stop(true);
      mode = "down";
    },
  };
  return controls;
}
