import { z } from "@hono/zod-openapi";
import { defineHealthCheck } from "../check.ts";
import { createDiskUsage, DiskPathSchema } from "./disk-usage.ts";

export const diskMedia = defineHealthCheck({
  name: "disk_media",
  summary:
    "free space of every `disk.mediaPaths` and `standalone.roots` folder; unhealthy when one is below `disk.minFreePercent`",
  critical: true,
  details: { paths: z.array(DiskPathSchema) },
  example: {
    healthy: true,
    message: "no media paths configured (disk.mediaPaths, standalone.roots)",
    paths: [],
  },
  // Reads the config on each run: a reload may swap `standalone.roots` in place.
  create: (deps) => {
    const diskUsage = createDiskUsage({ now: () => deps.clock.now() });
    return async () => {
      const { disk, standalone } = deps.config;
      const unique = [...new Set([...disk.mediaPaths, ...standalone.roots])];
      if (unique.length === 0) {
        return {
          healthy: true,
          message: "no media paths configured (disk.mediaPaths, standalone.roots)",
          paths: [],
        };
      }
      const results = await Promise.all(unique.map((p) => diskUsage(p, disk.minFreePercent)));
      const low = results.filter((r) => !r.healthy);
      return {
        healthy: low.length === 0,
        message:
          low.length === 0
            ? `${results.length} path(s) checked`
            : low.map((r) => `${r.path}: ${r.message}`).join("; "),
        paths: results,
      };
    };
  },
});
