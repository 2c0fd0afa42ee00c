import type { NotifierConfig } from "../config/notifications.ts";
import { hmacSha256Hex } from "../hash.ts";
import { type ResolvedDeps, scrubber } from "../net/remote.ts";
import { urlSecretParts } from "../net/url-secrets.ts";
import type { NotificationMessage } from "./message.ts";
import { deliverHttp, type HttpNotification, type Notifier } from "./notifier.ts";

type WebhookConfig = Extract<NotifierConfig, { type: "webhook" }>;

export const SIGNATURE_HEADER = "X-Subhound-Signature";

/** The generic webhook's body (README: Notifications): the message and its event's own data. */
export function webhookPayload(notifier: string, message: NotificationMessage) {
  const item = message.event === "health" ? null : message.data;
  return {
    event: message.event,
    notifier,
    title: message.title,
    message: message.body,
    severity: message.severity,
    at: message.at,
    item,
    health: message.event === "health" ? message.data : null,
  };
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes, as GitHub signs its webhooks. */
export function signBody(secret: string, body: string): string {
  return `sha256=${hmacSha256Hex(secret, body)}`;
}

export function webhookRequest(config: WebhookConfig, message: NotificationMessage): HttpNotification {
  const body = JSON.stringify(webhookPayload(config.name, message));
  const headers: Record<string, string> = {
    ...config.headers,
    "Content-Type": "application/json",
    "X-Subhound-Event": message.event,
  };
  if (config.secret) headers[SIGNATURE_HEADER] = signBody(config.secret, body);
  return { url: config.webhookUrl, headers, body };
}

export function createWebhookNotifier(config: WebhookConfig, deps: ResolvedDeps): Notifier {
  const scrub = scrubber(
    config.webhookUrl,
    ...urlSecretParts(config.webhookUrl),
    config.secret,
    ...Object.values(config.headers ?? {}),
  );
  return {
    name: config.name,
    type: "webhook",
    send: (message, options) =>
      deliverHttp(deps, webhookRequest(config, message), { timeoutMs: config.timeoutMs, scrub }, options),
  };
}
