import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
// Its routers are `require`d as a request needs them: importing the table evaluates none of them.
import { apiGroupOf, mountApiRoutes } from "./api-routes.ts";
import { type AuthRouteDeps, createAuthRouter } from "./auth/auth.routes.ts";
import { apiGuard } from "./auth/guard.ts";
import { createUiAuth } from "./auth/ui-auth.ts";
import type { BrowseRouteDeps } from "./browse/browse.routes.ts";
import type { SubtitlesRouteDeps } from "./browse/subtitles.routes.ts";
import { scrubberFor } from "./config/scrub.ts";
import type { EventsRouteDeps } from "./events/sse.routes.ts";
import type { DetailedHealthRouteDeps } from "./health/detailed.routes.ts";
import { type LivenessRouteDeps, livenessRouter } from "./health/liveness.ts";
import { docsRouter } from "./http/docs.ts";
import { fixNullableRefs } from "./http/openapi-nullable.ts";
import { ApiError, problemResponse } from "./http/problem.ts";
import type { RouteEnv } from "./http/router.ts";
import { scrubJsonResponses } from "./http/scrub-responses.ts";
import { apiResponseHeaders } from "./http/security-headers.ts";
import type { Scheduler } from "./jobs/scheduler.ts";
import type { TasksRouteDeps } from "./jobs/tasks.routes.ts";
import type { Logger } from "./log.ts";
import type { MediaServerManager } from "./mediaservers/manager.ts";
import type { NotificationsRouteDeps } from "./notifications/notifications.routes.ts";
import type { ProvidersRouteDeps } from "./providers/providers.routes.ts";
import type { AccountRouteDeps } from "./settings/account.routes.ts";
import type { SettingsRouteDeps } from "./settings/settings.routes.ts";
import type { SyncRouteDeps } from "./sync/sync.routes.ts";
import type { BackupRouteDeps } from "./system/backup.routes.ts";
import type { LogsRouteDeps } from "./system/logs.routes.ts";
import type { ReloadRouteDeps, SystemRouteDeps } from "./system/system.routes.ts";
import type { TranslationManager } from "./translation/manager.ts";
import type { ActivityRouteDeps } from "./wanted/activity.routes.ts";
import type { HistoryRouteDeps } from "./wanted/history.routes.ts";
import type { HistoryStatsRouteDeps } from "./wanted/history-stats.routes.ts";
import type { ProfilesRouteDeps } from "./wanted/profiles.routes.ts";
import type { ScanRouteDeps } from "./wanted/scan.routes.ts";
import type { SearchRouteDeps } from "./wanted/search.routes.ts";
import type { WantedRouteDeps } from "./wanted/wanted.routes.ts";
import type { WantedBulkRouteDeps } from "./wanted/wanted-bulk.routes.ts";
import { isWebhookBasicAuth } from "./webhooks/basic-auth.ts";
import type { WebhooksRouteDeps } from "./webhooks/webhooks.routes.ts";
import { loadWebAssets, type WebAssets } from "./webui/assets.ts";
import { webUiRouter } from "./webui/webui.routes.ts";
import type { WhisperBackend } from "./whisper/types.ts";

export const API_PREFIX = "/api/v1";

/**
 * Everything a route may use: what each router declares it needs, passed in once by whoever builds
 * the app (server, CLI, tests). Assembled here, at the top, so no lower module names the whole app.
 */
export interface AppDeps
  extends LivenessRouteDeps,
    AuthRouteDeps,
    DetailedHealthRouteDeps,
    SystemRouteDeps,
    ReloadRouteDeps,
    LogsRouteDeps,
    BackupRouteDeps,
    SearchRouteDeps,
    WantedBulkRouteDeps,
    ScanRouteDeps,
    WantedRouteDeps,
    ProvidersRouteDeps,
    HistoryRouteDeps,
    HistoryStatsRouteDeps,
    ActivityRouteDeps,
    TasksRouteDeps,
    WebhooksRouteDeps,
    EventsRouteDeps,
    ProfilesRouteDeps,
    NotificationsRouteDeps,
    SettingsRouteDeps,
    AccountRouteDeps,
    BrowseRouteDeps,
    SubtitlesRouteDeps,
    SyncRouteDeps {
  log: Logger;
  /** Cron jobs (scan, search, maintenance); started by `serve` only. */
  scheduler: Scheduler;
  translation: TranslationManager;
  mediaServers: MediaServerManager;
  /** Null while `whisper.enabled` is false. */
  whisper: WhisperBackend | null;
}

export type AppEnv = RouteEnv<AppDeps>;

export interface SubhoundApp {
  /**
   * The request handler to give to `Bun.serve` (already under `server.urlBase`), with the server as
   * second argument so a handler can read the peer address.
   */
  fetch: (request: Request, server?: object) => Response | Promise<Response>;
  /** The OpenAPI 3.1 document, built once on first use. */
  openapi: Record<string, unknown>;
}

let requestCounter = 0;
/** The id the app gave a request, for the lazily built API that answers it (same Request object). */
const requestIds = new WeakMap<Request, string>();

