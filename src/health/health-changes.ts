import type { HealthChanged, HealthLevel } from "../events/bus.ts";
import type { Logger } from "../log.ts";
import type { HealthReport } from "./detailed.ts";

/**
 * A subsystem's level: `down` when unhealthy; `degraded` when healthy but a part it lists (a
 * provider, an instance, a backend) is not; else `ok`.
 */
export function healthLevel(report: { healthy: boolean } & Record<string, unknown>): HealthLevel {
  if (!report.healthy) return "down";
  const partDown = Object.values(report).some(
    (value) =>
      Array.isArray(value) &&
      value.some(
        (part) =>
          typeof part === "object" && part !== null && (part as { healthy?: unknown }).healthy === false,
      ),
  );
  return partDown ? "degraded" : "ok";
}

export interface HealthChangeTracker {
  /** Feeds one fresh report; returns the changes it confirms (also given to `onChange`). */
  observe(report: HealthReport): HealthChanged | null;
}

/**
 * Compares consecutive detailed-health reports. The first report is the baseline; a new level
 * counts once it held for `confirmations` reports in a row, so a flapping check or a poll every
 * few seconds does not send a message each time.
 */
export function createHealthChangeTracker(options: {
  confirmations?: number;
  onChange: (change: HealthChanged) => void;
}): HealthChangeTracker {
  const confirmations = options.confirmations ?? 2;
  const settled = new Map<string, HealthLevel>();
  const pending = new Map<string, { level: HealthLevel; seen: number }>();
  return {
    observe(report) {
      const changes: HealthChanged["changes"] = [];
      for (const [subsystem, result] of Object.entries(report.subsystems)) {
        const level = healthLevel(result as { healthy: boolean } & Record<string, unknown>);
        const before = settled.get(subsystem);
        if (before === undefined) {
          settled.set(subsystem, level);
          continue;
        }
        if (level === before) {
          pending.delete(subsystem);
          continue;
        }
        const candidate = pending.get(subsystem);
        const seen = candidate?.level === level ? candidate.seen + 1 : 1;
        if (seen < confirmations) {
          pending.set(subsystem, { level, seen });
          continue;
        }
        pending.delete(subsystem);
        settled.set(subsystem, level);
        changes.push({ subsystem, from: before, to: level, message: String(result.message) });
      }
      if (changes.length === 0) return null;
      const change = { status: report.status, changes };
      options.onChange(change);
      return change;
    },
  };
}

/**
 * One log line per confirmed change of a subsystem: a warning when it got worse, info when it
 * recovered. The journal then tells when Sonarr went away and came back, not only the browser.
 */
export function logHealthChange(log: Logger, change: HealthChanged): void {
  const rank: Record<HealthLevel, number> = { ok: 0, degraded: 1, down: 2 };
  for (const { subsystem, from, to, message } of change.changes) {
    const fields = { subsystem, from, to, status: change.status, message };
    if (rank[to] > rank[from]) log.warn(`health: ${subsystem} is ${to}`, fields);
    else log.info(`health: ${subsystem} is ${to === "ok" ? "ok again" : `${to} (was ${from})`}`, fields);
  }
}
