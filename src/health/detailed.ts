import { redactStrings } from "../config/redact.ts";
import { type CheckFailed, errorMessage, type HealthCheckDeps } from "./check.ts";
import { HEALTH_CHECKS } from "./checks.ts";
import type { DetailedHealthBody, HealthResults } from "./schemas.ts";
import { resolveHealthSettings } from "./settings.ts";

export interface DetailedHealthDeps extends HealthCheckDeps {
  /** Called with every newly run report (not with cached ones); health-change notifications compare them. */
  onReport?: (report: HealthReport) => void;
}

/** Its type is the response schema's, so a check that drifts from its schema does not compile. */
export type HealthReport = DetailedHealthBody;

export interface DetailedHealth {
  /** The cached report while younger than `health.cacheSeconds`, else a new one; `fresh` forces one. */
  report(options?: { fresh?: boolean }): Promise<HealthReport>;
  /** Drops the cached report: after a reload it describes a configuration that no longer runs. */
  forget(): void;
}

/**
 * Runs `check` with its own abort signal and deadline: a hung backend makes only its own
 * subsystem unhealthy, and a throw becomes `{healthy: false}` instead of failing the report.
 */
export async function runBounded<Report>(
  check: (signal: AbortSignal) => Promise<Report> | Report,
  timeoutMs: number,
): Promise<Report | CheckFailed> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<CheckFailed>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve({ healthy: false, message: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const work = (async (): Promise<Report | CheckFailed> => {
    try {
      return await check(controller.signal);
    } catch (e) {
      return { healthy: false, message: errorMessage(e) };
    }
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check concurrently and caches the report for `health.cacheSeconds` of `deps.clock`. */
export function createDetailedHealth(deps: DetailedHealthDeps): DetailedHealth {
  const { critical, timeoutMs } = resolveHealthSettings(deps.config.health);
  const runs = HEALTH_CHECKS.map((check) => [check.name, check.create(deps)] as const);
  const { cacheSeconds } = deps.config.health;
  let cached: { report: HealthReport; at: number } | null = null;
  let inFlight: Promise<HealthReport> | null = null;

  async function run(): Promise<HealthReport> {
    // Checks quote backend errors, and a backend URL may carry userinfo.
    const results = await Promise.all(
      runs.map(
        async ([name, check]) => [name, redactStrings(await runBounded(check, timeoutMs(name)))] as const,
      ),
    );
    // fromEntries forgets which name holds which report; each came from that name's own check.
    const subsystems = Object.fromEntries(results) as HealthResults;
    const degraded = critical.some((name) => !subsystems[name].healthy);
    return {
      status: degraded ? "degraded" : "healthy",
      checkedAt: deps.clock.now().toISOString(),
      critical: [...critical],
      subsystems,
    };
  }

  return {
    forget() {
      cached = null;
    },
    report(options = {}) {
      const now = deps.clock.now().getTime();
      if (!options.fresh && cached && now - cached.at < cacheSeconds * 1000) {
        return Promise.resolve(cached.report);
      }
      // Concurrent callers share one run instead of each hitting every backend.
      inFlight ??= run()
        .then((report) => {
          cached = { report, at: deps.clock.now().getTime() };
          deps.onReport?.(report);
          return report;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  };
}
