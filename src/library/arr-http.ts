import { anySignal } from "../concurrency.ts";
import type { ArrInstanceConfig } from "../config/schema.ts";
import { BODY_CAPS, BodyTooLargeError, readCappedText } from "../net/capped-body.ts";
import { isHtmlPage, pageTitle } from "../net/remote.ts";
import { retrying } from "../net/retry.ts";
import { defaultSleep, type FetchLike, parseRetryAfter, type Sleep } from "../net/retry-timing.ts";

export type ArrApp = "sonarr" | "radarr";

export interface ArrHttpDeps {
  fetch?: FetchLike;
  sleep?: Sleep;
  now?: () => Date;
  /** Builds the per-request timeout signal; tests pass one they can fire without waiting. */
  timeoutSignal?: (ms: number) => AbortSignal;
  /** Largest body accepted; a bigger listing is a failed listing, never a partial one. */
  maxBodyBytes?: number;
}

export type ArrErrorKind = "auth" | "http" | "network" | "timeout" | "aborted" | "invalid-response";

/** A failed arr request. Never carries the API key. */
export interface ArrError {
  kind: ArrErrorKind;
  app: ArrApp;
  instance: string;
  method: string;
  /** Path and query below the base URL, e.g. `/api/v3/episodefile?seriesId=1`. */
  path: string;
  status: number | null;
  attempts: number;
  /** One line naming the instance, request and cause. */
  message: string;
}

export type ArrResult<T> = { ok: true; value: T } | { ok: false; error: ArrError };

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Query = Record<string, QueryValue>;

