/**
 * The one base every fake server stands on: a `Bun.serve` on 127.0.0.1 with a random port, a log
 * of the requests received, switches for being down, slow or broken, and injected failures.
 * Protocol specifics (auth, error bodies, JSON conventions) live in each fake; arr-server.ts adds
 * what Sonarr and Radarr share.
 */

export type FakeMode = "up" | "down" | "slow" | "garbage";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The raw query string with its `?` ("" when none), for repeated keys that `query` folds. */
  search: string;
  /** Lower-cased header names, limited to the ones the fake was told to keep. */
  headers: Record<string, string>;
  /** JSON parsed, multipart/urlencoded as an object (files as `{ filename, size, type }`), else text. */
  body: unknown;
}

export interface FakeRequest {
  req: Request;
  url: URL;
  body: unknown;
}

export type FakeRoute = (request: FakeRequest) => Response | Promise<Response>;

export interface FakeServiceOptions {
  route: FakeRoute;
  /** Request headers to keep in `requests` besides authorization, user-agent, accept and content-type. */
  headers?: string[];
  /**
   * Answers before the modes and injected failures apply (a liveness path, an auth check), as the
   * real service does; `null` lets the request through.
   */
  gate?: (request: FakeRequest) => Response | null;
}

export interface FakeService {
  url: string;
  requests: RecordedRequest[];
  /** `down`: the port is closed; `slow`: requests never answer until aborted; `garbage`: 200 with an HTML page. */
  setMode(mode: FakeMode): Promise<void>;
  /** The next `count` requests get `respond()` instead of the normal answer. */
  injectFailures(count: number, respond: () => Response): void;
  stop(): Promise<void>;
}

const GARBAGE = "<html><head><title>Welcome to nginx!</title></head><body>garbage</body></html>";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

export function empty(status: number): Response {
  return new Response(null, { status });
}

async function parseBody(req: Request): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("multipart/form-data") || type.includes("application/x-www-form-urlencoded")) {
    const form = await req.formData();
    const out: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      out[key] =
        typeof value === "string" ? value : { filename: value.name, size: value.size, type: value.type };
    }
    return out;
  }
  const text = await req.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function startFakeService(options: FakeServiceOptions): FakeService {
  const requests: RecordedRequest[] = [];
  const kept = ["authorization", "user-agent", "accept", "content-type", ...(options.headers ?? [])];
  let mode: FakeMode = "up";
  const failures: { count: number; respond: () => Response }[] = [];

  const handler = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const body = await parseBody(req);
    const headers: Record<string, string> = {};
    for (const name of kept) {
      const value = req.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    requests.push({
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      search: url.search,
      headers,
      body,
    });
    const gated = options.gate?.({ req, url, body });
    if (gated) return gated;
    if (mode === "slow") {
      await new Promise<void>((resolve) =>
        req.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      return empty(503);
    }
    if (mode === "garbage") return new Response(GARBAGE, { headers: { "Content-Type": "text/html" } });
    const failure = failures[0];
    if (failure) {
      failure.count--;
      if (failure.count <= 0) failures.shift();
      return failure.respond();
    }
    return options.route({ req, url, body });
  };

  let server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  const port = server.port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async setMode(next) {
      if (mode === "down" && next !== "down")
        server = Bun.serve({ hostname: "127.0.0.1", port, fetch: handler });
      else if (next === "down" && mode !== "down") await server.stop(true);
      mode = next;
    },
    injectFailures(count, respond) {
      if (count > 0) failures.push({ count, respond });
    },
    async stop() {
      if (mode !== "down") await server.stop(true);
      mode = "down";
    },
  };
}
