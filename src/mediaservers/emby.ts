import type { RemoteDeps } from "../net/remote.ts";
import {
  createMediaBrowserClient,
  type MediaServerConfig,
  type MediaServerOptions,
} from "./media-browser.ts";
import type { MediaServerClient } from "./types.ts";

/** Emby (external-apis.md §6): Jellyfin's routes with the `X-Emby-Token` header. */
export function createEmbyClient(
  config: MediaServerConfig,
  deps: RemoteDeps = {},
  options: MediaServerOptions = {},
): MediaServerClient {
  return createMediaBrowserClient("emby", config, { "X-Emby-Token": config.apiKey }, deps, options);
}
