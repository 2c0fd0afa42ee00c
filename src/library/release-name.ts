import { filenameParser } from "./filename-parser.ts";

export interface ParsedFileName {
  title: string | null;
  year: number | null;
  season: number | null;
  /** Ascending; [] when the name names no episode. */
  episodes: number[];
  /** `YYYY-MM-DD` of a daily show's episode (`Show.2024.03.15`); its date is no episode number. */
  airDate: string | null;
  releaseGroup: string | null;
}

export interface ParsedFolderName {
  title: string | null;
  year: number | null;
  /** Set for `Season 01`, `S01`, `Specials` and the like. */
  season: number | null;
}

/**
 * How episodes are read, in this order (the first that matches wins):
 * 1. `S01E02`, with every episode of `S01E01E02`, `S01E01-E03`, `S01E01-02-03`, `S01E01.S01E02`;
 * 2. a daily show's date (`Show.2024.03.15`, `Show - 2011-11-15`): no episode number at all;
 * 3. `1x02` (also `1x01x02`, `1x01-1x02`);
 * 4. anime absolute numbering after a `[Group]` prefix (`[Group] Show - 05 [1080p][ABCD1234]`,
 *    `Show S2 - 05`, 2–5 digits, `05v2`), or in a season folder (`Show - 05`);
 * 5. in a season folder, a name that is only an episode (`05 - Title`, `12`, `E07`, `Episode 5`);
 * 6. otherwise the episode of the parent folder (`Show.S02E03.1080p-GRP/7f3a9b2c.mkv`).
 * Nothing else is an episode: codecs (`x265`, `H.264`, `10bit`), resolutions, years, audio
 * channels (`5.1`, `DDP5.1`), checksums and numbers in titles (`Apollo 13`) never are. An
 * uncertain name reads as no episode rather than a wrong one.
 */
const SXXEYY =
  /(?:^|[^a-z0-9])s(\d{1,4})[ ._-]?e(\d{1,4})((?:(?:[ ._]*-[ ._]*|[ ._]?)e\d{1,4}(?![0-9a-df-z])|-\d{1,4}(?![0-9a-df-z]|\.\d))*)/i;
const EXTRA_EPISODE = /([ ._]*-[ ._]*e?|[ ._]?e)(\d{1,4})/gi;
const REPEATED_SXXEYY = /^([ ._-]*)s(\d{1,4})[ ._-]?e(\d{1,4})(?![0-9])/i;
const DAILY = /(?:^|[^0-9])((?:19|20)\d{2})([ ._-])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9])/;
const NXNN = /(?:^|[^a-z0-9])(\d{1,2})x(\d{2,3})((?:(?:x|[ ._]*-[ ._]*\d{1,2}x)\d{2,3})*)(?![0-9a-z])/i;
const NXNN_EXTRA = /(x|[ ._]*-[ ._]*(\d{1,2})x)(\d{2,3})/gi;
const GROUP_PREFIX = /^\s*\[[^\]]+\][ ._]*/;
const ABSOLUTE =
  /^(.*?)(?:[ ._]+(?:s(\d{1,2})|season[ ._]?(\d{1,2})|(\d{1,2})(?:st|nd|rd|th)[ ._]season))?[ ._]+-[ ._]+(\d{2,5})(?:v\d)?(?=[ ._]*(?:[[(]|-(?![ ._]*\d)|$))/i;
const EPISODE_ONLY = /^(?:(?:episode|ep|e)[ ._-]?)?(\d{1,4})(?:v\d)?(?:[ ._]*-[ ._]*\D.*|[._]\D.*)?$/i;
const EPISODE_WORD = /(?:^|[^a-z0-9])(?:episode|ep)[ ._-]?(\d{1,4})(?![0-9a-z])/i;
const RESOLUTION_TAG = /[[(][^\])]*\b\d{3,4}[pi]\b/i;
const SEASON_FOLDER =
  /^(?:(?:season|series|staffel|saison|temporada|stagione)[ ._-]*(\d{1,4})|s(\d{1,4}))(?:[ ._-]*[[(][^\])]*[\])])*$/i;
const SPECIALS_FOLDER = /^specials?$/i;
const YEAR_TOKEN = /(?:^|[^0-9])(?:18|19|20)\d{2}(?![0-9])/;
const YEARLIKE = /^(?:19|20)\d{2}$/;
const MAX_EPISODE_RANGE = 50;

