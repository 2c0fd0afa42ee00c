import type { LibrarySource, RadarrClient, SonarrClient } from "../../library/index.ts";
import { type CheckResult, errorMessage, withPrefix } from "../subsystems.ts";

export interface ArrInstanceHealth {
  instance: string;
  healthy: boolean;
  message: string;
  version: string | null;
}

async function instanceHealth(
  client: SonarrClient | RadarrClient,
  signal: AbortSignal,
): Promise<ArrInstanceHealth> {
  try {
    const result = await client.systemStatus(signal);
    if (result.ok) {
      return {
        instance: client.instance,
        healthy: true,
        message: `${result.value.appName ?? client.kind} ${result.value.version} answers`,
        version: result.value.version,
      };
    }
    return { instance: client.instance, healthy: false, message: result.error.message, version: null };
  } catch (e) {
    return { instance: client.instance, healthy: false, message: errorMessage(e), version: null };
  }
}

/** `GET /system/status` on every enabled Sonarr and Radarr, all at once; every one must answer. */
export async function checkArrConnectivity(
  sources: readonly LibrarySource[],
  signal: AbortSignal,
): Promise<CheckResult> {
  const sonarrClients = sources.filter((s): s is SonarrClient => s.kind === "sonarr");
  const radarrClients = sources.filter((s): s is RadarrClient => s.kind === "radarr");
  if (sonarrClients.length + radarrClients.length === 0) {
    return { healthy: true, message: "no Sonarr or Radarr configured", sonarr: [], radarr: [] };
  }
  const [sonarr, radarr] = await Promise.all([
    Promise.all(sonarrClients.map((c) => instanceHealth(c, signal))),
    Promise.all(radarrClients.map((c) => instanceHealth(c, signal))),
  ]);
  const all = [
    ...sonarr.map((r) => ({ kind: "sonarr", ...r })),
    ...radarr.map((r) => ({ kind: "radarr", ...r })),
  ];
  const down = all.filter((r) => !r.healthy);
  return {
    healthy: down.length === 0,
    message:
      down.length === 0
        ? `${all.length}/${all.length} instances reachable`
        : down.map((r) => withPrefix(`${r.kind} "${r.instance}": `, r.message)).join("; "),
    sonarr,
    radarr,
  };
}
