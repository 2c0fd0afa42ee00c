import type { CheckResult } from "../subsystems.ts";

/** Informational only: always healthy. */
export function checkMemory(): CheckResult {
  const usage = process.memoryUsage();
  return {
    healthy: true,
    message: `${Math.round(usage.rss / 1024 / 1024)} MiB resident`,
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
  };
}
