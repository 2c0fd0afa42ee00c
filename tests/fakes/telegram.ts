/**
 * The Telegram Bot API (https://core.telegram.org/bots/api#making-requests): POST
 * /bot<token>/sendMessage, JSON `{chat_id, text, parse_mode, …}`; every answer is
 * `{"ok":true,"result":…}` or `{"ok":false,"error_code":N,"description":"…"}` with the same HTTP
 * status; a 429 adds `parameters.retry_after` (seconds).
 */
import { type FakeService, json, startFakeService } from "./fake-service.ts";

export interface FakeTelegram extends FakeService {
  token: string;
  chats: Set<string>;
  messages: { chatId: string; text: string; parseMode?: string; threadId?: number }[];
  /** The next `count` requests answer 429 with this wait. */
  rateLimit(count: number, retryAfterSeconds: number): void;
}

const fail = (code: number, description: string, extra: Record<string, unknown> = {}) =>
  json({ ok: false, error_code: code, description, ...extra }, code);

const HTML_TAGS = /<\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|a|tg-spoiler|blockquote)(\s[^>]*)?>/g;

/** What the text shows once parsed; null when HTML mode cannot parse it (a bare `<` or `&`). */
function parsedText(text: string, mode: string | undefined): string | null {
  if (mode !== "HTML") return text;
  const stripped = text.replace(HTML_TAGS, "");
  if (/[<>]/.test(stripped) || /&(?!(lt|gt|amp|quot|#\d+);)/.test(stripped)) return null;
  return stripped
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
}

export function startFakeTelegram(options: { chats?: string[] } = {}): FakeTelegram {
  const token = "123456789:AAE-fake_telegram_token_abcdefghijkl";
  const chats = new Set(options.chats ?? ["424242"]);
  const messages: FakeTelegram["messages"] = [];
  let limited: { count: number; seconds: number } | null = null;
  const service = startFakeService({
    gate: ({ url }) => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!match) return fail(404, "Not Found");
      if (decodeURIComponent(match[1]!) !== token) return fail(401, "Unauthorized");
      if (limited && limited.count > 0) {
        limited.count--;
        return fail(429, `Too Many Requests: retry after ${limited.seconds}`, {
          parameters: { retry_after: limited.seconds },
        });
      }
      return null;
    },
    route: ({ url, body }) => {
      if (!url.pathname.endsWith("/sendMessage")) return fail(404, "Not Found: method not found");
      const b = (body ?? {}) as Record<string, unknown>;
      const chatId = b.chat_id === undefined ? undefined : String(b.chat_id);
      if (!chatId) return fail(400, "Bad Request: chat_id is empty");
      if (typeof b.text !== "string" || b.text.trim() === "")
        return fail(400, "Bad Request: message text is empty");
      const mode = typeof b.parse_mode === "string" ? b.parse_mode : undefined;
      const shown = parsedText(b.text, mode);
      if (shown === null) return fail(400, "Bad Request: can't parse entities: Unsupported start tag");
      if ([...shown].length > 4096) return fail(400, "Bad Request: message is too long");
      if (!chats.has(chatId)) return fail(400, "Bad Request: chat not found");
      messages.push({
        chatId,
        text: shown,
        ...(mode ? { parseMode: mode } : {}),
        ...(typeof b.message_thread_id === "number" ? { threadId: b.message_thread_id } : {}),
      });
      return json({
        ok: true,
        result: {
          message_id: messages.length,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: "private" },
          text: shown,
        },
      });
    },
  });
  return Object.assign(service, {
    token,
    chats,
    messages,
    rateLimit(count: number, seconds: number) {
      limited = { count, seconds };
    },
  });
}
