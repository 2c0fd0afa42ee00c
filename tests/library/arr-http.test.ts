import { afterEach, describe, expect, test } from "bun:test";
import { createArrHttpClient } from "../../src/library/arr-http.ts";
import { parseRetryAfter } from "../../src/net/retry-timing.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

let fake: FakeSonarr | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(retries = 3) {
  fake = await startFakeSonarr();
  const deps = recordingDeps({ now: () => new Date("2026-01-01T00:00:00Z") });
  const http = createArrHttpClient("sonarr", instanceConfig(fake.url, fake.apiKey, { retries }), deps);
  return { fake, deps, http };
}

describe("arr http client", () => {
  test("sends the key as X-Api-Key and parses JSON", async () => {
    const { fake, http } = await setup();
    const result = await http.get("/system/status");
    expect(result.ok).toBe(true);
    expect(fake.requests.log[0]?.query).toBe("");
    expect(http.requestCount).toBe(1);
  });

  test("retries 5xx with exponential backoff, then succeeds", async () => {
    const { fake, http, deps } = await setup(3);
    fake.failNext({ count: 2, status: 503 });
    const result = await http.get("/series");
    expect(result.ok).toBe(true);
    expect(deps.sleeps).toEqual([1000, 2000]);
    expect(fake.requests.count("/api/v3/series")).toBe(3);
    expect(http.requestCount).toBe(3);
  });

  test("gives up after the configured retries with a typed error", async () => {
    const { fake, http, deps } = await setup(2);
    fake.failNext({ count: 5, status: 500 });
    const result = await http.get("/series");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      kind: "http",
      status: 500,
      method: "GET",
      path: "/api/v3/series",
      instance: "main",
      attempts: 3,
    });
    expect(result.error.message).toContain("server error (HTTP 500)");
    expect(deps.sleeps).toEqual([1000, 2000]);
  });

  test("429 waits for Retry-After in seconds", async () => {
    const { fake, http, deps } = await setup();
    fake.failNext({ count: 1, status: 429, retryAfter: "7" });
    expect((await http.get("/series")).ok).toBe(true);
    expect(deps.sleeps).toEqual([7000]);
  });

  test("429 waits for Retry-After as an HTTP date", async () => {
    const { fake, http, deps } = await setup();
    fake.failNext({ count: 1, status: 429, retryAfter: "Thu, 01 Jan 2026 00:00:30 GMT" });
    expect((await http.get("/series")).ok).toBe(true);
    expect(deps.sleeps).toEqual([30_000]);
  });

  test("401 is a clear error that never contains the key", async () => {
    fake = await startFakeSonarr();
    const wrongKey = "wrong-key-1234567890";
    const http = createArrHttpClient("sonarr", instanceConfig(fake.url, wrongKey), recordingDeps());
    const result = await http.get("/series", { seriesId: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe("auth");
    expect(result.error.status).toBe(401);
    expect(result.error.message).toContain("API key rejected");
    expect(result.error.message).toContain('sonarr "main"');
    expect(JSON.stringify(result.error)).not.toContain(wrongKey);
    expect(http.requestCount).toBe(1);
  });

  test("a timeout is a failure (retried, then reported)", async () => {
    fake = await startFakeSonarr();
    await fake.setMode("slow");
    const deps = recordingDeps({
      timeoutSignal: () => AbortSignal.abort(new DOMException("t", "TimeoutError")),
    });
    const http = createArrHttpClient(
      "sonarr",
      instanceConfig(fake.url, fake.apiKey, { retries: 1, timeoutMs: 2500 }),
      deps,
    );
    const result = await http.get("/series");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe("timeout");
    expect(result.error.message).toContain("timed out after 2500 ms");
    expect(deps.sleeps).toEqual([1000]);
  });

  test("a server that is down is a network failure", async () => {
    fake = await startFakeSonarr();
    await fake.setMode("down");
    const deps = recordingDeps();
    const http = createArrHttpClient("sonarr", instanceConfig(fake.url, fake.apiKey, { retries: 2 }), deps);
    const result = await http.get("/series");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe("network");
    expect(result.error.attempts).toBe(3);
    expect(deps.sleeps).toEqual([1000, 2000]);
    await fake.setMode("up");
    expect((await http.get("/series")).ok).toBe(true);
  });

  test("a caller's abort stops without retrying", async () => {
    fake = await startFakeSonarr();
    const controller = new AbortController();
    controller.abort();
    const deps = recordingDeps();
    const http = createArrHttpClient("sonarr", instanceConfig(fake.url, fake.apiKey), deps);
    const result = await http.get("/series", undefined, controller.signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe("aborted");
    expect(deps.sleeps).toEqual([]);
  });

  test("400 carries the arr's message and is not retried", async () => {
    const { http, deps } = await setup();
    const result = await http.get("/episodefile");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(400);
    expect(result.error.message).toContain("seriesId or episodeFileIds must be provided");
    expect(deps.sleeps).toEqual([]);
  });

  test("errors never contain the key even if the server echoes it", async () => {
    const key = "secret-key-abcdef-123456";
    const http = createArrHttpClient("radarr", instanceConfig("http://arr.invalid", key, { retries: 0 }), {
      fetch: async () => new Response(JSON.stringify({ message: `bad apikey=${key}` }), { status: 500 }),
    });
    const result = await http.get("/movie");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result.error)).not.toContain(key);
  });

  test("a reverse proxy's login page or redirect is named as such, not as bad JSON or HTML soup", async () => {
    const key = "0123456789abcdef0123456789abcdef";
    const login =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Login - Authelia</title></head><body><div id="root"></div><script src="/static/js/index.js"></script></body></html>';
    const answer = async (response: () => Response) => {
      const http = createArrHttpClient(
        "sonarr",
        instanceConfig("https://sonarr.example.com", key, { retries: 2 }),
        { fetch: async () => response(), sleep: async () => {} },
      );
      const result = await http.get("/series");
      if (result.ok) throw new Error("expected a failure");
      expect(result.error.message).not.toContain(key);
      expect(result.error.message).not.toContain("<");
      return result.error;
    };
    const page = await answer(
      () => new Response(login, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } }),
    );
    expect(page).toMatchObject({ kind: "invalid-response", status: 200, attempts: 1 });
    expect(page.message).toContain('an HTML page ("Login - Authelia")');
    expect(page.message).toContain("URL base");

    const redirect = await answer(
      () =>
        new Response(null, {
          status: 302,
          headers: {
            Location: `https://auth.example.com/login?rd=https%3A%2F%2Fsonarr.example.com%2Fapi%3Fapikey%3D${key}`,
          },
        }),
    );
    expect(redirect).toMatchObject({ status: 302, attempts: 1 });
    expect(redirect.message).toContain("redirected to https://auth.example.com/login");

    const unauthorized = await answer(
      () => new Response(login, { status: 401, headers: { "Content-Type": "text/html" } }),
    );
    expect(unauthorized).toMatchObject({ kind: "auth", status: 401 });
    expect(unauthorized.message).toContain("Login - Authelia");
  });

  test("parseRetryAfter", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });
});
