import { filenameParser } from "../library/filename-parser.ts";
import type { Profile } from "../profiles/profile.ts";
import { searchTitle } from "./search-title.ts";
import type { MatchKey, ProviderCandidate, SubtitleQuery } from "./types.ts";

/**
 * Points per match, after the reference's weights (Bazarr/subliminal): a hash match outweighs
 * everything, then the title, then year/season/episode, and release details break ties.
 */
export const EPISODE_WEIGHTS: Record<MatchKey, number> = {
  hash: 359,
  title: 180,
  imdb: 180,
  year: 90,
  season: 30,
  episode: 30,
  releaseGroup: 14,
  source: 7,
  audioCodec: 3,
  videoCodec: 2,
  resolution: 2,
};
export const MOVIE_WEIGHTS: Record<MatchKey, number> = {
  hash: 119,
  title: 60,
  imdb: 60,
  year: 30,
  season: 0,
  episode: 0,
  releaseGroup: 13,
  source: 7,
  audioCodec: 3,
  videoCodec: 2,
  resolution: 2,
};
/** The most preferred format gets this much, the next half, and so on. */
export const FORMAT_BONUS = 50;
export const HEARING_IMPAIRED_PREFERENCE = 30;

export interface ScoredCandidate {
  candidate: ProviderCandidate;
  score: number;
  /** Points by reason ("match:title", "format:ass", "hearingImpaired:prefer", "provider:priority"). */
  breakdown: Record<string, number>;
  matches: MatchKey[];
  /** Why the profile refuses it outright, if it does. */
  rejected: string | null;
}

const normalize = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

type Parsed = ReturnType<ReturnType<typeof filenameParser>["filenameParse"]>;

function parse(name: string, tv: boolean): Parsed | null {
  try {
    return filenameParser().filenameParse(name, tv);
  } catch {
    return null;
  }
}

/**
 * Whether a release name carries every one of these absolute episode numbers as a number of its own
 * (after a dash, an E, a # or a bracket; never part of 1080p, a year, another number or an S01E13).
 */
export function namesAbsolute(release: string, absolute: readonly number[] | undefined): boolean {
  if (!absolute || absolute.length === 0) return false;
  return absolute.every((n) =>
    // An E of its own ("Show.E1071"), not S01E13's: that names the season's episode.
    new RegExp(`(?:^|[\\s._\\-\\[(#]|(?<!s\\d{1,4})e)0*${n}(?:v\\d)?(?=$|[\\s._\\-\\])])`, "i").test(release),
  );
}

/** Matches read from release names, beyond what the provider vouches for. */
export function releaseMatches(query: SubtitleQuery, releaseNames: string[]): Set<MatchKey> {
  const tv = query.kind === "episode";
  const out = new Set<MatchKey>();
  const video = query.releaseName ? parse(query.releaseName, tv) : null;
  // "Doctor Who (2005)": a release names the series with its year or, more often, without.
  const titles = new Set([normalize(query.title), normalize(searchTitle(query.title))]);
  titles.delete("");
  for (const release of releaseNames) {
    const sub = parse(release, tv);
    if (!sub) continue;
    if (titles.has(normalize(sub.title))) out.add("title");
    if (query.year !== null && sub.year !== null && Number(sub.year) === query.year) out.add("year");
    if (tv && "seasons" in sub) {
      if (query.season !== null && sub.seasons.includes(query.season)) out.add("season");
      if (query.episodes.length && query.episodes.every((e) => sub.episodeNumbers.includes(e)))
        out.add("episode");
    }
    // An anime release names the absolute number ("[Group] Show - 1071 [1080p]"), which says the
    // season and episode at once.
    if (tv && namesAbsolute(release, query.absoluteEpisodes)) {
      out.add("season");
      out.add("episode");
    }
    const group = query.releaseGroup ?? video?.group ?? null;
    if (group && sub.group && sub.group.toLowerCase() === group.toLowerCase()) out.add("releaseGroup");
    if (!video) continue;
    if (video.resolution && sub.resolution === video.resolution) out.add("resolution");
    if (video.sources.length && sub.sources.some((s) => video.sources.includes(s))) out.add("source");
    if (video.videoCodec && sub.videoCodec === video.videoCodec) out.add("videoCodec");
    if (video.audioCodec && sub.audioCodec === video.audioCodec) out.add("audioCodec");
  }
  return out;
}

const episodeLabel = (season: number | null, episodes: readonly number[]) =>
  `${season === null ? "" : `S${String(season).padStart(2, "0")}`}${episodes.map((e) => `E${String(e).padStart(2, "0")}`).join("")}`;

/**
 * Why the provider's own description of a candidate says it is for another episode, season or
 * movie: it names another season, episodes none of which the file holds, or (movies) a year
 * more than one off (sources disagree by one year around New Year releases; a remake is further).
 * Such a candidate only lacks points otherwise, and with `search.minScore` at 0 it would be
 * downloaded when nothing better is listed: a quota spent on the wrong subtitle, saved when its
 * file name does not say the episode.
 */
