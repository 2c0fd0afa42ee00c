import type { CheckResult } from "../subsystems.ts";

/**
 * Subtitle providers are not implemented yet, so there is nothing to report. When they are,
 * this must read circuit-breaker state only: a health poll never spends search/download quota.
 */
export function checkProviders(): CheckResult {
  return { healthy: true, message: "no subtitle providers are configured yet", providers: [] };
}
