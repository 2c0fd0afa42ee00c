import { afterEach, describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { silentLogger } from "../../src/log.ts";
import { createProviderRegistry } from "../../src/providers/registry.ts";
import {
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type ProviderName,
  type SubtitleProvider,
} from "../../src/providers/types.ts";
import { createRuntime } from "../../src/server.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";
import { episodeQuery } from "./fixtures.ts";

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scripted(
  name: ProviderName,
  search: (ctx: ProviderContext) => Promise<ProviderCandidate[]>,
): SubtitleProvider {
  return {
    name,
    rateLimit: { requests: 5, perMs: 1000 },
    search: (_q, ctx) => search(ctx),
    download: async () => ({ fileName: "x.srt", bytes: new Uint8Array() }),
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

function openDb(): DbHandle {
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  cleanups.push(() => db.close());
  return db;
}

function registry(db: DbHandle, provider: SubtitleProvider, clock: ReturnType<typeof manualClock>) {
  return createProviderRegistry({
    providers: [{ provider, priority: 100 }],
    db: db.db,
    clock,
    log: silentLogger,
    requestTimeoutMs: 150,
    sleep: async (ms) => {
      clock.advance(ms);
    },
    failureThreshold: 3,
    cooldownMs: 60_000,
  });
}

const signal = new AbortController().signal;

describe("registry.resume", () => {
  test("lifts a quota pause at once, also the stored one a restart would bring back", async () => {
    const clock = manualClock("2026-11-24T10:00:00Z");
    const db = openDb();
    let spent = true;
    let asked = 0;
    const provider = scripted("opensubtitles", async () => {
      asked++;
      if (spent)
        throw new ProviderError("opensubtitles", "quota", "download quota spent", {
          resumeAt: new Date("2026-11-25T00:00:00Z"),
        });
      return [];
    });
    const reg = registry(db, provider, clock);
    await reg.searchAll(episodeQuery(), signal);
    expect(reg.status()[0]).toMatchObject({
      healthy: false,
      quota: { pausedUntil: "2026-11-25T00:00:00.000Z" },
    });

    // The user bought VIP: Resume now, no waiting until midnight.
    spent = false;
    expect(reg.resume("opensubtitles")).toEqual({ pause: true, breaker: false });
    expect(reg.status()[0]).toMatchObject({ healthy: true, quota: { pausedUntil: null, reason: null } });
    await reg.searchAll(episodeQuery(), signal);
    expect(asked).toBe(2);
    // A restart does not bring the pause back.
    expect(registry(db, provider, clock).status()[0]!.quota.pausedUntil).toBeNull();
  });

  test("closes an open breaker (the site is back) but leaves the rate limiter's wait alone", async () => {
    const clock = manualClock("2026-11-24T10:00:00Z");
    const db = openDb();
    let calls = 0;
    let down = true;
    const reg = registry(
      db,
      scripted("subdl", async () => {
        calls++;
        // First the provider asks for 30 s of quiet (three 429s: one search and its two retries), then it is down.
        if (calls <= 3) throw new ProviderError("subdl", "rate-limited", "429", { retryAfterMs: 30_000 });
        if (down) throw new ProviderError("subdl", "unavailable", "502");
        return [];
      }),
      clock,
    );
    for (let i = 0; i < 4; i++) await reg.searchAll(episodeQuery(), signal);
    const quietUntil = new Date(clock.now().getTime() + 30_000).toISOString();
    expect(reg.status()[0]).toMatchObject({
      breaker: "open",
      consecutiveFailures: 3,
      healthy: false,
      rateLimit: { pausedUntil: quietUntil },
    });

    down = false;
    expect(reg.resume("subdl")).toEqual({ pause: false, breaker: true });
    expect(reg.status()[0]).toMatchObject({
      breaker: "closed",
      breakerRetryAt: null,
      consecutiveFailures: 0,
      healthy: true,
      // What the provider asked for is not the user's to cancel.
      rateLimit: { pausedUntil: quietUntil },
    });
    const { outcomes } = await reg.searchAll(episodeQuery(), signal);
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(calls).toBe(7);
  });

  test("null for a provider that is not enabled; nothing to lift is no error", () => {
    const reg = registry(
      openDb(),
      scripted("podnapisi", async () => []),
      manualClock(),
    );
    expect(reg.resume("jimaku")).toBeNull();
    expect(reg.resume("podnapisi")).toEqual({ pause: false, breaker: false });
  });
});

describe("POST /providers/{name}/resume", () => {
  function runtimeWithStoredPause() {
    const db = openDatabase({ path: ":memory:" });
    migrate(db.sqlite);
    db.sqlite
      .query(
        "INSERT INTO provider_state (provider, paused_until, pause_reason, updated_at) VALUES (?, ?, ?, ?)",
      )
      .run("podnapisi", "2026-11-25T00:00:00.000Z", "podnapisi: quota spent", "2026-11-24T09:00:00.000Z");
    const rt = createRuntime(
      testConfig({ providers: { podnapisi: { enabled: true, baseUrl: "http://127.0.0.1:9" } } }),
      { log: silentLogger, clock: manualClock("2026-11-24T10:00:00Z"), db },
    );
    cleanups.push(() => rt.close());
    return rt;
  }
  const podnapisi = async (rt: ReturnType<typeof runtimeWithStoredPause>): Promise<Json> =>
    (await jsonOf(request(rt, "/api/v1/providers"))).find((p: Json) => p.name === "podnapisi");

  test("lifts the pause and answers the provider's status; the listing agrees", async () => {
    const rt = runtimeWithStoredPause();
    expect(await podnapisi(rt)).toMatchObject({
      healthy: false,
      quota: { pausedUntil: "2026-11-25T00:00:00.000Z" },
    });
    const res = await request(rt, "/api/v1/providers/podnapisi/resume", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: "podnapisi",
      title: "Podnapisi",
      enabled: true,
      healthy: true,
      breaker: "closed",
      quota: { pausedUntil: null, reason: null },
    });
    expect(await podnapisi(rt)).toMatchObject({ healthy: true, quota: { pausedUntil: null } });
  });

  test("404 for an unknown provider, 409 for one not enabled, as problems", async () => {
    const rt = runtimeWithStoredPause();
    const unknown = await request(rt, "/api/v1/providers/nope/resume", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("Content-Type")).toContain("application/problem+json");
    const disabled = await request(rt, "/api/v1/providers/jimaku/resume", { method: "POST" });
    expect(disabled.status).toBe(409);
    expect((await jsonOf(disabled)).detail).toContain("is not enabled");
    expect(
      (await request(rt, "/api/v1/providers/podnapisi/resume", { method: "POST", key: null })).status,
    ).toBe(401);
  });
});
