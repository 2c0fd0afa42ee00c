import type { NotifierConfig } from "../config/notifications.ts";
import type { ResolvedDeps } from "../net/remote.ts";
import { createAppriseNotifier } from "./apprise.ts";
import { createDiscordNotifier } from "./discord.ts";
import { createEmailNotifier, type EmailDeps } from "./email.ts";
import { createGotifyNotifier } from "./gotify.ts";
import type { Notifier } from "./notifier.ts";
import { createNtfyNotifier } from "./ntfy.ts";
import { createTelegramNotifier } from "./telegram.ts";
import { createWebhookNotifier } from "./webhook.ts";

/** The notifier of one `[[notifications]]` table; `http` carries the per-host limited fetch. */
export function createNotifier(
  config: NotifierConfig,
  http: ResolvedDeps,
  smtp: Omit<EmailDeps, "sleep"> = {},
): Notifier {
  switch (config.type) {
    case "ntfy":
      return createNtfyNotifier(config, http);
    case "gotify":
      return createGotifyNotifier(config, http);
    case "discord":
      return createDiscordNotifier(config, http);
    case "telegram":
      return createTelegramNotifier(config, http);
    case "email":
      return createEmailNotifier(config, { ...smtp, sleep: http.sleep });
    case "webhook":
      return createWebhookNotifier(config, http);
    case "apprise":
      return createAppriseNotifier(config, http);
  }
}