export interface ArrRequest {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ArrHttpClient {
  readonly app: ArrApp;
  readonly instance: string;
  /** HTTP requests sent so far, every retry included. */
  readonly requestCount: number;
  request(method: string, path: string, options?: ArrRequest): Promise<ArrResult<unknown>>;
  /** GET `/api/v3{path}`. */
  get(path: string, query?: Query, signal?: AbortSignal): Promise<ArrResult<unknown>>;
}

export type ArrInstance = Pick<ArrInstanceConfig, "name" | "url" | "apiKey" | "timeoutMs" | "retries">;

const ERROR_DETAIL_MAX = 300;

/** `?a=1&ids=1&ids=2` (arrays repeat the key, as the arr apps expect); "" when empty. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s === "" ? "" : `?${s}`;
}

/** An HTML page's `<title>` ("" without one), or null when `text` is no HTML page. */
function htmlTitle(text: string, contentType: string | null): string | null {
  if (!isHtmlPage(text) && !/^text\/html\b/i.test(contentType ?? "")) return null;
  return pageTitle(text) ?? "";
}

/** Where a redirect points, without its query (a login page's `?rd=` repeats our own URL). */
function redirectTarget(location: string | null, url: string): string {
  if (!location) return "another address";
  try {
    const target = new URL(location, url);
    return `${target.origin}${target.pathname}`;
  } catch {
    return "another address";
  }
}

const NOT_THE_API =
  "a reverse proxy's login page or a wrong URL or URL base: point the url at the app itself (with its URL base)";

function detailOf(text: string): string {
  if (text.trim() === "") return "";
  const title = htmlTitle(text, null);
  if (title !== null) return title === "" ? "an HTML page" : `an HTML page ("${title}")`;
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && "message" in body && typeof body.message === "string") {
      return body.message;
    }
    if (Array.isArray(body)) {
      return body
        .map((e) => (e && typeof e === "object" && "errorMessage" in e ? String(e.errorMessage) : ""))
        .filter((s) => s !== "")
        .join("; ");
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim();
}

function statusReason(status: number, detail: string): string {
  const base =
    status === 401
      ? "API key rejected"
      : status === 403
        ? "access forbidden"
        : status === 404
          ? "not found"
          : status === 429
            ? "rate limited"
            : status >= 500
              ? "server error"
              : "request rejected";
  return detail === "" ? `${base} (HTTP ${status})` : `${base} (HTTP ${status}): ${detail}`;
}

type Attempt =
  | { ok: true; value: unknown }
  | {
      ok: false;
      kind: ArrErrorKind;
      status: number | null;
      reason: string;
      retry: boolean;
      waitMs: number | null;
    };

/**
 * HTTP client for one Sonarr/Radarr instance (API v3). Sends the key as `X-Api-Key`, times out
 * each request, retries network errors, timeouts, 5xx and 429 with exponential backoff (429
 * waits for `Retry-After`), and returns failures as values.
 */
export function createArrHttpClient(
  app: ArrApp,
  instance: ArrInstance,
  deps: ArrHttpDeps = {},
): ArrHttpClient {
  const doFetch: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? (() => new Date());
  const timeoutSignal = deps.timeoutSignal ?? ((ms: number) => AbortSignal.timeout(ms));
  const maxBodyBytes = deps.maxBodyBytes ?? BODY_CAPS.arrListing;
  const base = instance.url.replace(/\/+$/, "");
  const attempts = 1 + Math.max(0, instance.retries);
  const scrub = (s: string) => (instance.apiKey.length > 0 ? s.split(instance.apiKey).join("***") : s);
  let requestCount = 0;

  async function once(method: string, url: string, options: ArrRequest): Promise<Attempt> {
    const timeout = timeoutSignal(instance.timeoutMs);
    const signal = anySignal(timeout, options.signal);
    const headers: Record<string, string> = { "X-Api-Key": instance.apiKey, Accept: "application/json" };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    requestCount++;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { method, headers, body, signal, redirect: "manual" });
      text = await readCappedText(response, maxBodyBytes, { signal });
    } catch (e) {
      if (options.signal?.aborted) {
        return { ok: false, kind: "aborted", status: null, reason: "cancelled", retry: false, waitMs: null };
      }
      if (e instanceof BodyTooLargeError) {
        return {
          ok: false,
          kind: "invalid-response",
          status: null,
          reason: e.message,
          retry: false,
          waitMs: null,
        };
      }
      if (timeout.aborted) {
        const reason = `timed out after ${instance.timeoutMs} ms`;
        return { ok: false, kind: "timeout", status: null, reason, retry: true, waitMs: null };
      }
      const reason = `cannot reach the server: ${e instanceof Error ? e.message : String(e)}`;
      return { ok: false, kind: "network", status: null, reason, retry: true, waitMs: null };
    }
    const status = response.status;
    if (status >= 200 && status < 300) {
      if (text.trim() === "") return { ok: true, value: null };
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        const title = htmlTitle(text, response.headers.get("content-type"));
        const reason =
          title === null
            ? `invalid JSON in the response (HTTP ${status})`
            : `answered with an HTML page${title === "" ? "" : ` ("${title}")`} instead of the ${app === "sonarr" ? "Sonarr" : "Radarr"} API (HTTP ${status}): ${NOT_THE_API}`;
        return { ok: false, kind: "invalid-response", status, reason, retry: false, waitMs: null };
      }
    }
    if (status >= 300 && status < 400) {
      // Not followed: the key would go along to wherever the redirect points.
      const target = redirectTarget(response.headers.get("location"), url);
      const reason = `redirected to ${target} (HTTP ${status}): ${NOT_THE_API}`;
      return { ok: false, kind: "http", status, reason, retry: false, waitMs: null };
    }
    const detail = detailOf(text).slice(0, ERROR_DETAIL_MAX);
    const reason = statusReason(status, detail);
    if (status === 401 || status === 403) {
      return { ok: false, kind: "auth", status, reason, retry: false, waitMs: null };
    }
    if (status === 429) {
      const waitMs = parseRetryAfter(response.headers.get("retry-after"), now());
      return { ok: false, kind: "http", status, reason, retry: true, waitMs };
    }
    return { ok: false, kind: "http", status, reason, retry: status >= 500, waitMs: null };
  }

  async function request(
    method: string,
    path: string,
    options: ArrRequest = {},
  ): Promise<ArrResult<unknown>> {
    const shownPath = `${path}${buildQuery(options.query)}`;
    const url = `${base}${shownPath}`;
    const fail = (
      kind: ArrErrorKind,
      status: number | null,
      reason: string,
      tries: number,
    ): ArrResult<never> => ({
      ok: false,
      error: {
        kind,
        app,
        instance: instance.name,
        method,
        path: scrub(shownPath),
        status,
        attempts: tries,
        message: scrub(`${app} "${instance.name}": ${method} ${shownPath} failed: ${reason}`),
      },
    });
    const result = await retrying({ attempts, sleep, signal: options.signal }, async () => {
      const outcome = await once(method, url, options);
      return outcome.ok
        ? outcome
        : { ok: false, failure: outcome, retry: outcome.retry, waitMs: outcome.waitMs };
    });
    if (result.ok) return { ok: true, value: result.value };
    if (result.aborted) return fail("aborted", null, "cancelled", result.attempts);
    const { kind, status, reason } = result.failure;
    const told = result.attempts > 1 ? `${reason} (after ${result.attempts} attempts)` : reason;
    return fail(kind, status, told, result.attempts);
  }

  return {
    app,
    instance: instance.name,
    get requestCount() {
      return requestCount;
    },
    request,
    get: (path, query, signal) => request("GET", `/api/v3${path}`, { query, signal }),
  };
}
