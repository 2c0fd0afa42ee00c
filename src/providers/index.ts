import type { Config } from "../config/schema.ts";
import { PROVIDER_CATALOG } from "./catalog.ts";
import type { ProviderName, SubtitleProvider } from "./types.ts";

/** The enabled providers with their priorities (lower is asked first and wins ties). */
export function buildProviders(
  config: Config["providers"],
): { provider: SubtitleProvider; priority: number }[] {
  return (Object.keys(PROVIDER_CATALOG) as ProviderName[])
    .filter((name) => config[name].enabled)
    .map((name) => ({ provider: PROVIDER_CATALOG[name].create(config), priority: config[name].priority }));
}
