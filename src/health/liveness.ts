import { createRoute, z } from "@hono/zod-openapi";
import type { BuildInfo } from "../build-info.ts";
import type { Clock } from "../clock.ts";
import { createRouter } from "../http/router.ts";

export interface LivenessRouteDeps {
  clock: Clock;
  build: BuildInfo;
  startedAt: Date;
}

export const LivenessSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string().openapi({ example: "0.1.0" }),
    uptimeSeconds: z.number().openapi({ example: 3600.5 }),
    time: z.string().openapi({ example: "2026-11-24T10:00:00.000Z" }),
  })
  .openapi("Liveness");

const get = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Health"],
  summary: "Liveness probe",
  description:
    "Answers as long as the process serves HTTP. Makes no outbound call and needs no API key, so monitors may poll it as often as they like.",
  security: [],
  responses: {
    200: {
      description: "The server is up",
      content: {
        "application/json": {
          schema: LivenessSchema,
          example: {
            status: "ok",
            version: "0.1.0",
            uptimeSeconds: 3600.5,
            time: "2026-11-24T10:00:00.000Z",
          },
        },
      },
    },
  },
});

export const livenessRouter = createRouter<LivenessRouteDeps>().openapi(get, (c) => {
  const { clock, startedAt, build } = c.get("deps");
  const now = clock.now();
  return c.json(
    {
      status: "ok" as const,
      version: build.version,
      uptimeSeconds: Math.round((now.getTime() - startedAt.getTime()) / 100) / 10,
      time: now.toISOString(),
    },
    200,
  );
});
