import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { hashPassword } from "../../src/auth/credentials.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { jsonOf, request, testConfig, testRuntime } from "../support/runtime.ts";
import { browserRequest, sessionCookie } from "./support.ts";

const login = { username: "admin", password: "correct horse battery" };

describe("first visit: one-time setup", () => {
  const rt = testRuntime();
  afterAll(() => rt.close());

  test("state says setup is required and the API refuses a browser without a session", async () => {
    expect(await jsonOf(browserRequest(rt, "/api/v1/auth/state"))).toEqual({
      setupRequired: true,
      authenticated: false,
    });
    expect((await browserRequest(rt, "/api/v1/wanted/summary")).status).toBe(401);
    expect((await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login })).status).toBe(
      409,
    );
  });

  test("setup stores an argon2id hash, signs in, and cannot run twice", async () => {
    const short = await browserRequest(rt, "/api/v1/auth/setup", {
      method: "POST",
      body: { username: "admin", password: "short" },
    });
    expect(short.status).toBe(400);

    const res = await browserRequest(rt, "/api/v1/auth/setup", { method: "POST", body: login });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      setupRequired: false,
      authenticated: true,
      username: "admin",
      method: "session",
    });
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure");

    const stored = rt.deps.db.sqlite
      .query<{ key: string; value: string }, []>("SELECT key, value FROM app_settings WHERE key LIKE 'ui%'")
      .all();
    const hash = stored.find((r) => r.key === "uiPasswordHash")!.value;
    expect(hash).toStartWith("$argon2id$");
    expect(JSON.stringify(stored)).not.toContain(login.password);

    const again = await browserRequest(rt, "/api/v1/auth/setup", {
      method: "POST",
      body: { username: "mallory", password: "another password" },
    });
    expect(again.status).toBe(409);
    expect(
      await jsonOf(browserRequest(rt, "/api/v1/auth/state", { cookie: sessionCookie(res) })),
    ).toMatchObject({
      username: "admin",
    });
  });
});

describe("sign-in, session, sign-out", () => {
  const rt = testRuntime({
    auth: { apiKey: "test-key-0123456789abcdef", username: "admin", password: login.password },
  });
  afterAll(() => rt.close());

  test("a wrong password is 401 problem+json; the right one sets a session that works for the API and SSE", async () => {
    const wrong = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: { username: "admin", password: "nope" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("content-type")).toStartWith("application/problem+json");
    expect(((await wrong.json()) as { detail: string }).detail).toBe("Wrong username or password");
    const wrongUser = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: { username: "root", password: login.password },
    });
    expect(wrongUser.status).toBe(401);

    const res = await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login });
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res);
    expect((await browserRequest(rt, "/api/v1/wanted/summary", { cookie })).status).toBe(200);

    const events = await browserRequest(rt, "/api/v1/events", { cookie });
    expect(events.status).toBe(200);
    expect(events.headers.get("content-type")).toStartWith("text/event-stream");
    await events.body?.cancel();

    // Only the token's hash is stored.
    const token = decodeURIComponent(cookie.split("=")[1]!);
    const rows = rt.deps.db.sqlite
      .query<{ token_hash: string; username: string }, []>("SELECT * FROM ui_sessions")
      .all();
    expect(rows.map((r) => r.token_hash)).toContain(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);

    const out = await browserRequest(rt, "/api/v1/auth/logout", { method: "POST", cookie });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await browserRequest(rt, "/api/v1/wanted/summary", { cookie })).status).toBe(401);
  });

  test("a session ends after sessionDays unused and slides forward when used", async () => {
    const cookie = sessionCookie(
      await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login }),
    );
    rt.clock.advance(29 * 86_400_000);
    expect((await browserRequest(rt, "/api/v1/wanted/summary", { cookie })).status).toBe(200);
    rt.clock.advance(29 * 86_400_000);
    expect((await browserRequest(rt, "/api/v1/wanted/summary", { cookie })).status).toBe(200);
    rt.clock.advance(31 * 86_400_000);
    expect((await browserRequest(rt, "/api/v1/wanted/summary", { cookie })).status).toBe(401);
  });

  test("HTTPS (directly or per X-Forwarded-Proto) makes the cookie Secure", async () => {
    const res = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: login,
      headers: { "X-Forwarded-Proto": "https" },
    });
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  test("API keys keep working unchanged, and no key nor session is 401", async () => {
    expect((await request(rt, "/api/v1/wanted/summary")).status).toBe(200);
    expect((await request(rt, "/api/v1/wanted/scan/cancel", { method: "POST" })).status).toBe(409);
    expect((await request(rt, "/api/v1/wanted/summary", { key: "wrong-key-wrong-key" })).status).toBe(401);
    expect((await request(rt, "/api/v1/wanted/summary", { key: null })).status).toBe(401);
    expect(await jsonOf(request(rt, "/api/v1/auth/state"))).toMatchObject({
      authenticated: true,
      method: "apiKey",
    });
  });
});

