import type { Scanner } from "../../wanted/scanner.ts";
import type { CheckResult } from "../subsystems.ts";

/** No scheduled jobs exist yet; reports the last (or running) scan, as recorded. */
export function checkScheduler(scanner: Scanner): CheckResult {
  const scan = scanner.status();
  return {
    healthy: true,
    message: "no scheduled jobs yet",
    jobs: [],
    lastScan: scan
      ? {
          id: scan.scanId,
          mode: scan.mode,
          status: scan.status,
          startedAt: scan.startedAt,
          finishedAt: scan.finishedAt,
        }
      : null,
  };
}
