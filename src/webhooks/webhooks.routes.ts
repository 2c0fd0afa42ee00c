import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { keysMatch, presentedKey } from "../auth/api-key.ts";
import { problemResponse, problems } from "../http/problem.ts";
import { createRouter, type RouteEnv } from "../http/router.ts";
import { isWebhookBasicAuth } from "./basic-auth.ts";
import type { MediaServerDelivery, MediaServerWebhookProcessor } from "./media-server-processor.ts";
import {
  JellyfinWebhookSchema,
  MediaServerWebhookAcceptedSchema,
  PlexWebhookFormSchema,
  PlexWebhookPayloadSchema,
} from "./media-server-webhook.schemas.ts";
import type { WebhookKind, WebhookPayload, WebhookProcessor } from "./processor.ts";
import { RadarrWebhookSchema, SonarrWebhookSchema, WebhookAcceptedSchema } from "./webhook.schemas.ts";

export interface WebhooksRouteDeps {
  apiKey: string;
  /** Sonarr/Radarr webhook deliveries, worked off in the background. */
  webhooks: WebhookProcessor;
  /** Plex/Jellyfin "item added" deliveries, likewise. */
  mediaServerWebhooks: MediaServerWebhookProcessor;
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

const mediaServerDescription = (app: string, setup: string) => `${setup} Authenticate with \`?apikey=KEY\`
in the URL (${app} cannot send headers), or the \`X-Api-Key\` header. Add \`&server=NAME\` when several ${app}
servers are configured and their names differ from the ones they report. A new item is looked up on the server
(\`mediaServers\` in the config, with its path mappings), scanned, and its wanted items searched; every other
event is acknowledged and ignored. Answers 202 at once.`;

const mediaServerResponses = (example: Record<string, unknown>) => ({
  202: {
    description: "Accepted; the work runs in the background",
    content: { "application/json": { schema: MediaServerWebhookAcceptedSchema, example } },
  },
  ...problems(400, 401),
});

const serverQuery = z.object({
  server: z
    .string()
    .optional()
    .openapi({ description: "The configured media server's name", example: "plex" }),
});

const plexRoute = createRoute({
  method: "post",
  path: "/webhooks/plex",
  operationId: "receivePlexWebhook",
  tags: ["Webhooks"],
  summary: "Receive a Plex webhook",
  description: mediaServerDescription(
    "Plex",
    "Point Plex's Settings → Webhooks here (needs Plex Pass); Plex posts multipart/form-data with a `payload` part.",
  ),
  security: [{ ApiKeyQuery: [] }, { ApiKeyHeader: [] }] as Record<string, string[]>[],
  request: {
    query: serverQuery,
    body: { required: true, content: { "multipart/form-data": { schema: PlexWebhookFormSchema } } },
  },
  responses: mediaServerResponses({
    accepted: true,
    event: "library.new",
    action: "scan-item",
    server: "plex",
  }),
});

const jellyfinRoute = createRoute({
  method: "post",
  path: "/webhooks/jellyfin",
  operationId: "receiveJellyfinWebhook",
  tags: ["Webhooks"],
  summary: "Receive a Jellyfin webhook",
  description: mediaServerDescription(
    "Jellyfin",
    'Add a "Generic Destination" in Jellyfin\'s Webhook plugin with this URL, the "Item Added" notification and "Send All Properties" ticked.',
  ),
  security: [{ ApiKeyQuery: [] }, { ApiKeyHeader: [] }] as Record<string, string[]>[],
  request: {
    query: serverQuery,
    body: { required: true, content: { "application/json": { schema: JellyfinWebhookSchema } } },
  },
  responses: mediaServerResponses({
    accepted: true,
    event: "ItemAdded",
    action: "scan-item",
    server: "jellyfin",
  }),
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

function acceptFromMediaServer(c: Context<WebhooksEnv>, delivery: MediaServerDelivery) {
  if (!authorized(c)) return problemResponse(c, 401, "Send the API key as ?apikey= or X-Api-Key");
  const queued = c.get("deps").mediaServerWebhooks.enqueue(delivery);
  return c.json({ accepted: true as const, ...queued }, 202);
}

/** The `payload` part is JSON inside a form field, so the route's schema cannot check it. */
function plexPayload(text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PlexWebhookPayloadSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
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

webhooksRouter.openapi(plexRoute, (c) => {
  const payload = plexPayload(c.req.valid("form").payload);
  if (!payload)
    return problemResponse(c, 400, "The payload part is not a Plex webhook event (JSON with an event)");
  const { server } = c.req.valid("query");
  return acceptFromMediaServer(c, { kind: "plex", payload, ...(server ? { server } : {}) });
});
webhooksRouter.openapi(jellyfinRoute, (c) => {
  const { server } = c.req.valid("query");
  return acceptFromMediaServer(c, {
    kind: "jellyfin",
    payload: c.req.valid("json"),
    ...(server ? { server } : {}),
  });
});
