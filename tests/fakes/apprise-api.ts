/**
 * Apprise API (caronc/apprise-api, apprise_api/api/views.py and urls.py; README "API Response Codes").
 * Stateless `POST /notify` (`urls`, `body`, `title`, `type`, `format`, `tag`) and stateful
 * `POST /notify/{KEY}` through the configuration stored under KEY (1–128 of A-Za-z0-9_-), both with
 * or without a trailing slash, under the APPRISE_BASE_URL prefix. Answers as the views do:
 * - 200 `{"error": null, "details": [[level, "YYYY-MM-DD HH:MM:SS,mmm", message], …]}`: delivered;
 * - 424 `{"error": "One or more notification(s) could not be sent", "details": […]}`: a service
 *   failed, or (stateful) no stored URL matched the tags;
 * - 204: no configuration under KEY, or no valid URL among `urls` (the view's `{"error"}` is left
 *   out: a 204 carries no body);
 * - 400 `{"error", "field"?}`: a field of the wrong type, an invalid tag, body missing or a type
 *   outside info/success/warning/failure, a format outside text/markdown/html;
 * - 401 `{"error": "Access Denied"}` with a Basic challenge when APPRISE_AUTH_REQUIRED;
 * - 403 when stateless mode is disabled; Django's 404 page off the routes; 405 for another method.
 * JSON answers go to a request whose Accept is JSON (or any type, or none, with a JSON body), plain text to
 * the others, as `is_json_response` decides.
 */

import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";

export interface StoredUrl {
  url: string;
  tags?: string[];
}

export interface FakeAppriseOptions {
  /** Configurations stored under their KEY (as `POST /add/{KEY}` saves them). */
  configs?: Record<string, StoredUrl[]>;
  /** APPRISE_BASE_URL: the prefix every route sits under, e.g. "/apprise". */
  basePath?: string;
  /** APPRISE_AUTH_REQUIRED with the administrator's credentials (Basic auth). */
  login?: { user: string; password: string };
  /** APPRISE_STATELESS_MODE=disabled. */
  statelessDisabled?: boolean;
  /** Services whose delivery fails: the URL → the warning Apprise logs for it. */
  failing?: Record<string, string>;
}

export interface Delivery {
  /** The config KEY, or null for a stateless call. */
  key: string | null;
  url: string;
  title: string;
  body: string;
  type: string;
  format: string;
}

export interface FakeAppriseApi extends FakeService {
  /** One entry per service reached (failing ones included), in order. */
  deliveries: Delivery[];
}

const NOTIFY_TYPES = ["info", "success", "warning", "failure"];
const NOTIFY_FORMATS = ["text", "markdown", "html"];
/** The schemes this fake knows (Apprise knows 100+); a URL of another scheme is not loaded, as an unknown one is not. */
const SERVICES: Record<string, string> = {
  discord: "Discord",
  pover: "Pushover",
  tgram: "Telegram",
  mailto: "Email",
  mailtos: "Email",
  json: "JSON",
  ntfy: "ntfy",
  ntfys: "ntfy",
  gotify: "Gotify",
  slack: "Slack",
};
const TAG_VALIDATION_RE = /^[a-z0-9\s| ,_:+&-]+$/i;
const TAG_TOKEN_RE = /^(?:[0-9]{1,9}:)?[a-z0-9][a-z0-9_-]*(?::[0-9]{1,9})?$/i;
const MIME_IS_JSON = /^(text|application)\/(x-)?json/i;
const ACCEPT_ALL = /^\s*(\*\/\*|)\s*$/;

const DJANGO_404 =
  '<!DOCTYPE html><html><head><title>\n        Apprise API\n</title></head><body><div class="section error-page center"><h1>404 - Page Not Found</h1></div></body></html>';

/** `2026-11-24 10:00:00,000`, as `_notify_log_asctime` writes it. */
function asctime(at = new Date()): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")},${String(at.getMilliseconds()).padStart(3, "0")}`;
}

/** `parse_tag_expression`: commas and pipes OR groups, spaces, & and + AND the tokens of a group. */
function parseTagExpression(tag: string): string[][] | null {
  if (!TAG_VALIDATION_RE.test(tag)) return null;
  const groups: string[][] = [];
  for (const raw of tag.split(/\s*[|,]\s*/)) {
    const group = raw.trim();
    if (!group) continue;
    const tokens = group.split(/[\s&+]+/).filter(Boolean);
    if (tokens.length === 0 || tokens.some((t) => !TAG_TOKEN_RE.test(t))) return null;
    groups.push(tokens);
  }
  return groups;
}

/** Apprise's is_exclusive_match: no tag reaches the untagged URLs (and `always`); `all` reaches every one. */
function matches(groups: string[][] | null, tags: string[]): boolean {
  const have = tags.map((t) => t.toLowerCase());
  if (have.includes("always")) return true;
  if (!groups || groups.length === 0) return have.length === 0;
  return groups.some((group) =>
    group.every((t) => t.toLowerCase() === "all" || have.includes(t.toLowerCase())),
  );
}

