export type BreakerState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe is let through. */
  cooldownMs: number;
  now?: () => number;
}

/**
 * Stops calling a provider that keeps failing. After the cooldown exactly one request (the
 * probe) goes through; its outcome closes or re-opens the breaker. Everyone else is turned
 * away meanwhile, unlike the reference, whose half-open state let every thread through.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions) {
  const now = options.now ?? Date.now;
  let state: BreakerState = "closed";
  let failures = 0;
  let openedAt = 0;
  let probeInFlight = false;

  return {
    /** Whether a request may go now; in half-open, true for the single probe only. */
    tryAcquire(): boolean {
      if (state === "closed") return true;
      if (state === "open") {
        if (now() - openedAt < options.cooldownMs) return false;
        state = "half-open";
        probeInFlight = false;
      }
      if (probeInFlight) return false;
      probeInFlight = true;
      return true;
    },
    success(): void {
      state = "closed";
      failures = 0;
      probeInFlight = false;
    },
    failure(): void {
      failures++;
      probeInFlight = false;
      if (state === "half-open" || failures >= options.failureThreshold) {
        state = "open";
        openedAt = now();
      }
    },
    /** Closed again at once, its failure count cleared: the user says the cause is fixed. */
    reset(): void {
      state = "closed";
      failures = 0;
      probeInFlight = false;
    },
    /** The probe's request ended without telling anything (aborted, rate limited): let another try. */
    release(): void {
      probeInFlight = false;
    },
    state(): { state: BreakerState; failures: number; retryAt: number | null } {
      if (state === "open" && now() - openedAt >= options.cooldownMs) {
        return { state: "half-open", failures, retryAt: null };
      }
      return { state, failures, retryAt: state === "open" ? openedAt + options.cooldownMs : null };
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
