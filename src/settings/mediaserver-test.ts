import type { Config, PathMapping } from "../config/schema.ts";
import { createMediaServerClient } from "../mediaservers/manager.ts";
import type { MediaServerType } from "../mediaservers/types.ts";
import type { RemoteDeps } from "../net/remote.ts";

export interface MediaServerTestInput {
  type: MediaServerType;
  url: string;
  /** Typed anew; otherwise the stored key of entry `id`. */
  apiKey?: string | undefined;
  /** The entry's `id` in the settings document, when it is one already saved. */
  id?: string | undefined;
  name?: string | undefined;
  pathMappings?: PathMapping[] | undefined;
}

export interface MediaServerTestResult {
  ok: boolean;
  message: string;
  version: string | null;
}

const TEST_TIMEOUT_MS = 10_000;
const EXAMPLES = { jellyfin: "http://jellyfin:8096", emby: "http://emby:8096", plex: "http://plex:32400" };

/**
 * The Test button of a media server as typed in the page: the client's own health check (Jellyfin
 * and Emby `/System/Info`, Plex `/identity` then the library list, which proves the token). A key
 * not retyped is the stored one of the same type; the answer never carries it.
 */
export async function testMediaServer(
  input: MediaServerTestInput,
  configured: Pick<Config, "mediaServers">,
  deps: RemoteDeps,
  signal: AbortSignal,
): Promise<MediaServerTestResult> {
  const stored = input.id !== undefined ? configured.mediaServers[Number(input.id)] : undefined;
  // A key belongs to its server: after a type change the old key is not sent to another kind of server.
  const apiKey = input.apiKey || (stored?.type === input.type ? stored.apiKey : undefined);
  if (!apiKey)
    return {
      ok: false,
      message:
        input.type === "plex"
          ? "a Plex token is needed (X-Plex-Token, see Plex's support article)"
          : "an API key is needed (Dashboard → API Keys in the server)",
      version: null,
    };
  let url = input.url.trim().replace(/\/+$/, "");
  const storedUserinfo = stored ? /^[a-z]+:\/\/([^/?#]*)@/i.exec(stored.url)?.[1] : undefined;
  if (/^[a-z]+:\/\/\*\*\*@/i.test(url) && storedUserinfo) url = url.replace("***@", `${storedUserinfo}@`);
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url))
    return { ok: false, message: `expected an http(s) URL such as ${EXAMPLES[input.type]}`, version: null };
  const client = createMediaServerClient(
    {
      type: input.type,
      name: input.name || input.type,
      url,
      apiKey,
      enabled: true,
      pathMappings: input.pathMappings ?? [],
    },
    deps,
    { timeoutMs: TEST_TIMEOUT_MS },
  );
  const health = await client.healthCheck(signal);
  const version = typeof health.details?.version === "string" ? health.details.version : null;
  return { ok: health.healthy, message: health.message, version };
}
