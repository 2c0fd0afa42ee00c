import { describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { notificationsSchema } from "../../src/config/notifications.ts";
import { createEventBus } from "../../src/events/bus.ts";
import { createLogger } from "../../src/log.ts";
import { createNotifications, type NotificationsDeps } from "../../src/notifications/dispatcher.ts";
import { startFakeDiscord } from "../fakes/discord.ts";
import { json } from "../fakes/fake-service.ts";
import { startFakeGotify } from "../fakes/gotify.ts";
import { startFakeNtfy } from "../fakes/ntfy.ts";
import { startFakeSmtp } from "../fakes/smtp.ts";
import { startFakeTelegram } from "../fakes/telegram.ts";
import { startFakeWebhookReceiver } from "../fakes/webhook.ts";
import { pollUntil } from "../support/poll.ts";
import { EVENTS, stopsAfterEach } from "./support.ts";

const { cleanups, track } = stopsAfterEach();

function setup(entries: Record<string, unknown>[], extra: Partial<NotificationsDeps> = {}) {
  const lines: string[] = [];
  const events = createEventBus();
  const notifications = createNotifications(notificationsSchema.parse(entries), {
    // No secrets handed to the logger: what it writes must already be clean.
    log: createLogger({ level: "debug", format: "json", write: (line) => lines.push(line) }),
    clock: manualClock("2026-11-24T10:00:00Z"),
    events,
    sleep: async () => {},
    ...extra,
  });
  cleanups.push(() => notifications.stop());
  return { events, notifications, lines };
}

describe("the dispatcher", () => {
  test("sends each event only to the enabled notifiers that switched it on; upgrades included", async () => {
    const hook = track(startFakeWebhookReceiver());
    const { events, notifications } = setup([
      { type: "webhook", name: "downloads", webhookUrl: `${hook.url}/downloads`, events: ["download"] },
      { type: "webhook", name: "problems", webhookUrl: `${hook.url}/problems`, events: "failure,health" },
      { type: "webhook", name: "upgrades", webhookUrl: `${hook.url}/upgrades`, events: ["upgrade"] },
      { type: "webhook", name: "off", webhookUrl: `${hook.url}/off`, enabled: false },
    ]);
    for (const event of [EVENTS.saved, EVENTS.upgraded, EVENTS.exhausted, EVENTS.health])
      events.publish(event);
    events.publish({ type: "scan.progress", data: { done: 1 } });
    await notifications.whenIdle();
    const got = (path: string) =>
      hook.requests.filter((r) => r.path === path).map((r) => (r.body as { event: string }).event);
    expect(got("/downloads")).toEqual(["download"]);
    expect(got("/problems")).toEqual(["failure", "health"]);
    expect(got("/upgrades")).toEqual(["upgrade"]);
    expect(got("/off")).toEqual([]);
    const status = notifications.list();
    expect(status.map((s) => [s.name, s.sent, s.failed])).toEqual([
      ["downloads", 1, 0],
      ["problems", 2, 0],
      ["upgrades", 1, 0],
      ["off", 0, 0],
    ]);
    expect(status[1]!.lastResult).toMatchObject({ event: "health", ok: true, status: 200 });
  });

  test("a hung notifier holds only its own queue: publishing returns at once and others deliver", async () => {
    const hung = track(startFakeNtfy());
    await hung.setMode("slow");
    const hook = track(startFakeWebhookReceiver());
    const { events, notifications } = setup(
      [
        { type: "ntfy", name: "hung", url: hung.url, topic: "t", events: ["download"] },
        { type: "webhook", name: "fine", webhookUrl: hook.url, events: ["download"] },
      ],
      { queueLimit: 2 },
    );
    for (let i = 1; i <= 5; i++) {
      events.publish(EVENTS.saved);
      await pollUntil(
        async () => hook.requests.length,
        (n) => n === i,
      );
    }
    const [hungStatus] = notifications.list();
    // One in flight, two waiting, two dropped.
    expect(hungStatus).toMatchObject({ name: "hung", queued: 2, dropped: 2, sent: 0 });
    await notifications.stop();
    expect(notifications.list()[0]).toMatchObject({ queued: 0, failed: 1 });
    expect(notifications.list()[0]!.lastResult?.message).toStartWith("cancelled");
  });

  test("stopping lets queued messages go out within the grace period, and takes no new ones", async () => {
    const hook = track(startFakeWebhookReceiver());
    const { events, notifications } = setup([
      { type: "webhook", webhookUrl: hook.url, events: ["download"] },
    ]);
    events.publish(EVENTS.saved);
    events.publish(EVENTS.saved);
    // Resolves once the queue is empty; the grace is only an upper bound.
    await notifications.stop(30_000);
    expect(hook.requests).toHaveLength(2);
    expect(notifications.list()[0]).toMatchObject({ sent: 2, failed: 0, queued: 0 });
    events.publish(EVENTS.saved);
    expect(notifications.list()[0]!.queued).toBe(0);
  });

  test("past the grace period a hung send is cancelled", async () => {
    const hung = track(startFakeNtfy());
    await hung.setMode("slow");
    const { events, notifications } = setup([
      { type: "ntfy", url: hung.url, topic: "t", events: ["download"] },
    ]);
    events.publish(EVENTS.saved);
    await notifications.stop(20);
    expect(notifications.list()[0]).toMatchObject({ sent: 0, failed: 1, queued: 0 });
    expect(notifications.list()[0]!.lastResult?.message).toStartWith("cancelled");
  });

  test("at most two requests at once go to one host, across notifiers", async () => {
    const hung = track(startFakeNtfy());
    await hung.setMode("slow");
    const hook = track(startFakeWebhookReceiver());
    const { events } = setup([
      ...["a", "b", "c"].map((name) => ({
        type: "ntfy",
        name,
        url: hung.url,
        topic: name,
        events: ["download"],
      })),
      { type: "webhook", name: "elsewhere", webhookUrl: hook.url, events: ["download"] },
    ]);
    events.publish(EVENTS.saved);
    await pollUntil(
      async () => hook.requests.length + hung.requests.length,
      (n) => n === 3,
    );
    // The third ntfy request waits for a slot while another host's request went through.
    expect(hung.requests.length).toBe(2);
    expect(hook.requests.length).toBe(1);
  });

  test("the health watch runs only when an enabled notifier wants health changes", async () => {
    const hook = track(startFakeWebhookReceiver());
    const ticks: (() => void)[] = [];
    let checks = 0;
    const watch = {
      checkHealth: async () => {
        checks++;
      },
      every: (ms: number, fn: () => void) => {
        expect(ms).toBe(60_000);
        ticks.push(fn);
        return () => ticks.splice(0);
      },
      healthWatchMs: 60_000,
    };
    setup([{ type: "webhook", webhookUrl: hook.url, events: ["download"] }], watch).notifications.start();
    expect(checks).toBe(0);
    const { notifications } = setup([{ type: "webhook", webhookUrl: hook.url, events: ["health"] }], watch);
    notifications.start();
    expect(checks).toBe(1);
    ticks[0]!();
    expect(checks).toBe(2);
    await notifications.stop();
    expect(ticks).toEqual([]);
  });
});

describe("a service that rate-limits holds its queue for the wait it asks", () => {
  /** Sleeps that move the dispatcher's clock instead of waiting. */
  function recordedSleep() {
    const waits: number[] = [];
    const clock = manualClock("2026-11-24T10:00:00Z");
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock.advance(ms);
    };
    return { waits, clock, sleep };
  }

  test("Telegram's 429 retry_after of 40 s (20 a minute to a group) pauses the queue; no message is lost", async () => {
    const fake = track(startFakeTelegram());
    const { waits, clock, sleep } = recordedSleep();
    const { events, notifications } = setup(
      [{ type: "telegram", botToken: fake.token, chatId: "424242", baseUrl: fake.url, events: ["download"] }],
      { sleep, clock },
    );
    fake.rateLimit(1, 40);
    for (let i = 0; i < 3; i++) events.publish(EVENTS.saved);
    await notifications.whenIdle();
    expect(fake.messages).toHaveLength(3);
    // One refused request, then the service's wait, then the rest: nothing sent into the limit.
    expect(fake.requests).toHaveLength(4);
    expect(waits).toEqual([40_000]);
    expect(notifications.list()[0]).toMatchObject({ sent: 3, failed: 0 });
    expect(notifications.list()[0]!.lastResult).not.toHaveProperty("rateLimitedMs");
  });

  test("a 429 that names no wait (ntfy's) pauses a minute after the quick retries, then delivers", async () => {
    const fake = track(startFakeNtfy());
    const { waits, clock, sleep } = recordedSleep();
    const { events, notifications } = setup(
      [{ type: "ntfy", url: fake.url, topic: "alerts", events: ["download"] }],
      { sleep, clock },
    );
    fake.injectFailures(3, () =>
      json({ code: 42901, http: 429, error: "limit reached: too many requests" }, 429),
    );
    events.publish(EVENTS.saved);
    events.publish(EVENTS.saved);
    await notifications.whenIdle();
    expect(fake.messages).toHaveLength(2);
    expect(waits).toEqual([1_000, 2_000, 60_000]);
    expect(notifications.list()[0]).toMatchObject({ sent: 2, failed: 0 });
  });

  test("a limit that does not lift fails the message after three waits; every request follows a wait", async () => {
    const fake = track(startFakeDiscord());
    const { waits, clock, sleep } = recordedSleep();
    const { events, notifications } = setup(
      [{ type: "discord", webhookUrl: fake.webhookUrl, events: ["download"] }],
      { sleep, clock },
    );
    fake.rateLimit(1_000, 64.5);
    events.publish(EVENTS.saved);
    events.publish(EVENTS.saved);
    await notifications.whenIdle();
    expect(fake.messages).toHaveLength(0);
    expect(waits).toEqual(Array(7).fill(64_500));
    expect(fake.requests).toHaveLength(waits.length + 1);
    expect(notifications.list()[0]).toMatchObject({ sent: 0, failed: 2 });
    expect(notifications.list()[0]!.lastResult).toMatchObject({
      message: "HTTP 429: You are being rate limited.",
      attempts: 4,
    });
  });

  test("the wait is a time, not a delay: a message after the limit lifted goes out at once", async () => {
    const fake = track(startFakeTelegram());
    const { waits, clock, sleep } = recordedSleep();
    const { events, notifications } = setup(
      [{ type: "telegram", botToken: fake.token, chatId: "424242", baseUrl: fake.url, events: ["download"] }],
      { sleep, clock },
    );
    fake.rateLimit(4, 40);
    events.publish(EVENTS.saved);
    await notifications.whenIdle();
    expect(notifications.list()[0]).toMatchObject({ sent: 0, failed: 1 });
    clock.advance(15_000);
    events.publish(EVENTS.saved);
    await notifications.whenIdle();
    expect(waits).toEqual([40_000, 40_000, 40_000, 25_000]);
    clock.advance(60_000);
    events.publish(EVENTS.saved);
    await notifications.whenIdle();
    expect(waits).toHaveLength(4);
    expect(fake.messages).toHaveLength(2);
  });

  test("stopping ends a pause at once", async () => {
    const fake = track(startFakeTelegram());
    const { events, notifications } = setup(
      [{ type: "telegram", botToken: fake.token, chatId: "424242", baseUrl: fake.url, events: ["download"] }],
      {
        sleep: (_ms, signal) => new Promise((resolve) => signal?.addEventListener("abort", () => resolve())),
      },
    );
    fake.rateLimit(1, 40);
    events.publish(EVENTS.saved);
    await pollUntil(
      async () => fake.requests.length,
      (n) => n === 1,
    );
    await notifications.stop(10);
    expect(notifications.list()[0]).toMatchObject({ sent: 0, failed: 1, queued: 0 });
  });
});