interface EpisodeReading {
  /** The part of the name before the numbering: where the title is. */
  before: string;
  season: number | null;
  episodes: number[];
  airDate?: string;
}

/** Jellyfin's `[tvdbid-79126]`, `[imdbid-tt0111161]` and Plex's `{tmdb-278}` in folder and file names. */
const LIBRARY_ID_TAG = /[[{](?:imdb|tvdb|tmdb)(?:id)?-[^\]}]*[\]}]/gi;

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** Separators and stray brackets off both ends; a bracket closed inside the title stays ("The Office (US)"). */
function trimTitle(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end) {
    const first = text[start]!;
    const last = text[end - 1]!;
    const inner = text.slice(start, end);
    if (/[\s-]/.test(first) || first === ")" || first === "]") start++;
    else if (/[\s-]/.test(last) || last === "(" || last === "[") end--;
    else if (last === ")" && count(inner, "(") < count(inner, ")")) end--;
    else if (last === "]" && count(inner, "[") < count(inner, "]")) end--;
    else if (first === "(" && count(inner, "(") > count(inner, ")")) start++;
    else if (first === "[" && count(inner, "[") > count(inner, "]")) start++;
    else break;
  }
  return text.slice(start, end);
}

function cleanTitle(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = trimTitle(raw.replace(LIBRARY_ID_TAG, " ").replace(/[._]+/g, " ")).replace(/\s{2,}/g, " ");
  return t === "" ? null : t;
}

function toYear(s: string | null | undefined): number | null {
  if (!s) return null;
  const n = Number(s);
  return Number.isInteger(n) && n >= 1800 && n <= 2199 ? n : null;
}

function titleAndYear(text: string): { title: string | null; year: number | null } {
  if (!YEAR_TOKEN.test(text)) return { title: cleanTitle(text), year: null };
  const parsed = filenameParser().parseTitleAndYear(text);
  return { title: cleanTitle(parsed.title), year: toYear(parsed.year) };
}

/** Episode numbers of an `S01E01E02` / `S01E01-E03` / `S01E01-03` marker (dashes are ranges). */
function explicitEpisodes(first: number, tail: string): number[] {
  const episodes = [first];
  for (const m of tail.matchAll(EXTRA_EPISODE)) {
    const n = Number(m[2]);
    const last = episodes[episodes.length - 1] ?? first;
    if (m[1]?.includes("-")) addRange(episodes, n);
    else if (n > last) episodes.push(n);
  }
  return episodes;
}

/** A dash means every episode up to `to`; a range that runs backwards or too far is ignored. */
function addRange(episodes: number[], to: number): boolean {
  const last = episodes[episodes.length - 1]!;
  if (to <= last || to - last > MAX_EPISODE_RANGE) return false;
  for (let e = last + 1; e <= to; e++) episodes.push(e);
  return true;
}

function sxxeyy(stem: string): EpisodeReading | null {
  const marker = SXXEYY.exec(stem);
  if (!marker) return null;
  const season = Number(marker[1]);
  const episodes = explicitEpisodes(Number(marker[2]), marker[3] ?? "");
  // `S01E01.S01E02` / `S01E01-S01E03`: the same season named again for the next (or last) episode.
  let rest = stem.slice(marker.index + marker[0].length);
  for (let again = REPEATED_SXXEYY.exec(rest); again; again = REPEATED_SXXEYY.exec(rest)) {
    const episode = Number(again[3]);
    if (Number(again[2]) !== season || episode <= episodes[episodes.length - 1]!) break;
    if (!again[1]!.includes("-")) episodes.push(episode);
    else if (!addRange(episodes, episode)) break;
    rest = rest.slice(again[0].length);
  }
  return { before: stem.slice(0, marker.index), season, episodes };
}

function daily(stem: string): EpisodeReading | null {
  const date = DAILY.exec(stem);
  if (!date) return null;
  return {
    before: stem.slice(0, date.index),
    season: null,
    episodes: [],
    airDate: `${date[1]}-${date[3]}-${date[4]}`,
  };
}

function nxnn(stem: string): EpisodeReading | null {
  const marker = NXNN.exec(stem);
  if (!marker) return null;
  const season = Number(marker[1]);
  const episodes = [Number(marker[2])];
  for (const extra of (marker[3] ?? "").matchAll(NXNN_EXTRA)) {
    const n = Number(extra[3]);
    if (extra[2] !== undefined && Number(extra[2]) !== season) break;
    if (extra[1] === "x" && n > episodes[episodes.length - 1]!) episodes.push(n);
    else if (extra[1] === "x" || !addRange(episodes, n)) break;
  }
  return { before: stem.slice(0, marker.index), season, episodes };
}

