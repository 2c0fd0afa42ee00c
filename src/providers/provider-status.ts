import type { ProviderTestResult } from "./provider-test.ts";
import type { ProviderName } from "./types.ts";

/** What the registry says of each provider: its counters, limits, quota and health. */

export interface ProviderStats {
  searches: number;
  searchesWithResults: number;
  searchFailures: number;
  downloads: number;
  downloadFailures: number;
  requests: number;
  totalLatencyMs: number;
}

export interface ProviderStatus {
  name: ProviderName;
  enabled: boolean;
  priority: number;
  /** Answering now: not paused, breaker not open, nothing in the config keeping it from delivering. */
  healthy: boolean;
  /** What the configuration keeps it from delivering (it is then not searched); null when nothing. */
  limitation: string | null;
  breaker: "closed" | "open" | "half-open";
  /** When an open breaker lets the next request through; null unless open. */
  breakerRetryAt: string | null;
  consecutiveFailures: number;
  rateLimit: { requests: number; perMs: number; tokens: number; pausedUntil: string | null; waiting: number };
  quota: { pausedUntil: string | null; reason: string | null } & ReportedQuota;
  lastError: { message: string; at: string } | null;
  lastTest: (ProviderTestResult & { at: string }) | null;
  stats: ProviderStats & { hitRate: number | null; meanLatencyMs: number | null };
}

/** The download quota as the provider last reported it; nulls until it has. */
export interface ReportedQuota {
  remaining: number | null;
  limit: number | null;
  resetAt: string | null;
  reportedAt: string | null;
}

/** What one provider did for one query. */
export type SearchOutcome =
  | { provider: ProviderName; ok: true; candidates: number; ms: number }
  | { provider: ProviderName; ok: false; skipped: boolean; reason: string };
