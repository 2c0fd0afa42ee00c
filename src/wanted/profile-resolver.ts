import type { Db } from "../db/client.ts";
import { applyOverride, type Profile, type ProfileOverride, type ProfileSet } from "../profiles/profile.ts";
import { findOverride, type OverrideKind, overridesGeneration } from "./profile-store.ts";

/** What names a file's series or movie; wanted items and listed files both have it. */
export interface ProfileTarget {
  source: "sonarr" | "radarr" | "standalone";
  instance: string;
  seriesId: number | null;
  movieId: number | null;
  /** Tag labels of the series or movie (a listed file's, or what the last scan stored). */
  tags?: readonly string[];
}

/** Where a resolved profile came from, for the UI and the explainer. */
export type ProfileOrigin =
  | { via: "item"; name: string }
  | { via: "tag"; name: string; tag: string }
  | { via: "default" };

const asSet = (profiles: Profile | ProfileSet): ProfileSet =>
  "default" in profiles && "named" in profiles ? profiles : { default: profiles, named: new Map(), tags: [] };

/** The base profile before the item's own fields: its `profileName`, else its first mapped tag, else the default. */
export function baseProfile(
  set: ProfileSet,
  override: ProfileOverride | undefined,
  tags: readonly string[] | undefined,
): { profile: Profile; origin: ProfileOrigin } {
  const own = override?.profileName;
  if (own !== undefined) {
    const named = set.named.get(own);
    if (named) return { profile: named, origin: { via: "item", name: own } };
  }
  if (tags && tags.length > 0 && set.tags.length > 0) {
    const labels = new Set(tags.map((t) => t.toLowerCase()));
    for (const { tag, profile } of set.tags) {
      const named = labels.has(tag) ? set.named.get(profile) : undefined;
      if (named) return { profile: named, origin: { via: "tag", name: profile, tag } };
    }
  }
  return { profile: set.default, origin: { via: "default" } };
}

/**
 * The one way a file's profile is worked out (scan, search and the API): the item's named
 * profile, else the profile of its first tag in `profileTags` order, else the default; then the
 * series' or movie's own fields over it. Standalone files follow the default. Each target is read
 * once per resolver, so a resolver lives as long as one scan, one search of an item or one API
 * answer. The overrides come from the store's kept copy (every override in one statement, read again
 * after a write), so a scan asks nothing per series.
 */
export function createProfileResolver(db: Db, profiles: Profile | ProfileSet) {
  const set = asSet(profiles);
  const cache = new Map<string, { profile: Profile; origin: ProfileOrigin }>();
  // A kept resolver (below) lives long: one entry per series or movie × tag set is bounded by the library, and a cap keeps it so.
  const MAX_ENTRIES = 50_000;
  const overrideOf = (instance: string, kind: OverrideKind, arrId: number): ProfileOverride | undefined =>
    findOverride(db, { instance, kind, arrId });
  const resolve = (file: ProfileTarget): { profile: Profile; origin: ProfileOrigin } => {
    const arrId = file.source === "sonarr" ? file.seriesId : file.source === "radarr" ? file.movieId : null;
    if (arrId === null) return { profile: set.default, origin: { via: "default" } };
    const kind: OverrideKind = file.source === "sonarr" ? "series" : "movie";
    const key = `${file.instance}|${kind}|${arrId}|${file.tags?.join("\u0000") ?? ""}`;
    let resolved = cache.get(key);
    if (!resolved) {
      const override = overrideOf(file.instance, kind, arrId);
      const base = baseProfile(set, override, file.tags);
      resolved = { profile: applyOverride(base.profile, override), origin: base.origin };
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, resolved);
    }
    return resolved;
  };
  return Object.assign((file: ProfileTarget): Profile => resolve(file).profile, {
    /** The profile with where it came from. */
    resolve,
  });
}

export type ProfileResolver = ReturnType<typeof createProfileResolver>;

const keptResolvers = new WeakMap<
  Db,
  WeakMap<ProfileSet, { generation: number; resolver: ProfileResolver }>
>();

/**
 * A resolver shared by every API answer while neither the profiles (a config is replaced on
 * reload, never changed) nor the overrides (the store's generation) change: a listed page of 50
 * series resolved 50 profiles per request before.
 */
export function keptProfileResolver(db: Db, set: ProfileSet): ProfileResolver {
  let bySet = keptResolvers.get(db);
  if (!bySet) {
    bySet = new WeakMap();
    keptResolvers.set(db, bySet);
  }
  const generation = overridesGeneration();
  let entry = bySet.get(set);
  if (!entry || entry.generation !== generation) {
    entry = { generation, resolver: createProfileResolver(db, set) };
    bySet.set(set, entry);
  }
  return entry.resolver;
}
