import { createRoute, z } from "@hono/zod-openapi";
import type { Config } from "../config/schema.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { PROVIDER_CATALOG } from "./catalog.ts";
import { credentialsOf } from "./provider-credentials.ts";
import type { ProviderRegistry } from "./registry.ts";
import { PROVIDER_NAMES, type ProviderName } from "./types.ts";

export interface ProvidersRouteDeps {
  config: Config;
  providers: ProviderRegistry;
}

const at = (description: string) => z.string().nullable().openapi({ description });

const TestResultSchema = z
  .object({
    ok: z.boolean(),
    latencyMs: z.number().int().openapi({ description: "Wall time of the test, waits included" }),
    message: z.string().openapi({ description: "What the provider answered, or why it failed" }),
  })
  .openapi("ProviderTestResult");

export const ProviderStatusSchema = z
  .object({
    name: z.enum(PROVIDER_NAMES),
    title: z
      .string()
      .openapi({ description: "The provider's name as people write it", example: "OpenSubtitles" }),
    goodFor: z.string().openapi({
      description: "What the provider is good for",
      example: "Movies and TV; matches by file hash",
    }),
    enabled: z.boolean(),
    priority: z.number().int(),
    healthy: z.boolean().openapi({
      description:
        "Answering now: not paused for quota, breaker not open, and no limitation (no request made)",
    }),
    limitation: z.string().nullable().openapi({
      description:
        "What the configuration keeps the provider from delivering, e.g. OpenSubtitles without an account: downloads need a username and password. Such a provider is reported degraded and not searched; null when nothing",
      example: null,
    }),
    credentials: z
      .array(
        z.object({
          key: z.string().openapi({ example: "providers.opensubtitles.apiKey" }),
          env: z.string().openapi({ example: "SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY" }),
          required: z.boolean(),
          set: z.boolean(),
          purpose: z.string(),
        }),
      )
      .openapi({
        description: "What the provider reads from the config; whether each is set, never its value",
      }),
    breaker: z.enum(["closed", "open", "half-open"]),
    breakerRetryAt: at("When an open breaker lets the next request through; null unless open"),
    consecutiveFailures: z.number().int(),
    rateLimit: z.object({
      requests: z.number().int(),
      perMs: z.number().int(),
      tokens: z.number(),
      pausedUntil: z.string().nullable(),
      waiting: z.number().int(),
    }),
    quota: z.object({
      pausedUntil: at("Downloads paused until then (quota spent)"),
      reason: z.string().nullable(),
      remaining: z
        .number()
        .int()
        .nullable()
        .openapi({ description: "Downloads left, as the provider last reported it" }),
      limit: z.number().int().nullable().openapi({ description: "Downloads allowed per window" }),
      resetAt: at("When the provider said the quota renews"),
      reportedAt: at("When the provider last reported its quota; null if it never has"),
    }),
    lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
    lastTest: TestResultSchema.extend({ at: z.string() }).nullable().openapi({
      description: "The last Test since the server started",
    }),
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

/** One provider's status, as the list and Resume answer it (the API docs' example). */
const STATUS_EXAMPLE = {
  name: "opensubtitles",
  title: "OpenSubtitles",
  goodFor: "Movies and TV; matches by file hash",
  enabled: true,
  priority: 100,
  healthy: true,
  limitation: null,
  credentials: [
    {
      key: "providers.opensubtitles.apiKey",
      env: "SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY",
      required: true,
      set: true,
      purpose: "API consumer key from opensubtitles.com",
    },
  ],
  breaker: "closed",
  breakerRetryAt: null,
  consecutiveFailures: 0,
  rateLimit: { requests: 5, perMs: 1000, tokens: 4.2, pausedUntil: null, waiting: 0 },
  quota: {
    pausedUntil: null,
    reason: null,
    remaining: 17,
    limit: 20,
    resetAt: "2026-11-25T00:00:00.000Z",
    reportedAt: "2026-11-24T09:12:00.000Z",
  },
  lastError: null,
  lastTest: {
    ok: true,
    latencyMs: 412,
    message: "API reachable; logged in as me: 17 of 20 downloads left",
    at: "2026-11-24T09:12:00.000Z",
  },
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
};

const list = createRoute({
  method: "get",
  path: "/providers",
  operationId: "listProviders",
  tags: ["Search"],
  summary: "Every subtitle provider: enabled, credentials, breaker, rate limit, quota, last error, stats",
  description: "Reads state only; it never sends a request to a provider.",
  responses: {
    200: {
      description: "Providers, in the order they are asked",
      content: {
        "application/json": {
          schema: z.array(ProviderStatusSchema),
          example: [STATUS_EXAMPLE],
        },
      },
    },
    ...problems(401),
  },
});

const NameParamSchema = z.object({
  name: z
    .string()
    .min(1)
    .openapi({ param: { name: "name", in: "path" }, example: "opensubtitles" }),
});

const test = createRoute({
  method: "post",
  path: "/providers/{name}/test",
  operationId: "testProvider",
  tags: ["Search"],
  summary: "Test a provider with one cheap real request",
  description: `Sends one small request (a login, an account check or a one-page search for a well-known
episode) through the provider's rate limiter and circuit breaker; never spends a download quota. A failed
test counts toward the breaker and becomes the provider's last error. The answer is 200 either way: \`ok\`
says how it went. 404 for an unknown provider, 409 for one that is not enabled.`,
  request: { params: NameParamSchema },
  responses: {
    200: {
      description: "The test ran",
      content: {
        "application/json": {
          schema: TestResultSchema,
          example: { ok: false, latencyMs: 231, message: "the API key was refused (HTTP 403)" },
        },
      },
    },
    ...problems(401, 404, 409),
  },
});

const resume = createRoute({
  method: "post",
  path: "/providers/{name}/resume",
  operationId: "resumeProvider",
  tags: ["Search"],
  summary: "Resume a provider paused for its quota or by its circuit breaker, now",
  description: `For when the cause is fixed (a new or upgraded account, the site back up): lifts the quota pause
(also the one kept across restarts) and closes the circuit breaker, so the next search asks the provider
again instead of waiting out the pause. The rate limit is not reset: it paces requests to what the provider
allows. Sends no request. Answers the provider's status; a provider that was not paused is answered as it
is. 404 for an unknown provider, 409 for one that is not enabled.`,
  request: { params: NameParamSchema },
  responses: {
    200: {
      description: "Resumed: its status now",
      content: { "application/json": { schema: ProviderStatusSchema, example: STATUS_EXAMPLE } },
    },
    ...problems(401, 404, 409),
  },
});

const idle = {
  enabled: false,
  healthy: true,
  limitation: null,
  breaker: "closed" as const,
  breakerRetryAt: null,
  consecutiveFailures: 0,
  quota: { pausedUntil: null, reason: null, remaining: null, limit: null, resetAt: null, reportedAt: null },
  lastError: null,
  lastTest: null,
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

/** What the catalog says of a provider, and which of its credentials are set. */
const describe = (name: ProviderName, config: ProvidersRouteDeps["config"]) => ({
  title: PROVIDER_CATALOG[name].title,
  goodFor: PROVIDER_CATALOG[name].goodFor,
  credentials: credentialsOf(config.providers, name),
});

const isProviderName = (name: string): name is ProviderName =>
  (PROVIDER_NAMES as readonly string[]).includes(name);

const notEnabled = (name: ProviderName) =>
  new ApiError(
    409,
    `provider "${name}" is not enabled: set enabled = true under [providers.${name}] in config.toml (or SUBHOUND_PROVIDERS__${name.toUpperCase()}__ENABLED=true)`,
  );

function knownName(name: string): ProviderName {
  if (!isProviderName(name))
    throw new ApiError(404, `no provider named "${name}"; known: ${PROVIDER_NAMES.join(", ")}`);
  return name;
}

export const providersRouter = createRouter<ProvidersRouteDeps>()
  .openapi(list, (c) => {
    const { providers, config } = c.get("deps");
    const active = providers.status().map((status) => ({ ...describe(status.name, config), ...status }));
    const disabled = PROVIDER_NAMES.filter((n) => !active.some((a) => a.name === n)).map((name) => ({
      ...idle,
      ...describe(name, config),
      name,
      priority: config.providers[name].priority,
      rateLimit: { requests: 0, perMs: 0, tokens: 0, pausedUntil: null, waiting: 0 },
    }));
    return c.json([...active, ...disabled], 200);
  })
  .openapi(test, async (c) => {
    const name = knownName(c.req.valid("param").name);
    const result = await c.get("deps").providers.test(name, c.req.raw.signal);
    if (result === null) throw notEnabled(name);
    return c.json(result, 200);
  })
  .openapi(resume, (c) => {
    const name = knownName(c.req.valid("param").name);
    const { providers, config } = c.get("deps");
    if (providers.resume(name) === null) throw notEnabled(name);
    const status = providers.status().find((s) => s.name === name)!;
    return c.json({ ...describe(name, config), ...status }, 200);
  });
