import { ConfigError } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { DEFAULT_CRITICAL, HEALTH_CHECK_NAMES, type HealthCheckName } from "./checks.ts";

function isCheckName(name: string): name is HealthCheckName {
  return (HEALTH_CHECK_NAMES as string[]).includes(name);
}

function unknownChecks(key: string, names: readonly string[]): ConfigError {
  const quoted = names.map((n) => `"${n}"`).join(", ");
  return new ConfigError(`${key}: unknown check ${quoted}; the checks are ${HEALTH_CHECK_NAMES.join(", ")}`);
}

export interface HealthSettings {
  critical: HealthCheckName[];
  timeoutMs(name: HealthCheckName): number;
}

/**
 * `health.critical` and `health.timeouts` in terms of the registry. The config schema cannot
 * list the check names (the registry sits above it), so an unknown one fails here, at start.
 */
export function resolveHealthSettings(health: Config["health"]): HealthSettings {
  const critical = health.critical ?? [...DEFAULT_CRITICAL];
  const badCritical = critical.filter((name) => !isCheckName(name));
  if (badCritical.length > 0) throw unknownChecks("health.critical", badCritical);

  // An env variable names the key in camelCase (SUBHOUND_HEALTH__TIMEOUTS__DISK_MEDIA → diskMedia).
  const timeouts = new Map<string, number>();
  for (const [key, ms] of Object.entries(health.timeouts ?? {})) {
    timeouts.set(
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      ms,
    );
  }
  const badTimeouts = [...timeouts.keys()].filter((name) => !isCheckName(name));
  if (badTimeouts.length > 0) throw unknownChecks("health.timeouts", badTimeouts);

  return {
    critical: critical.filter(isCheckName),
    timeoutMs: (name) => timeouts.get(name) ?? health.timeoutMs,
  };
}
