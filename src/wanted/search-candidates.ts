import { basename } from "node:path";
import type { DbHandle } from "../db/client.ts";
import { languageSatisfies } from "../media/languages.ts";
import { type Profile, profileSet } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { SubtitleQuery } from "../providers/types.ts";
import {
  audioRuleAgainst,
  type CutoffMet,
  cutoffMet,
  droppedByCutoff,
  fileSkip,
  sidecarCandidates,
  streamCandidates,
} from "./decide.ts";
import {
  absoluteEpisodesOf,
  alternateTitlesOf,
  readStoredMedia,
  storedContext,
  storedTags,
} from "./file-facts.ts";
import { blacklistedKeys } from "./history-store.ts";
import { createProfileResolver } from "./profile-resolver.ts";
import type { SubtitleTools } from "./search-types.ts";
import type { WantedRecord } from "./store/index.ts";

/**
 * From a wanted item to the candidates worth scoring: its profile (default plus the series' or
 * movie's override), the provider query, and every provider's answers in the item's language:
 * those a search may take, and the blacklisted ones apart (an interactive search lists them).
 */
export function createCandidateFinder(deps: {
  db: DbHandle;
  config: Parameters<typeof profileSet>[0];
  registry: ProviderRegistry;
  tools: Pick<SubtitleTools, "movieHash">;
}) {
  const { db, registry, tools } = deps;

  /** Read afresh for each item: an override set a minute ago applies to the next search. */
  function profileFor(item: WantedRecord): Profile {
    return createProfileResolver(
      db.db,
      profileSet(deps.config),
    )({
      source: item.file.source,
      instance: item.instance,
      seriesId: item.file.seriesId,
      movieId: item.file.movieId,
      tags: storedTags(item.file.subtitlesJson),
    });
  }

  async function queryFor(item: WantedRecord, profile: Profile): Promise<SubtitleQuery> {
    return {
      kind: item.kind,
      title: item.file.title,
      ...alternateTitlesOf(item.file.subtitlesJson),
      year: item.file.year,
      season: item.file.season,
      episodes: JSON.parse(item.file.episodesJson),
      ...absoluteEpisodesOf(item.file.subtitlesJson),
      imdbId: item.file.imdbId,
      tvdbId: item.file.tvdbId,
      tmdbId: item.file.tmdbId,
      anidbEpisodeId: null,
      anilistId: null,
      releaseName: item.file.sceneName ?? basename(item.file.path).replace(/\.[^.]+$/, ""),
      releaseGroup: item.file.releaseGroup,
      languages: [item.language],
      forced: item.variant === "forced",
      hearingImpaired: profile.hearingImpaired,
      movieHash: await tools.movieHash(item.file.path),
      fileSize: item.file.size,
    };
  }

  async function rankedFor(item: WantedRecord, signal: AbortSignal) {
    const profile = profileFor(item);
    const query = await queryFor(item, profile);
    const { candidates, outcomes } = await registry.searchAll(query, signal);
    const banned = blacklistedKeys(db.db);
    const usable: typeof candidates = [];
    const blacklisted: typeof candidates = [];
    for (const c of candidates) {
      if (!languageSatisfies(item.language, c.language)) continue;
      (banned.has(`${c.provider}|${c.id}`) ? blacklisted : usable).push(c);
    }
    return { profile, query, outcomes, usable, blacklisted };
  }

  /**
   * False when the file's profile now skips it (unmonitored, a special) or an audio rule drops the
   * item's language × variant, as of the last scan's facts: the next scan removes such an item.
   */
  function stillWanted(item: WantedRecord, profile: Profile): boolean {
    const context = storedContext(item.file.season, item.file.subtitlesJson);
    return (
      fileSkip(profile, context) === null &&
      audioRuleAgainst(profile, context, item.language, item.variant) === null
    );
  }

  /**
   * What meets the profile's cutoff for this item's file as last stored (a scan, or the search's own
   * refresh after a save), when the cutoff drops the item; null when the item is still wanted.
   */
  function cutoffAgainst(item: WantedRecord, profile: Profile): CutoffMet | null {
    if (profile.cutoff === null) return null;
    const stored = readStoredMedia(item.file.subtitlesJson);
    const candidates = [...sidecarCandidates(stored.sidecars), ...streamCandidates(stored.streams)];
    const met = cutoffMet(profile, candidates);
    return droppedByCutoff(met, candidates, item.language, item.variant, profile) ? met : null;
  }

  return { profileFor, queryFor, rankedFor, stillWanted, cutoffAgainst };
}