describe("secrets never reach logs, errors or results", () => {
  test("every notifier failing with secrets configured logs and reports none of them", async () => {
    const gotify = track(startFakeGotify({ appToken: "not-this-one" }));
    const discord = track(startFakeDiscord());
    const telegram = track(startFakeTelegram());
    const ntfy = track(startFakeNtfy({ token: "tk_other" }));
    const smtp = track(await startFakeSmtp({ mode: "none", users: { u: "other" } }));
    const hook = track(startFakeWebhookReceiver());
    await hook.setMode("down");
    const secrets = {
      gotify: "GotifyAppToken-123456",
      discord: "DiscordWebhookToken-abcdef",
      telegram: "777777:TelegramBotToken-abcdefgh",
      ntfy: "tk_NtfyAccessToken-xyz",
      smtp: "SmtpPassword-qwerty",
      header: "Bearer HeaderSecret-98765",
      signing: "SigningSecret-55555",
    };
    const { events, notifications, lines } = setup([
      { type: "gotify", url: gotify.url, appToken: secrets.gotify },
      { type: "discord", webhookUrl: discord.webhookUrl.replace(discord.token, secrets.discord) },
      { type: "telegram", botToken: secrets.telegram, chatId: "1", baseUrl: telegram.url },
      { type: "ntfy", url: ntfy.url, topic: "t", token: secrets.ntfy },
      {
        type: "email",
        host: "127.0.0.1",
        port: smtp.port,
        security: "none",
        username: "u",
        password: secrets.smtp,
        from: "a@example.com",
        to: "b@example.com",
      },
      {
        type: "webhook",
        webhookUrl: `${hook.url}/hook`,
        headers: { Authorization: secrets.header },
        secret: secrets.signing,
      },
    ]);
    events.publish(EVENTS.exhausted);
    await notifications.whenIdle();
    const tests = await Promise.all(notifications.list().map((n) => notifications.test(n.name)));
    const everything = JSON.stringify([lines, notifications.list(), tests]);
    expect(notifications.list().every((n) => n.failed === 1)).toBe(true);
    // Each failed once from the event and once from its Test.
    expect(lines.filter((l) => l.includes("notification failed"))).toHaveLength(12);
    for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
  });

  test("a transport error quoting the request URL is scrubbed of the Telegram token and the Discord URL", async () => {
    const quoting = async (url: string) => {
      throw new Error(`connect ECONNREFUSED while fetching ${url}`);
    };
    const { notifications, lines } = setup(
      [
        { type: "telegram", botToken: "424242:QuotedToken-abcdefgh", chatId: "1" },
        { type: "discord", webhookUrl: "https://discord.com/api/webhooks/1/QuotedDiscordToken-zz" },
      ],
      { fetch: quoting },
    );
    const telegram = await notifications.test("telegram");
    const discord = await notifications.test("discord");
    expect(telegram?.message).toContain("while fetching https://api.telegram.org/bot***/sendMessage");
    expect(discord?.message).toContain("while fetching ***");
    const everything = JSON.stringify([lines, telegram, discord]);
    expect(everything).not.toContain("QuotedToken");
    expect(everything).not.toContain("QuotedDiscordToken");
  });
});
