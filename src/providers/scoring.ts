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
    // "Grey's Anatomy" is "Greys.Anatomy" in release names (subliminal's sanitize drops them too).
    .replace(/['\u2019`\u00b4]/g, "")
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

type Parsed = ReturnType<ReturnType<typeof filenameParser>["filenameParse"]>;

function parse(name: string, tv: boolean): Parsed | null {
  try {
    // The parser takes the first "-word" for the group: "Blu-ray" and "10-bit" would be groups.
    const unhyphenated = name.replace(/\bBlu-ray\b/gi, "BluRay").replace(/\b(\d{1,2})-bit\b/gi, "$1bit");
    return filenameParser().filenameParse(unhyphenated, tv);
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

/** What decides whether a subtitle made for one release is in sync with another. */
interface ReleaseFacts {
  parsed: Parsed;
  group: string | null;
  /** Source families: subliminal (guessit) calls WEB-DL, WEBRip and WEB all "Web". */
  sources: Set<string>;
  /** The streaming service a web release was taken from: Amazon's and Netflix's cuts differ. */
  service: string | null;
  /** Which cut of a film: "extended", "directors", "final"; empty for the theatrical one and episodes. */
  cut: Set<string>;
}

const WEB_TOKEN = /(?:^|[\s._\-[(])WEB(?:$|[\s._\-\])])/i;

const SERVICES: Record<string, string> = {
  amzn: "amazon",
  nf: "netflix",
  nflx: "netflix",
  dsnp: "disney",
  dsny: "disney",
  hmax: "max",
  max: "max",
  atvp: "appletv",
  it: "itunes",
  hulu: "hulu",
  pcok: "peacock",
  pmtp: "paramount",
  crav: "crave",
  stan: "stan",
  ip: "iplayer",
  cr: "crunchyroll",
  funi: "funimation",
  hidive: "hidive",
};
// Codes that are no English word, for names without a title (Addic7ed's versions: "AMZN-NTb").
const SERVICE_CODES = new Set(["amzn", "nf", "nflx", "dsnp", "dsny", "hmax", "atvp", "pcok", "pmtp"]);

/**
 * The service named right before WEB ("1080p.AMZN.WEB-DL", Sonarr's "[AMZN WEBDL-1080p]"), as
 * scene names put it; elsewhere "It" or "Max" is a word of a title ("Max Out").
 */
function serviceOf(words: readonly string[], titled: boolean): string | null {
  for (const [i, word] of words.entries()) {
    const service = SERVICES[word];
    if (service === undefined) continue;
    if (/^web(?:dl|rip)?$/.test(words[i + 1] ?? "") || (!titled && SERVICE_CODES.has(word))) return service;
  }
  return null;
}

/** Cuts that change the running time; IMAX, remasters and 4K versions keep the theatrical timing. */
function cutOf(rest: string): Set<string> {
  const cut = new Set<string>();
  if (/\b(?:extended|uncut|unrated|uncensored|ultimate (?:cut|edition)|special edition)\b/.test(rest))
    cut.add("extended");
  if (/\bdirectors? (?:cut|edition)\b/.test(rest)) cut.add("directors");
  if (/\bfinal cut\b/.test(rest)) cut.add("final");
  return cut;
}

/** "[Anime Time] Show - 01": the fansub group leads in brackets (a "[site.tld]" prefix is no group). */
function groupOf(name: string, parsed: Parsed): string | null {
  const bracketed = /^\s*\[([^\]]+)\]/.exec(name)?.[1]?.trim();
  if (bracketed && !/\.[a-z]{2,}$/i.test(bracketed)) return bracketed;
  return parsed.group ?? null;
}

function readRelease(name: string, tv: boolean, titles: readonly string[]): ReleaseFacts | null {
  const parsed = parse(name, tv);
  if (!parsed) return null;
  // The words after the title: "Uncut Gems" is no uncut edition, "It" no iTunes.
  let rest = normalize(name);
  for (const title of [...titles, normalize(parsed.title)]) {
    if (title !== "" && rest.startsWith(`${title} `)) {
      rest = rest.slice(title.length + 1);
      break;
    }
  }
  const sources = new Set(
    parsed.sources.map((s) => (s === "WEBDL" || s === "WEBRIP" ? "web" : s.toLowerCase())),
  );
  // "Show.S01E01.WEB.H.264-GRP": a bare WEB the parser misses (not "Web of Lies" beside an HDTV).
  if (sources.size === 0 && WEB_TOKEN.test(name)) sources.add("web");
  return {
    parsed,
    group: groupOf(name, parsed),
    sources,
    service: serviceOf(rest.split(" "), parsed.title.trim() !== ""),
    // An episode's title in Sonarr's file name ("The Final Cut") is no edition: cuts are films'.
    cut: tv ? new Set() : cutOf(rest),
  };
}

/** Whether the subtitle's release and the video's are different sources: the sync differs. */
function sourceConflicts(video: ReleaseFacts, sub: ReleaseFacts): boolean {
  if (video.sources.size === 0 || sub.sources.size === 0) return false;
  const shared = [...sub.sources].filter((s) => video.sources.has(s));
  if (shared.length === 0) return true;
  // Two streaming services' WEB-DLs of one episode: other intros, recaps and logos.
  return (
    shared.every((s) => s === "web") &&
    video.service !== null &&
    sub.service !== null &&
    video.service !== sub.service
  );
}

function cutConflicts(video: ReleaseFacts, sub: ReleaseFacts): boolean {
  if (video.cut.size === 0 || sub.cut.size === 0) return video.cut.size !== sub.cut.size;
  return ![...sub.cut].some((c) => video.cut.has(c));
}

/**
 * The item's titles as release names spell them (normalized), longest first: its own and each
 * alternate title (Sonarr's scene titles, Radarr's original title), each also without Sonarr's
 * disambiguating year. "Law.and.Order.SVU" names Law & Order: Special Victims Unit so.
 */
function titlesOf(query: SubtitleQuery): string[] {
  const titles = new Set<string>();
  for (const title of [query.title, ...(query.alternateTitles ?? [])]) {
    titles.add(normalize(title));
    titles.add(normalize(searchTitle(title)));
  }
  titles.delete("");
  return [...titles].sort((a, b) => b.length - a.length);
}

/** "Shogun 2024" for Shōgun (2024) or Shōgun of 2024: a title (`titles`, compacted), and whether it said the year. */
function titleMatch(
  titles: ReadonlySet<string>,
  query: SubtitleQuery,
  released: string,
): { title: boolean; year: boolean } {
  const name = normalize(released);
  const year = query.year === null ? null : String(query.year);
  if (titles.has(name.replace(/ /g, "")))
    return { title: true, year: year !== null && name.endsWith(` ${year}`) };
  if (year !== null && name.endsWith(` ${year}`) && titles.has(name.slice(0, -year.length).replace(/ /g, "")))
    return { title: true, year: true };
  return { title: false, year: false };
}

interface ReleaseReading {
  /** Title, year, season, episode: what the names say about which episode or film, from any of them. */
  identity: Set<MatchKey>;
  /** Group, source, codecs, resolution: from the one release that fits best. */
  details: Set<MatchKey>;
  /** Every name is of another source or cut than the video's (none is the video's release). */
  otherRelease: boolean;
}

function readReleases(query: SubtitleQuery, releaseNames: readonly string[]): ReleaseReading {
  const tv = query.kind === "episode";
  const weights = tv ? EPISODE_WEIGHTS : MOVIE_WEIGHTS;
  const titles = titlesOf(query);
  // Spacing aside: "S.H.I.E.L.D." is "SHIELD" in some release names, "9-1-1" is "911".
  const compacted = new Set(titles.map((t) => t.replace(/ /g, "")));
  const video = query.releaseName ? readRelease(query.releaseName, tv, titles) : null;
  const videoGroup = query.releaseGroup ?? video?.group ?? null;
  const identity = new Set<MatchKey>();
  let details = new Set<MatchKey>();
  let best = 0;
  let read = 0;
  let other = 0;
  for (const release of releaseNames) {
    const sub = readRelease(release, tv, titles);
    if (!sub) continue;
    read++;
    const { parsed } = sub;
    const named = titleMatch(compacted, query, parsed.title);
    if (named.title) identity.add("title");
    if (named.year) identity.add("year");
    if (query.year !== null && parsed.year !== null && Number(parsed.year) === query.year)
      identity.add("year");
    if (tv && "seasons" in parsed) {
      if (query.season !== null && parsed.seasons.includes(query.season)) identity.add("season");
      if (query.episodes.length && query.episodes.every((e) => parsed.episodeNumbers.includes(e)))
        identity.add("episode");
    }
    // An anime release names the absolute number ("[Group] Show - 1071 [1080p]"), which says the
    // season and episode at once.
    if (tv && namesAbsolute(release, query.absoluteEpisodes)) {
      identity.add("season");
      identity.add("episode");
    }

    if (video !== null && (sourceConflicts(video, sub) || cutConflicts(video, sub))) {
      // A subtitle for another source or cut is out of sync whatever else its release shares.
      other++;
      continue;
    }
    const fits = new Set<MatchKey>();
    if (videoGroup && sub.group && sub.group.toLowerCase() === videoGroup.toLowerCase())
      fits.add("releaseGroup");
    if (video) {
      const v = video.parsed;
      if (video.sources.size > 0 && [...sub.sources].some((s) => video.sources.has(s))) fits.add("source");
      if (v.resolution && parsed.resolution === v.resolution) fits.add("resolution");
      if (v.videoCodec && parsed.videoCodec === v.videoCodec) fits.add("videoCodec");
      if (v.audioCodec && parsed.audioCodec === v.audioCodec) fits.add("audioCodec");
    }
    const points = [...fits].reduce((sum, m) => sum + weights[m], 0);
    if (points > best) {
      best = points;
      details = fits;
    }
  }
  return { identity, details, otherRelease: read > 0 && other === read };
}

/** Matches read from release names, beyond what the provider vouches for. */
export function releaseMatches(query: SubtitleQuery, releaseNames: string[]): Set<MatchKey> {
  const { identity, details } = readReleases(query, releaseNames);
  return new Set([...identity, ...details]);
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

/**
 * The year as subliminal and Bazarr count it: an IMDb match pins it, and a series Sonarr names
 * without a year ("Breaking Bad", not "Doctor Who (2005)") is the only one of its name, so its
 * title says the year too. Otherwise only Podnapisi, which states a series' year, would get the
 * year's 90 points for episodes, and outrank every provider's subtitle that fits the release.
 */
function yearImplied(query: SubtitleQuery, matches: ReadonlySet<MatchKey>): boolean {
  if (matches.has("imdb")) return true;
  const disambiguated = searchTitle(query.title) !== query.title.trim();
  return query.kind === "episode" && !disambiguated && matches.has("title");
}

/**
 * A multi-episode file (S01E01E02) wants a subtitle for all of it: one for the first episode only
 * leaves the rest without text. OpenSubtitles and Podnapisi vouch for "episode" when the
 * subtitle is for any one of them; believed only if its episodes or a release name cover them all.
 */
function coversEveryEpisode(
  candidate: ProviderCandidate,
  query: SubtitleQuery,
  fromNames: ReadonlySet<MatchKey>,
): boolean {
  if (query.kind !== "episode" || query.episodes.length < 2 || fromNames.has("episode")) return true;
  const episodes = candidate.episodes;
  if (episodes === null) return true;
  return query.episodes.every((e) => episodes.includes(e));
}

export function scoreCandidate(
  candidate: ProviderCandidate,
  query: SubtitleQuery,
  profile: Pick<Profile, "hearingImpaired" | "formats">,
  providerPriority = 100,
): ScoredCandidate {
  const weights = query.kind === "episode" ? EPISODE_WEIGHTS : MOVIE_WEIGHTS;
  const released = readReleases(query, candidate.releaseNames);
  const matches = new Set<MatchKey>([...candidate.matches, ...released.identity, ...released.details]);
  // A group the provider vouches for (Addic7ed's "AMZN-NTb" for an NF file) whose every release is
  // another source or cut: the same group's other encode, out of sync (Bazarr drops it so too).
  if (released.otherRelease) matches.delete("releaseGroup");
  if (query.year !== null && yearImplied(query, matches)) matches.add("year");
  if (!coversEveryEpisode(candidate, query, released.identity)) matches.delete("episode");
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
