import { describe, expect, test } from "bun:test";
import { createCircuitBreaker } from "../../src/providers/circuit-breaker.ts";
import { createTokenBucket } from "../../src/providers/token-bucket.ts";

/** A clock that only moves when the limiter sleeps: every wait is recorded, none is real. */
function virtualTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("token bucket", () => {
  test("spaces requests evenly at the rate, waiting instead of refusing; no window ever holds more than the limit", async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ requests: 5, perMs: 1000, now: time.now, sleep: time.sleep });
    const stamps: number[] = [];
    for (let i = 0; i < 8; i++) {
      await bucket.acquire();
      stamps.push(time.now());
    }
    expect(stamps).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
    for (const t of stamps)
      expect(stamps.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(5);
    // Concurrent callers are served in order and all get through.
    await Promise.all(Array.from({ length: 5 }, () => bucket.acquire()));
    expect(time.now()).toBe(2400);
  });

  test("a pause (Retry-After) holds every caller until it ends", async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ requests: 5, perMs: 1000, now: time.now, sleep: time.sleep });
    bucket.pauseUntil(3000);
    await bucket.acquire();
    expect(time.now()).toBe(3000);
    expect(bucket.state().pausedUntil).toBeNull();
  });

  test("a provider's own count (x-ratelimit-remaining 0) pauses until its reset", async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ requests: 25, perMs: 60_000, now: time.now, sleep: time.sleep });
    bucket.hint(0, 1500);
    await bucket.acquire();
    expect(time.now()).toBeGreaterThanOrEqual(1500);
  });

  test("an aborted waiter rejects and does not block the ones behind it", async () => {
    const time = virtualTime();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const bucket = createTokenBucket({
      requests: 1,
      perMs: 1000,
      now: time.now,
      sleep: async (ms, signal) => {
        await Promise.race([
          gate,
          new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
        ]);
        time.advance(ms);
      },
    });
    await bucket.acquire();
    const controller = new AbortController();
    const first = bucket.acquire(controller.signal);
    const second = bucket.acquire();
    controller.abort(new Error("cancelled"));
    await expect(first).rejects.toThrow("cancelled");
    release();
    await second;
    expect(bucket.state().waiting).toBe(0);
  });
});

describe("circuit breaker", () => {
  test("opens at the threshold, lets exactly one probe through after the cooldown, closes on its success", () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 60_000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.state()).toMatchObject({ state: "open", failures: 3, retryAt: 60_000 });
    expect(breaker.tryAcquire()).toBe(false);
    t = 60_000;
    expect(breaker.state().state).toBe("half-open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.success();
    expect(breaker.state()).toEqual({ state: "closed", failures: 0, retryAt: null });
    expect(breaker.tryAcquire()).toBe(true);
  });

  test("a failed probe re-opens it for another cooldown; a released probe lets the next one try", () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => t });
    breaker.tryAcquire();
    breaker.failure();
    t = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state()).toMatchObject({ state: "open", retryAt: 2000 });
    t = 2000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });

  test("a success in between resets the count of consecutive failures", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => 0 });
    breaker.failure();
    breaker.success();
    breaker.failure();
    expect(breaker.state().state).toBe("closed");
  });
});