export function startFakeAppriseApi(options: FakeAppriseOptions = {}): FakeAppriseApi {
  const deliveries: Delivery[] = [];
  const base = options.basePath ?? "";
  const configs = options.configs ?? {};

  const service = startFakeService({
    headers: ["x-apprise-log-level", "x-apprise-id"],
    route: ({ req, url, body }) => {
      const accept = req.headers.get("accept") ?? "";
      const contentType = req.headers.get("content-type") ?? "";
      const jsonResponse =
        MIME_IS_JSON.test(accept) || (ACCEPT_ALL.test(accept) && MIME_IS_JSON.test(contentType));
      const error = (status: number, message: string, field?: string) =>
        jsonResponse
          ? json({ error: message, ...(field ? { field } : {}) }, status)
          : new Response(message, { status, headers: { "Content-Type": "text/plain" } });

      if (!url.pathname.startsWith(`${base}/`))
        return new Response(DJANGO_404, { status: 404, headers: { "Content-Type": "text/html" } });
      const path = url.pathname.slice(base.length);
      const stateful = /^\/notify\/([A-Za-z0-9_-]{1,128})\/?$/.exec(path);
      if (!stateful && !/^\/notify\/?$/.test(path))
        return new Response(DJANGO_404, { status: 404, headers: { "Content-Type": "text/html" } });
      if (req.method !== "POST") return empty(405);
      const key = stateful ? stateful[1]! : null;

      if (options.login) {
        const expected = `Basic ${Buffer.from(`${options.login.user}:${options.login.password}`).toString("base64")}`;
        if (req.headers.get("authorization") !== expected) {
          const denied = error(401, "Access Denied");
          denied.headers.set("WWW-Authenticate", `Basic realm="Apprise API: ${key ?? "stateless"}"`);
          return denied;
        }
      }

      // _load_notify_content: a JSON body's fields are checked by type; a form needs some field.
      let content: Record<string, unknown>;
      if (MIME_IS_JSON.test(contentType)) {
        if (!body || typeof body !== "object" || Array.isArray(body))
          return error(400, "Invalid JSON Payload provided");
        content = body as Record<string, unknown>;
        for (const field of ["body", "title", "type"])
          if (field in content && typeof content[field] !== "string")
            return error(400, `The ${field} field must be a string`, field);
        if ("format" in content && content.format !== null && typeof content.format !== "string")
          return error(400, "The format field must be a string or null", "format");
        const urls = content.urls;
        if (
          "urls" in content &&
          typeof urls !== "string" &&
          !(Array.isArray(urls) && urls.every((u) => typeof u === "string"))
        )
          return error(400, "The urls field must be a string or list of strings", "urls");
      } else content = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
      if (Object.keys(content).length === 0) return error(400, "Bad FORM Payload provided");

      if (!key && options.statelessDisabled)
        return error(403, "The site has been configured to deny this request");

      const tag = content.tag || content.tags;
      let groups: string[][] | null = null;
      if (typeof tag === "string") {
        groups = parseTagExpression(tag);
        if (!groups) return error(400, "Unsupported characters found in tag definition");
      } else if (Array.isArray(tag)) {
        if (tag.length === 0 || tag.some((t) => typeof t !== "string" || !TAG_TOKEN_RE.test(t)))
          return error(400, "Unsupported characters found in tag definition");
        groups = (tag as string[]).map((t) => [t]);
      } else if (tag) return error(400, "Unsupported characters found in tag definition");

      if (!content.body || !NOTIFY_TYPES.includes((content.type as string | undefined) ?? "info"))
        return error(400, "Payload lacks minimum requirements");
      const format = "format" in content ? (content.format as string | null)?.trim() || null : "text";
      if (format && !NOTIFY_FORMATS.includes(format))
        return error(400, "An invalid body input format was specified");

      let targets: StoredUrl[];
      if (key) {
        const stored = configs[key];
        // views.py: "There was no configuration found".
        if (!stored) return empty(204);
        targets = stored.filter((entry) => matches(groups, entry.tags ?? []));
      } else {
        const urls =
          typeof content.urls === "string" ? content.urls.split(/[\s,]+(?=[a-z0-9]+:\/\/)/i) : content.urls;
        const loaded = ((urls as string[] | undefined) ?? []).filter((u) => {
          const scheme = /^([a-z0-9]+):\/\/\S+/i.exec(u)?.[1]?.toLowerCase();
          return scheme !== undefined && scheme in SERVICES;
        });
        // "There was no valid URLs provided to notify".
        if (loaded.length === 0) return empty(204);
        // A stateless call selects the tag "all" unless it names one, which its untagged URLs lack.
        targets = loaded.map((u) => ({ url: u })).filter(() => !groups || matches(groups, []));
      }

      const details: [string, string, string][] = [];
      let ok = targets.length > 0;
      for (const target of targets) {
        const scheme = /^([a-z0-9]+):/i.exec(target.url)![1]!.toLowerCase();
        deliveries.push({
          key,
          url: target.url,
          title: (content.title as string | undefined) ?? "",
          body: content.body as string,
          type: (content.type as string | undefined) ?? "info",
          format: format ?? "text",
        });
        const warning = options.failing?.[target.url];
        if (warning) {
          ok = false;
          details.push(["WARNING", asctime(), warning]);
        } else details.push(["INFO", asctime(), `Sent ${SERVICES[scheme] ?? scheme} notification.`]);
      }
      const failed = key
        ? "One or more notification could not be sent"
        : "One or more notifications could not be sent";
      if (!jsonResponse) {
        const text = details.map(([level, at, message]) => `${at} - ${level} - ${message}`).join("\n");
        return new Response(text || (ok ? "" : failed), {
          status: ok ? 200 : 424,
          headers: { "Content-Type": "text/plain" },
        });
      }
      return json({ error: ok ? null : failed, details }, ok ? 200 : 424);
    },
  });
  return Object.assign(service, { deliveries });
}
