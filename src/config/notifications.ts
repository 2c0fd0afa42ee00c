import { z } from "zod";
import { bool, httpUrl, int, list, secret } from "./fields.ts";

/**
 * The `[[notifications]]` tables: one notifier each, its service chosen by `type`. Secrets are the
 * keys config/redact.ts knows by name (`token`, `appToken`, `botToken`, `password`, `secret`,
 * `webhookUrl`, `headers`, and Apprise's `key` and `urls`), so logs, errors and the API never show them.
 */

export const NOTIFICATION_EVENTS = ["download", "upgrade", "failure", "health"] as const;
export type NotificationEventName = (typeof NOTIFICATION_EVENTS)[number];

const common = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "expected letters, digits, - and _ (up to 64), e.g. phone")
    .optional()
    .describe("Unique name, used in the API (/notifications/{name}/test); defaults to the type"),
  enabled: bool.default(true).describe("Send nothing while false (the Test action still works)"),
  events: list(z.enum(NOTIFICATION_EVENTS))
    .default([...NOTIFICATION_EVENTS])
    .describe(
      "What is sent: download (a subtitle saved), upgrade (one replaced by a better one), failure (an item's last automatic search failed), health (a subsystem turned ok, degraded or down)",
    ),
  timeoutMs: int(100, 120_000).default(10_000).describe("Per-request timeout"),
};

const ntfy = z.strictObject({
  type: z.literal("ntfy"),
  ...common,
  url: httpUrl.default("https://ntfy.sh").describe("Server: https://ntfy.sh or your own"),
  topic: z
    .string()
    .regex(/^[-_A-Za-z0-9]{1,64}$/, "expected 1 to 64 letters, digits, - and _ (ntfy's topic rule)")
    .describe("The topic subscribed to; on a public server, anyone who knows it can read it"),
  token: secret.optional().describe("Access token (tk_…), sent as Bearer"),
  username: z.string().min(1).optional().describe("User for basic auth"),
  password: secret.optional().describe("Password for basic auth"),
});

const gotify = z.strictObject({
  type: z.literal("gotify"),
  ...common,
  url: httpUrl.describe("Server, e.g. http://gotify:80"),
  appToken: secret.describe("The application's token (Apps → token)"),
});

const discord = z.strictObject({
  type: z.literal("discord"),
  ...common,
  webhookUrl: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .describe("Server Settings → Integrations → Webhooks → Copy Webhook URL (holds its token)"),
  username: z
    .string()
    .min(1)
    .max(80)
    // Discord answers 400 to every message whose username holds either word.
    .refine((u) => !/discord|clyde/i.test(u), 'Discord refuses a username containing "discord" or "clyde"')
    .optional()
    .describe("Name shown instead of the webhook's"),
});

const telegram = z.strictObject({
  type: z.literal("telegram"),
  ...common,
  botToken: secret.describe("The token @BotFather gave (123456:ABC…)"),
  // TOML may give a numeric id as a number.
  chatId: z
    .preprocess((v) => (typeof v === "number" ? String(v) : v), z.string().min(1))
    .describe("Chat id (e.g. -1001234567890) or @channelusername"),
  threadId: int(1).optional().describe("Topic (message_thread_id) in a forum supergroup"),
  baseUrl: httpUrl.default("https://api.telegram.org").describe("Bot API server"),
});

const email = z
  .strictObject({
    type: z.literal("email"),
    ...common,
    host: z.string().min(1).describe("SMTP server host name"),
    port: int(1, 65535).default(587).describe("SMTP port (587 STARTTLS, 465 TLS, 25 plain)"),
    security: z
      .enum(["starttls", "tls", "none"])
      .default("starttls")
      .describe("starttls = upgrade after connecting (required), tls = TLS from the start, none"),
    username: z.string().min(1).optional().describe("User for SMTP AUTH"),
    password: secret.optional().describe("Password for SMTP AUTH"),
    from: z.string().min(3).describe('Sender, e.g. "Subhound <subhound@example.com>"'),
    to: list(z.string().min(3)).check(z.minLength(1)).describe("Recipients"),
  })
  .refine((e) => (e.username === undefined) === (e.password === undefined), {
    message: "username and password are set together or not at all",
    path: ["password"],
  })
  // Port 465 speaks TLS from the first byte: a STARTTLS greeting is never answered, and every send
  // would only time out.
  .refine((e) => !(e.port === 465 && e.security === "starttls"), {
    message: 'port 465 is TLS from the start: set security = "tls" (or use port 587 with "starttls")',
    path: ["security"],
  });

