import type { RemoteDeps } from "../net/remote.ts";
import {
  createMediaBrowserClient,
  type MediaServerConfig,
  type MediaServerOptions,
} from "./media-browser.ts";
import type { MediaServerClient } from "./types.ts";

/**
 * Jellyfin (external-apis.md §6). The `MediaBrowser Token=` scheme works on every version; the
 * legacy `X-Emby-Token`/`X-MediaBrowser-Token` headers stop working in v12.
 */
export function createJellyfinClient(
  config: MediaServerConfig,
  deps: RemoteDeps = {},
  options: MediaServerOptions = {},
): MediaServerClient {
  const auth = { Authorization: `MediaBrowser Token="${config.apiKey}"` };
  return createMediaBrowserClient("jellyfin", config, auth, deps, options);
}
