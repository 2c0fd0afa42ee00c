import { describe, expect, test } from "bun:test";
import { testMessage } from "../../src/notifications/message.ts";
import { startFakeDiscord } from "../fakes/discord.ts";
import { json } from "../fakes/fake-service.ts";
import { startFakeGotify } from "../fakes/gotify.ts";
import { startFakeNtfy } from "../fakes/ntfy.ts";
import { startFakeSmtp } from "../fakes/smtp.ts";
import { startFakeTelegram } from "../fakes/telegram.ts";
import { startFakeWebhookReceiver } from "../fakes/webhook.ts";
import { pollUntil } from "../support/poll.ts";
import { AT, notifierFor, stopsAfterEach } from "./support.ts";

const { track } = stopsAfterEach();

const hello = testMessage("x", AT);

describe("what each service answers on failure, and what is tried again", () => {
  test("Gotify 401 is reported with its description and not retried", async () => {
    const fake = track(startFakeGotify({ appToken: "right-token" }));
    const { notifier, waits } = notifierFor({ type: "gotify", url: fake.url, appToken: "wrong-token-123" });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toEqual({
      ok: false,
      status: 401,
      message:
        "HTTP 401: Unauthorized: you need to provide a valid access token or user credentials to access this api",
      attempts: 1,
    });
    expect(waits).toEqual([]);
  });

  test("Telegram 401 {ok:false,error_code,description}: the description, never the token from the URL", async () => {
    const fake = track(startFakeTelegram());
    const badToken = "999999:WRONG-token-value-abcdefghijklmnop";
    const { notifier } = notifierFor({
      type: "telegram",
      botToken: badToken,
      chatId: "424242",
      baseUrl: fake.url,
    });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toMatchObject({ ok: false, status: 401, message: "HTTP 401: Unauthorized", attempts: 1 });
    expect(fake.requests[0]!.path).toBe(`/bot${badToken}/sendMessage`);
  });

  test("Telegram: an unknown chat is a 400 with Telegram's reason", async () => {
    const fake = track(startFakeTelegram());
    const { notifier } = notifierFor({
      type: "telegram",
      botToken: fake.token,
      chatId: "1",
      baseUrl: fake.url,
    });
    expect(await notifier.send(hello, { retry: true })).toMatchObject({
      ok: false,
      status: 400,
      message: "HTTP 400: Bad Request: chat not found",
    });
  });

  test("Discord 429: waits the body's retry_after (fractional seconds), then delivers", async () => {
    const fake = track(startFakeDiscord());
    fake.rateLimit(1, 0.35);
    const { notifier, waits } = notifierFor({ type: "discord", webhookUrl: fake.webhookUrl });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toMatchObject({ ok: true, status: 204, attempts: 2 });
    expect(waits).toEqual([350]);
    expect(fake.messages).toHaveLength(1);
  });

  test("Discord 429 asking for longer than the cap fails at once, saying so", async () => {
    const fake = track(startFakeDiscord());
    fake.rateLimit(1, 64.57);
    const { notifier, waits } = notifierFor({ type: "discord", webhookUrl: fake.webhookUrl });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toMatchObject({
      ok: false,
      status: 429,
      message: "HTTP 429: You are being rate limited.",
      attempts: 1,
    });
    expect(waits).toEqual([]);
  });

  test("Discord: a wrong token is 401 Invalid Webhook Token, and the URL's token is never in the message", async () => {
    const fake = track(startFakeDiscord());
    const url = fake.webhookUrl.replace(fake.token, "wrong-token-ABCDEFGH");
    const { notifier } = notifierFor({ type: "discord", webhookUrl: url });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toMatchObject({ ok: false, status: 401, message: "HTTP 401: Invalid Webhook Token" });
  });

  test("Telegram 429 parameters.retry_after is honoured", async () => {
    const fake = track(startFakeTelegram());
    fake.rateLimit(1, 2);
    const { notifier, waits } = notifierFor({
      type: "telegram",
      botToken: fake.token,
      chatId: "424242",
      baseUrl: fake.url,
    });
    expect(await notifier.send(hello, { retry: true })).toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toEqual([2000]);
  });

  test("5xx and a closed port are retried with backoff up to 3 attempts; a Test tries once", async () => {
    const fake = track(startFakeWebhookReceiver());
    fake.injectFailures(2, () => json({ error: "upstream down" }, 502));
    const { notifier, waits } = notifierFor({ type: "webhook", webhookUrl: fake.url });
    expect(await notifier.send(hello, { retry: true })).toMatchObject({ ok: true, attempts: 3 });
    expect(waits).toEqual([1000, 2000]);

    await fake.setMode("down");
    const once = await notifier.send(hello, { retry: false });
    expect(once).toMatchObject({ ok: false, status: null, attempts: 1 });
    expect(once.message).toStartWith("cannot reach the server");
  });

  test("ntfy 401 answers ntfy's error JSON", async () => {
    const fake = track(startFakeNtfy({ token: "tk_right" }));
    const { notifier } = notifierFor({ type: "ntfy", url: fake.url, topic: "t", token: "tk_wrong_one" });
    expect(await notifier.send(hello, { retry: true })).toMatchObject({
      ok: false,
      status: 401,
      message: "HTTP 401: unauthorized",
      attempts: 1,
    });
  });

  test("a hung service times out after timeoutMs", async () => {
    const fake = track(startFakeNtfy());
    await fake.setMode("slow");
    let fire: () => void = () => {};
    const { notifier } = notifierFor(
      { type: "ntfy", url: fake.url, topic: "t", timeoutMs: 500 },
      {
        timeoutSignal: () => {
          const controller = new AbortController();
          fire = () => controller.abort(new DOMException("timed out", "TimeoutError"));
          return controller.signal;
        },
      },
    );
    const pending = notifier.send(hello, { retry: false });
    await pollUntil(
      async () => fake.requests.length,
      (n) => n > 0,
    );
    fire();
    expect(await pending).toMatchObject({ ok: false, status: null, message: "timed out after 500 ms" });
  });

  test("SMTP 535: a refused login fails at once with the server's reply, never the password", async () => {
    const smtp = track(await startFakeSmtp({ mode: "starttls", users: { mailer: "right-password" } }));
    const { notifier, waits } = notifierFor({
      type: "email",
      host: "127.0.0.1",
      port: smtp.port,
      username: "mailer",
      password: "wrong-password-xyz",
      from: "s@example.com",
      to: "me@example.com",
    });
    const result = await notifier.send(hello, { retry: true });
    expect(result.ok).toBe(false);
    expect(result.status).toBe(535);
    expect(result.message).toContain("535 5.7.8 Error: authentication failed");
    expect(result.message).not.toContain("wrong-password-xyz");
    expect(result.attempts).toBe(1);
    expect(waits).toEqual([]);
    expect(smtp.mails).toEqual([]);
  });

  test("SMTP 4xx is transient and tried again", async () => {
    let refusals = 1;
    const smtp = track(
      await startFakeSmtp({
        mode: "none",
        mailReply: () => (refusals-- > 0 ? "451 4.3.0 Error: queue file write error" : null),
      }),
    );
    const { notifier, waits } = notifierFor({
      type: "email",
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      from: "s@example.com",
      to: "me@example.com",
    });
    expect(await notifier.send(hello, { retry: true })).toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toEqual([1000]);
    expect(smtp.mails).toHaveLength(1);
  });
});