const webhook = z.strictObject({
  type: z.literal("webhook"),
  ...common,
  webhookUrl: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .describe("Where the JSON is POSTed"),
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "expected an HTTP header name"), z.string())
    .optional()
    .describe(
      "Extra request headers (values are secrets, e.g. Authorization); SUBHOUND_NOTIFICATIONS__0__HEADERS__AUTHORIZATION sets one (one-word names only)",
    ),
  secret: secret
    .optional()
    .describe("Signs each body: X-Subhound-Signature: sha256=<hex HMAC-SHA256 of the body>"),
});

/** A config ID of Apprise API (README, API Notes): 1–128 letters, digits, `_` and `-`. */
const APPRISE_KEY = /^[A-Za-z0-9_-]{1,128}$/;
/** One Apprise tag, `[priority:]name[:retry]` (apprise-api views.py TAG_TOKEN_RE), or several ANDed by spaces. */
const APPRISE_TAG = /^(?:[0-9]{1,9}:)?[A-Za-z0-9][A-Za-z0-9_-]*(?::[0-9]{1,9})?$/;
const APPRISE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;

/**
 * Apprise URLs as one string (env, a settings box) split as Apprise's own parse_urls does: a new URL
 * starts where whitespace or a comma precedes `scheme://`, so a comma inside one (`?to=a,b`) stays.
 */
export function splitAppriseUrls(text: string): string[] {
  return text
    .split(/[\s,]+(?=[A-Za-z][A-Za-z0-9+.-]*:\/\/)/)
    .map((url) => url.trim().replace(/,+$/, ""))
    .filter((url) => url.length > 0);
}

const apprise = z
  .strictObject({
    type: z.literal("apprise"),
    ...common,
    url: httpUrl.describe(
      "Apprise API server, e.g. http://apprise:8000, with its path prefix if it has one (APPRISE_BASE_URL); user:password@ in it when the server requires a login",
    ),
    key: secret
      .regex(APPRISE_KEY, "expected Apprise API's config ID rule: 1 to 128 letters, digits, _ and -")
      .optional()
      .describe(
        "Config ID of a configuration stored in Apprise API (POST /notify/{key}); a secret: whoever knows it sends through it and, unless the server locks its configs, reads their URLs. Set this or urls",
      ),
    tags: list(
      z
        .string()
        .trim()
        .refine(
          (tag) => tag.split(/[\s&+]+/).every((token) => APPRISE_TAG.test(token)),
          "expected Apprise tags: letters, digits, _ and -, several ANDed by spaces (e.g. devops or devops after-hours)",
        ),
    )
      .check(z.minLength(1))
      .optional()
      .describe(
        'With key: only the configuration\'s URLs with one of these tags ("a b" = tagged a and b); without it, Apprise sends to its untagged URLs',
      ),
    urls: z
      .preprocess(
        (value) => (typeof value === "string" ? splitAppriseUrls(value) : value),
        z.array(
          z
            .string()
            .trim()
            .regex(APPRISE_URL, "expected an Apprise URL such as discord://webhook_id/webhook_token"),
        ),
      )
      .check(z.minLength(1))
      .optional()
      .describe(
        "Apprise URLs sent with each message (POST /notify/), e.g. discord://webhook_id/webhook_token or pover://user@token; they hold tokens: secrets. Set this or key",
      ),
  })
  .superRefine((entry, ctx) => {
    if (entry.key !== undefined && entry.urls !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["key"],
        message: "set key (a configuration stored in Apprise API) or urls (sent with each message), not both",
      });
    else if (entry.key === undefined && entry.urls === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["key"],
        message:
          "set key (a configuration stored in Apprise API) or urls (Apprise URLs sent with each message)",
      });
    else if (entry.tags !== undefined && entry.key === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["tags"],
        message: "tags choose among the URLs stored under key; with urls, leave tags out",
      });
  });

export const notifierSchema = z.discriminatedUnion("type", [
  ntfy,
  gotify,
  discord,
  telegram,
  email,
  webhook,
  apprise,
]);

export const notificationsSchema = z
  .array(notifierSchema)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const name = entry.name ?? entry.type;
      const first = seen.get(name);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `"${name}" is also the name of notifications.${first}; give each notifier its own name`,
        });
      else seen.set(name, index);
    });
  })
  .transform((entries) => entries.map((e) => ({ ...e, name: e.name ?? e.type })))
  .describe("Notifiers ([[notifications]] tables): ntfy, gotify, discord, telegram, email, webhook, apprise");

export type NotifierConfig = z.infer<typeof notificationsSchema>[number];
export type NotifierType = NotifierConfig["type"];
