import { perConfig } from "../config/config-version.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { profileSet } from "../profiles/profile.ts";
import { keptProfileResolver, type ProfileOrigin } from "../wanted/profile-resolver.ts";
import { tagsOfMedia } from "../wanted/store/index.ts";

const setOf = perConfig((config) => profileSet(config));

/**
 * Which profile a listed series or movie follows (its own, its tag's, the default), for the library
 * lists: a series whose Sonarr tag picks "anime" is not shown as following the default.
 */
export function profileOriginOf(
  deps: { config: Config; db: DbHandle },
  target: { source: string; instance: string; seriesId: number | null; movieId: number | null },
): ProfileOrigin {
  const kind = target.source === "sonarr" ? "series" : target.source === "radarr" ? "movie" : null;
  const arrId = kind === "series" ? target.seriesId : kind === "movie" ? target.movieId : null;
  if (kind === null || arrId === null) return { via: "default" };
  const tags = tagsOfMedia(deps.db.db, target.instance, kind, arrId);
  return keptProfileResolver(deps.db.db, setOf(deps.config)).resolve({
    source: target.source as "sonarr" | "radarr",
    instance: target.instance,
    seriesId: target.seriesId,
    movieId: target.movieId,
    tags,
  }).origin;
}
