import { afterEach, describe, expect, test } from "bun:test";
import { startFakeGotify } from "../fakes/gotify.ts";
import { startFakeTelegram } from "../fakes/telegram.ts";
import { type Json, jsonOf, request, testRuntime } from "../support/runtime.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function runtime(notifications: Record<string, unknown>[]) {
  const rt = testRuntime({ notifications: notifications as never });
  cleanups.push(() => rt.close());
  return rt;
}

describe("GET /api/v1/notifications", () => {
  test("lists each notifier with its settings, which secrets are set (never their values) and its counters", async () => {
    const rt = runtime([
      {
        type: "ntfy",
        name: "phone",
        topic: "subhound-alerts",
        token: "tk_secret-token-1",
        events: ["download"],
      },
      {
        type: "webhook",
        name: "hook",
        webhookUrl: "https://hooks.example.com/T0K3N-in-path",
        headers: { Authorization: "Bearer header-secret-2" },
      },
      { type: "email", host: "smtp.example.com", from: "a@example.com", to: "b@example.com", enabled: false },
    ]);
    const res = await request(rt, "/api/v1/notifications");
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of ["tk_secret-token-1", "T0K3N-in-path", "header-secret-2"])
      expect(text).not.toContain(secret);
    const body = JSON.parse(text);
    expect(body).toEqual([
      {
        name: "phone",
        type: "ntfy",
        enabled: true,
        events: ["download"],
        settings: { timeoutMs: 10000, url: "https://ntfy.sh", topic: "subhound-alerts" },
        secrets: { token: "set", password: "unset" },
        queued: 0,
        sent: 0,
        failed: 0,
        dropped: 0,
        lastResult: null,
      },
      expect.objectContaining({
        name: "hook",
        type: "webhook",
        settings: { timeoutMs: 10000 },
        secrets: { webhookUrl: "set", headers: "set", secret: "unset" },
      }),
      expect.objectContaining({
        name: "email",
        enabled: false,
        events: ["download", "upgrade", "failure", "health"],
        settings: {
          timeoutMs: 10000,
          host: "smtp.example.com",
          port: 587,
          security: "starttls",
          from: "a@example.com",
          to: ["b@example.com"],
        },
        secrets: { password: "unset" },
      }),
    ]);
  });
});

describe("POST /api/v1/notifications/{name}/test", () => {
  test("sends a test message and answers what the service said", async () => {
    const gotify = await startFakeGotify({ appToken: "GoodAppToken-1" });
    cleanups.push(() => gotify.stop());
    const rt = runtime([
      { type: "gotify", name: "gotify", url: gotify.url, appToken: "GoodAppToken-1", enabled: false },
    ]);
    const res = await request(rt, "/api/v1/notifications/gotify/test", { method: "POST" });
    expect(res.status).toBe(200);
    const body: Json = await res.json();
    expect(body).toMatchObject({
      name: "gotify",
      type: "gotify",
      event: "test",
      ok: true,
      status: 200,
      message: "created message 1",
      attempts: 1,
      at: "2026-11-24T10:00:00.000Z",
    });
    expect(body.latencyMs).toBeNumber();
    expect(gotify.messages[0]).toMatchObject({ title: "Subhound test notification" });
    const [listed] = await jsonOf(request(rt, "/api/v1/notifications"));
    expect(listed.lastResult).toMatchObject({ event: "test", ok: true });
  });

  test("a refused token is ok:false with the service's reason, the token in the URL path scrubbed", async () => {
    const telegram = startFakeTelegram();
    cleanups.push(() => telegram.stop());
    const token = "555555:RefusedBotToken-abcdefgh";
    const rt = runtime([
      { type: "telegram", name: "chat", botToken: token, chatId: "1", baseUrl: telegram.url },
    ]);
    const res = await request(rt, "/api/v1/notifications/chat/test", { method: "POST" });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ ok: false, status: 401, message: "HTTP 401: Unauthorized" });
    expect(text).not.toContain(token);
  });

  test("an unknown name is a 404 problem naming the configured ones", async () => {
    const rt = runtime([{ type: "ntfy", name: "phone", topic: "t" }]);
    const res = await request(rt, "/api/v1/notifications/nope/test", { method: "POST" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as Json).detail).toBe('no notifier named "nope"; configured: phone');
  });
});
