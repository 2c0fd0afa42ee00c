import type { Config } from "../config/schema.ts";
import type { Profile } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { bestPossibleScore, EPISODE_WEIGHTS, MOVIE_WEIGHTS } from "../providers/scoring.ts";
import type { WantedRecord } from "./store/index.ts";

/**
 * The best score a candidate can reach for an item by its names alone: every match but the file
 * hash, the profile's first format, HI when preferred, the best provider's priority.
 * `search.minScorePercent` is a share of this, not of `bestPossibleScore`: a hash match is worth as
 * much as all the other matches together (as in Bazarr, where it stands for them), so a share of a
 * best that counts both would ask for a hash match at Bazarr's 90 % and refuse every subtitle found
 * by its release name. A hash match scores over 100 %.
 */
export function bestScoreByName(
  item: { kind: "episode" | "movie"; hasYear: boolean },
  profile: Pick<Profile, "hearingImpaired" | "formats">,
  bestProviderPriority: number,
): number {
  const hash = (item.kind === "episode" ? EPISODE_WEIGHTS : MOVIE_WEIGHTS).hash;
  return bestPossibleScore(item, profile, bestProviderPriority) - hash;
}

/**
 * The least score, in points, a candidate needs to be downloaded for `item`: `search.minScore`, or
 * `search.minScorePercent` of the item's kind as points of `bestScoreByName`, whichever is stricter.
 * Every automatic pick (search, translation source, upgrade) and the miss reason use this one number.
 */
export function minScoreFor(
  item: Pick<WantedRecord, "kind"> & { file: { year: number | null } },
  profile: Pick<Profile, "hearingImpaired" | "formats">,
  search: Pick<Config["search"], "minScore" | "minScorePercent">,
  registry: Pick<ProviderRegistry, "names" | "priorityOf">,
): number {
  const percent = item.kind === "episode" ? search.minScorePercent.episodes : search.minScorePercent.movies;
  if (percent === 0) return search.minScore;
  const top = registry.names()[0];
  const best = bestScoreByName(
    { kind: item.kind, hasYear: item.file.year !== null },
    profile,
    top === undefined ? 1000 : registry.priorityOf(top),
  );
  return Math.max(search.minScore, Math.ceil((percent * best) / 100));
}
