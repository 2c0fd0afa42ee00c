import { buildInfo } from "../build-info.ts";
import { anySignal } from "../concurrency.ts";
import { BodyTooLargeError, readCappedText } from "./capped-body.ts";
import { defaultSleep, type FetchLike, type Sleep } from "./retry-timing.ts";

/**
 * What the translation, media-server and Whisper clients share: injectable transport, one
 * request bounded by a timeout and the caller's signal, and readable error details that never
 * carry a secret.
 */

/** Outcome of a cheap reachability/credential probe. Never throws. */
export interface HealthResult {
  healthy: boolean;
  message: string;
  details?: Record<string, unknown>;
}

export interface RemoteDeps {
  fetch?: FetchLike;
  sleep?: Sleep;
  now?: () => Date;
  /** Builds the per-request timeout signal; tests pass one they can fire without waiting. */
  timeoutSignal?: (ms: number) => AbortSignal;
  userAgent?: string;
}

export interface ResolvedDeps {
  fetch: FetchLike;
  sleep: Sleep;
  now: () => Date;
  timeoutSignal: (ms: number) => AbortSignal;
  userAgent: string;
}

export function resolveDeps(deps: RemoteDeps = {}): ResolvedDeps {
  return {
    fetch: deps.fetch ?? ((url, init) => fetch(url, init)),
    sleep: deps.sleep ?? defaultSleep,
    now: deps.now ?? (() => new Date()),
    timeoutSignal: deps.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms)),
    userAgent: deps.userAgent ?? `Subhound/${buildInfo.version}`,
  };
}

/** `invalid-response`: the body was larger than the caller's cap. */
export type ExchangeFailureKind = "network" | "timeout" | "aborted" | "invalid-response";

export type Exchange =
  | { ok: true; status: number; headers: Headers; text: string }
  | { ok: false; kind: ExchangeFailureKind; reason: string };

/** One HTTP request whose body is read in full, up to `maxBytes`; transport failures come back as values. */
export async function exchange(
  deps: ResolvedDeps,
  url: string,
  init: RequestInit,
  options: { timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<Exchange> {
  if (options.signal?.aborted) return { ok: false, kind: "aborted", reason: "cancelled" };
  const timeout = deps.timeoutSignal(options.timeoutMs);
  const signal = anySignal(timeout, options.signal);
  try {
    const response = await deps.fetch(url, { ...init, signal });
    const text = await readCappedText(response, options.maxBytes, { signal });
    return { ok: true, status: response.status, headers: response.headers, text };
  } catch (e) {
    if (options.signal?.aborted) return { ok: false, kind: "aborted", reason: "cancelled" };
    if (e instanceof BodyTooLargeError) return { ok: false, kind: "invalid-response", reason: e.message };
    if (timeout.aborted)
      return { ok: false, kind: "timeout", reason: `timed out after ${options.timeoutMs} ms` };
    return { ok: false, kind: "network", reason: `cannot reach the server: ${errorText(e)}` };
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const DETAIL_MAX = 200;

/** The human part of an error body: `{"error"}`, `{"error":{"message"}}`, `{"message"}`, FastAPI `detail`, an HTML title. */
/**
 * Whether a body is a web page rather than an API's answer: a proxy's login page, Cloudflare's
 * "Just a moment...", a firewall's block page.
 */
export function isHtmlPage(text: string): boolean {
  const head = text.trimStart().slice(0, 1024).toLowerCase();
  return head.startsWith("<!doctype html") || /^<(?:html|body)[\s>]/.test(head) || /<head[\s>]/.test(head);
}

/** A web page's `<title>`, whitespace folded; null when it has none. */
export function pageTitle(text: string): string | null {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, " ").trim();
  return title ? title : null;
}

export function bodyDetail(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  try {
    const found = messageIn(JSON.parse(trimmed));
    if (found !== null) return found.slice(0, DETAIL_MAX);
  } catch {
    // not JSON: fall through to the raw text
  }
  const title = pageTitle(trimmed);
  if (title) return title.slice(0, DETAIL_MAX);
  return trimmed.replace(/\s+/g, " ").slice(0, DETAIL_MAX);
}

function messageIn(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (Array.isArray(body)) {
    const parts = body.map(messageIn).filter((s): s is string => s !== null);
    return parts.length > 0 ? parts.join("; ") : null;
  }
  if (!body || typeof body !== "object") return null;
  for (const key of ["error", "message", "msg", "detail", "MediaContainer"]) {
    if (key in body) {
      const found = messageIn((body as Record<string, unknown>)[key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Replaces every occurrence of the given secrets (keys, tokens) with `***`. */
export function scrubber(...secrets: (string | undefined)[]): (s: string) => string {
  const list = secrets.filter((s): s is string => s !== undefined && s.length > 0);
  return (s) => list.reduce((out, secret) => out.split(secret).join("***"), s);
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
