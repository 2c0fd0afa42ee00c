import type { Db } from "../db/client.ts";
import { applyOverride, type Profile, type ProfileOverride } from "../profiles/profile.ts";
import { findOverride, loadOverrides, type OverrideKind } from "./profile-store.ts";

/** What names a file's series or movie; wanted items and listed files both have it. */
export interface ProfileTarget {
  source: "sonarr" | "radarr" | "standalone";
  instance: string;
  seriesId: number | null;
  movieId: number | null;
}

/**
 * The one way a file's profile is worked out (scan, search and the API): `base` with its series'
 * or movie's override; standalone files follow `base`. Each target is read once per resolver, so a
 * resolver lives as long as one scan, one search of an item or one API answer. A scan passes
 * `preload` to read every override in one statement instead of one per series.
 */
export function createProfileResolver(db: Db, base: Profile, options: { preload?: boolean } = {}) {
  const cache = new Map<string, Profile>();
  const preloaded = options.preload ? loadOverrides(db) : null;
  const overrideOf = (instance: string, kind: OverrideKind, arrId: number): ProfileOverride | undefined =>
    preloaded ? preloaded.get(`${instance}|${kind}|${arrId}`) : findOverride(db, { instance, kind, arrId });
  return (file: ProfileTarget): Profile => {
    const arrId = file.source === "sonarr" ? file.seriesId : file.source === "radarr" ? file.movieId : null;
    if (arrId === null) return base;
    const kind: OverrideKind = file.source === "sonarr" ? "series" : "movie";
    const key = `${file.instance}|${kind}|${arrId}`;
    let profile = cache.get(key);
    if (!profile) {
      profile = applyOverride(base, overrideOf(file.instance, kind, arrId));
      cache.set(key, profile);
    }
    return profile;
  };
}
