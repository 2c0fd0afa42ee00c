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
  const unique = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  const long = unique.filter((s) => s.length >= SUBSTRING_MIN);
  const quoted = unique.filter((s) => s.length < SUBSTRING_MIN).map((s) => JSON.stringify(s));
  return (text) => {
    let out = redactUrlUserinfo(text);
    for (const secret of long) if (out.includes(secret)) out = out.split(secret).join("***");
    for (const value of quoted) if (out.includes(value)) out = out.split(value).join('"***"');
    return out;
  };
}

const recent = new Map<string, (text: string) => string>();
// Listed once per config version (the walk cost ~0.1 ms an answer); a reload moves the version.
const secretsOf = perConfig(secretValues);

/**
 * The scrubber for what leaves the server (API bodies, events): the config's secrets and the API
 * key, unless `apiKey` is null (the one answer that shows the key to its signed-in owner). Rebuilt
 * whenever the secrets change: a reload or a regenerated key is scrubbed from the next answer on.
 */
export function scrubberFor(config: Config, apiKey: string | null): (text: string) => string {
  const secrets = secretsOf(config).filter((s) => apiKey !== null || s !== config.auth.apiKey);
  if (apiKey !== null) secrets.push(apiKey);
  const key = secrets.join("\u0000");
  let scrub = recent.get(key);
  if (!scrub) {
    if (recent.size >= 8) recent.delete(recent.keys().next().value!);
    scrub = createScrubber(secrets);
    recent.set(key, scrub);
  }
  return scrub;
}
