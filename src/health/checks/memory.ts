import { z } from "@hono/zod-openapi";
import { defineHealthCheck } from "../check.ts";

/** Informational only: always healthy. */
export const memory = defineHealthCheck({
  name: "memory",
  summary: "the process's resident and heap memory; informational, always healthy",
  critical: false,
  details: {
    rssBytes: z.number().int(),
    heapUsedBytes: z.number().int(),
    heapTotalBytes: z.number().int(),
  },
  example: {
    healthy: true,
    message: "84 MiB resident",
    rssBytes: 88_080_384,
    heapUsedBytes: 20_971_520,
    heapTotalBytes: 31_457_280,
  },
  create: () => () => {
    const usage = process.memoryUsage();
    return {
      healthy: true,
      message: `${Math.round(usage.rss / 1024 / 1024)} MiB resident`,
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      heapTotalBytes: usage.heapTotal,
    };
  },
});
