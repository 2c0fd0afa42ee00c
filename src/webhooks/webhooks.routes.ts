import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { keysMatch, presentedKey } from "../auth/api-key.ts";
import { problemResponse, problems } from "../http/problem.ts";
import { createRouter, type RouteEnv } from "../http/router.ts";
import { isWebhookBasicAuth } from "./basic-auth.ts";
import type { WebhookKind, WebhookPayload, WebhookProcessor } from "./processor.ts";
import { RadarrWebhookSchema, SonarrWebhookSchema, WebhookAcceptedSchema } from "./webhook.schemas.ts";

export interface WebhooksRouteDeps {
  apiKey: string;
  /** Sonarr/Radarr webhook deliveries, worked off in the background. */
  webhooks: WebhookProcessor;
}

type WebhooksEnv = RouteEnv<WebhooksRouteDeps>;

const description = `Point Sonarr/Radarr's Settings → Connect → Webhook here (method POST or PUT: both are accepted,
as either app can be set to send either). Authenticate with
\`?apikey=KEY\` in the URL, the \`X-Api-Key\` header, or the webhook's Username/Password fields with the
API key as the password. Answers 202 at once; the scan, search or removal runs in the background.`;

function routeParts(kind: WebhookKind, method: "post" | "put") {
  const title = kind === "sonarr" ? "Sonarr" : "Radarr";
  return {
    method,
    path: `/webhooks/${kind}`,
    tags: ["Webhooks"],
    summary: `Receive a ${title} webhook (${method.toUpperCase()})`,
    description,
    security: [{ ApiKeyHeader: [] }, { ApiKeyQuery: [] }, { WebhookBasic: [] }] as Record<string, string[]>[],
    responses: {
      202: {
        description: "Accepted; the work runs in the background",
        content: {
          "application/json": {
            schema: WebhookAcceptedSchema,
            example: { accepted: true, eventType: "Download", action: "import", instance: kind },
          },
        },
      },
      ...problems(400, 401),
    },
  };
}

const sonarrBody = {
  body: { required: true, content: { "application/json": { schema: SonarrWebhookSchema } } },
};
const radarrBody = {
  body: { required: true, content: { "application/json": { schema: RadarrWebhookSchema } } },
};

const sonarrRoute = createRoute({
  ...routeParts("sonarr", "post"),
  operationId: "receiveSonarrWebhook",
  request: sonarrBody,
});

const sonarrPutRoute = createRoute({
  ...routeParts("sonarr", "put"),
  operationId: "receiveSonarrWebhookPut",
  request: sonarrBody,
});

const radarrRoute = createRoute({
  ...routeParts("radarr", "post"),
  operationId: "receiveRadarrWebhook",
  request: radarrBody,
});

const radarrPutRoute = createRoute({
  ...routeParts("radarr", "put"),
  operationId: "receiveRadarrWebhookPut",
  request: radarrBody,
});

function processorOf(c: Context<WebhooksEnv>): WebhookProcessor {
  return c.get("deps").webhooks;
}

/** The app's middleware already checks the key; this also accepts Basic auth and guards a bare mount. */
function authorized(c: Context<WebhooksEnv>): boolean {
  const apiKey = c.get("deps").apiKey;
  const key = presentedKey(c.req.raw.headers, new URL(c.req.url));
  if (key !== undefined && keysMatch(key, apiKey)) return true;
  return isWebhookBasicAuth(c.req.raw, apiKey);
}

function accept(c: Context<WebhooksEnv>, kind: WebhookKind, payload: WebhookPayload) {
  if (!authorized(c))
    return problemResponse(c, 401, "Send the API key as ?apikey=, X-Api-Key or the Basic auth password");
  const queued = processorOf(c).enqueue(kind, payload);
  return c.json({ accepted: true as const, ...queued }, 202);
}

export const webhooksRouter = createRouter<WebhooksRouteDeps>();

webhooksRouter.openAPIRegistry.registerComponent("securitySchemes", "WebhookBasic", {
  type: "http",
  scheme: "basic",
  description: "Any user name; the password is the API key",
});

webhooksRouter.openapi(sonarrRoute, (c) => accept(c, "sonarr", c.req.valid("json")));
webhooksRouter.openapi(sonarrPutRoute, (c) => accept(c, "sonarr", c.req.valid("json")));
webhooksRouter.openapi(radarrRoute, (c) => accept(c, "radarr", c.req.valid("json")));
webhooksRouter.openapi(radarrPutRoute, (c) => accept(c, "radarr", c.req.valid("json")));
