import { redactUrlUserinfo, secretValues } from "./redact.ts";
import type { Config } from "./schema.ts";

/** Replaces URL userinfo and every listed secret (4+ characters) with `***` in any text. */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrlUserinfo(text);
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join("***");
    return out;
  };
}

const byConfig = new WeakMap<Config, (text: string) => string>();

/**
 * The scrubber for what leaves the server (API bodies, events): the config's secrets and the API
 * key. Built once per config object, so a reload's new secrets are scrubbed from then on.
 */
export function scrubberFor(config: Config, apiKey: string): (text: string) => string {
  let scrub = byConfig.get(config);
  if (!scrub) {
    scrub = createScrubber([...secretValues(config), apiKey]);
    byConfig.set(config, scrub);
  }
  return scrub;
}
