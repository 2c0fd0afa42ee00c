import { ConfigError } from "../config/load.ts";
import { DEFAULT_CRITICAL, HEALTH_CHECK_NAMES, type HealthCheckName } from "./checks.ts";

function isCheckName(name: string): name is HealthCheckName {
  return (HEALTH_CHECK_NAMES as string[]).includes(name);
}

/**
 * `health.critical` as check names: the registry's critical checks when unset. The config
 * schema cannot list the names (the registry sits above it), so an unknown one fails here, at start.
 */
export function resolveCritical(configured: readonly string[] | undefined): HealthCheckName[] {
  if (configured === undefined) return [...DEFAULT_CRITICAL];
  const unknown = configured.filter((name) => !isCheckName(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `health.critical: unknown check ${unknown.map((n) => `"${n}"`).join(", ")}; the checks are ${HEALTH_CHECK_NAMES.join(", ")}`,
    );
  }
  return configured.filter(isCheckName);
}
