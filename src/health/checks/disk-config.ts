import { defineHealthCheck } from "../check.ts";
import { createDiskUsage, diskPathDetails } from "./disk-usage.ts";

export const diskConfig = defineHealthCheck({
  name: "disk_config",
  summary: "free space where the data dir lives; unhealthy below `disk.minFreePercent`",
  critical: true,
  details: diskPathDetails,
  example: {
    path: "/var/lib/subhound",
    healthy: true,
    message: "21% free",
    freeBytes: 52_428_800_000,
    totalBytes: 250_000_000_000,
    freePercent: 21,
  },
  create: (deps) => {
    const diskUsage = createDiskUsage({ now: () => deps.clock.now() });
    return () => diskUsage(deps.config.dataDir, deps.config.disk.minFreePercent);
  },
});
