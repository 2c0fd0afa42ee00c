import type { HealthResult } from "../net/remote.ts";

export type MediaServerType = "jellyfin" | "emby" | "plex";

export type MediaServerErrorKind =
  | "auth"
  | "no-library"
  | "http"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid-response";

/** A failed media-server call. Never carries the API key or token. */
export interface MediaServerError {
  kind: MediaServerErrorKind;
  server: string;
  status: number | null;
  /** One line naming the server, the request and the cause. */
  message: string;
}

export type RefreshResult =
  | { ok: true; server: string /** The path as the media server sees it. */; serverPath: string }
  | { ok: false; server: string; error: MediaServerError };

/** Where one library item lives; `localPath` is Subhound's view through the server's path mappings. */
export type ItemPathResult =
  | { ok: true; server: string; serverPath: string; localPath: string }
  | { ok: false; server: string; error: MediaServerError };

export interface MediaServerClient {
  readonly type: MediaServerType;
  readonly name: string;
  /** Checks reachability and the key; never throws. */
  healthCheck(signal?: AbortSignal): Promise<HealthResult>;
  /** Asks the server to rescan the folder or file at `localPath` (Subhound's view); never throws. */
  refresh(localPath: string, signal?: AbortSignal): Promise<RefreshResult>;
  /** The file or folder of a library item (a Plex ratingKey, a Jellyfin/Emby item id); never throws. */
  itemPath(itemId: string, signal?: AbortSignal): Promise<ItemPathResult>;
}
