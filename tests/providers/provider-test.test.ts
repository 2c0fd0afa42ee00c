import { afterEach, describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { silentLogger } from "../../src/log.ts";
import { credentialsOf } from "../../src/providers/provider-credentials.ts";
import { createProviderRegistry } from "../../src/providers/registry.ts";
import { type ProviderContext, ProviderError, type SubtitleProvider } from "../../src/providers/types.ts";
import { testConfig } from "../support/runtime.ts";

let db: DbHandle | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

function provider(overrides: Partial<SubtitleProvider> = {}): SubtitleProvider {
  return {
    name: "subdl",
    rateLimit: { requests: 5, perMs: 1000 },
    search: async () => [],
    download: async () => ({ fileName: "x.srt", bytes: new Uint8Array() }),
    healthCheck: async () => ({ healthy: true, message: "health ok" }),
    ...overrides,
  };
}

function registry(p: SubtitleProvider) {
  db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  const clock = manualClock("2026-11-24T10:00:00Z");
  const reg = createProviderRegistry({
    providers: [{ provider: p, priority: 100 }],
    db: db.db,
    clock,
    log: silentLogger,
    requestTimeoutMs: 5000,
    sleep: async (ms) => {
      clock.advance(ms);
    },
    failureThreshold: 3,
    cooldownMs: 60_000,
  });
  return { reg, clock };
}

const signal = () => new AbortController().signal;

describe("registry.test", () => {
  test("a passing test answers ok with its message and is kept as the provider's last test", async () => {
    const requests: string[] = [];
    const { reg } = registry(
      provider({
        test: async (ctx) => {
          await ctx.fetch("data:text/plain,ok");
          requests.push("sent");
          return "API key accepted";
        },
      }),
    );
    const result = await reg.test("subdl", signal());
    expect(result).toMatchObject({ ok: true, message: "API key accepted" });
    expect(result!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(requests).toEqual(["sent"]);
    const [status] = reg.status();
    expect(status!.lastTest).toEqual({ ...result!, at: "2026-11-24T10:00:00.000Z" });
    expect(status!.stats.requests).toBe(1);
    expect(status!.lastError).toBeNull();
  });

  test("failed tests count toward the breaker; once it is open the test is refused without a request", async () => {
    let calls = 0;
    const { reg } = registry(
      provider({
        test: async () => {
          calls++;
          throw new ProviderError("subdl", "auth", "the API key was refused (HTTP 403)");
        },
      }),
    );
    for (let i = 0; i < 3; i++) {
      expect(await reg.test("subdl", signal())).toMatchObject({
        ok: false,
        message: "the API key was refused (HTTP 403)",
      });
    }
    const [status] = reg.status();
    expect(status).toMatchObject({
      breaker: "open",
      breakerRetryAt: "2026-11-24T10:01:00.000Z",
      lastError: { message: "subdl: the API key was refused (HTTP 403)", at: "2026-11-24T10:00:00.000Z" },
    });
    const refused = await reg.test("subdl", signal());
    expect(refused).toMatchObject({
      ok: false,
      message:
        "circuit breaker open after repeated failures (3 in a row, last: the API key was refused (HTTP 403)); next try at 2026-11-24T10:01:00.000Z",
    });
    expect(calls).toBe(3);
  });

  test("a provider without its own test is tested by its health check", async () => {
    const { reg } = registry(
      provider({ healthCheck: async () => ({ healthy: false, message: "HTTP 502" }) }),
    );
    expect(await reg.test("subdl", signal())).toMatchObject({ ok: false, message: "HTTP 502" });
    expect(reg.status()[0]!.consecutiveFailures).toBe(1);
  });

  test("a 429 during the test waits as told and the test is retried", async () => {
    let calls = 0;
    const { reg, clock } = registry(
      provider({
        test: async (ctx) => {
          await ctx.fetch("data:text/plain,ok");
          if (calls++ === 0)
            throw new ProviderError("subdl", "rate-limited", "too many requests", { retryAfterMs: 2000 });
          return "fine";
        },
      }),
    );
    const started = clock.now().getTime();
    await reg.test("subdl", signal());
    expect(calls).toBe(2);
    expect(reg.status()[0]!.lastTest).toMatchObject({ ok: true, message: "fine" });
    // The retry's request waited for the advised two seconds (the injected sleep moves the clock).
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(2000);
  });

  test("a provider that is not enabled cannot be tested", async () => {
    const { reg } = registry(provider());
    expect(await reg.test("opensubtitles", signal())).toBeNull();
  });

  test("a quota the provider reports shows in the status; before that it is unknown", async () => {
    let report: ((ctx: ProviderContext) => void) | null = null;
    const { reg } = registry(
      provider({
        test: async (ctx) => {
          report?.(ctx);
          return "ok";
        },
      }),
    );
    expect(reg.status()[0]!.quota).toMatchObject({
      remaining: null,
      limit: null,
      resetAt: null,
      reportedAt: null,
    });
    report = (ctx) =>
      ctx.quotaHint?.({ remaining: 17, limit: 20, resetAt: new Date("2026-11-25T00:00:00Z") });
    await reg.test("subdl", signal());
    expect(reg.status()[0]!.quota).toEqual({
      pausedUntil: null,
      reason: null,
      remaining: 17,
      limit: 20,
      resetAt: "2026-11-25T00:00:00.000Z",
      reportedAt: "2026-11-24T10:00:00.000Z",
    });
  });
});

describe("credentialsOf", () => {
  test("says which keys are set or missing, with their env names, never their values", () => {
    const config = testConfig({
      providers: { opensubtitles: { apiKey: "os-key-value", username: "me" } },
    }).providers;
    const states = credentialsOf(config, "opensubtitles");
    expect(states.map(({ key, env, required, set }) => ({ key, env, required, set }))).toEqual([
      {
        key: "providers.opensubtitles.apiKey",
        env: "SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY",
        required: true,
        set: true,
      },
      {
        key: "providers.opensubtitles.username",
        env: "SUBHOUND_PROVIDERS__OPENSUBTITLES__USERNAME",
        required: true,
        set: true,
      },
      {
        key: "providers.opensubtitles.password",
        env: "SUBHOUND_PROVIDERS__OPENSUBTITLES__PASSWORD",
        required: true,
        set: false,
      },
    ]);
    expect(JSON.stringify(states)).not.toContain("os-key-value");
    expect(credentialsOf(config, "subdl")).toMatchObject([{ key: "providers.subdl.apiKey", set: false }]);
    expect(credentialsOf(config, "podnapisi")).toEqual([]);
  });
});