describe("an SMTP server that stalls holds nothing up", () => {
  const email = (port: number, timeoutMs: number) => ({
    type: "email",
    host: "127.0.0.1",
    port,
    security: "none",
    from: "s@example.com",
    to: "me@example.com",
    timeoutMs,
  });

  test("cancelling a mail to a server that never greets ends it at once (shutdown, a Test's request gone)", async () => {
    const smtp = track(await startFakeSmtp({ mode: "none", stall: "silent" }));
    const { notifier } = notifierFor(email(smtp.port, 120_000));
    const controller = new AbortController();
    const pending = notifier.send(hello, { retry: true, signal: controller.signal });
    await pollUntil(
      async () => smtp.connections,
      (n) => n > 0,
    );
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, status: null, attempts: 1 });
    expect(result.message).toContain("cancelled");
  }, 20_000);

  test("a server that keeps talking without ever answering times out after timeoutMs", async () => {
    const smtp = track(await startFakeSmtp({ mode: "none", stall: "trickle", trickleMs: 50 }));
    const { notifier } = notifierFor(email(smtp.port, 400));
    const result = await notifier.send(hello, { retry: false });
    expect(result).toMatchObject({ ok: false, status: null, attempts: 1 });
    expect(result.message).toContain("timed out after 400 ms");
  }, 20_000);
});

describe("a generic webhook's URL is a secret in parts too", () => {
  test("an error that quotes the URL's token, key or password without the rest never shows them", async () => {
    const hookId = "hA7-webhook-id-0123456789abcdef";
    const fake = track(startFakeWebhookReceiver());
    // A receiver that names what it refused, as Home Assistant, n8n or a proxy may.
    fake.injectFailures(1, () => json({ error: `unknown webhook ${hookId}; key query-key-98765` }, 404));
    const base = new URL(fake.url);
    const webhookUrl = `${base.protocol}//hook-user:hook-pass-word@${base.host}/api/webhook/${hookId}?key=query-key-98765&format=json`;
    const { notifier } = notifierFor({ type: "webhook", webhookUrl });
    const result = await notifier.send(hello, { retry: false });
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.message).toBe("HTTP 404: unknown webhook ***; key ***");
    for (const secret of [hookId, "query-key-98765", "hook-pass-word"])
      expect(result.message).not.toContain(secret);
  });
});
