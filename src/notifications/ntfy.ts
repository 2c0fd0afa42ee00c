import type { NotifierConfig } from "../config/notifications.ts";
import { parseJson, type ResolvedDeps, scrubber } from "../net/remote.ts";
import { clip, clipBytes, type NotificationMessage } from "./message.ts";
import { deliverHttp, type HttpNotification, type Notifier } from "./notifier.ts";

type NtfyConfig = Extract<NotifierConfig, { type: "ntfy" }>;

/** ntfy's default `message-size-limit`; a longer message would arrive as an attachment. */
const MESSAGE_BYTES = 4096;

const TAGS: Record<NotificationMessage["event"], string> = {
  download: "white_check_mark",
  upgrade: "arrow_up",
  failure: "warning",
  health: "stethoscope",
  test: "wave",
};

/**
 * The JSON publish form (https://docs.ntfy.sh/publish/#publish-as-json): POST to the server's root
 * with `topic` in the body, so titles need no header encoding. Priority 1–5 (3 default, 4 high);
 * tags that name emoji show as emoji. Auth (https://docs.ntfy.sh/publish/#authentication): an
 * access token as Bearer, or basic auth.
 */
export function ntfyRequest(config: NtfyConfig, message: NotificationMessage): HttpNotification {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  else if (config.username && config.password)
    headers.Authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}`;
  const body = {
    topic: config.topic,
    title: clip(message.title, 250),
    message: clipBytes(message.body, MESSAGE_BYTES),
    priority: message.severity === "warning" ? 4 : 3,
    tags: [TAGS[message.event]],
  };
  return { url: `${config.url}/`, headers, body: JSON.stringify(body) };
}

export function createNtfyNotifier(config: NtfyConfig, deps: ResolvedDeps): Notifier {
  const scrub = scrubber(config.token, config.password);
  return {
    name: config.name,
    type: "ntfy",
    send: (message, options) =>
      deliverHttp(
        deps,
        ntfyRequest(config, message),
        {
          timeoutMs: config.timeoutMs,
          scrub,
          // Success answers the stored message: {"id":"…","time":…,"event":"message","topic":"…"}.
          accepted: (answer) => {
            const parsed = parseJson(answer.text);
            const id = parsed.ok ? (parsed.value as { id?: unknown })?.id : undefined;
            return {
              ok: true,
              message:
                typeof id === "string" ? `published as message ${id}` : `accepted (HTTP ${answer.status})`,
            };
          },
        },
        options,
      ),
  };
}
