import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app.ts";
import type { UiAuth } from "./auth/ui-auth.ts";

type Router = OpenAPIHono<AppEnv>;

/**
 * A router of the API and the paths it answers under (after `/api/v1`). Each is `require`d when
 * first needed: a request builds only the routers of its own paths, and the OpenAPI document all
 * of them. Their schemas are ~2,000 zod instances, 7 MiB of an idle server that nobody asks; the
 * whole set took ~50 ms to build, in the middle of a first scan when a client's first request was
 * a scan's (the scan's own routers take a fraction of that).
 */
interface ApiRouter {
  /** Path prefixes, matched at a `/`: a request goes to the routers of its longest matching prefix. */
  under: readonly string[];
  /** `app.route(at, theRouter)`: each router declares the deps it needs, so each is mounted where it is typed. */
  mount(app: Router, at: string, uiAuth: UiAuth): unknown;
}

/** Every API route but liveness and sign-in, in the order they must be matched. */
const API_ROUTERS: readonly ApiRouter[] = [
  {
    under: ["/auth"],
    mount: (app, at, uiAuth) =>
      app.route(
        at,
        (
          require("./settings/account.routes.ts") as typeof import("./settings/account.routes.ts")
        ).createAccountRouter(uiAuth),
      ),
  },
  {
    under: ["/settings"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./settings/settings.routes.ts") as typeof import("./settings/settings.routes.ts"))
          .settingsRouter,
      ),
  },
  {
    under: ["/health"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./health/detailed.routes.ts") as typeof import("./health/detailed.routes.ts"))
          .detailedHealthRouter,
      ),
  },
  {
    under: ["/system"],
    mount: (app, at) => {
      const system = require("./system/system.routes.ts") as typeof import("./system/system.routes.ts");
      return app.route(at, system.systemRouter).route(at, system.reloadRouter);
    },
  },
  {
    under: ["/system"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./system/logs.routes.ts") as typeof import("./system/logs.routes.ts")).logsRouter,
      ),
  },
  {
    under: ["/system"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./system/backup.routes.ts") as typeof import("./system/backup.routes.ts")).backupRouter,
      ),
  },
  // Before the wanted router: its /wanted/{id} would otherwise take /wanted/search.
  {
    under: ["/wanted"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/search.routes.ts") as typeof import("./wanted/search.routes.ts")).searchRouter,
      ),
  },
  {
    under: ["/wanted"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/wanted-bulk.routes.ts") as typeof import("./wanted/wanted-bulk.routes.ts"))
          .wantedBulkRouter,
      ),
  },
  // A scan's requests (start, poll, cancel) build nothing else; the wanted router never sees them.
  {
    under: ["/wanted/scan"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/scan.routes.ts") as typeof import("./wanted/scan.routes.ts")).scanRouter,
      ),
  },
  {
    under: ["/wanted"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/wanted.routes.ts") as typeof import("./wanted/wanted.routes.ts")).wantedRouter,
      ),
  },
  {
    under: ["/providers"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./providers/providers.routes.ts") as typeof import("./providers/providers.routes.ts"))
          .providersRouter,
      ),
  },
  {
    under: ["/history", "/blacklist"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/history.routes.ts") as typeof import("./wanted/history.routes.ts")).historyRouter,
      ),
  },
  {
    under: ["/history"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/history-stats.routes.ts") as typeof import("./wanted/history-stats.routes.ts"))
          .historyStatsRouter,
      ),
  },
  {
    under: ["/activity"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/activity.routes.ts") as typeof import("./wanted/activity.routes.ts"))
          .activityRouter,
      ),
  },
  {
    under: ["/tasks"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./jobs/tasks.routes.ts") as typeof import("./jobs/tasks.routes.ts")).tasksRouter,
      ),
  },
  {
    under: ["/webhooks"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./webhooks/webhooks.routes.ts") as typeof import("./webhooks/webhooks.routes.ts"))
          .webhooksRouter,
      ),
  },
  {
    under: ["/events"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./events/sse.routes.ts") as typeof import("./events/sse.routes.ts")).eventsRouter,
      ),
  },
  {
    under: ["/profiles"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./wanted/profiles.routes.ts") as typeof import("./wanted/profiles.routes.ts"))
          .profilesRouter,
      ),
  },
  {
    under: ["/notifications"],
    mount: (app, at) =>
      app.route(
        at,
        (
          require("./notifications/notifications.routes.ts") as typeof import("./notifications/notifications.routes.ts")
        ).notificationsRouter,
      ),
  },
  {
    under: ["/library"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./browse/browse.routes.ts") as typeof import("./browse/browse.routes.ts")).browseRouter,
      ),
  },
  {
    under: ["/library"],
    mount: (app, at) =>
      app.route(
        at,
        (require("./browse/subtitles.routes.ts") as typeof import("./browse/subtitles.routes.ts"))
          .subtitlesRouter,
      ),
  },
  {
    under: ["/subtitles"],
    mount: (app, at) =>
      app.route(at, (require("./sync/sync.routes.ts") as typeof import("./sync/sync.routes.ts")).syncRouter),
  },
];

const PREFIXES = [...new Set(API_ROUTERS.flatMap((r) => r.under))].sort((a, b) => b.length - a.length);

/**
 * The group of routers a path (after `/api/v1`) belongs to: its longest prefix among the routers'.
 * Null when no router answers under it (the caller answers 404).
 */
export function apiGroupOf(path: string): string | null {
  return PREFIXES.find((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ?? null;
}

/** Mounts the routers of one group (`apiGroupOf`), or all of them (the OpenAPI document), under `prefix`. */
export function mountApiRoutes(
  app: Router,
  prefix: string,
  uiAuth: UiAuth,
  group: string | null = null,
): void {
  for (const entry of API_ROUTERS)
    if (group === null || entry.under.includes(group)) entry.mount(app, prefix, uiAuth);
}
