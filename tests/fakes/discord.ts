/**
 * A Discord webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook): POST
 * /api/webhooks/{id}/{token}, JSON body checked against the message and embed limits
 * (https://discord.com/developers/docs/resources/message#embed-object-embed-limits); 204 without
 * `?wait=true`. Errors are `{"message","code"}`; a 429 carries `retry_after` (seconds, fractional).
 */
import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";

export interface FakeDiscord extends FakeService {
  /** The URL to configure: holds the token, as Discord's "Copy Webhook URL" does. */
  webhookUrl: string;
  token: string;
  messages: Record<string, unknown>[];
  /** The next `count` requests answer 429 with this `retry_after`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
}

interface Embed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

function formError(errors: string[]): Response {
  return json(
    {
      code: 50035,
      errors: { _errors: errors.map((message) => ({ code: "BASE_TYPE_MAX_LENGTH", message })) },
      message: "Invalid Form Body",
    },
    400,
  );
}

/** Every limit a webhook message breaks, in Discord's words. */
export function discordLimitErrors(body: { content?: unknown; embeds?: unknown }): string[] {
  const errors: string[] = [];
  const over = (what: string, text: string | undefined, max: number) => {
    if (text !== undefined && [...text].length > max)
      errors.push(`${what}: Must be ${max} or fewer in length.`);
  };
  if (typeof body.content === "string") over("content", body.content, 2000);
  const embeds = (body.embeds ?? []) as Embed[];
  if (embeds.length > 10) errors.push("embeds: Must be 10 or fewer in length.");
  let total = 0;
  for (const e of embeds) {
    over("embeds.title", e.title, 256);
    over("embeds.description", e.description, 4096);
    over("embeds.footer.text", e.footer?.text, 2048);
    over("embeds.author.name", e.author?.name, 256);
    if ((e.fields?.length ?? 0) > 25) errors.push("embeds.fields: Must be 25 or fewer in length.");
    for (const f of e.fields ?? []) {
      over("embeds.fields.name", f.name, 256);
      over("embeds.fields.value", f.value, 1024);
      if (!f.name || !f.value) errors.push("embeds.fields: name and value are required");
    }
    total += [
      e.title,
      e.description,
      e.footer?.text,
      e.author?.name,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]
      .map((t) => [...(t ?? "")].length)
      .reduce((a, b) => a + b, 0);
  }
  if (total > 6000) errors.push("embeds: Embed size exceeds maximum size of 6000");
  return errors;
}

export function startFakeDiscord(): FakeDiscord {
  const id = "1234567890";
  const token = "AbCdEf-discord-webhook-token_0123456789";
  const messages: Record<string, unknown>[] = [];
  let limited: { count: number; seconds: number } | null = null;
  const service = startFakeService({
    gate: ({ url }) => {
      const match = /^\/api\/webhooks\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (!match || match[1] !== id) return json({ message: "Unknown Webhook", code: 10015 }, 404);
      if (match[2] !== token) return json({ message: "Invalid Webhook Token", code: 50027 }, 401);
      if (limited && limited.count > 0) {
        limited.count--;
        return json(
          { message: "You are being rate limited.", retry_after: limited.seconds, global: false },
          429,
          {
            "Retry-After": String(Math.ceil(limited.seconds)),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": String(limited.seconds),
            "X-RateLimit-Scope": "shared",
          },
        );
      }
      return null;
    },
    route: ({ req, body }) => {
      if (req.method !== "POST") return json({ message: "405: Method Not Allowed", code: 0 }, 405);
      const b = body as { content?: unknown; embeds?: unknown } | undefined;
      if (!b || typeof b !== "object")
        return json({ message: "Cannot send an empty message", code: 50006 }, 400);
      const hasContent = typeof b.content === "string" && b.content.trim() !== "";
      if (!hasContent && (!Array.isArray(b.embeds) || b.embeds.length === 0))
        return json({ message: "Cannot send an empty message", code: 50006 }, 400);
      const errors = discordLimitErrors(b);
      if (errors.length > 0) return formError(errors);
      messages.push(b as Record<string, unknown>);
      return empty(204);
    },
  });
  return Object.assign(service, {
    webhookUrl: `${service.url}/api/webhooks/${id}/${token}`,
    token,
    messages,
    rateLimit(count: number, seconds: number) {
      limited = { count, seconds };
    },
  });
}
