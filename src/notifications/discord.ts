import type { NotifierConfig } from "../config/notifications.ts";
import { parseJson, type ResolvedDeps, scrubber } from "../net/remote.ts";
import { clip, type NotificationMessage } from "./message.ts";
import { deliverHttp, type HttpNotification, type Notifier, retryAfterField } from "./notifier.ts";

type DiscordConfig = Extract<NotifierConfig, { type: "discord" }>;

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Title, description, field names and values, footer and author together. */
  embedTotal: 6000,
} as const;

const COLORS = { info: 0x2ecc71, warning: 0xe67e22, test: 0x3498db };

/**
 * Execute Webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook): JSON
 * `{content, embeds}` to the webhook URL; 204 without `?wait=true`. `allowed_mentions` with no
 * `parse` keeps an @everyone in a title from pinging anyone.
 */
export function discordRequest(config: DiscordConfig, message: NotificationMessage): HttpNotification {
  const title = clip(message.title, DISCORD_LIMITS.embedTitle);
  const description = clip(message.body, DISCORD_LIMITS.embedDescription);
  let budget = DISCORD_LIMITS.embedTotal - title.length - description.length;
  const fields: { name: string; value: string; inline: boolean }[] = [];
  for (const field of message.fields.slice(0, DISCORD_LIMITS.fields)) {
    const name = clip(field.name, DISCORD_LIMITS.fieldName);
    const value = clip(field.value || "-", DISCORD_LIMITS.fieldValue);
    if (name.length + value.length > budget) break;
    budget -= name.length + value.length;
    fields.push({ name, value, inline: false });
  }
  const body = {
    ...(config.username ? { username: config.username } : {}),
    // The text a phone's push notification shows; the embed carries the details.
    content: clip(message.title, DISCORD_LIMITS.content),
    embeds: [
      {
        title,
        description,
        color: message.event === "test" ? COLORS.test : COLORS[message.severity],
        timestamp: message.at,
        ...(fields.length > 0 ? { fields } : {}),
      },
    ],
    allowed_mentions: { parse: [] },
  };
  return {
    url: config.webhookUrl,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
}

/** The token is the URL's last path segment: scrubbed alone too, in case an error quotes it without the rest. */
function webhookToken(url: string): string | undefined {
  try {
    return new URL(url).pathname.split("/").filter(Boolean).at(-1);
  } catch {
    return undefined;
  }
}

export function createDiscordNotifier(config: DiscordConfig, deps: ResolvedDeps): Notifier {
  const scrub = scrubber(config.webhookUrl, webhookToken(config.webhookUrl));
  return {
    name: config.name,
    type: "discord",
    send: (message, options) =>
      deliverHttp(
        deps,
        discordRequest(config, message),
        {
          timeoutMs: config.timeoutMs,
          scrub,
          // 429 body: {"message":"You are being rate limited.","retry_after":1.5,"global":false}
          retryAfterMs: (answer) => {
            const parsed = parseJson(answer.text);
            return parsed.ok
              ? retryAfterField((parsed.value as { retry_after?: unknown })?.retry_after)
              : null;
          },
          accepted: (answer) => ({ ok: true, message: `accepted (HTTP ${answer.status})` }),
        },
        options,
      ),
  };
}