/** `[Group] Show - 05 [1080p]`; without a group prefix only in a season folder or before a quality tag. */
function absolute(stem: string, inSeasonFolder: boolean): EpisodeReading | null {
  const group = GROUP_PREFIX.exec(stem);
  const body = group ? stem.slice(group[0].length) : stem;
  const match = ABSOLUTE.exec(body);
  if (!match) return null;
  const number = match[5]!;
  if (YEARLIKE.test(number)) return null;
  if (!group && !inSeasonFolder && !RESOLUTION_TAG.test(body.slice(match[0].length))) return null;
  const season = match[2] ?? match[3] ?? match[4];
  return {
    before: match[1]!,
    season: season === undefined ? null : Number(season),
    episodes: [Number(number)],
  };
}

/** A season folder's `05 - Title`, `E07`, `Episode 5`; a year in the name makes it a movie's, not this. */
function episodeOnly(stem: string): EpisodeReading | null {
  const only = EPISODE_ONLY.exec(stem.trim());
  const word = only ? null : EPISODE_WORD.exec(stem);
  const number = only?.[1] ?? word?.[1];
  if (number === undefined || YEARLIKE.test(number)) return null;
  if (YEAR_TOKEN.test(stem.replace(number, ""))) return null;
  return { before: word ? stem.slice(0, word.index) : "", season: null, episodes: [Number(number)] };
}

function readEpisodes(stem: string, inSeasonFolder: boolean): EpisodeReading | null {
  return (
    sxxeyy(stem) ??
    daily(stem) ??
    nxnn(stem) ??
    absolute(stem, inSeasonFolder) ??
    (inSeasonFolder ? episodeOnly(stem) : null)
  );
}

function releaseGroup(stem: string): string | null {
  // parseGroup costs tens of µs; it only finds `-GROUP`, `[Group]` or a few bracket-free names.
  if (!/-[a-z0-9]|[[\]]|yify|yts/i.test(stem)) return null;
  return filenameParser().parseGroup(stem) || null;
}

/**
 * Title, year, season, episodes and release group of a video file name (without extension).
 * `inSeasonFolder` lets bare numbering (`05 - Title`, `Show - 05`) count as episodes;
 * `parentFolder` is read when the file name itself names no episode (obfuscated usenet names).
 */
export function parseFileName(stem: string, inSeasonFolder = false, parentFolder?: string): ParsedFileName {
  const group = releaseGroup(stem);
  const own = readEpisodes(stem, inSeasonFolder);
  const reading = own ?? (parentFolder === undefined ? null : fromParent(parentFolder));
  if (reading) {
    const named = titleAndYear(own ? stripGroup(reading.before) : "");
    return {
      title: named.title,
      year: reading.airDate === undefined ? named.year : null,
      season: reading.season,
      episodes: [...reading.episodes].sort((a, b) => a - b),
      airDate: reading.airDate ?? null,
      releaseGroup: group,
    };
  }
  const movie = filenameParser().parseTitleAndYear(stem);
  return {
    title: cleanTitle(movie.title),
    year: toYear(movie.year),
    season: null,
    episodes: [],
    airDate: null,
    releaseGroup: group,
  };
}

/** A parent folder named after one episode's release; its title comes from the folders above. */
function fromParent(folder: string): EpisodeReading | null {
  const reading = sxxeyy(folder) ?? daily(folder) ?? nxnn(folder);
  return reading && (reading.episodes.length > 0 || reading.airDate !== undefined) ? reading : null;
}

function stripGroup(text: string): string {
  return text.replace(GROUP_PREFIX, "");
}

/** What a folder name says: a season (`Season 01`) or a title with an optional year. */
export function parseFolderName(name: string): ParsedFolderName {
  const season = SEASON_FOLDER.exec(name.trim());
  if (season) return { title: null, year: null, season: Number(season[1] ?? season[2]) };
  if (SPECIALS_FOLDER.test(name.trim())) return { title: null, year: null, season: 0 };
  // A release folder holding one episode ("Show.S02E03.1080p-GRP") titles the show, not a season.
  const episode = fromParent(name);
  if (episode) return { ...titleAndYear(episode.before), season: null };
  return { ...titleAndYear(name), season: null };
}
