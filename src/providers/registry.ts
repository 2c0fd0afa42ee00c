import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { type CircuitBreaker, createCircuitBreaker } from "./circuit-breaker.ts";
import { createProviderStateStore } from "./provider-state-store.ts";
import type { ProviderStats, ProviderStatus, ReportedQuota, SearchOutcome } from "./provider-status.ts";
import { type ProviderTestResult, runProviderTest, testFailureText } from "./provider-test.ts";
import { abortableSleep, createTokenBucket, type TokenBucket } from "./token-bucket.ts";
import {
  type DownloadedFile,
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type ProviderName,
  type SubtitleProvider,
  type SubtitleQuery,
} from "./types.ts";

interface Entry {
  provider: SubtitleProvider;
  priority: number;
  bucket: TokenBucket;
  breaker: CircuitBreaker;
  stats: ProviderStats;
  pausedUntil: number | null;
  pauseReason: string | null;
  lastError: { message: string; at: string } | null;
  quota: ReportedQuota;
  lastTest: (ProviderTestResult & { at: string }) | null;
}

export interface ProviderRegistryOptions {
  providers: { provider: SubtitleProvider; priority: number }[];
  db: Db;
  clock: Clock;
  log: Logger;
  /** Per HTTP request; a hung provider costs at most this. */
  requestTimeoutMs: number;
  fetch?: typeof fetch;
  /** Waits (rate limits, Gestdown's 423); injectable so tests never wait on the wall clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  failureThreshold?: number;
  cooldownMs?: number;
}

const PACING_MARGIN = 1.05;

/** Retries of one operation after the provider said "too many requests" (each waits as told). */
const RATE_LIMIT_RETRIES = 2;

/** Why every search is refused while no provider is enabled: said at start, in health, and by each search entry point. */
export const NO_PROVIDER_ENABLED =
  "no subtitle provider is enabled, so a search cannot find anything; enable one in Settings → Providers or in the config (e.g. providers.podnapisi.enabled = true, no account needed)";

export function createProviderRegistry(options: ProviderRegistryOptions) {
  const { clock, log } = options;
  const nowMs = () => clock.now().getTime();
  const sleep = options.sleep ?? abortableSleep;
  const doFetch = options.fetch ?? fetch;
  const entries = new Map<ProviderName, Entry>();

  const state = createProviderStateStore(options.db);

  function entryFor(provider: SubtitleProvider, priority: number): Entry {
    const stored = state.pause(provider.name);
    const storedUntil = stored?.pausedUntil ? Date.parse(stored.pausedUntil) : null;
    // A pause that ran out while the server was down is no pause, nor is its reason.
    const pausedUntil = storedUntil !== null && storedUntil > nowMs() ? storedUntil : null;
    return {
      provider,
      priority,
      bucket: createTokenBucket({
        requests: provider.rateLimit.requests,
        // 5% under the provider's limit: network jitter can bunch two evenly spaced requests
        // together on arrival, and one 429 costs a whole Retry-After pause.
        perMs: Math.ceil(provider.rateLimit.perMs * PACING_MARGIN),
        now: nowMs,
        sleep,
      }),
      breaker: createCircuitBreaker({
        failureThreshold: options.failureThreshold ?? 5,
        cooldownMs: options.cooldownMs ?? 60_000,
        now: nowMs,
      }),
      stats: {
        searches: 0,
        searchesWithResults: 0,
        searchFailures: 0,
        downloads: 0,
        downloadFailures: 0,
        requests: 0,
        totalLatencyMs: 0,
      },
      pausedUntil,
      pauseReason: pausedUntil === null ? null : (stored?.reason ?? null),
      lastError: null,
      quota: { remaining: null, limit: null, resetAt: null, reportedAt: null },
      lastTest: null,
    };
  }
  for (const { provider, priority } of options.providers)
    entries.set(provider.name, entryFor(provider, priority));

  function contextFor(entry: Entry, signal: AbortSignal): ProviderContext {
    return {
      signal,
      log: log.child({ provider: entry.provider.name }),
      now: () => clock.now(),
      sleep: (ms) => sleep(ms, signal),
      rateLimitHint: ({ remaining, resetAt }) => entry.bucket.hint(remaining, resetAt.getTime()),
      quotaHint: ({ remaining, limit, resetAt }) => {
        entry.quota = {
          remaining,
          limit,
          resetAt: resetAt?.toISOString() ?? null,
          reportedAt: clock.now().toISOString(),
        };
        // Downloads left by the provider's own count (an account upgraded or switched, a quota
        // renewed before the reset we guessed): a pause for a spent quota no longer holds.
        if (remaining > 0 && entry.pausedUntil !== null) resume(entry);
      },
      fetch: async (url, init) => {
        await entry.bucket.acquire(signal);
        entry.stats.requests++;
        const perRequest = AbortSignal.any([signal, AbortSignal.timeout(options.requestTimeoutMs)]);
        try {
          return await doFetch(url, { ...init, signal: perRequest });
        } catch (error) {
          if (signal.aborted) throw new ProviderError(entry.provider.name, "aborted", "cancelled");
          if (perRequest.aborted) {
            throw new ProviderError(
              entry.provider.name,
              "timeout",
              `no answer within ${options.requestTimeoutMs} ms`,
            );
          }
          // The host only: a URL's query can carry the key (SubDL's does).
          const host = URL.parse(url)?.host ?? "the provider";
          throw new ProviderError(
            entry.provider.name,
            "unavailable",
            `cannot reach ${host}: ${(error as Error).message}`,
          );
        }
      },
    };
  }

  function pause(entry: Entry, until: number, reason: string) {
    entry.pausedUntil = until;
    entry.pauseReason = reason;
    state.savePause(entry.provider.name, new Date(until).toISOString(), reason, clock.now().toISOString());
    log.warn("provider paused", {
      provider: entry.provider.name,
      until: new Date(until).toISOString(),
      reason,
    });
  }

  function resume(entry: Entry, why = "the provider reports downloads left") {
    log.info(`provider quota pause lifted: ${why}`, { provider: entry.provider.name });
    entry.pausedUntil = null;
    entry.pauseReason = null;
    state.savePause(entry.provider.name, null, null, clock.now().toISOString());
  }

  /** Why this provider cannot be asked now, or null when it can. */
  function unavailableReason(entry: Entry): string | null {
    if (entry.pausedUntil !== null) {
      if (entry.pausedUntil > nowMs())
        return `paused until ${new Date(entry.pausedUntil).toISOString()} (${entry.pauseReason})`;
      entry.pausedUntil = null;
      entry.pauseReason = null;
      state.savePause(entry.provider.name, null, null, clock.now().toISOString());
    }
    return null;
  }

  /** Why an open breaker turned a request away: the failure that opened it and when it tries again. */
  function breakerOpen(entry: Entry): ProviderError {
    const name = entry.provider.name;
    const { failures, retryAt } = entry.breaker.state();
    const last = entry.lastError?.message.replace(`${name}: `, "");
    const cause = last ? `, last: ${last}` : "";
    const next =
      retryAt === null
        ? "; a probe request is under way"
        : `; next try at ${new Date(retryAt).toISOString()}`;
    return new ProviderError(
      name,
      "unavailable",
      `circuit breaker open after repeated failures (${failures} in a row${cause})${next}`,
    );
  }

  /**
   * Runs one provider operation behind its breaker; on "too many requests" the bucket pauses
   * for the advised time and the operation is retried, so a 429 never turns into an empty result.
   */
  async function guarded<T>(
    entry: Entry,
    signal: AbortSignal,
    op: (ctx: ProviderContext) => Promise<T>,
    options: { ignorePause?: boolean } = {},
  ): Promise<T> {
    const paused = unavailableReason(entry);
    if (paused && !options.ignorePause) throw new ProviderError(entry.provider.name, "quota", paused);
    if (!entry.breaker.tryAcquire()) throw breakerOpen(entry);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await op(contextFor(entry, signal));
        entry.breaker.success();
        return result;
      } catch (error) {
        const e =
          error instanceof ProviderError
            ? error
            : new ProviderError(
                entry.provider.name,
                signal.aborted ? "aborted" : "bad-response",
                String(error),
              );
        // Every 429 holds the bucket, the last one too: else the next search's request goes out at
        // once and is refused again, and the provider never gets the quiet time it asked for.
        if (e.kind === "rate-limited") entry.bucket.pauseUntil(nowMs() + (e.details.retryAfterMs ?? 1000));
        if (e.kind === "rate-limited" && attempt < RATE_LIMIT_RETRIES && !signal.aborted) continue;
        if (e.kind === "quota") pause(entry, e.details.resumeAt?.getTime() ?? nowMs() + 3_600_000, e.message);
        if (
          e.kind === "unavailable" ||
          e.kind === "timeout" ||
          e.kind === "bad-response" ||
          e.kind === "auth"
        ) {
          entry.breaker.failure();
        } else {
          entry.breaker.release();
        }
        if (e.kind !== "aborted" && e.kind !== "unsupported") {
          entry.lastError = { message: e.message, at: clock.now().toISOString() };
        }
        throw e;
      }
    }
  }

  function ordered(): Entry[] {
    return [...entries.values()].sort(
      (a, b) => a.priority - b.priority || a.provider.name.localeCompare(b.provider.name),
    );
  }

  return {
    names: (): ProviderName[] => ordered().map((e) => e.provider.name),

    /**
     * A reload's providers: those in `changed` (or new) start afresh, the others keep their breaker,
     * stats and last test; those no longer listed are dropped. Searches already running finish
     * with the providers they started with.
     */
    replace(
      providers: { provider: SubtitleProvider; priority: number }[],
      changed: ReadonlySet<ProviderName>,
    ) {
      const keep = new Set(providers.map((p) => p.provider.name));
      for (const name of [...entries.keys()]) if (!keep.has(name)) entries.delete(name);
      for (const { provider, priority } of providers) {
        const existing = entries.get(provider.name);
        if (existing && !changed.has(provider.name)) existing.priority = priority;
        else entries.set(provider.name, entryFor(provider, priority));
      }
    },
    priorityOf: (name: ProviderName): number => entries.get(name)?.priority ?? 1000,

    /** Asks every provider at once; one failing or slow provider never costs the others their answer. */
    async searchAll(
      query: SubtitleQuery,
      signal: AbortSignal,
    ): Promise<{ candidates: ProviderCandidate[]; outcomes: SearchOutcome[] }> {
      const results = await Promise.all(
        ordered().map(async (entry): Promise<{ candidates: ProviderCandidate[]; outcome: SearchOutcome }> => {
          const name = entry.provider.name;
          // Candidates it could not deliver would crowd out the ones others can.
          const limitation = entry.provider.limitation?.() ?? null;
          if (limitation !== null)
            return {
              candidates: [],
              outcome: { provider: name, ok: false, skipped: true, reason: limitation },
            };
          const started = performance.now();
          try {
            const candidates = await guarded(entry, signal, (ctx) => entry.provider.search(query, ctx));
            const ms = performance.now() - started;
            entry.stats.searches++;
            entry.stats.totalLatencyMs += ms;
            if (candidates.length) entry.stats.searchesWithResults++;
            return {
              candidates,
              outcome: { provider: name, ok: true, candidates: candidates.length, ms: Math.round(ms) },
            };
          } catch (error) {
            const e = error as ProviderError;
            const skipped = e.kind === "unsupported" || e.kind === "quota" || e.kind === "aborted";
            if (!skipped) entry.stats.searchFailures++;
            // The outcome names the provider already; its reason does not repeat it.
            const reason = e instanceof ProviderError ? e.reason : String(e);
            return { candidates: [], outcome: { provider: name, ok: false, skipped, reason } };
          }
        }),
      );
      return { candidates: results.flatMap((r) => r.candidates), outcomes: results.map((r) => r.outcome) };
    },

    async download(candidate: ProviderCandidate, signal: AbortSignal): Promise<DownloadedFile> {
      const entry = entries.get(candidate.provider);
      if (!entry) throw new ProviderError(candidate.provider, "unsupported", "provider is not enabled");
      try {
        const file = await guarded(entry, signal, (ctx) => entry.provider.download(candidate, ctx));
        entry.stats.downloads++;
        return file;
      } catch (error) {
        if ((error as ProviderError).kind !== "aborted") entry.stats.downloadFailures++;
        throw error;
      }
    },

    /**
     * The Test button: one cheap real request behind the same pause, breaker and token bucket as
     * searches, so a failing test counts toward the breaker and shows as the last error.
     * Null when the provider is not enabled.
     */
    async test(name: ProviderName, signal: AbortSignal): Promise<ProviderTestResult | null> {
      const entry = entries.get(name);
      if (!entry) return null;
      // A test waits for at most two requests' time, also when a 429 pause holds the bucket.
      const limitMs = options.requestTimeoutMs * 2;
      const limit = AbortSignal.timeout(limitMs);
      const started = performance.now();
      let outcome: { ok: boolean; message: string };
      try {
        // A quota pause does not hold the test: it spends no download, and its answer (OpenSubtitles'
        // downloads left) is how a pause that no longer holds is lifted before its reset time.
        const message = await guarded(
          entry,
          AbortSignal.any([signal, limit]),
          (ctx) => runProviderTest(entry.provider, ctx),
          { ignorePause: true },
        );
        outcome = { ok: true, message };
      } catch (error) {
        const message =
          limit.aborted && !signal.aborted ? `no answer within ${limitMs} ms` : testFailureText(error);
        outcome = { ok: false, message };
      }
      const result = { ...outcome, latencyMs: Math.round(performance.now() - started) };
      entry.lastTest = { ...result, at: clock.now().toISOString() };
      return result;
    },

    /**
     * Resume now: lifts a quota pause and closes an open breaker, for a user who fixed the cause (a new
     * account, the site back) and will not wait out the pause. The rate limiter is left alone: it paces
     * requests to what the provider allows, which no fix on this side changes. Null when not enabled.
     */
    resume(name: ProviderName): { pause: boolean; breaker: boolean } | null {
      const entry = entries.get(name);
      if (!entry) return null;
      const pause = unavailableReason(entry) !== null;
      const breaker = entry.breaker.state().state !== "closed";
      if (pause) resume(entry, "resumed by the user");
      if (breaker) {
        entry.breaker.reset();
        log.info("provider circuit breaker closed: resumed by the user", { provider: name });
      }
      return { pause, breaker };
    },

    async healthCheck(name: ProviderName, signal: AbortSignal) {
      const entry = entries.get(name);
      if (!entry) return { healthy: false, message: "not enabled" };
      return entry.provider.healthCheck(contextFor(entry, signal));
    },

    status(): ProviderStatus[] {
      return ordered().map((entry) => {
        const paused = unavailableReason(entry);
        const breaker = entry.breaker.state();
        const bucket = entry.bucket.state();
        const limitation = entry.provider.limitation?.() ?? null;
        const s = entry.stats;
        return {
          name: entry.provider.name,
          enabled: true,
          priority: entry.priority,
          healthy: paused === null && breaker.state !== "open" && limitation === null,
          limitation,
          breaker: breaker.state,
          breakerRetryAt: breaker.retryAt === null ? null : new Date(breaker.retryAt).toISOString(),
          consecutiveFailures: breaker.failures,
          rateLimit: {
            ...entry.provider.rateLimit,
            tokens: bucket.tokens,
            pausedUntil: bucket.pausedUntil === null ? null : new Date(bucket.pausedUntil).toISOString(),
            waiting: bucket.waiting,
          },
          quota: {
            // One that ran out since the last request is over, though nothing has cleared it yet.
            ...(entry.pausedUntil !== null && entry.pausedUntil > nowMs()
              ? { pausedUntil: new Date(entry.pausedUntil).toISOString(), reason: entry.pauseReason }
              : { pausedUntil: null, reason: null }),
            ...entry.quota,
          },
          lastError: entry.lastError,
          lastTest: entry.lastTest,
          stats: {
            ...s,
            hitRate: s.searches ? s.searchesWithResults / s.searches : null,
            meanLatencyMs: s.searches ? Math.round(s.totalLatencyMs / s.searches) : null,
          },
        };
      });
    },
  };
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;
