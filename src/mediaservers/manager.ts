import { anySignal } from "../concurrency.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { HealthResult, RemoteDeps } from "../net/remote.ts";
import { createEmbyClient } from "./emby.ts";
import { createJellyfinClient } from "./jellyfin.ts";
import type { MediaServerOptions } from "./media-browser.ts";
import { createPlexClient, type PlexOptions } from "./plex.ts";
import type { MediaServerClient, MediaServerType, RefreshResult } from "./types.ts";

export type MediaServerConfigEntry = Config["mediaServers"][number];

export interface MediaServerStats {
  name: string;
  type: MediaServerType;
  refreshes: number;
  failures: number;
  lastError: string | null;
}

export interface MediaServerManager {
  readonly servers: readonly MediaServerClient[];
  /** Asks every enabled server to rescan `localPath`. Never throws: failures are logged and counted. */
  refreshAll(localPath: string, signal?: AbortSignal): Promise<RefreshResult[]>;
  healthCheck(signal?: AbortSignal): Promise<(HealthResult & { name: string; type: MediaServerType })[]>;
  stats(): MediaServerStats[];
}

/** How long a server that timed out is left alone before the next refresh asks it again. */
export const TIMEOUT_COOL_DOWN_MS = 60_000;

export function createMediaServerClient(
  entry: MediaServerConfigEntry,
  deps: RemoteDeps = {},
  options: PlexOptions = {},
): MediaServerClient {
  const config = { ...entry, name: entry.name ?? entry.type };
  switch (entry.type) {
    case "jellyfin":
      return createJellyfinClient(config, deps, options satisfies MediaServerOptions);
    case "emby":
      return createEmbyClient(config, deps, options);
    case "plex":
      return createPlexClient(config, deps, options);
  }
}

export interface MediaServerManagerDeps extends RemoteDeps {
  log: Logger;
  options?: PlexOptions;
  /** Replaces the clients built from config. */
  clients?: readonly MediaServerClient[];
  /** Aborted at shutdown: refreshes in flight end at once instead of waiting out their timeout. */
  signal?: AbortSignal;
}

export function createMediaServerManager(
  entries: readonly MediaServerConfigEntry[],
  deps: MediaServerManagerDeps,
): MediaServerManager {
  const servers =
    deps.clients ??
    entries.filter((e) => e.enabled).map((e) => createMediaServerClient(e, deps, deps.options));
  const stats = new Map(
    servers.map((s) => [s, { refreshes: 0, failures: 0, lastError: null as string | null }]),
  );
  const now = deps.now ?? (() => new Date());
  /** When each server last timed out; any other answer clears it. */
  const timedOut = new Map<MediaServerClient, Date>();

  /**
   * A server that did not answer within its timeout is not asked again for a while: every saved
   * subtitle would otherwise hold its search slot for the whole timeout while the server is off.
   */
  function skipped(server: MediaServerClient): Extract<RefreshResult, { ok: false }> | null {
    const at = timedOut.get(server);
    if (!at) return null;
    const retryAt = at.getTime() + TIMEOUT_COOL_DOWN_MS;
    if (now().getTime() >= retryAt) return null;
    const message = `${server.type} "${server.name}": refresh skipped: a request timed out at ${at.toISOString()}; asked again from ${new Date(retryAt).toISOString()}`;
    return {
      ok: false,
      server: server.name,
      error: { kind: "timeout", server: server.name, status: null, message },
    };
  }

  async function refreshOne(
    server: MediaServerClient,
    localPath: string,
    signal?: AbortSignal,
  ): Promise<RefreshResult> {
    const entry = stats.get(server)!;
    entry.refreshes++;
    const skip = skipped(server);
    if (skip) {
      entry.failures++;
      deps.log.debug("media server refresh skipped", { server: server.name, error: skip.error.message });
      return skip;
    }
    let result: RefreshResult;
    try {
      result = await server.refresh(localPath, signal);
    } catch (e) {
      const message = `${server.type} "${server.name}": ${e instanceof Error ? e.message : String(e)}`;
      result = {
        ok: false,
        server: server.name,
        error: { kind: "http", server: server.name, status: null, message },
      };
    }
    if (result.ok) {
      timedOut.delete(server);
      deps.log.debug("media server refresh requested", { server: server.name, path: result.serverPath });
    } else if (result.error.kind === "aborted") {
      // Cancelled here (a shutdown, a cancelled search): nothing learned about the server.
      deps.log.debug("media server refresh cancelled", { server: server.name });
    } else {
      if (result.error.kind === "timeout") timedOut.set(server, now());
      else timedOut.delete(server);
      entry.failures++;
      entry.lastError = result.error.message;
      deps.log.warn("media server refresh failed", {
        server: server.name,
        kind: result.error.kind,
        error: result.error.message,
      });
    }
    return result;
  }

  return {
    servers,
    refreshAll(localPath, signal) {
      const bound = anySignal(deps.signal, signal);
      return Promise.all(servers.map((s) => refreshOne(s, localPath, bound)));
    },
    async healthCheck(signal) {
      return Promise.all(
        servers.map(async (server) => {
          try {
            return { name: server.name, type: server.type, ...(await server.healthCheck(signal)) };
          } catch (e) {
            return {
              name: server.name,
              type: server.type,
              healthy: false,
              message: e instanceof Error ? e.message : String(e),
            };
          }
        }),
      );
    },
    stats: () =>
      servers.map((s) => {
        const entry = stats.get(s)!;
        return { name: s.name, type: s.type, ...entry };
      }),
  };
}
