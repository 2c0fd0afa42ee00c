import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Env, Hono, Schema } from "hono";
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

/** A router mounted as it is, under the paths it answers. */
const mounted = <E extends Env, S extends Schema, B extends string>(
  under: readonly string[],
  load: () => Hono<E, S, B>,
): ApiRouter => ({
  under,
  mount: (app, at) => app.route(at, load()),
});

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
  mounted(
    ["/settings"],
    () =>
      (require("./settings/settings.routes.ts") as typeof import("./settings/settings.routes.ts"))
        .settingsRouter,
  ),
  mounted(
    ["/health"],
    () =>
      (require("./health/detailed.routes.ts") as typeof import("./health/detailed.routes.ts"))
        .detailedHealthRouter,
  ),
  {
    under: ["/system"],
    mount: (app, at) => {
      const system = require("./system/system.routes.ts") as typeof import("./system/system.routes.ts");
      return app.route(at, system.systemRouter).route(at, system.reloadRouter);
    },
  },
  mounted(
    ["/system"],
    () => (require("./system/logs.routes.ts") as typeof import("./system/logs.routes.ts")).logsRouter,
  ),
  mounted(
    ["/system"],
    () => (require("./system/backup.routes.ts") as typeof import("./system/backup.routes.ts")).backupRouter,
  ),
  // Before the wanted router: its /wanted/{id} would otherwise take /wanted/search.
  mounted(
    ["/wanted"],
    () => (require("./wanted/search.routes.ts") as typeof import("./wanted/search.routes.ts")).searchRouter,
  ),
  mounted(
    ["/wanted"],
    () =>
      (require("./wanted/wanted-bulk.routes.ts") as typeof import("./wanted/wanted-bulk.routes.ts"))
        .wantedBulkRouter,
  ),
  // A scan's requests (start, poll, cancel) build nothing else; the wanted router never sees them.
  mounted(
    ["/wanted/scan"],
    () => (require("./wanted/scan.routes.ts") as typeof import("./wanted/scan.routes.ts")).scanRouter,
  ),
  mounted(
    ["/wanted"],
    () => (require("./wanted/wanted.routes.ts") as typeof import("./wanted/wanted.routes.ts")).wantedRouter,
  ),
  mounted(
    ["/providers"],
    () =>
      (require("./providers/providers.routes.ts") as typeof import("./providers/providers.routes.ts"))
        .providersRouter,
  ),
  mounted(
    ["/history", "/blacklist"],
    () =>
      (require("./wanted/history.routes.ts") as typeof import("./wanted/history.routes.ts")).historyRouter,
  ),
  mounted(
    ["/history"],
    () =>
      (require("./wanted/history-stats.routes.ts") as typeof import("./wanted/history-stats.routes.ts"))
        .historyStatsRouter,
  ),
  mounted(
    ["/activity"],
    () =>
      (require("./wanted/activity.routes.ts") as typeof import("./wanted/activity.routes.ts")).activityRouter,
  ),
  mounted(
    ["/tasks"],
    () => (require("./jobs/tasks.routes.ts") as typeof import("./jobs/tasks.routes.ts")).tasksRouter,
  ),
  mounted(
    ["/webhooks"],
    () =>
      (require("./webhooks/webhooks.routes.ts") as typeof import("./webhooks/webhooks.routes.ts"))
        .webhooksRouter,
  ),
  mounted(
    ["/events"],
    () => (require("./events/sse.routes.ts") as typeof import("./events/sse.routes.ts")).eventsRouter,
  ),
  mounted(
    ["/profiles"],
    () =>
      (require("./wanted/profiles.routes.ts") as typeof import("./wanted/profiles.routes.ts")).profilesRouter,
  ),
  mounted(
    ["/notifications"],
    () =>
      (
        require("./notifications/notifications.routes.ts") as typeof import("./notifications/notifications.routes.ts")
      ).notificationsRouter,
  ),
  mounted(
    ["/library"],
    () => (require("./browse/browse.routes.ts") as typeof import("./browse/browse.routes.ts")).browseRouter,
  ),
  mounted(
    ["/library"],
    () =>
      (require("./browse/subtitles.routes.ts") as typeof import("./browse/subtitles.routes.ts"))
        .subtitlesRouter,
  ),
  mounted(
    ["/library"],
    () =>
      (require("./browse/library-search.routes.ts") as typeof import("./browse/library-search.routes.ts"))
        .librarySearchRouter,
  ),
  mounted(
    ["/subtitles"],
    () => (require("./sync/sync.routes.ts") as typeof import("./sync/sync.routes.ts")).syncRouter,
  ),
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
