import type { ConnectionOptions } from "node:tls";
import type { Clock } from "../clock.ts";
import { anySignal } from "../concurrency.ts";
import type { NotificationEventName, NotifierConfig, NotifierType } from "../config/notifications.ts";
import type { EventBus } from "../events/bus.ts";
import type { Logger } from "../log.ts";
import { limitPerHost } from "../net/host-limit.ts";
import { type RemoteDeps, resolveDeps } from "../net/remote.ts";
import { messageFor, type NotificationMessage, testMessage } from "./message.ts";
import type { Notifier, SendResult } from "./notifier.ts";
import { createNotifier } from "./notifiers.ts";

export interface NotificationResult extends SendResult {
  at: string;
  event: NotificationMessage["event"];
}

export interface NotifierStatus {
  name: string;
  type: NotifierType;
  enabled: boolean;
  events: NotificationEventName[];
  /** Waiting to be sent; at most `queueLimit`, past which new messages are dropped. */
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  lastResult: NotificationResult | null;
}

export interface NotificationsDeps extends RemoteDeps {
  log: Logger;
  clock: Clock;
  events: EventBus;
  /** Runs a detailed-health report; the watch calls it so health changes are noticed without a poller. */
  checkHealth?: () => Promise<unknown>;
  healthWatchMs?: number;
  /** Requests in flight per notification host, across every notifier (default 2). */
  perHost?: number;
  /** Messages waiting per notifier before new ones are dropped (default 100). */
  queueLimit?: number;
  smtpTls?: ConnectionOptions;
  /** Replaces the notifiers built from config, matched by name (tests). */
  notifiers?: readonly Notifier[];
  /** Calls `fn` every `ms`; returns the stop function (tests drive it by hand). */
  every?: (ms: number, fn: () => void) => () => void;
}

export interface Notifications {
  list(): NotifierStatus[];
  /** Sends a test message now, once, and waits for the answer; null for an unknown name. */
  test(name: string, signal?: AbortSignal): Promise<(NotificationResult & { latencyMs: number }) | null>;
  /** Starts the health watch when an enabled notifier wants health changes. */
  start(): void;
  /**
   * Stops listening, lets queued messages go out for up to `graceMs`, then aborts sends in flight
   * and drops what is left.
   */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when every queue is empty (tests). */
  whenIdle(): Promise<void>;
}

interface Slot {
  config: NotifierConfig;
  notifier: Notifier;
  queue: NotificationMessage[];
  running: Promise<void> | null;
  stats: { sent: number; failed: number; dropped: number };
  lastResult: NotificationResult | null;
  /** Until when a rate-limiting service asked to be left alone (epoch ms). */
  rateLimitedUntil: number | null;
}

/** Waits for a rate-limiting service per message before it counts as failed. */
const RATE_LIMIT_PAUSES = 3;
/** The wait when a 429 does not say how long (ntfy's does not): most limits are per minute. */
const RATE_LIMIT_DEFAULT_WAIT_MS = 60_000;
const RATE_LIMIT_MAX_WAIT_MS = 300_000;

const defaultEvery = (ms: number, fn: () => void) => {
  const timer = setInterval(fn, ms);
  timer.unref?.();
  return () => clearInterval(timer);
};

/**
 * Turns bus events into notifications. Each notifier has its own bounded queue worked one message
 * at a time in the background, so a slow or down service delays only its own messages and never
 * the download, search or health check that caused them; every failure is logged, scrubbed.
 */
