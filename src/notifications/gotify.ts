import type { NotifierConfig } from "../config/notifications.ts";
import { bodyDetail, parseJson, type ResolvedDeps, scrubber } from "../net/remote.ts";
import type { NotificationMessage } from "./message.ts";
import { deliverHttp, type HttpNotification, type Notifier } from "./notifier.ts";

type GotifyConfig = Extract<NotifierConfig, { type: "gotify" }>;

/**
 * `POST /message` with the application token in `X-Gotify-Key` and `{title, message, priority}`
 * (https://gotify.net/docs/pushmsg, https://gotify.net/api-docs#/message/createMessage). The
 * Android app pops up and rings from priority 8, makes a sound from 4.
 */
export function gotifyRequest(config: GotifyConfig, message: NotificationMessage): HttpNotification {
  return {
    url: `${config.url}/message`,
    headers: { "Content-Type": "application/json", "X-Gotify-Key": config.appToken },
    body: JSON.stringify({
      title: message.title,
      message: message.body,
      priority: message.severity === "warning" ? 8 : 5,
    }),
  };
}

/** Gotify's errors: `{"error":"Unauthorized","errorCode":401,"errorDescription":"…"}`. */
function gotifyError(text: string): string {
  const parsed = parseJson(text);
  if (parsed.ok && parsed.value && typeof parsed.value === "object") {
    const { error, errorDescription } = parsed.value as { error?: unknown; errorDescription?: unknown };
    if (typeof error === "string" && typeof errorDescription === "string")
      return `${error}: ${errorDescription}`;
  }
  return bodyDetail(text);
}

export function createGotifyNotifier(config: GotifyConfig, deps: ResolvedDeps): Notifier {
  const scrub = scrubber(config.appToken);
  return {
    name: config.name,
    type: "gotify",
    send: (message, options) =>
      deliverHttp(
        deps,
        gotifyRequest(config, message),
        {
          timeoutMs: config.timeoutMs,
          scrub,
          detail: (answer) => gotifyError(answer.text),
          accepted: (answer) => {
            const parsed = parseJson(answer.text);
            const id = parsed.ok ? (parsed.value as { id?: unknown })?.id : undefined;
            return {
              ok: true,
              message: typeof id === "number" ? `created message ${id}` : `accepted (HTTP ${answer.status})`,
            };
          },
        },
        options,
      ),
  };
}
