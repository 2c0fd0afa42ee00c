import type { NotifierType } from "../config/notifications.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, type Exchange, exchange, type ResolvedDeps } from "../net/remote.ts";
import { retrying } from "../net/retry.ts";
import { parseRetryAfter } from "../net/retry-timing.ts";
import type { NotificationMessage } from "./message.ts";

/** How one delivery went: what the service answered (scrubbed of every secret) or why nothing arrived. */
export interface SendResult {
  ok: boolean;
  /** HTTP status (SMTP reply code for email); null when no answer came. */
  status: number | null;
  message: string;
  attempts: number;
  /**
   * Set when the service refused for its rate limit (HTTP 429): how long it asked to wait, or
   * null when it did not say. The dispatcher holds the notifier's queue for it.
   */
  rateLimitedMs?: number | null;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Whether a transient failure (network, timeout, 5xx, 429) is tried again; a Test action tries once. */
  retry: boolean;
}

export interface Notifier {
  name: string;
  type: NotifierType;
  send(message: NotificationMessage, options: SendOptions): Promise<SendResult>;
}

/** One request a notifier sends: what the payload tests check against each service's documented format. */
export interface HttpNotification {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const SEND_ATTEMPTS = 3;
/** A service asking to wait longer than this (a Discord bucket reset) gets the failure, not a sleep. */
export const MAX_RETRY_WAIT_MS = 30_000;

type Answer = Extract<Exchange, { ok: true }>;

export interface HttpDelivery {
  timeoutMs: number;
  scrub: (text: string) => string;
  /** Whether a 2xx answer really is a success (Telegram says so in its body) and what to report. */
  accepted?: (answer: Answer) => { ok: boolean; message: string };
  /** The service's own wait on a 429, when it sends one in the body (Discord, Telegram). */
  retryAfterMs?: (answer: Answer) => number | null;
  /** The human part of an error answer; `bodyDetail` by default. */
  detail?: (answer: Answer) => string;
}

/** POSTs `request`, retrying network errors, timeouts, 5xx and 429 (after the service's wait) up to SEND_ATTEMPTS. */
export async function deliverHttp(
  deps: ResolvedDeps,
  request: HttpNotification,
  delivery: HttpDelivery,
  options: SendOptions,
): Promise<SendResult> {
  const headers = { "User-Agent": deps.userAgent, ...request.headers };
  const outcome = await retrying<
    { status: number; message: string },
    { status: number | null; message: string; rateLimitedMs?: number | null }
  >({ attempts: options.retry ? SEND_ATTEMPTS : 1, sleep: deps.sleep, signal: options.signal }, async () => {
    const answer = await exchange(
      deps,
      request.url,
      { method: "POST", headers, body: request.body },
      { timeoutMs: delivery.timeoutMs, maxBytes: BODY_CAPS.notification, signal: options.signal },
    );
    if (!answer.ok) {
      const failure = { status: null, message: answer.reason };
      return { ok: false, failure, retry: answer.kind === "network" || answer.kind === "timeout" };
    }
    if (answer.status >= 200 && answer.status < 300) {
      const verdict = delivery.accepted?.(answer) ?? {
        ok: true,
        message: `accepted (HTTP ${answer.status})`,
      };
      if (verdict.ok) return { ok: true, value: { status: answer.status, message: verdict.message } };
      return { ok: false, failure: { status: answer.status, message: verdict.message }, retry: false };
    }
    const detail = (delivery.detail ?? ((a: Answer) => bodyDetail(a.text)))(answer);
    const failure = {
      status: answer.status,
      message: `HTTP ${answer.status}${detail ? `: ${detail}` : ""}`,
    };
    if (answer.status === 429) {
      const waitMs =
        delivery.retryAfterMs?.(answer) ?? parseRetryAfter(answer.headers.get("retry-after"), deps.now());
      return {
        ok: false,
        failure: { ...failure, rateLimitedMs: waitMs },
        retry: waitMs === null || waitMs <= MAX_RETRY_WAIT_MS,
        waitMs,
      };
    }
    return { ok: false, failure, retry: answer.status >= 500 };
  });
  if (outcome.ok)
    return {
      ok: true,
      ...outcome.value,
      message: delivery.scrub(outcome.value.message),
      attempts: outcome.attempts,
    };
  const message = outcome.aborted ? `cancelled after: ${outcome.failure.message}` : outcome.failure.message;
  return {
    ok: false,
    status: outcome.failure.status,
    message: delivery.scrub(message),
    attempts: outcome.attempts,
    ...(outcome.failure.rateLimitedMs !== undefined ? { rateLimitedMs: outcome.failure.rateLimitedMs } : {}),
  };
}

/** A 429 body's `retry_after` in seconds (Discord: fractional, top level; Telegram: under `parameters`). */
export function retryAfterField(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : null;
}
