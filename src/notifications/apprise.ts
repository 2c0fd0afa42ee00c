import type { NotifierConfig } from "../config/notifications.ts";
import { redactUrlUserinfo, serviceUrlSecretParts } from "../config/redact.ts";
import { bodyDetail, isHtmlPage, pageTitle, parseJson, type ResolvedDeps, scrubber } from "../net/remote.ts";
import { urlSecretParts } from "../net/url-secrets.ts";
import { clip, type NotificationMessage } from "./message.ts";
import { deliverHttp, type HttpNotification, type Notifier } from "./notifier.ts";

type AppriseConfig = Extract<NotifierConfig, { type: "apprise" }>;

/** Apprise's message types (apprise.NOTIFY_TYPES): services colour or prioritise by them. */
export type AppriseType = "info" | "success" | "warning" | "failure";

const DETAIL_MAX = 300;

/**
 * A download or an upgrade is a success; an item whose searches ran out is a warning (message.ts
 * grades it `warning`, as ntfy's and Gotify's high priority do: more searches follow); health is
 * graded by the worst level a subsystem moved to; a test is info.
 */
export function appriseType(message: NotificationMessage): AppriseType {
  switch (message.event) {
    case "download":
    case "upgrade":
      return "success";
    case "failure":
      return "warning";
    case "health": {
      const levels = message.data && "changes" in message.data ? message.data.changes.map((c) => c.to) : [];
      return levels.includes("down") ? "failure" : levels.includes("degraded") ? "warning" : "success";
    }
    default:
      return "info";
  }
}

/**
 * Apprise API (caronc/apprise-api, api/views.py): with `key`, `POST {url}/notify/{key}` sends through
 * the configuration stored under it, `tag` choosing among its URLs ("a, b" = a or b, "a b" = a and
 * b); with `urls`, `POST {url}/notify/` sends to those URLs. JSON in, and `Accept: application/json`
 * so every answer is `{"error", "details": [[level, time, message], …]}`; the log level is named so a
 * server logging at DEBUG (where services print their request URLs, tokens included) answers less.
 */
export function appriseRequest(config: AppriseConfig, message: NotificationMessage): HttpNotification {
  const content = {
    title: message.title,
    body: message.body,
    type: appriseType(message),
    format: "text",
  };
  const body =
    config.key !== undefined
      ? { ...content, ...(config.tags ? { tag: config.tags.join(", ") } : {}) }
      : { urls: config.urls, ...content };
  return {
    url: config.key !== undefined ? `${config.url}/notify/${config.key}` : `${config.url}/notify/`,
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-Apprise-Log-Level": "INFO",
    },
    body: JSON.stringify(body),
  };
}

interface AppriseAnswer {
  error: string | null;
  /** The log of this notification: [level, time, message] per line. */
  details: { level: string; message: string }[];
}

function appriseAnswer(text: string): AppriseAnswer | null {
  const parsed = parseJson(text);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== "object" || Array.isArray(parsed.value))
    return null;
  const { error, details } = parsed.value as { error?: unknown; details?: unknown };
  if (!("error" in parsed.value) || (error !== null && typeof error !== "string")) return null;
  const lines = Array.isArray(details)
    ? details
        .filter(
          (d): d is unknown[] => Array.isArray(d) && typeof d[0] === "string" && typeof d[2] === "string",
        )
        .map((d) => ({ level: d[0] as string, message: (d[2] as string).replace(/\s+/g, " ").trim() }))
    : [];
  return { error, details: lines };
}

const joined = (lines: { message: string }[]) => clip(lines.map((l) => l.message).join("; "), DETAIL_MAX);

/** The server's reason, then what its services said went wrong (WARNING and worse). */
function appriseError(config: AppriseConfig, status: number, text: string): string {
  const answer = appriseAnswer(text);
  if (!answer) {
    if (status === 404) return "no Apprise API here: check url (and its path prefix)";
    return bodyDetail(text);
  }
  const problems = answer.details.filter((l) => !["INFO", "DEBUG", "TRACE"].includes(l.level.toUpperCase()));
  let detail = [answer.error ?? "", joined(problems)].filter(Boolean).join(": ");
  // 424 with nothing logged: no URL of the key carried the tags (README, API Response Codes).
  if (status === 424 && problems.length === 0 && config.tags)
    detail += ` (does any URL stored under the key have the tag ${config.tags.join(" or ")}?)`;
  if (status === 401) detail += " (the server wants a login: check user:password@ in url)";
  return detail;
}

/** A 2xx is delivered only as Apprise API's 200 answer: its 204 means nothing was sent. */
function appriseAccepted(
  config: AppriseConfig,
  status: number,
  text: string,
): { ok: boolean; message: string } {
  if (status === 204)
    return {
      ok: false,
      message:
        config.key !== undefined
          ? "HTTP 204: Apprise API has no configuration under this key (add URLs to it in Apprise API, or check key)"
          : "HTTP 204: Apprise API found no valid URL among urls (check their spelling: discord://…, pover://…)",
    };
  const answer = appriseAnswer(text);
  if (!answer) {
    const what = isHtmlPage(text) ? `a web page (${pageTitle(text) ?? "untitled"})` : "something else";
    return {
      ok: false,
      message: `HTTP ${status}: the server answered ${what}, not Apprise API: check url (a proxy's login page?)`,
    };
  }
  const sent = answer.details.filter((l) => l.level.toUpperCase() === "INFO");
  return { ok: true, message: sent.length > 0 ? `delivered: ${joined(sent)}` : `delivered (HTTP ${status})` };
}

/**
 * Everything of this notifier that is a secret, for its messages: each URL and its token-like parts,
 * the server URL's login, and the key once it is too long to be a common word (the default config
 * ID is `apprise`); a shorter one only where the request path holds it.
 */
function secretsOf(config: AppriseConfig): string[] {
  const urls = config.urls ?? [];
  return [
    ...urls,
    ...urls.flatMap(serviceUrlSecretParts),
    ...urlSecretParts(config.url),
    ...(config.key !== undefined && config.key.length >= 8 ? [config.key] : []),
  ].filter((s) => s.length > 0);
}

export function createAppriseNotifier(config: AppriseConfig, deps: ResolvedDeps): Notifier {
  // Longest first, and before userinfo redaction: a URL goes as a whole before its parts.
  const scrubSecrets = scrubber(...secretsOf(config).sort((a, b) => b.length - a.length));
  const keyPath = config.key === undefined ? null : `/notify/${config.key}`;
  const scrub = (text: string) =>
    redactUrlUserinfo(scrubSecrets(keyPath ? text.split(keyPath).join("/notify/***") : text));
  return {
    name: config.name,
    type: "apprise",
    send: (message, options) =>
      deliverHttp(
        deps,
        appriseRequest(config, message),
        {
          timeoutMs: config.timeoutMs,
          scrub,
          detail: (answer) => appriseError(config, answer.status, answer.text),
          accepted: (answer) => appriseAccepted(config, answer.status, answer.text),
        },
        options,
      ),
  };
}
