import { z } from "@hono/zod-openapi";
import type { MediaServerManager } from "../../mediaservers/manager.ts";
import { type CheckReport, defineHealthCheck, withPrefix } from "../check.ts";

const details = {
  instances: z.array(
    z.object({
      type: z.enum(["jellyfin", "emby", "plex"]),
      name: z.string(),
      healthy: z.boolean(),
      message: z.string(),
    }),
  ),
};

/** Every enabled media server must answer. */
async function checkMediaServers(
  servers: MediaServerManager,
  signal: AbortSignal,
): Promise<CheckReport<typeof details>> {
  if (servers.servers.length === 0) {
    return { healthy: true, message: "no media servers configured", instances: [] };
  }
  const instances = (await servers.healthCheck(signal)).map((s) => ({
    type: s.type,
    name: s.name,
    healthy: s.healthy,
    message: s.message,
  }));
  const down = instances.filter((s) => !s.healthy);
  return {
    healthy: down.length === 0,
    message:
      down.length === 0
        ? `${instances.length}/${instances.length} media servers healthy`
        : down.map((s) => withPrefix(`${s.type} "${s.name}": `, s.message)).join("; "),
    instances,
  };
}

export const mediaServers = defineHealthCheck({
  name: "media_servers",
  summary: "every configured Jellyfin, Emby and Plex answers",
  critical: true,
  details,
  example: { healthy: true, message: "no media servers configured", instances: [] },
  create: (deps) => (signal) => checkMediaServers(deps.mediaServers, signal),
});
