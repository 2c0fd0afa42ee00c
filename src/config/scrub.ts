import { perConfig } from "./config-version.ts";
import { redactUrlUserinfo, secretValues } from "./redact.ts";
import type { Config } from "./schema.ts";

/** From this length a secret is replaced wherever it appears; shorter ones only as a whole quoted value. */
const SUBSTRING_MIN = 8;

/**
 * Replaces URL userinfo and every listed secret (4+ characters) with `***` in any text. A short
 * secret (a 5-letter password, a header value like `subs`) is replaced only where it stands as a
 * whole quoted string: replacing it inside other text would corrupt unrelated values (a topic
 * `subs`, a path `/media/tv`) that the settings page then saves back.
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const unique = [...new Set(secrets.filter((s) => s.length >= 4))];
  // In JSON (an answer, a JSON log line) a `"` or `\` in a secret stands escaped.
  const escaped = (s: string) => JSON.stringify(s).slice(1, -1);
  const long = [
    ...new Set(unique.filter((s) => s.length >= SUBSTRING_MIN).flatMap((s) => [s, escaped(s)])),
  ].sort((a, b) => b.length - a.length);
  const quoted = unique.filter((s) => s.length < SUBSTRING_MIN).map((s) => JSON.stringify(s));
  return (text) => {
    let out = redactUrlUserinfo(text);
    for (const secret of long) if (out.includes(secret)) out = out.split(secret).join("***");
    for (const value of quoted) if (out.includes(value)) out = out.split(value).join('"***"');
    return out;
  };
}

/** A JSON string; outside strings JSON has no quotes, so these split it exactly. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * `createScrubber` for JSON text that leaves object keys as they are: a key is a field name or a
 * name the user chose, and one masked because a weak password equals it (`opensubtitles`,
 * `password`) breaks the answer's shape, so the settings page could no longer save.
 */
export function createJsonScrubber(secrets: readonly string[]): (json: string) => string {
  const scrub = createScrubber(secrets);
  return (json) => {
    // Most answers hold no secret: one pass over the whole text tells.
    if (scrub(json) === json) return json;
    return json.replace(JSON_STRING, (token: string, offset: number) => {
      let next = offset + token.length;
      while (json[next] === " " || json[next] === "\n" || json[next] === "\r" || json[next] === "\t") next++;
      return json[next] === ":" ? token : scrub(token);
    });
  };
}

const recent = new Map<string, (text: string) => string>();
// Listed once per config version (the walk cost ~0.1 ms an answer); a reload moves the version.
const secretsOf = perConfig(secretValues);

/**
 * The scrubber for what leaves the server (API bodies, events: JSON text): the config's secrets and
 * the API key, unless `apiKey` is null (the one answer that shows the key to its signed-in owner).
 * Rebuilt whenever the secrets change: a reload or a regenerated key is scrubbed from the next answer on.
 */
export function scrubberFor(config: Config, apiKey: string | null): (text: string) => string {
  const secrets = secretsOf(config).filter((s) => apiKey !== null || s !== config.auth.apiKey);
  if (apiKey !== null) secrets.push(apiKey);
  const key = secrets.join("\u0000");
  let scrub = recent.get(key);
  if (!scrub) {
    if (recent.size >= 8) recent.delete(recent.keys().next().value!);
    scrub = createJsonScrubber(secrets);
    recent.set(key, scrub);
  }
  return scrub;
}
