import type { Database } from "bun:sqlite";
import { basename } from "node:path";
import { languageSatisfies } from "../media/languages.ts";
import { defaultProfile, type Profile } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { SubtitleQuery } from "../providers/types.ts";
import { blacklistedKeys } from "./history-store.ts";
import { createProfileResolver } from "./profile-resolver.ts";
import type { ItemRow, SubtitleTools } from "./search-types.ts";

/**
 * From a wanted item to the candidates worth scoring: its profile (default plus the series' or
 * movie's override), the provider query, and every provider's answers minus other languages and
 * blacklisted candidates.
 */
export function createCandidateFinder(deps: {
  sqlite: Database;
  config: Parameters<typeof defaultProfile>[0];
  registry: ProviderRegistry;
  tools: Pick<SubtitleTools, "movieHash">;
}) {
  const { sqlite, registry, tools } = deps;

  /** Read afresh for each item: an override set a minute ago applies to the next search. */
  function profileFor(item: ItemRow): Profile {
    return createProfileResolver(
      sqlite,
      defaultProfile(deps.config),
    )({
      source: item.source,
      instance: item.instance,
      seriesId: item.series_id,
      movieId: item.movie_id,
    });
  }

  async function queryFor(item: ItemRow, profile: Profile): Promise<SubtitleQuery> {
    return {
      kind: item.kind,
      title: item.title,
      year: item.year,
      season: item.season,
      episodes: JSON.parse(item.episodes_json),
      imdbId: item.imdb_id,
      tvdbId: item.tvdb_id,
      tmdbId: item.tmdb_id,
      anidbEpisodeId: null,
      anilistId: null,
      releaseName: item.scene_name ?? basename(item.path).replace(/\.[^.]+$/, ""),
      releaseGroup: item.release_group,
      languages: [item.language],
      forced: item.variant === "forced",
      hearingImpaired: profile.hearingImpaired,
      movieHash: await tools.movieHash(item.path),
      fileSize: item.size,
    };
  }

  async function rankedFor(item: ItemRow, signal: AbortSignal) {
    const profile = profileFor(item);
    const query = await queryFor(item, profile);
    const { candidates, outcomes } = await registry.searchAll(query, signal);
    const banned = blacklistedKeys(sqlite);
    const usable = candidates.filter(
      (c) => languageSatisfies(item.language, c.language) && !banned.has(`${c.provider}|${c.id}`),
    );
    return { profile, query, outcomes, usable };
  }

  return { profileFor, queryFor, rankedFor };
}
