import type { MediaServerManager } from "../../mediaservers/manager.ts";
import { type CheckResult, withPrefix } from "../subsystems.ts";

/** Every enabled media server must answer. */
export async function checkMediaServers(
  servers: MediaServerManager,
  signal: AbortSignal,
): Promise<CheckResult> {
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