describe("cross-origin state changes", () => {
  const rt = testRuntime({
    auth: { apiKey: "test-key-0123456789abcdef", username: "admin", password: login.password },
  });
  afterAll(() => rt.close());

  test("a cookie-authenticated POST from another origin is 403; from ours it goes through", async () => {
    const cookie = sessionCookie(
      await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login }),
    );
    const evil = await browserRequest(rt, "/api/v1/wanted/scan/cancel", {
      method: "POST",
      cookie,
      origin: "http://evil.example",
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("content-type")).toStartWith("application/problem+json");
    // Neither Origin nor Referer: refused as well.
    expect(
      (await browserRequest(rt, "/api/v1/wanted/scan/cancel", { method: "POST", cookie, origin: null }))
        .status,
    ).toBe(403);
    // Referer is the fallback when Origin is missing.
    const viaReferer = await browserRequest(rt, "/api/v1/wanted/scan/cancel", {
      method: "POST",
      cookie,
      origin: null,
      headers: { Referer: "http://subhound.test/wanted" },
    });
    expect(viaReferer.status).toBe(409);
    // Behind a proxy the public host is X-Forwarded-Host.
    const proxied = await browserRequest(rt, "/api/v1/wanted/scan/cancel", {
      method: "POST",
      cookie,
      origin: "https://subs.example.org",
      headers: { "X-Forwarded-Host": "subs.example.org" },
    });
    expect(proxied.status).toBe(409);
    expect((await browserRequest(rt, "/api/v1/wanted/scan/cancel", { method: "POST", cookie })).status).toBe(
      409,
    );
  });

  test("behind a proxy on its own port that forwards the host without it, sign-in and changes work", async () => {
    // nginx's `proxy_set_header Host $host; proxy_set_header X-Forwarded-Host $host;` (the Servarr
    // wiki's snippet) drops the port the browser used: https://subs.example.org:8443.
    const proxy = {
      "X-Forwarded-Host": "subs.example.org",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-For": "198.51.100.7",
    };
    const origin = "https://subs.example.org:8443";
    const signIn = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: login,
      origin,
      headers: proxy,
    });
    expect(signIn.status).toBe(200);
    const cookie = sessionCookie(signIn);
    const change = { method: "POST", cookie, origin, headers: proxy };
    expect((await browserRequest(rt, "/api/v1/wanted/scan/cancel", change)).status).toBe(409);
    // A port the proxy does name must still match, and another host never does.
    for (const [forwarded, status] of [
      [{ ...proxy, "X-Forwarded-Port": "8443" }, 409],
      [{ ...proxy, "X-Forwarded-Port": "443" }, 403],
      [{ ...proxy, "X-Forwarded-Host": "subs.example.org:443" }, 403],
      [{ ...proxy, "X-Forwarded-Host": "other.example.org" }, 403],
    ] as const)
      expect([
        forwarded,
        (await browserRequest(rt, "/api/v1/wanted/scan/cancel", { ...change, headers: forwarded })).status,
      ]).toEqual([forwarded, status]);
    // A default port written out is the same origin: https://subs.example.org and subs.example.org:443.
    const explicit = await browserRequest(rt, "/api/v1/wanted/scan/cancel", {
      ...change,
      origin: "https://subs.example.org",
      headers: { ...proxy, "X-Forwarded-Host": "subs.example.org:443" },
    });
    expect(explicit.status).toBe(409);
    // Without any proxy header a port-less Host is a direct visit on the default port: exact match.
    expect(
      (
        await browserRequest(rt, "/api/v1/wanted/scan/cancel", {
          method: "POST",
          cookie,
          origin: "http://subhound.test:9000",
        })
      ).status,
    ).toBe(403);
  });

  test("login from another site's page is refused", async () => {
    const res = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: login,
      origin: "http://evil.example",
    });
    expect(res.status).toBe(403);
  });
});

