import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { discordRequest } from "../../src/notifications/discord.ts";
import { testMessage } from "../../src/notifications/message.ts";
import { telegramRequest } from "../../src/notifications/telegram.ts";
import { discordLimitErrors, startFakeDiscord } from "../fakes/discord.ts";
import { startFakeGotify } from "../fakes/gotify.ts";
import { startFakeNtfy } from "../fakes/ntfy.ts";
import { startFakeSmtp } from "../fakes/smtp.ts";
import { startFakeTelegram } from "../fakes/telegram.ts";
import { startFakeWebhookReceiver } from "../fakes/webhook.ts";
import { AT, EVENTS, message, notifierConfig, notifierFor, stopsAfterEach } from "./support.ts";

const { track } = stopsAfterEach();

const send = { retry: true };

describe("ntfy: the JSON publish form (docs.ntfy.sh/publish/#publish-as-json)", () => {
  test("POSTs {topic,title,message,priority,tags} to the root with the token as Bearer", async () => {
    const fake = track(startFakeNtfy({ token: "tk_abcdefghijklmnop" }));
    const { notifier } = notifierFor({
      type: "ntfy",
      url: fake.url,
      topic: "subhound-alerts",
      token: "tk_abcdefghijklmnop",
    });
    const result = await notifier.send(message(EVENTS.saved), send);
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      message: "published as message msg1",
      attempts: 1,
    });
    const request = fake.requests[0]!;
    expect(request).toMatchObject({ method: "POST", path: "/" });
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.authorization).toBe("Bearer tk_abcdefghijklmnop");
    expect(request.body).toEqual({
      topic: "subhound-alerts",
      title: "Subtitle downloaded: Breaking Bad S01E02",
      message:
        "German subtitle from opensubtitles (score 87).\n/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.srt",
      priority: 3,
      tags: ["white_check_mark"],
    });
    expect(fake.messages).toHaveLength(1);
  });

  test("a failure is high priority (4); basic auth when no token; the message stays within 4096 bytes", async () => {
    const fake = track(startFakeNtfy({ user: { name: "phil", password: "s3cret-pass" } }));
    const { notifier } = notifierFor({
      type: "ntfy",
      url: fake.url,
      topic: "t",
      username: "phil",
      password: "s3cret-pass",
    });
    const long = message(EVENTS.exhausted);
    long.body = "ü".repeat(5000);
    expect((await notifier.send(long, send)).ok).toBe(true);
    const body = fake.requests[0]!.body as { priority: number; message: string; tags: string[] };
    expect(body.priority).toBe(4);
    expect(body.tags).toEqual(["warning"]);
    expect(new TextEncoder().encode(body.message).length).toBeLessThanOrEqual(4096);
    expect(body.message.endsWith("…")).toBe(true);
  });
});

describe("Gotify: POST /message (gotify.net/docs/pushmsg)", () => {
  test("sends {title,message,priority} with X-Gotify-Key; priority 5, or 8 for a warning", async () => {
    const fake = track(startFakeGotify({ appToken: "AKq0h6pV.Xy2" }));
    const { notifier } = notifierFor({ type: "gotify", url: fake.url, appToken: "AKq0h6pV.Xy2" });
    expect(await notifier.send(message(EVENTS.upgraded), send)).toMatchObject({
      ok: true,
      message: "created message 1",
    });
    expect(await notifier.send(message(EVENTS.health), send)).toMatchObject({ ok: true });
    const [upgrade, health] = fake.requests;
    expect(upgrade).toMatchObject({ method: "POST", path: "/message" });
    expect(upgrade!.headers["x-gotify-key"]).toBe("AKq0h6pV.Xy2");
    expect(upgrade!.body).toEqual({
      title: "Subtitle upgraded: Breaking Bad S01E02",
      message:
        "German subtitle from jimaku (score 95). It replaces the one from opensubtitles (score 60).\n/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.ass",
      priority: 5,
    });
    expect(health!.body).toEqual({
      title: "Health: arr_connectivity is down",
      message: "arr_connectivity: ok → down (sonarr main: timed out after 5000 ms)",
      priority: 8,
    });
  });
});

