import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app.ts";
import type { UiAuth } from "./auth/ui-auth.ts";
import { browseRouter } from "./browse/browse.routes.ts";
import { subtitlesRouter } from "./browse/subtitles.routes.ts";
import { eventsRouter } from "./events/sse.routes.ts";
import { detailedHealthRouter } from "./health/detailed.routes.ts";
import { tasksRouter } from "./jobs/tasks.routes.ts";
import { notificationsRouter } from "./notifications/notifications.routes.ts";
import { providersRouter } from "./providers/providers.routes.ts";
import { createAccountRouter } from "./settings/account.routes.ts";
import { settingsRouter } from "./settings/settings.routes.ts";
import { syncRouter } from "./sync/sync.routes.ts";
import { backupRouter } from "./system/backup.routes.ts";
import { logsRouter } from "./system/logs.routes.ts";
import { reloadRouter, systemRouter } from "./system/system.routes.ts";
import { activityRouter } from "./wanted/activity.routes.ts";
import { historyRouter } from "./wanted/history.routes.ts";
import { historyStatsRouter } from "./wanted/history-stats.routes.ts";
import { profilesRouter } from "./wanted/profiles.routes.ts";
import { scanRouter } from "./wanted/scan.routes.ts";
import { searchRouter } from "./wanted/search.routes.ts";
import { wantedRouter } from "./wanted/wanted.routes.ts";
import { wantedBulkRouter } from "./wanted/wanted-bulk.routes.ts";
import { webhooksRouter } from "./webhooks/webhooks.routes.ts";

/**
 * Every API route but liveness and sign-in, in the order they must be matched. This module is
 * loaded (`require`) on the first request that needs one of them, or for the OpenAPI document:
 * their schemas are ~2,000 zod instances, 7 MiB of an idle server that nobody asks (app.ts).
 */
export function mountApiRoutes(app: OpenAPIHono<AppEnv>, prefix: string, uiAuth: UiAuth): void {
  app.route(prefix, createAccountRouter(uiAuth));
  app.route(prefix, settingsRouter);
  app.route(prefix, detailedHealthRouter);
  app.route(prefix, systemRouter);
  app.route(prefix, reloadRouter);
  app.route(prefix, logsRouter);
  app.route(prefix, backupRouter);
  // Before the wanted router: its /wanted/{id} would otherwise take /wanted/search and /wanted/scan.
  app.route(prefix, searchRouter);
  app.route(prefix, wantedBulkRouter);
  app.route(prefix, scanRouter);
  app.route(prefix, wantedRouter);
  app.route(prefix, providersRouter);
  app.route(prefix, historyRouter);
  app.route(prefix, historyStatsRouter);
  app.route(prefix, activityRouter);
  app.route(prefix, tasksRouter);
  app.route(prefix, webhooksRouter);
  app.route(prefix, eventsRouter);
  app.route(prefix, profilesRouter);
  app.route(prefix, notificationsRouter);
  app.route(prefix, browseRouter);
  app.route(prefix, subtitlesRouter);
  app.route(prefix, syncRouter);
}
