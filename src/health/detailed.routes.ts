import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { DetailedHealth } from "./detailed.ts";
import { DetailedHealthSchema, detailedHealthExample } from "./schemas.ts";

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
    "Checks eleven subsystems concurrently, each bounded by `health.timeoutMs`: a hung backend makes only its own subsystem unhealthy (`timed out after N ms`).",
    "The report is cached for `health.cacheSeconds`; `fresh=true` runs the checks again. No subtitle provider quota is ever spent.",
    "An unconfigured or disabled subsystem is healthy, with a message saying so.",
    "**Status rule:** `degraded` (503) when any subsystem listed in `health.critical` is unhealthy, else `healthy` (200).",
    "By default the critical ones are database, disk_config, disk_media, arr_connectivity, translation_backends, media_servers and ollama;",
    "providers, memory, whisper_backends and scheduler only report. The body lists the critical set in `critical`.",
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
          example: { ...detailedHealthExample, status: "healthy" },
        },
      },
    },
    503: {
      description: "At least one critical subsystem is unhealthy",
      content: { "application/json": { schema: DetailedHealthSchema, example: detailedHealthExample } },
    },
    ...problems(400, 401),
  },
});

export const detailedHealthRouter = createRouter<DetailedHealthRouteDeps>().openapi(get, async (c) => {
  const { fresh } = c.req.valid("query");
  const report = await c.get("deps").health.report({ fresh: fresh === "true" });
  // The checks build exactly the shapes the schema describes; the cast only bridges the open index type.
  const body = report as unknown as z.infer<typeof DetailedHealthSchema>;
  return report.status === "healthy" ? c.json(body, 200) : c.json(body, 503);
});
