import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { insertSettingsIfAbsent, readSetting, writeSetting } from "../db/app-settings.ts";
import type { DbHandle } from "../db/client.ts";
import { randomBytes, sha256, timingSafeEqual } from "../hash.ts";

/** Where a generated key is kept; a downloaded backup leaves it out (secrets never leave the server). */
export const API_KEY_SETTING = "apiKey";

export interface ResolvedApiKey {
  apiKey: string;
  /** True when this call created the key: the caller shows it to the user once. */
  generated: boolean;
  source: "config" | "database";
}

/** The configured key wins; otherwise the one stored on first start; otherwise a new one is stored. */
export function ensureApiKey(config: Config, handle: DbHandle, clock: Clock): ResolvedApiKey {
  if (config.auth.apiKey) return { apiKey: config.auth.apiKey, generated: false, source: "config" };
  const stored = readSetting(handle, API_KEY_SETTING);
  if (stored) return { apiKey: stored, generated: false, source: "database" };
  const apiKey = newApiKey();
  if (insertSettingsIfAbsent(handle, { [API_KEY_SETTING]: apiKey }, clock.now()))
    return { apiKey, generated: true, source: "database" };
  // Another process won the race; the stored key is the truth.
  return { apiKey: readSetting(handle, API_KEY_SETTING)!, generated: false, source: "database" };
}

/** The key stored on first start, without creating one (`subhound api-key` reads while a server runs). */
export function storedApiKey(handle: DbHandle): string | null {
  return readSetting(handle, API_KEY_SETTING) ?? null;
}

/** A new random key, as generated on first start. */
export function newApiKey(): string {
  return randomBytes(16).toString("hex");
}

/** Replaces the stored key (regenerate); the configured one, when set, still wins. */
export function storeApiKey(handle: DbHandle, apiKey: string, clock: Clock): void {
  writeSetting(handle, API_KEY_SETTING, apiKey, clock.now());
}

function digest(s: string): Buffer {
  return sha256(s);
}

export function keysMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The key from `X-Api-Key`, or `?apikey=` as the *arr apps accept it. */
export function presentedKey(headers: Headers, url: URL): string | undefined {
  return headers.get("x-api-key") ?? url.searchParams.get("apikey") ?? undefined;
}
