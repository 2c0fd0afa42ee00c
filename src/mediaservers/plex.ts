import { z } from "zod";
import { createPathMapper } from "../library/path-mapping.ts";
import { parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import type { MediaServerConfig, MediaServerOptions } from "./media-browser.ts";
import { type PlexSection, plexSectionsSchema, sectionsForFolder } from "./plex-sections.ts";
import { createServerPathMapper, parentFolder } from "./server-path.ts";
import { type ServerTarget, serverRequest } from "./server-request.ts";
import type { ItemPathResult, MediaServerClient, MediaServerError } from "./types.ts";

export interface PlexOptions extends MediaServerOptions {
  /** How long the section list is reused before it is fetched again. */
  sectionCacheMs?: number;
}

const identitySchema = z.object({
  MediaContainer: z.object({ machineIdentifier: z.string(), version: z.string().optional() }),
});

/** `/library/metadata/{ratingKey}`: episodes and movies carry their files, shows their folders, seasons neither. */
const metadataSchema = z.object({
  MediaContainer: z.object({
    Metadata: z
      .array(
        z.object({
          type: z.string().optional(),
          parentRatingKey: z.union([z.string(), z.number()]).optional(),
          Media: z
            .array(z.object({ Part: z.array(z.object({ file: z.string().min(1) })).optional() }))
            .optional(),
          Location: z.array(z.object({ path: z.string().min(1) })).optional(),
        }),
      )
      .min(1),
  }),
});

type SectionsResult = { ok: true; sections: PlexSection[] } | { ok: false; error: MediaServerError };

/**
 * Plex (external-apis.md §6): token in `X-Plex-Token`, JSON via `Accept`, and a partial scan of
 * the folder through the library section that holds it.
 */
export function createPlexClient(
  config: MediaServerConfig,
  deps: RemoteDeps = {},
  options: PlexOptions = {},
): MediaServerClient {
  const d = resolveDeps(deps);
  const name = config.name ?? "plex";
  const target: ServerTarget = {
    type: "plex",
    name,
    base: config.url.replace(/\/+$/, ""),
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: {
      "X-Plex-Token": config.apiKey,
      Accept: "application/json",
      "X-Plex-Product": "Subhound",
      "X-Plex-Client-Identifier": "subhound",
    },
    scrub: scrubber(config.apiKey),
  };
  const cacheMs = options.sectionCacheMs ?? 60_000;
  const toServerPath = createServerPathMapper(config.pathMappings);
  const toLocalPath = createPathMapper(config.pathMappings);
  let cache: { sections: PlexSection[]; at: number } | null = null;

  const invalid = (message: string): MediaServerError => ({
    kind: "invalid-response",
    server: name,
    status: 200,
    message: `plex "${name}": ${message}`,
  });

  async function fetchSections(signal?: AbortSignal): Promise<SectionsResult> {
    const response = await serverRequest(d, target, "GET", "/library/sections", { signal });
    if (!response.ok) return response;
    const parsed = parseJson(response.text);
    const sectionList = parsed.ok ? plexSectionsSchema.safeParse(parsed.value) : null;
    if (!sectionList?.success)
      return { ok: false, error: invalid("/library/sections is not a Plex section list") };
    cache = { sections: sectionList.data, at: d.now().getTime() };
    return { ok: true, sections: sectionList.data };
  }

  async function cachedSections(signal?: AbortSignal): Promise<SectionsResult & { fresh?: boolean }> {
    if (cache && d.now().getTime() - cache.at < cacheMs)
      return { ok: true, sections: cache.sections, fresh: false };
    return { ...(await fetchSections(signal)), fresh: true };
  }

  /** A season has no path of its own: its show's folder stands in, one level up. */
  async function itemPath(ratingKey: string, signal?: AbortSignal, depth = 0): Promise<ItemPathResult> {
    const path = `/library/metadata/${encodeURIComponent(ratingKey)}`;
    const response = await serverRequest(d, target, "GET", path, { signal });
    if (!response.ok) return { ok: false, server: name, error: response.error };
    const parsed = parseJson(response.text);
    const body = parsed.ok ? metadataSchema.safeParse(parsed.value) : null;
    if (!body?.success) return { ok: false, server: name, error: invalid(`${path} is not a Plex item`) };
    const item = body.data.MediaContainer.Metadata[0]!;
    const serverPath = item.Media?.[0]?.Part?.[0]?.file ?? item.Location?.[0]?.path;
    if (serverPath) return { ok: true, server: name, serverPath, localPath: toLocalPath(serverPath) };
    if (item.parentRatingKey !== undefined && depth === 0)
      return itemPath(String(item.parentRatingKey), signal, 1);
    return {
      ok: false,
      server: name,
      error: invalid(`${path} (${item.type ?? "item"}) has no file or folder`),
    };
  }

  return {
    type: "plex",
    itemPath,
    name,
    async healthCheck(signal) {
      const identity = await serverRequest(d, target, "GET", "/identity", { signal });
      if (!identity.ok) return { healthy: false, message: identity.error.message };
      const parsed = parseJson(identity.text);
      const body = parsed.ok ? identitySchema.safeParse(parsed.value) : null;
      if (!body?.success)
        return { healthy: false, message: `plex "${name}": /identity is not a Plex answer` };
      const { version, machineIdentifier } = body.data.MediaContainer;
      // /identity is anonymous; the section list proves the token.
      const listed = await fetchSections(signal);
      if (!listed.ok) return { healthy: false, message: listed.error.message };
      const details = { version, machineIdentifier, sections: listed.sections.length };
      const message = `Plex${version ? ` ${version}` : ""} with ${listed.sections.length} libraries`;
      return { healthy: true, message, details };
    },
    async refresh(localPath, signal) {
      const serverPath = toServerPath(localPath);
      const folder = parentFolder(serverPath);
      let listed: SectionsResult & { fresh?: boolean } = await cachedSections(signal);
      if (!listed.ok) return { ok: false, server: name, error: listed.error };
      let matches = sectionsForFolder(listed.sections, folder);
      if (matches.length === 0 && !listed.fresh) {
        // A library added since the list was cached would otherwise stay invisible until it expires.
        listed = await fetchSections(signal);
        if (!listed.ok) return { ok: false, server: name, error: listed.error };
        matches = sectionsForFolder(listed.sections, folder);
      }
      if (matches.length === 0) {
        const error: MediaServerError = {
          kind: "no-library",
          server: name,
          status: null,
          message: `plex "${name}": no library section contains ${folder}`,
        };
        return { ok: false, server: name, error };
      }
      for (const match of matches) {
        const path = `/library/sections/${encodeURIComponent(match.section.key)}/refresh?path=${encodeURIComponent(folder)}`;
        const response = await serverRequest(d, target, "GET", path, { signal });
        if (!response.ok) return { ok: false, server: name, error: response.error };
      }
      return { ok: true, server: name, serverPath };
    },
  };
}