describe("Discord: Execute Webhook (discord.com/developers/docs/resources/webhook)", () => {
  test("sends {content, embeds:[{title,description,color,timestamp,fields}]} and gets 204", async () => {
    const fake = track(startFakeDiscord());
    const { notifier } = notifierFor({ type: "discord", webhookUrl: fake.webhookUrl, username: "Subhound" });
    expect(await notifier.send(message(EVENTS.saved), send)).toMatchObject({ ok: true, status: 204 });
    expect(fake.messages[0]).toEqual({
      username: "Subhound",
      content: "Subtitle downloaded: Breaking Bad S01E02",
      embeds: [
        {
          title: "Subtitle downloaded: Breaking Bad S01E02",
          description:
            "German subtitle from opensubtitles (score 87).\n/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.srt",
          color: 0x2ecc71,
          timestamp: AT,
          fields: [
            {
              name: "Subtitle",
              value: "/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.srt",
              inline: false,
            },
            { name: "Language", value: "German", inline: false },
            { name: "Instance", value: "main", inline: false },
            { name: "Video", value: "/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.mkv", inline: false },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  test("oversized text is cut to Discord's limits (content 2000, title 256, description 4096, 6000 in all)", async () => {
    const fake = track(startFakeDiscord());
    const { notifier } = notifierFor({ type: "discord", webhookUrl: fake.webhookUrl });
    const huge = message(EVENTS.health);
    huge.title = "T".repeat(3000);
    huge.body = "B".repeat(9000);
    huge.fields = Array.from({ length: 40 }, (_, i) => ({
      name: `n${i}`.repeat(200),
      value: "v".repeat(2000),
    }));
    const body = JSON.parse(
      discordRequest(notifierConfig({ type: "discord", webhookUrl: fake.webhookUrl }) as never, huge).body,
    );
    expect(discordLimitErrors(body)).toEqual([]);
    expect([...body.content].length).toBe(2000);
    expect([...body.embeds[0].title].length).toBe(256);
    expect([...body.embeds[0].description].length).toBe(4096);
    expect(await notifier.send(huge, send)).toMatchObject({ ok: true, status: 204 });
  });
});

describe("Telegram: sendMessage (core.telegram.org/bots/api#sendmessage)", () => {
  test("POSTs {chat_id,text,parse_mode:HTML} to /bot<token>/sendMessage with the HTML escaped", async () => {
    const fake = track(startFakeTelegram({ chats: ["-1001234567890"] }));
    const { notifier } = notifierFor({
      type: "telegram",
      botToken: fake.token,
      chatId: -1001234567890,
      threadId: 3,
      baseUrl: fake.url,
    });
    const tricky = message(EVENTS.exhausted);
    tricky.body = "Tom & Jerry <uncut> 2 > 1";
    expect(await notifier.send(tricky, send)).toMatchObject({ ok: true, message: "sent as message 1" });
    const request = fake.requests[0]!;
    expect(request.path).toBe(`/bot${fake.token}/sendMessage`);
    expect(request.body).toEqual({
      chat_id: "-1001234567890",
      message_thread_id: 3,
      text: "<b>No subtitle found: Breaking Bad S01E02</b>\nTom &amp; Jerry &lt;uncut&gt; 2 &gt; 1",
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(fake.messages[0]!.text).toBe("No subtitle found: Breaking Bad S01E02\nTom & Jerry <uncut> 2 > 1");
  });

  test("a message longer than 4096 characters is cut so Telegram accepts it", async () => {
    const fake = track(startFakeTelegram());
    const { notifier } = notifierFor({
      type: "telegram",
      botToken: fake.token,
      chatId: "424242",
      baseUrl: fake.url,
    });
    const long = message(EVENTS.health);
    long.body = "<&>".repeat(3000);
    const config = notifierConfig({
      type: "telegram",
      botToken: fake.token,
      chatId: "424242",
      baseUrl: fake.url,
    });
    expect(JSON.parse(telegramRequest(config as never, long).body).text.length).toBeGreaterThan(4096);
    expect(await notifier.send(long, send)).toMatchObject({ ok: true });
    expect([...fake.messages[0]!.text].length).toBeLessThanOrEqual(4096);
  });
});

describe("email over SMTP (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954)", () => {
  test("STARTTLS, then AUTH, then one mail with the subject, sender, recipients and text", async () => {
    const smtp = track(await startFakeSmtp({ mode: "starttls", users: { mailer: "mail-pass-123" } }));
    const { notifier } = notifierFor({
      type: "email",
      host: "127.0.0.1",
      port: smtp.port,
      username: "mailer",
      password: "mail-pass-123",
      from: "Subhound <subhound@example.com>",
      to: ["me@example.com", "you@example.com"],
    });
    const result = await notifier.send(message(EVENTS.saved), send);
    expect(result).toMatchObject({
      ok: true,
      status: 250,
      message: "accepted: 250 2.0.0 Ok: queued as 4F2A1B",
    });
    const mail = smtp.mails[0]!;
    expect(mail).toMatchObject({
      from: "subhound@example.com",
      to: ["me@example.com", "you@example.com"],
      user: "mailer",
      tls: true,
    });
    expect(smtp.commands.indexOf("STARTTLS")).toBeLessThan(
      smtp.commands.findIndex((c) => c.startsWith("AUTH")),
    );
    expect(mail.data).toContain("Subject: Subtitle downloaded: Breaking Bad S01E02");
    expect(mail.data).toContain("X-Subhound-Event: download");
    expect(mail.data).toContain("Language: German");
  });

  test("implicit TLS (port 465 style) and a plain server without AUTH", async () => {
    const secure = track(await startFakeSmtp({ mode: "tls" }));
    const plain = track(await startFakeSmtp({ mode: "none" }));
    const base = { type: "email", host: "127.0.0.1", from: "s@example.com", to: "me@example.com" };
    const overTls = notifierFor({ ...base, port: secure.port, security: "tls" }).notifier;
    const inClear = notifierFor({ ...base, port: plain.port, security: "none" }).notifier;
    expect((await overTls.send(testMessage("mail", AT), send)).ok).toBe(true);
    expect((await inClear.send(testMessage("mail", AT), send)).ok).toBe(true);
    expect(secure.mails[0]!.tls).toBe(true);
    expect(plain.mails[0]).toMatchObject({ tls: false, to: ["me@example.com"] });
  });
});

describe("generic webhook", () => {
  test("POSTs {event,notifier,title,message,severity,at,item,health}, the extra headers and an HMAC signature", async () => {
    const fake = track(startFakeWebhookReceiver());
    const { notifier } = notifierFor({
      type: "webhook",
      name: "hook",
      webhookUrl: `${fake.url}/hooks/subhound`,
      headers: { "X-Custom-Auth": "hdr-secret-value" },
      secret: "sign-me-please",
    });
    expect(await notifier.send(message(EVENTS.exhausted), send)).toMatchObject({ ok: true, status: 200 });
    const request = fake.requests[0]!;
    expect(request.path).toBe("/hooks/subhound");
    expect(request.headers["x-custom-auth"]).toBe("hdr-secret-value");
    expect(request.headers["x-subhound-event"]).toBe("failure");
    expect(request.body).toEqual({
      event: "failure",
      notifier: "hook",
      title: "No subtitle found: Breaking Bad S01E02",
      message:
        "German: none found in 10 attempts (no subtitle found). It is searched weekly from now on (search.afterAttemptsEveryDays); search it by hand to try sooner.",
      severity: "warning",
      at: AT,
      item: EVENTS.exhausted.data,
      health: null,
    });
    const expected = `sha256=${createHmac("sha256", "sign-me-please").update(JSON.stringify(request.body)).digest("hex")}`;
    expect(request.headers["x-subhound-signature"]).toBe(expected);
  });

  test("a health change carries `health`, not `item`", async () => {
    const fake = track(startFakeWebhookReceiver());
    const { notifier } = notifierFor({ type: "webhook", webhookUrl: fake.url });
    await notifier.send(message(EVENTS.health), send);
    expect(fake.requests[0]!.body).toMatchObject({ event: "health", item: null, health: EVENTS.health.data });
    expect(fake.requests[0]!.headers["x-subhound-signature"]).toBeUndefined();
  });
});
