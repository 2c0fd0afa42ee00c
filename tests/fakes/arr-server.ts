/**
 * What the Sonarr and Radarr fakes add to the base (fake-service.ts): auth as the arr apps check it,
 * `/ping`, a failing-database mode, request counters, and JSON conventions (nulls omitted,
 * second-precision `Z` timestamps).
 */
import { empty, json as plainJson, type RecordedRequest, startFakeService } from "./fake-service.ts";

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

/** The fakes' default clock: a minute later on every call, from 2024-01-01, so timestamps differ. */
export function minuteClock(): () => Date {
  let t = Date.parse("2024-01-01T00:00:00Z");
  return () => {
    t += 60_000;
    return new Date(t);
  };
}

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
  return plainJson(omitNulls(body), status, headers);
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

/** The arr fakes' view of the base's request log. */
function counterOver(requests: RecordedRequest[]): RequestCounter {
  return {
    get total() {
      return requests.length;
    },
    get byPath() {
      const byPath = new Map<string, number>();
      for (const r of requests) byPath.set(r.path, (byPath.get(r.path) ?? 0) + 1);
      return byPath;
    },
    get log() {
      return requests.map((r) => ({ method: r.method, path: r.path, query: r.search }));
    },
    count: (path) => requests.filter((r) => r.path === path).length,
    reset() {
      requests.length = 0;
    },
  };
}

/** Serves `route` on 127.0.0.1 (random port) behind arr-style auth and the failure modes. */
export function startArrServer(options: { apiKey: string; route: ArrRoute }): ArrFakeControls {
  // "error" is the arr's own mode: the process is up (so the base is "up") but its database fails.
  let erroring = false;
  const service = startFakeService({
    headers: ["x-api-key"],
    gate: ({ req, url }) => {
      if (url.pathname === "/ping") return erroring ? json({ status: "Error" }, 500) : json({ status: "OK" });
      if (presentedKey(req, url) !== options.apiKey) return empty(401);
      if (erroring) {
        return json(
          { message: "database is locked", description: "System.Data.SQLite.SQLiteException" },
          500,
        );
      }
      return null;
    },
    route: ({ req, url }) => {
      if (!url.pathname.startsWith("/api/v3/")) return empty(404);
      return options.route(req, url);
    },
  });
  return {
    url: service.url,
    apiKey: options.apiKey,
    requests: counterOver(service.requests),
    async setMode(next) {
      erroring = next === "error";
      await service.setMode(next === "error" ? "up" : next);
    },
    failNext(fail) {
      const headers: Record<string, string> = fail.retryAfter ? { "Retry-After": fail.retryAfter } : {};
      service.injectFailures(fail.count, () =>
        json({ message: `injected failure ${fail.status}` }, fail.status, headers),
      );
    },
    stop: () => service.stop(),
  };
}