describe("rate limit on failed sign-ins", () => {
  const rt = testRuntime({
    auth: { apiKey: "test-key-0123456789abcdef", username: "admin", password: login.password },
  });
  afterAll(() => rt.close());

  test("five failures → 429 with Retry-After, even for the right password, until the window passes", async () => {
    const bad = { username: "admin", password: "wrong password" };
    for (let i = 0; i < 5; i++) {
      expect((await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: bad })).status).toBe(
        401,
      );
    }
    const limited = await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toStartWith("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBe(900);
    expect(((await limited.json()) as { detail: string }).detail).toContain("try again in 900 s");
    rt.clock.advance(15 * 60_000);
    expect((await browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login })).status).toBe(
      200,
    );
  });
});

test("guesses sent all at once are limited like guesses sent one after another", async () => {
  const rt = testRuntime({
    auth: { apiKey: "test-key-0123456789abcdef", username: "admin", password: login.password },
  });
  try {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        browserRequest(rt, "/api/v1/auth/login", {
          method: "POST",
          body: { username: "admin", password: `guess number ${i}` },
        }),
      ),
    );
    const statuses = guesses.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    // Signing in right after a wrong guess is not held up by it.
    rt.clock.advance(15 * 60_000);
    const [wrong, right] = await Promise.all([
      browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: { ...login, password: "nope" } }),
      browserRequest(rt, "/api/v1/auth/login", { method: "POST", body: login }),
    ]);
    expect([wrong.status, right.status]).toEqual([401, 200]);
  } finally {
    await rt.close();
  }
});

test("a configured argon2id hash is accepted as the password", async () => {
  const hash = await hashPassword("hashed secret");
  const rt = testRuntime({ auth: { apiKey: "test-key-0123456789abcdef", username: "ops", password: hash } });
  try {
    expect(await jsonOf(browserRequest(rt, "/api/v1/auth/state"))).toMatchObject({ setupRequired: false });
    const res = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: { username: "ops", password: "hashed secret" },
    });
    expect(res.status).toBe(200);
    const asText = await browserRequest(rt, "/api/v1/auth/login", {
      method: "POST",
      body: { username: "ops", password: hash },
    });
    expect(asText.status).toBe(401);
  } finally {
    await rt.close();
  }
});

test("a session of a login that was renamed in the config no longer counts", async () => {
  const db = openDatabase({ path: ":memory:" });
  const auth = (username: string) => ({
    apiKey: "test-key-0123456789abcdef",
    username,
    password: login.password,
  });
  const before = createRuntime(testConfig({ auth: auth("admin") }), { log: silentLogger, db });
  const cookie = sessionCookie(
    await browserRequest(before, "/api/v1/auth/login", { method: "POST", body: login }),
  );
  expect((await browserRequest(before, "/api/v1/wanted/summary", { cookie })).status).toBe(200);
  // Same database, the login renamed: the old session is not the new login's.
  const after = createRuntime(testConfig({ auth: auth("ops") }), { log: silentLogger, db });
  try {
    expect((await browserRequest(after, "/api/v1/wanted/summary", { cookie })).status).toBe(401);
    expect(await jsonOf(browserRequest(after, "/api/v1/auth/state", { cookie }))).toMatchObject({
      authenticated: false,
    });
  } finally {
    await after.close();
  }
});