export interface AppOptions {
  /** The web UI's files; by default the embedded build, or a bundle of `web/` when run from source. */
  webAssets?: () => Promise<WebAssets>;
}

const OPEN_API_PATHS = new Set([
  `${API_PREFIX}/health`,
  `${API_PREFIX}/auth/state`,
  `${API_PREFIX}/auth/setup`,
  `${API_PREFIX}/auth/login`,
  `${API_PREFIX}/auth/logout`,
]);

/** Builds the HTTP app from its dependencies; performs no I/O of its own. */
export function createApp(deps: AppDeps, options: AppOptions = {}): SubhoundApp {
  const urlBase = deps.config.server.urlBase;
  const uiAuth = createUiAuth(deps);
  const app = new OpenAPIHono<AppEnv>();

  app.use(async (c, next) => {
    c.set("deps", deps);
    const requestId =
      c.req.header("x-request-id") ?? `${Date.now().toString(36)}-${(++requestCounter).toString(36)}`;
    c.set("requestId", requestId);
    requestIds.set(c.req.raw, requestId);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    // The path only: a query string may carry the API key.
    // Monitors poll GETs all day; changes are what an admin wants to see at the default level.
    const level = c.req.method === "GET" || c.req.method === "HEAD" ? "debug" : "info";
    deps.log[level]("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  answerLikeSubhound(app, deps, "/api/*");
  // No answer kept by a browser or proxy cache; no framing, sniffing or Referer beyond this origin.
  app.use("/api/*", apiResponseHeaders);

  // Only the API needs a key or a UI session; the spec, the docs and the UI's own files stay open.
  // Sonarr's webhook form has user/password fields: Basic auth carrying the key is accepted there too.
  const guard = apiGuard<AppEnv>({ auth: uiAuth, isOpen: (path) => OPEN_API_PATHS.has(path), urlBase });
  app.use("/api/*", (c, next) =>
    c.req.path.startsWith(`${urlBase}${API_PREFIX}/webhooks/`) && isWebhookBasicAuth(c.req.raw, deps.apiKey)
      ? next()
      : guard(c, next),
  );

  // Liveness and sign-in, here and in the OpenAPI document alike: answered without loading the rest.
  const mountOwnRoutes = (target: OpenAPIHono<AppEnv>) => {
    target.route(API_PREFIX, livenessRouter);
    target.route(API_PREFIX, createAuthRouter(uiAuth));
  };
  mountOwnRoutes(app);
  // The rest of the API is built as it is asked for, a group of routers at a time (api-routes.ts),
  // each in an app of its own behind this one's logging, scrubbing and guard (a router in use takes
  // no new routes): their schemas are 7 MiB that a server nobody asks never needs.
  const apiPrefix = `${urlBase}${API_PREFIX}`;
  const groups = new Map<string, OpenAPIHono<AppEnv>>();
  const groupApp = (group: string) => {
    let api = groups.get(group);
    if (!api) {
      api = new OpenAPIHono<AppEnv>();
      api.use((c, next) => {
        c.set("deps", deps);
        const requestId = requestIds.get(c.req.raw);
        if (requestId) c.set("requestId", requestId);
        return next();
      });
      const own = api;
      answerLikeSubhound(api, deps, `${urlBase}/api/*`, (path) => [
        ...routeMethods(app, path.slice(urlBase.length)),
        ...routeMethods(own, path),
      ]);
      mountApiRoutes(api, apiPrefix, uiAuth, group);
      groups.set(group, api);
    }
    return api;
  };
  app.all(`${API_PREFIX}/*`, (c) => {
    const group = apiGroupOf(c.req.path.slice(apiPrefix.length));
    if (group === null) return problemResponse(c, 404, `No route matches ${c.req.method} ${c.req.path}`);
    return groupApp(group).fetch(c.req.raw, c.env);
  });
  app.route("/", docsRouter(urlBase));

  // Built once, on first use: generating it costs several MiB that an idle server never needs.
  let document: Record<string, unknown> | undefined;
  let documentJson: string | undefined;
  const buildDocument = () => {
    const spec = new OpenAPIHono<AppEnv>();
    spec.openAPIRegistry.registerComponent("securitySchemes", "ApiKeyHeader", {
      type: "apiKey",
      in: "header",
      name: "X-Api-Key",
    });
    spec.openAPIRegistry.registerComponent("securitySchemes", "ApiKeyQuery", {
      type: "apiKey",
      in: "query",
      name: "apikey",
    });
    mountOwnRoutes(spec);
    mountApiRoutes(spec, API_PREFIX, uiAuth);
    return fixNullableRefs(
      spec.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Subhound API",
          version: deps.build.version.replace(/-dev$/, ""),
          description:
            "Finds the video files in your Sonarr/Radarr library that lack subtitles in the languages you want, and fetches them. Authenticate with the `X-Api-Key` header or the `apikey` query parameter (the web UI signs in with a session cookie instead).",
          license: { name: "MIT", url: "https://opensource.org/license/mit" },
        },
        servers: [{ url: urlBase || "/" }],
        security: [{ ApiKeyHeader: [] }, { ApiKeyQuery: [] }],
        tags: [
          { name: "Health", description: "Liveness and readiness" },
          {
            name: "Auth",
            description: "The web UI's login: setup, sign-in, sign-out (API clients use the key)",
          },
          { name: "System", description: "Version, configuration, database, recent log and backups" },
          {
            name: "Settings",
            description:
              "Editing the configuration: read, validate, save to config.toml and apply; connection tests",
          },
          { name: "Wanted", description: "Files missing subtitles, and the scans that find them" },
          { name: "Search", description: "Subtitle providers, searches, downloads, history and blacklist" },
          { name: "Webhooks", description: "Sonarr/Radarr Connect → Webhook receivers" },
          { name: "Tasks", description: "Scheduled jobs: scan, search, maintenance" },
          {
            name: "Library",
            description: "Series, movies and their files as Subhound sees them; upload and delete subtitles",
          },
          {
            name: "Profiles",
            description: "Which languages and kinds of subtitles each series or movie wants",
          },
          {
            name: "Notifications",
            description: "ntfy, Gotify, Discord, Telegram, email, webhook and Apprise API notifiers",
          },
          { name: "Sync", description: "Fitting saved subtitles to their video, subtitle fixes, restore" },
        ],
      }),
    ) as unknown as Record<string, unknown>;
  };
  const openapi = (): Record<string, unknown> => {
    document ??= buildDocument();
    return document;
  };
  app.get("/openapi.json", (c) => {
    documentJson ??= JSON.stringify(openapi());
    return c.body(documentJson, 200, { "Content-Type": "application/json" });
  });
  // Registered routes are final here, so the document can be built whenever it is first asked for.
  // Last: the UI answers only what no route above took.
  app.route("/", webUiRouter({ urlBase, load: options.webAssets ?? (() => loadWebAssets(urlBase)) }));

  if (!urlBase) {
    return {
      fetch: app.fetch,
      get openapi() {
        return openapi();
      },
    };
  }
  const root = new Hono();
  root.route(urlBase, app);
  root.notFound((c) => {
    // A browser opening the bare address (http://host:6868/) is sent to the UI under its base.
    const page = c.req.method === "GET" || c.req.method === "HEAD";
    if (page && c.req.path === "/" && (c.req.header("accept") ?? "").includes("text/html"))
      return c.redirect(`${urlBase}/`, 302);
    return Response.json(
      { type: "about:blank", title: "Not Found", status: 404, detail: `Subhound is served under ${urlBase}` },
      { status: 404, headers: { "Content-Type": "application/problem+json" } },
    );
  });
  return {
    fetch: root.fetch,
    get openapi() {
      return openapi();
    },
  };
}

/**
 * What the app and its lazily built API answer alike: JSON with secrets scrubbed (the API key's own
 * routes show it to its signed-in owner), errors as problem+json.
 */
function answerLikeSubhound(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  apiPaths: string,
  methodsAt: (path: string) => string[] = () => [],
): void {
  const urlBase = deps.config.server.urlBase;
  const showsApiKey = new Set([
    `${urlBase}${API_PREFIX}/auth/api-key`,
    `${urlBase}${API_PREFIX}/auth/api-key/regenerate`,
  ]);
  app.use(
    apiPaths,
    scrubJsonResponses((c) => scrubberFor(deps.config, showsApiKey.has(c.req.path) ? null : deps.apiKey)),
  );
  app.onError((err, c) => {
    if (err instanceof ApiError)
      return problemResponse(c, err.status as ContentfulStatusCode, err.detail, err.extra);
    if (err instanceof HTTPException)
      return problemResponse(c, err.status as ContentfulStatusCode, err.message);
    deps.log.error("unhandled error", { method: c.req.method, path: c.req.path, error: err });
    return problemResponse(c, 500, "The server hit an unexpected error; details are in its log");
  });
  app.notFound((c) => {
    const methods = new Set(methodsAt(c.req.path));
    if (methods.size === 0) return problemResponse(c, 404, `No route matches ${c.req.method} ${c.req.path}`);
    if (methods.has("GET")) methods.add("HEAD");
    const allow = [...methods].sort().join(", ");
    c.header("Allow", allow);
    return problemResponse(c, 405, `${c.req.path} answers ${allow}, not ${c.req.method}`);
  });
}

/** The methods of `app`'s routes (not its middleware) whose path pattern matches `path`. */
function routeMethods(app: Hono<AppEnv>, path: string): string[] {
  const segments = path.split("/");
  const matches = (pattern: string) => {
    const parts = pattern.split("/");
    return (
      parts.length === segments.length &&
      parts.every((part, i) => (part.startsWith(":") ? segments[i] !== "" : part === segments[i]))
    );
  };
  return app.routes.filter((r) => r.method !== "ALL" && matches(r.path)).map((r) => r.method);
}
