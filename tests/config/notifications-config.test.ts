import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../src/config/load.ts";
import { redactConfig, secretValues } from "../../src/config/redact.ts";
import { configSchema } from "../../src/config/schema.ts";

function loadError(env: Record<string, string>): string {
  try {
    loadConfig({ env, cwd: "/nonexistent" });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("[[notifications]]", () => {
  test("env variables build a notifier; names default to the type; events take a comma list", () => {
    const { config } = loadConfig({
      env: {
        SUBHOUND_NOTIFICATIONS__0__TYPE: "telegram",
        SUBHOUND_NOTIFICATIONS__0__BOT_TOKEN: "123:abc",
        SUBHOUND_NOTIFICATIONS__0__CHAT_ID: "-100",
        SUBHOUND_NOTIFICATIONS__0__EVENTS: "failure,health",
        SUBHOUND_NOTIFICATIONS__1__TYPE: "webhook",
        SUBHOUND_NOTIFICATIONS__1__WEBHOOK_URL: "https://hooks.example.com/x",
        SUBHOUND_NOTIFICATIONS__1__HEADERS__AUTHORIZATION: "Bearer hdr",
      },
      cwd: "/nonexistent",
    });
    expect(config.notifications).toEqual([
      expect.objectContaining({
        type: "telegram",
        name: "telegram",
        chatId: "-100",
        events: ["failure", "health"],
      }),
      expect.objectContaining({ type: "webhook", name: "webhook", headers: { authorization: "Bearer hdr" } }),
    ]);
  });

  test("a bad table is refused naming the key and where it came from", () => {
    expect(loadError({ SUBHOUND_NOTIFICATIONS__0__TYPE: "pager" })).toBe(
      "notifications.0.type: Invalid discriminator value. Expected 'ntfy' | 'gotify' | 'discord' | 'telegram' | 'email' | 'webhook' | 'apprise' (from SUBHOUND_NOTIFICATIONS__0__TYPE)",
    );
    expect(loadError({ SUBHOUND_NOTIFICATIONS__0__TYPE: "ntfy" })).toStartWith(
      "notifications.0.topic: is required",
    );
    expect(
      loadError({
        SUBHOUND_NOTIFICATIONS__0__TYPE: "ntfy",
        SUBHOUND_NOTIFICATIONS__0__TOPIC: "a",
        SUBHOUND_NOTIFICATIONS__1__TYPE: "ntfy",
        SUBHOUND_NOTIFICATIONS__1__TOPIC: "b",
      }),
    ).toStartWith('notifications.1.name: "ntfy" is also the name of notifications.0');
    expect(
      loadError({
        SUBHOUND_NOTIFICATIONS__0__TYPE: "ntfy",
        SUBHOUND_NOTIFICATIONS__0__TOPIC: "a",
        SUBHOUND_NOTIFICATIONS__0__EVENTS: "download,grab",
      }),
    ).toContain("notifications.0.events.1");
  });

  test("settings the service would refuse are refused at load: SMTP port 465 with STARTTLS, a Discord name Discord forbids", () => {
    const email = {
      SUBHOUND_NOTIFICATIONS__0__TYPE: "email",
      SUBHOUND_NOTIFICATIONS__0__HOST: "smtp.example.com",
      SUBHOUND_NOTIFICATIONS__0__FROM: "a@example.com",
      SUBHOUND_NOTIFICATIONS__0__TO: "b@example.com",
      SUBHOUND_NOTIFICATIONS__0__PORT: "465",
    };
    expect(loadError(email)).toStartWith(
      'notifications.0.security: port 465 is TLS from the start: set security = "tls"',
    );
    expect(
      loadConfig({ env: { ...email, SUBHOUND_NOTIFICATIONS__0__SECURITY: "tls" }, cwd: "/nonexistent" })
        .config.notifications,
    ).toHaveLength(1);
    const discord = {
      SUBHOUND_NOTIFICATIONS__0__TYPE: "discord",
      SUBHOUND_NOTIFICATIONS__0__WEBHOOK_URL: "https://discord.com/api/webhooks/1/x",
    };
    expect(loadError({ ...discord, SUBHOUND_NOTIFICATIONS__0__USERNAME: "Discord Bot" })).toStartWith(
      'notifications.0.username: Discord refuses a username containing "discord" or "clyde"',
    );
    expect(
      loadConfig({
        env: { ...discord, SUBHOUND_NOTIFICATIONS__0__USERNAME: "Subhound" },
        cwd: "/nonexistent",
      }).config.notifications,
    ).toHaveLength(1);
  });

  test("tokens, passwords, webhook URLs and header values are secrets everywhere the config is shown", () => {
    const config = configSchema.parse({
      notifications: [
        { type: "gotify", url: "http://gotify", appToken: "GotifyTok1" },
        { type: "discord", webhookUrl: "https://discord.com/api/webhooks/1/DiscordTok2" },
        {
          type: "webhook",
          webhookUrl: "https://h.example/x",
          headers: { "X-Key": "HeaderVal3" },
          secret: "Sign4",
        },
        { type: "email", host: "smtp", from: "a@b.c", to: "d@e.f", username: "u", password: "MailPass5" },
      ],
    });
    const shown = JSON.stringify(redactConfig(config));
    for (const secret of ["GotifyTok1", "DiscordTok2", "HeaderVal3", "Sign4", "MailPass5"]) {
      expect(shown).not.toContain(secret);
      expect(secretValues(config)).toContain(
        secret === "DiscordTok2" ? "https://discord.com/api/webhooks/1/DiscordTok2" : secret,
      );
    }
    expect(redactConfig(config).notifications[2]).toMatchObject({
      headers: { "X-Key": "***" },
      secret: "***",
    });
  });
});
