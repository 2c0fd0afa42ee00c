import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { DEFAULT_CRITICAL, HEALTH_CHECK_NAMES } from "./checks.ts";
import type { DetailedHealth } from "./detailed.ts";
import { DetailedHealthSchema, detailedHealthExamples } from "./schemas.ts";

const informational = HEALTH_CHECK_NAMES.filter((name) => !DEFAULT_CRITICAL.includes(name));

/** `a, b and c`, as the description reads. */
function sentence(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export interface DetailedHealthRouteDeps {
  /** Every subsystem checked, cached for `health.cacheSeconds`. */
  health: DetailedHealth;
}

const get = createRoute({
  method: "get",
  path: "/health/detailed",
  operationId: "getDetailedHealth",
  tags: ["Health"],
  summary: "Readiness: every subsystem checked",
  description: [
    `Checks ${HEALTH_CHECK_NAMES.length} subsystems concurrently, each bounded by \`health.timeoutMs\` (or its entry in \`health.timeouts\`): a hung backend makes only its own subsystem unhealthy (\`timed out after N ms\`).`,
    "The report is cached for `health.cacheSeconds`; `fresh=true` runs the checks again. No subtitle provider quota is ever spent.",
    "An unconfigured or disabled subsystem is healthy, with a message saying so.",
    "**Status rule:** `degraded` (503) when any subsystem listed in `health.critical` is unhealthy, else `healthy` (200).",
    `By default the critical ones are ${sentence(DEFAULT_CRITICAL)}; ${sentence(informational)} only report.`,
    "The body lists the critical set in `critical`.",
  ].join(" "),
  request: {
    query: z.object({
      fresh: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "true = ignore the cached report and check now", example: "true" }),
    }),
  },
  responses: {
    200: {
      description: "Every critical subsystem is healthy",
      content: {
        "application/json": {
          schema: DetailedHealthSchema,
          example: detailedHealthExamples.healthy,
        },
      },
    },
    503: {
      description: "At least one critical subsystem is unhealthy",
      content: {
        "application/json": { schema: DetailedHealthSchema, example: detailedHealthExamples.degraded },
      },
    },
    ...problems(400, 401),
  },
});

export const detailedHealthRouter = createRouter<DetailedHealthRouteDeps>().openapi(get, async (c) => {
  const { fresh } = c.req.valid("query");
  const report = await c.get("deps").health.report({ fresh: fresh === "true" });
  return report.status === "healthy" ? c.json(report, 200) : c.json(report, 503);
});
