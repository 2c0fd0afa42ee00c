import type { NotifierConfig } from "../config/notifications.ts";
import { parseJson, type ResolvedDeps, scrubber } from "../net/remote.ts";
import { clip, type NotificationMessage } from "./message.ts";
import { deliverHttp, type HttpNotification, type Notifier, retryAfterField } from "./notifier.ts";

type TelegramConfig = Extract<NotifierConfig, { type: "telegram" }>;

/** sendMessage's text limit, counted after entity parsing (https://core.telegram.org/bots/api#sendmessage). */
export const TELEGRAM_TEXT_MAX = 4096;

/** HTML parse mode needs only these three escaped (https://core.telegram.org/bots/api#html-style). */
function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * `POST {baseUrl}/bot<token>/sendMessage` with `{chat_id, text, parse_mode}`
 * (https://core.telegram.org/bots/api#sendmessage). The token sits in the URL path, so every
 * error this notifier reports is scrubbed of it.
 */
export function telegramRequest(config: TelegramConfig, message: NotificationMessage): HttpNotification {
  const title = clip(message.title, 256);
  // Clipped before escaping: the limit counts the text as shown, not the entities.
  const body = clip(message.body, TELEGRAM_TEXT_MAX - title.length - 1);
  return {
    url: `${config.baseUrl}/bot${config.botToken}/sendMessage`,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      chat_id: config.chatId,
      ...(config.threadId !== undefined ? { message_thread_id: config.threadId } : {}),
      text: `<b>${escapeHtml(title)}</b>\n${escapeHtml(body)}`,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    }),
  };
}

interface TelegramAnswer {
  ok?: unknown;
  description?: unknown;
  result?: { message_id?: unknown };
  parameters?: { retry_after?: unknown };
}

function telegramAnswer(text: string): TelegramAnswer | null {
  const parsed = parseJson(text);
  return parsed.ok && parsed.value && typeof parsed.value === "object"
    ? (parsed.value as TelegramAnswer)
    : null;
}

export function createTelegramNotifier(config: TelegramConfig, deps: ResolvedDeps): Notifier {
  const scrub = scrubber(config.botToken, encodeURIComponent(config.botToken));
  return {
    name: config.name,
    type: "telegram",
    send: (message, options) =>
      deliverHttp(
        deps,
        telegramRequest(config, message),
        {
          timeoutMs: config.timeoutMs,
          scrub,
          // Errors: {"ok":false,"error_code":401,"description":"Unauthorized"}
          detail: (answer) => {
            const parsed = telegramAnswer(answer.text);
            return typeof parsed?.description === "string" ? parsed.description : clip(answer.text, 200);
          },
          retryAfterMs: (answer) => retryAfterField(telegramAnswer(answer.text)?.parameters?.retry_after),
          accepted: (answer) => {
            const parsed = telegramAnswer(answer.text);
            if (parsed?.ok !== true)
              return {
                ok: false,
                message: `HTTP ${answer.status} without "ok": true: ${clip(answer.text, 200)}`,
              };
            const id = parsed.result?.message_id;
            return { ok: true, message: typeof id === "number" ? `sent as message ${id}` : "sent" };
          },
        },
        options,
      ),
  };
}