export function identityConflict(candidate: ProviderCandidate, query: SubtitleQuery): string | null {
  if (query.kind === "episode") {
    // Numbered as the anime's absolute episode: no season to compare, and the same episode.
    const absolute = query.absoluteEpisodes ?? [];
    if (absolute.length > 0 && candidate.episodes?.some((e) => absolute.includes(e))) return null;
    const wanted = episodeLabel(query.season, query.episodes);
    if (query.season !== null && candidate.season !== null && candidate.season !== query.season)
      return `for season ${candidate.season}, not ${wanted}`;
    const episodes = candidate.episodes ?? [];
    if (query.episodes.length > 0 && episodes.length > 0 && !episodes.some((e) => query.episodes.includes(e)))
      return `for ${episodeLabel(candidate.season, episodes)}, not ${wanted}`;
    return null;
  }
  const year = candidate.year ?? null;
  if (query.year !== null && year !== null && Math.abs(year - query.year) > 1)
    return `for the ${year} film, not the ${query.year} one`;
  return null;
}

export function scoreCandidate(
  candidate: ProviderCandidate,
  query: SubtitleQuery,
  profile: Pick<Profile, "hearingImpaired" | "formats">,
  providerPriority = 100,
): ScoredCandidate {
  const weights = query.kind === "episode" ? EPISODE_WEIGHTS : MOVIE_WEIGHTS;
  const matches = new Set<MatchKey>([...candidate.matches, ...releaseMatches(query, candidate.releaseNames)]);
  // An IMDb match already says "right title"; counting both would double it.
  if (matches.has("imdb")) matches.delete("title");
  const breakdown: Record<string, number> = {};
  for (const m of matches) if (weights[m]) breakdown[`match:${m}`] = weights[m];

  if (candidate.format) {
    const rank = profile.formats.indexOf(candidate.format as Profile["formats"][number]);
    if (rank >= 0) breakdown[`format:${candidate.format}`] = Math.round(FORMAT_BONUS / 2 ** rank);
  }
  let rejected: string | null = null;
  if (candidate.hearingImpaired === true) {
    if (profile.hearingImpaired === "exclude")
      rejected = "hearing-impaired subtitles are excluded by the profile";
    if (profile.hearingImpaired === "prefer")
      breakdown["hearingImpaired:prefer"] = HEARING_IMPAIRED_PREFERENCE;
  }
  rejected ??= identityConflict(candidate, query);
  if (candidate.forced !== query.forced) {
    rejected ??= query.forced ? "not a forced subtitle" : "a forced (foreign parts only) subtitle";
  }
  // Priority 0 asks first and wins ties: up to 10 points for the most preferred provider.
  breakdown["provider:priority"] = Math.max(0, 10 - Math.floor(providerPriority / 100));
  if (breakdown["provider:priority"] === 0) delete breakdown["provider:priority"];

  const score = Object.values(breakdown).reduce((a, b) => a + b, 0);
  return { candidate, score, breakdown, matches: [...matches], rejected };
}

/** The order rankCandidates gives: score, then the lower priority number, then downloads. */
export const byRank =
  (priorityOf: (c: ProviderCandidate) => number) =>
  (a: ScoredCandidate, b: ScoredCandidate): number =>
    b.score - a.score ||
    priorityOf(a.candidate) - priorityOf(b.candidate) ||
    (b.candidate.downloads ?? 0) - (a.candidate.downloads ?? 0);

/**
 * Best first; rejected ones and those under `minScore` are dropped. Equal scores go to the
 * provider with the lower priority number ("lower is asked first and wins ties"): the priority
 * points step only per hundred, so priorities 1 and 2 score alike and only this order tells them
 * apart. Then the more downloaded one.
 */
export function rankCandidates(
  candidates: ProviderCandidate[],
  query: SubtitleQuery,
  profile: Pick<Profile, "hearingImpaired" | "formats">,
  options: { minScore: number; priorityOf: (c: ProviderCandidate) => number },
): ScoredCandidate[] {
  return candidates
    .map((c) => scoreCandidate(c, query, profile, options.priorityOf(c)))
    .filter((s) => s.rejected === null && s.score >= options.minScore)
    .sort(byRank(options.priorityOf));
}

/**
 * The score of a candidate that matches everything scoring counts for this item: every match the
 * kind weighs (IMDb and title count once; the year only when the item has one), the profile's
 * first format, hearing-impaired when preferred, and the best provider's priority points.
 */
export function bestPossibleScore(
  item: { kind: "episode" | "movie"; hasYear: boolean },
  profile: Pick<Profile, "hearingImpaired" | "formats">,
  bestProviderPriority = 100,
): number {
  const weights = item.kind === "episode" ? EPISODE_WEIGHTS : MOVIE_WEIGHTS;
  let score = 0;
  for (const [key, points] of Object.entries(weights) as [MatchKey, number][]) {
    if (key === "title" || key === "imdb" || (key === "year" && !item.hasYear)) continue;
    score += points;
  }
  score += Math.max(weights.title, weights.imdb);
  if (profile.formats.length > 0) score += FORMAT_BONUS;
  if (profile.hearingImpaired === "prefer") score += HEARING_IMPAIRED_PREFERENCE;
  return score + Math.max(0, 10 - Math.floor(bestProviderPriority / 100));
}
