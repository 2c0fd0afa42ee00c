import type { Config } from "../config/schema.ts";
import { NO_PROVIDER_ENABLED, type ProviderRegistry } from "../providers/registry.ts";

/**
 * Why a search must not run, or null when it may. Without a provider (and without Whisper to
 * transcribe) a run could only mark every item not found and spend its attempts and backoff.
 */
export function searchRefusal(
  providers: Pick<ProviderRegistry, "status">,
  config: { whisper: Pick<Config["whisper"], "enabled"> },
): string | null {
  if (providers.status().length > 0 || config.whisper.enabled) return null;
  return NO_PROVIDER_ENABLED;
}
