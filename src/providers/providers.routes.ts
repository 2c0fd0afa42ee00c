import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { PROVIDER_NAMES } from "./types.ts";

export const ProviderStatusSchema = z
  .object({
    name: z.enum(PROVIDER_NAMES),
    enabled: z.boolean(),
    priority: z.number().int(),
    healthy: z
      .boolean()
      .openapi({ description: "Answering now: not paused for quota and breaker not open (no request made)" }),
    breaker: z.enum(["closed", "open", "half-open"]),
    consecutiveFailures: z.number().int(),
    rateLimit: z.object({
      requests: z.number().int(),
      perMs: z.number().int(),
      tokens: z.number(),
      pausedUntil: z.string().nullable(),
      waiting: z.number().int(),
    }),
    quota: z.object({ pausedUntil: z.string().nullable(), reason: z.string().nullable() }),
    lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
    stats: z.object({
      searches: z.number().int(),
      searchesWithResults: z.number().int(),
      searchFailures: z.number().int(),
      downloads: z.number().int(),
      downloadFailures: z.number().int(),
      requests: z.number().int(),
      totalLatencyMs: z.number(),
      hitRate: z.number().nullable(),
      meanLatencyMs: z.number().nullable(),
    }),
  })
  .openapi("ProviderStatus");

const list = createRoute({
  method: "get",
  path: "/providers",
  operationId: "listProviders",
  tags: ["Search"],
  summary: "Every subtitle provider: enabled, breaker, rate limit, quota, last error, stats",
  description: "Reads state only; it never sends a request to a provider.",
  responses: {
    200: {
      description: "Providers, in the order they are asked",
      content: {
        "application/json": {
          schema: z.array(ProviderStatusSchema),
          example: [
            {
              name: "opensubtitles",
              enabled: true,
              priority: 100,
              healthy: true,
              breaker: "closed",
              consecutiveFailures: 0,
              rateLimit: { requests: 5, perMs: 1000, tokens: 4.2, pausedUntil: null, waiting: 0 },
              quota: { pausedUntil: null, reason: null },
              lastError: null,
              stats: {
                searches: 120,
                searchesWithResults: 97,
                searchFailures: 1,
                downloads: 88,
                downloadFailures: 0,
                requests: 330,
                totalLatencyMs: 49200,
                hitRate: 0.81,
                meanLatencyMs: 410,
              },
            },
          ],
        },
      },
    },
    ...problems(401),
  },
});

const idle = {
  enabled: false,
  healthy: true,
  breaker: "closed" as const,
  consecutiveFailures: 0,
  quota: { pausedUntil: null, reason: null },
  lastError: null,
  stats: {
    searches: 0,
    searchesWithResults: 0,
    searchFailures: 0,
    downloads: 0,
    downloadFailures: 0,
    requests: 0,
    totalLatencyMs: 0,
    hitRate: null,
    meanLatencyMs: null,
  },
};

export const providersRouter = createRouter().openapi(list, (c) => {
  const { providers, config } = c.get("deps");
  const active = providers.status();
  const disabled = PROVIDER_NAMES.filter((n) => !active.some((a) => a.name === n)).map((name) => ({
    ...idle,
    name,
    priority: config.providers[name].priority,
    rateLimit: { requests: 0, perMs: 0, tokens: 0, pausedUntil: null, waiting: 0 },
  }));
  return c.json([...active, ...disabled], 200);
});
