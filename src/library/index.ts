import type { Config } from "../config/schema.ts";
import type { ArrHttpDeps } from "./arr-http.ts";
import { createRadarrClient, type RadarrClient } from "./radarr.ts";
import { createSonarrClient, type SonarrClient } from "./sonarr.ts";
import { createStandaloneSource, type StandaloneSource } from "./standalone.ts";

export type {
  ArrError,
  ArrErrorKind,
  ArrHttpClient,
  ArrHttpDeps,
  ArrResult,
} from "./arr-http.ts";
export { createArrHttpClient } from "./arr-http.ts";
export type { ArrSystemStatus } from "./arr-wire.ts";
export { createPathMapper, mapPath } from "./path-mapping.ts";
export type { RadarrClient, RadarrMovie, RadarrMovieFile } from "./radarr.ts";
export { createRadarrClient, radarrMediaFile } from "./radarr.ts";
export {
  type ParsedFileName,
  type ParsedFolderName,
  parseFileName,
  parseFolderName,
} from "./release-name.ts";
export type { SonarrClient, SonarrEpisode, SonarrEpisodeFile, SonarrSeries } from "./sonarr.ts";
export { createSonarrClient, sonarrMediaFiles } from "./sonarr.ts";
export type { StandaloneRootListing, StandaloneSource } from "./standalone.ts";
export { createStandaloneSource } from "./standalone.ts";
export type { Listing, MediaFile, SourceKind } from "./types.ts";

/** Anything that lists media files; `instance` is unique per kind. */
export type LibrarySource = SonarrClient | RadarrClient | StandaloneSource;

export type LibraryConfig = Pick<Config, "sonarr" | "radarr" | "pathMappings" | "standalone"> &
  Partial<Pick<Config, "profileTags">>;

/**
 * One client per enabled Sonarr/Radarr instance, plus the standalone source when roots are
 * configured, in that order.
 *
 * @example
 * for (const source of createLibrarySources(config)) {
 *   const listing = await source.listAllFiles({ signal });
 * }
 */
export function createLibrarySources(config: LibraryConfig, deps: ArrHttpDeps = {}): LibrarySource[] {
  const sources: LibrarySource[] = [];
  // Read at each listing: a reload that adds the first tag assignment applies at the next scan.
  const resolveTags = () => (config.profileTags?.length ?? 0) > 0;
  for (const instance of config.sonarr) {
    if (!instance.enabled) continue;
    sources.push(
      createSonarrClient({ instance, globalPathMappings: config.pathMappings, deps, resolveTags }),
    );
  }
  for (const instance of config.radarr) {
    if (!instance.enabled) continue;
    sources.push(
      createRadarrClient({ instance, globalPathMappings: config.pathMappings, deps, resolveTags }),
    );
  }
  if (config.standalone.roots.length > 0)
    sources.push(createStandaloneSource({ roots: config.standalone.roots }));
  return sources;
}
