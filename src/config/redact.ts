/**
 * A key whose value is a secret: keys, passwords, tokens, a URL that holds a token, a table of header
 * values, and Apprise's config `key` (it reads back the stored URLs) and `urls` (each holds a token).
 */
const SECRET_KEY = /(^key|apikey|password|token|secret|webhookurl|headers|urls)$/i;

/** Whether a config key's name marks its value as a secret (`apiKey`, `password`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** `scheme://user:pass@` anywhere in a text; userinfo may hold a raw `@`, so the last one before the host ends it. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>\\]+@/gi;

/** `http://admin:PASS@sonarr:8989` → `http://***@sonarr:8989`, in any text (messages, log lines, URLs). */
export function redactUrlUserinfo(text: string): string {
  return text.includes("@") ? text.replace(URL_USERINFO, "$1***@") : text;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A deep copy with URL userinfo removed from every string (health reports, summaries). */
export function redactStrings<T>(value: T): T {
  if (typeof value === "string") return redactUrlUserinfo(value) as T;
  if (Array.isArray(value)) return value.map(redactStrings) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactStrings(v);
    return out as T;
  }
  return value;
}

/** A deep copy safe to print or return from the API: every secret that is set becomes "***". */
export function redactConfig<T>(value: T): T {
  if (typeof value === "string") return redactUrlUserinfo(value) as T;
  if (Array.isArray(value)) return value.map(redactConfig) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && isPlainObject(v))
        out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, "***"]));
      else if (SECRET_KEY.test(k) && Array.isArray(v)) out[k] = v.map(() => "***");
      else out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== "" ? "***" : redactConfig(v);
    }
    return out as T;
  }
  return value;
}

function urlUserinfo(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(URL_USERINFO)) {
    const userinfo = match[0].slice(match[1]!.length, -1);
    out.push(userinfo);
    const colon = userinfo.indexOf(":");
    if (colon >= 0) out.push(userinfo.slice(colon + 1));
    try {
      const decoded = decodeURIComponent(userinfo.slice(colon + 1));
      if (decoded !== userinfo.slice(colon + 1)) out.push(decoded);
    } catch {
      // A malformed escape is still scrubbed in its raw form.
    }
  }
  return out;
}

/** Every secret value in the config, so the logger can scrub them from anything it writes. */
export function secretValues(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(...urlUserinfo(value).filter((s) => s.length >= 4));
  else if (Array.isArray(value)) for (const v of value) secretValues(v, out);
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && typeof v === "string") {
        if (v.length >= 4) out.push(v);
      } else if (SECRET_KEY.test(k) && isPlainObject(v)) {
        for (const value of Object.values(v))
          if (typeof value === "string" && value.length >= 4) out.push(value);
      } else if (SECRET_KEY.test(k) && Array.isArray(v)) {
        for (const url of v)
          if (typeof url === "string" && url.length >= 4) out.push(url, ...serviceUrlSecretParts(url));
      } else secretValues(v, out);
    }
  }
  return out;
}

/** A host name or an IPv4 address: where a service lives, not a token (and in many other settings too). */
const HOST_NAME = /^(?:localhost|(?:\d{1,3}\.){3}\d{1,3}|(?:[a-z0-9-]+\.)+[a-z]{2,})$/i;

/**
 * The parts of a service URL (`discord://webhook_id/webhook_token`, `pover://user@token`,
 * `tgram://bot_token/chat_id`) that may be a token on their own: in Apprise's URLs a token can be the
 * host, the userinfo, a path segment or a query value, and a log or an error may quote one without
 * the rest (URL redaction turns `pover://user@token` into `pover://***@token`). Parts of 8 or more
 * characters that hold a digit or run 16 or more count; host names, IPv4 addresses and words such as
 * `markdown` do not, as scrubbing them would mangle unrelated text.
 */
export function serviceUrlSecretParts(url: string): string[] {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  const parts = new Set<string>();
  for (const raw of rest.split(/[/@?&=#:,;\s]+/)) {
    let part = raw;
    try {
      part = decodeURIComponent(raw);
    } catch {
      // A malformed escape is still a part, in its raw form.
    }
    for (const candidate of [raw, part])
      if (
        candidate.length >= 8 &&
        (/\d/.test(candidate) || candidate.length >= 16) &&
        !HOST_NAME.test(candidate)
      )
        parts.add(candidate);
  }
  return [...parts];
}
