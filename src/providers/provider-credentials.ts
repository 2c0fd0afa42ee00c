import type { Config } from "../config/schema.ts";
import { PROVIDER_CATALOG, type ProviderInfo } from "./catalog.ts";
import type { ProviderName } from "./types.ts";

/** One secret or account setting a provider reads; its value never leaves the server. */
export interface CredentialState {
  /** The config key, e.g. `providers.opensubtitles.apiKey`. */
  key: string;
  /** The environment variable that sets it. */
  env: string;
  required: boolean;
  set: boolean;
  /** What it unlocks, for the UI. */
  purpose: string;
}

type CredentialField = ProviderInfo["credentials"][number]["field"];

const envName = (provider: string, field: string) =>
  `SUBHOUND_PROVIDERS__${provider.toUpperCase()}__${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** Which credentials a provider needs and whether each is configured: set or missing, never the value. */
export function credentialsOf(config: Config["providers"], name: ProviderName): CredentialState[] {
  const values = config[name] as Partial<Record<CredentialField, string>>;
  return PROVIDER_CATALOG[name].credentials.map(({ field, required, purpose }) => ({
    key: `providers.${name}.${field}`,
    env: envName(name, field),
    required,
    set: typeof values[field] === "string" && values[field] !== "",
    purpose,
  }));
}
