import { z } from "zod";
import type { PathMapping } from "../config/schema.ts";
import { createPathMapper } from "../library/path-mapping.ts";
import { parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import { createServerPathMapper } from "./server-path.ts";
import { type ServerTarget, serverRequest } from "./server-request.ts";
import type { ItemPathResult, MediaServerClient, MediaServerType } from "./types.ts";

export interface MediaServerConfig {
  name?: string;
  url: string;
  apiKey: string;
  pathMappings: readonly PathMapping[];
}

export interface MediaServerOptions {
  timeoutMs?: number;
}

const itemsSchema = z.object({
  Items: z.array(
    z.object({ Path: z.string().nullish(), Type: z.string().nullish(), SeriesId: z.string().nullish() }),
  ),
});

const systemInfoSchema = z.object({ ServerName: z.string().optional(), Version: z.string().optional() });

/**
 * Jellyfin and Emby share the MediaBrowser API: an authenticated `GET /System/Info` proves the
 * key, and `POST /Library/Media/Updated` asks for a targeted rescan of one path.
 */
export function createMediaBrowserClient(
  type: Extract<MediaServerType, "jellyfin" | "emby">,
  config: MediaServerConfig,
  authHeaders: Record<string, string>,
  deps: RemoteDeps = {},
  options: MediaServerOptions = {},
): MediaServerClient {
  const d = resolveDeps(deps);
  const name = config.name ?? type;
  const target: ServerTarget = {
    type,
    name,
    base: config.url.replace(/\/+$/, ""),
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: { ...authHeaders, Accept: "application/json" },
    scrub: scrubber(config.apiKey),
  };
  const toServerPath = createServerPathMapper(config.pathMappings);
  const toLocalPath = createPathMapper(config.pathMappings);

  /** A virtual season has no path: its series' folder stands in, one level up. */
  async function itemPath(itemId: string, signal?: AbortSignal, depth = 0): Promise<ItemPathResult> {
    const path = `/Items?ids=${encodeURIComponent(itemId)}&fields=Path&enableImages=false`;
    const response = await serverRequest(d, target, "GET", path, { signal });
    if (!response.ok) return { ok: false, server: name, error: response.error };
    const parsed = parseJson(response.text);
    const body = parsed.ok ? itemsSchema.safeParse(parsed.value) : null;
    const fail = (message: string): ItemPathResult => ({
      ok: false,
      server: name,
      error: {
        kind: "invalid-response",
        server: name,
        status: 200,
        message: `${type} "${name}": ${message}`,
      },
    });
    if (!body?.success) return fail("/Items is not an item list");
    const item = body.data.Items[0];
    if (!item) return fail(`no item with id ${itemId}`);
    if (item.Path)
      return { ok: true, server: name, serverPath: item.Path, localPath: toLocalPath(item.Path) };
    if (item.SeriesId && depth === 0) return itemPath(item.SeriesId, signal, 1);
    return fail(`item ${itemId} (${item.Type ?? "item"}) has no path`);
  }

  return {
    type,
    name,
    itemPath,
    async healthCheck(signal) {
      const response = await serverRequest(d, target, "GET", "/System/Info", { signal });
      if (!response.ok) return { healthy: false, message: response.error.message };
      const parsed = parseJson(response.text);
      const info = parsed.ok ? systemInfoSchema.safeParse(parsed.value) : null;
      if (!info?.success || info.data.Version === undefined) {
        return { healthy: false, message: `${type} "${name}": /System/Info is not a ${type} answer` };
      }
      const { ServerName: serverName, Version: version } = info.data;
      return { healthy: true, message: `${serverName ?? name} ${version}`, details: { serverName, version } };
    },
    async refresh(localPath, signal) {
      const serverPath = toServerPath(localPath);
      const body = { Updates: [{ Path: serverPath, UpdateType: "Modified" }] };
      const response = await serverRequest(d, target, "POST", "/Library/Media/Updated", { body, signal });
      if (!response.ok) return { ok: false, server: name, error: response.error };
      return { ok: true, server: name, serverPath };
    },
  };
}
