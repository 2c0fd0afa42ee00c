import { NO_PROVIDER_ENABLED, type ProviderRegistry } from "../../providers/registry.ts";
import type { CheckResult } from "../subsystems.ts";

/** Breaker and quota state only: a health poll never spends a provider's search or download quota. */
export function checkProviders(registry: ProviderRegistry): CheckResult {
  const status = registry.status();
  // Not "disabled, so fine": without a provider Subhound cannot do its one job.
  if (status.length === 0) return { healthy: false, message: NO_PROVIDER_ENABLED, providers: [] };
  const providers = status.map((s) => ({
    name: s.name,
    healthy: s.healthy,
    message: s.quota.pausedUntil
      ? `paused until ${s.quota.pausedUntil}: ${s.quota.reason}`
      : s.breaker === "open"
        ? `circuit open after ${s.consecutiveFailures} failures${s.lastError ? `: ${s.lastError.message}` : ""}`
        : s.breaker === "half-open"
          ? "circuit half-open: the next request is a probe"
          : (s.limitation ?? "answering"),
  }));
  const up = providers.filter((p) => p.healthy).length;
  return { healthy: up > 0, message: `${up} of ${providers.length} providers answering`, providers };
}