export function createNotifications(
  entries: readonly NotifierConfig[],
  deps: NotificationsDeps,
): Notifications {
  const queueLimit = deps.queueLimit ?? 100;
  const http = resolveDeps({
    ...deps,
    fetch: limitPerHost(deps.fetch ?? ((url, init) => fetch(url, init)), deps.perHost ?? 2),
  });
  const slots = entries.map(
    (config): Slot => ({
      config,
      notifier:
        deps.notifiers?.find((n) => n.name === config.name) ??
        createNotifier(config, http, deps.smtpTls ? { tls: deps.smtpTls } : {}),
      queue: [],
      running: null,
      stats: { sent: 0, failed: 0, dropped: 0 },
      lastResult: null,
      rateLimitedUntil: null,
    }),
  );
  const controller = new AbortController();
  let stopped = false;
  let stopWatch: (() => void) | null = null;

  async function sendSafely(slot: Slot, message: NotificationMessage, retry: boolean): Promise<SendResult> {
    try {
      return await slot.notifier.send(message, { signal: controller.signal, retry });
    } catch (e) {
      return { ok: false, status: null, message: e instanceof Error ? e.message : String(e), attempts: 1 };
    }
  }

  function record(slot: Slot, message: NotificationMessage, sent: SendResult): NotificationResult {
    const { rateLimitedMs: _, ...result } = sent;
    const entry = { ...result, at: deps.clock.now().toISOString(), event: message.event };
    slot.lastResult = entry;
    const fields = {
      notifier: slot.config.name,
      type: slot.config.type,
      event: message.event,
      attempts: result.attempts,
    };
    if (result.ok) deps.log.debug("notification sent", fields);
    else deps.log.warn("notification failed", { ...fields, status: result.status, error: result.message });
    return entry;
  }

  /**
   * Sends one message. A service that refuses for its rate limit (Telegram's ~20 messages a minute
   * to a group, Discord's per-channel limit, ntfy's per-visitor one) gets the wait it asked for
   * before anything more goes to it, the refused message first: otherwise every queued message
   * would be sent into the limit at once and lost.
   */
  async function sendPaced(slot: Slot, message: NotificationMessage): Promise<SendResult> {
    let attempts = 0;
    for (let pause = 0; ; pause++) {
      const waitMs = (slot.rateLimitedUntil ?? 0) - deps.clock.now().getTime();
      slot.rateLimitedUntil = null;
      if (waitMs > 0) {
        deps.log.info("notifications paused: the service is rate limiting", {
          notifier: slot.config.name,
          waitMs,
          queued: slot.queue.length,
        });
        await http.sleep(waitMs, controller.signal);
        if (stopped)
          return {
            ok: false,
            status: null,
            message: "cancelled while the service's rate limit lasted",
            attempts,
          };
      }
      const sent = await sendSafely(slot, message, true);
      attempts += sent.attempts;
      const result = { ...sent, attempts };
      if (result.ok || result.rateLimitedMs === undefined) return result;
      slot.rateLimitedUntil =
        deps.clock.now().getTime() +
        Math.min(result.rateLimitedMs ?? RATE_LIMIT_DEFAULT_WAIT_MS, RATE_LIMIT_MAX_WAIT_MS);
      if (pause >= RATE_LIMIT_PAUSES || stopped) return result;
    }
  }

  function pump(slot: Slot) {
    if (slot.running || stopped) return;
    slot.running = (async () => {
      for (let message = slot.queue.shift(); message && !stopped; message = slot.queue.shift()) {
        const result = await sendPaced(slot, message);
        if (result.ok) slot.stats.sent++;
        else slot.stats.failed++;
        record(slot, message, result);
      }
    })().finally(() => {
      slot.running = null;
    });
  }

  function enqueue(slot: Slot, message: NotificationMessage) {
    if (slot.queue.length >= queueLimit) {
      if (slot.stats.dropped++ === 0 || slot.stats.dropped % queueLimit === 0)
        deps.log.warn("notifications dropped: the service is not keeping up", {
          notifier: slot.config.name,
          queued: slot.queue.length,
          dropped: slot.stats.dropped,
        });
      return;
    }
    slot.queue.push(message);
    pump(slot);
  }

  async function whenIdle() {
    while (slots.some((s) => s.running)) await Promise.all(slots.map((s) => s.running));
  }

  const unsubscribe = deps.events.subscribe((published) => {
    if (stopped) return;
    const message = messageFor(published.event, published.at);
    if (!message) return;
    for (const slot of slots) {
      if (slot.config.enabled && (slot.config.events as readonly string[]).includes(message.event))
        enqueue(slot, message);
    }
  });

  return {
    list: () =>
      slots.map((slot) => ({
        name: slot.config.name,
        type: slot.config.type,
        enabled: slot.config.enabled,
        events: [...slot.config.events],
        queued: slot.queue.length,
        ...slot.stats,
        lastResult: slot.lastResult,
      })),
    async test(name, signal) {
      const slot = slots.find((s) => s.config.name === name);
      if (!slot) return null;
      const message = testMessage(name, deps.clock.now().toISOString());
      const started = performance.now();
      const result = await (async () => {
        try {
          const any = anySignal(controller.signal, signal);
          return await slot.notifier.send(message, { signal: any, retry: false });
        } catch (e) {
          return {
            ok: false,
            status: null,
            message: e instanceof Error ? e.message : String(e),
            attempts: 1,
          };
        }
      })();
      const latencyMs = Math.round(performance.now() - started);
      return { ...record(slot, message, result), latencyMs };
    },
    start() {
      const watched = slots.some((s) => s.config.enabled && s.config.events.includes("health"));
      if (!watched || !deps.checkHealth || stopWatch || stopped) return;
      const check = deps.checkHealth;
      const run = () => void check().catch((error) => deps.log.warn("health watch failed", { error }));
      run();
      stopWatch = (deps.every ?? defaultEvery)(deps.healthWatchMs ?? 120_000, run);
    },
    async stop(graceMs = 0) {
      unsubscribe();
      stopWatch?.();
      stopWatch = null;
      if (graceMs > 0 && !stopped) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([whenIdle(), grace]);
        clearTimeout(timer);
      }
      stopped = true;
      controller.abort();
      for (const slot of slots) slot.queue.length = 0;
      await Promise.all(slots.map((s) => s.running));
    },
    whenIdle,
  };
}
