import { parseGroup, parseSeason, parseTitleAndYear } from "@ctrl/video-filename-parser";

export interface ParsedFileName {
  title: string | null;
  year: number | null;
  season: number | null;
  /** Ascending; [] when the name names no episode. */
  episodes: number[];
  releaseGroup: string | null;
}

export interface ParsedFolderName {
  title: string | null;
  year: number | null;
  /** Set for `Season 01`, `S01`, `Specials` and the like. */
  season: number | null;
}

const SXXEYY = /(?:^|[^a-z0-9])s(\d{1,4})[ ._-]?e(\d{1,4})((?:(?:[ ._-]?e|-)\d{1,4}(?![0-9a-df-z]))*)/i;
const EXTRA_EPISODE = /([ ._-]?e|-)(\d{1,4})/gi;
const OTHER_EPISODE_MARKER = /(?:^|[^a-z0-9])(?:\d{1,2}x\d{2,3}|(?:episode|ep)[ ._-]?\d{1,4})(?![a-z0-9])/i;
const SEASON_FOLDER = /^(?:(?:season|series|staffel|saison|temporada|stagione)[ ._-]*(\d{1,4})|s(\d{1,4}))$/i;
const SPECIALS_FOLDER = /^specials?$/i;
const YEAR_TOKEN = /(?:^|[^0-9])(?:18|19|20)\d{2}(?![0-9])/;
const MAX_EPISODE_RANGE = 50;

function cleanTitle(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = raw
    .replace(/[._]+/g, " ")
    .replace(/^[\s\-[\]()]+|[\s\-[\]()]+$/g, "")
    .replace(/\s{2,}/g, " ");
  return t === "" ? null : t;
}

function toYear(s: string | null | undefined): number | null {
  if (!s) return null;
  const n = Number(s);
  return Number.isInteger(n) && n >= 1800 && n <= 2199 ? n : null;
}

function titleAndYear(text: string): { title: string | null; year: number | null } {
  if (!YEAR_TOKEN.test(text)) return { title: cleanTitle(text), year: null };
  const parsed = parseTitleAndYear(text);
  return { title: cleanTitle(parsed.title), year: toYear(parsed.year) };
}

/** Episode numbers of an `S01E01E02` / `S01E01-E03` / `S01E01-03` marker (dashes are ranges). */
function explicitEpisodes(first: number, tail: string): number[] {
  const episodes = [first];
  for (const m of tail.matchAll(EXTRA_EPISODE)) {
    const n = Number(m[2]);
    const last = episodes[episodes.length - 1] ?? first;
    if (m[1] === "-" || m[1]?.startsWith("-")) {
      if (n <= last || n - last > MAX_EPISODE_RANGE) break;
      for (let e = last + 1; e <= n; e++) episodes.push(e);
    } else if (n > last) episodes.push(n);
  }
  return episodes;
}

function releaseGroup(stem: string): string | null {
  // parseGroup costs tens of µs; it only finds `-GROUP`, `[Group]` or a few bracket-free names.
  if (!/-[a-z0-9]|[[\]]|yify|yts/i.test(stem)) return null;
  return parseGroup(stem) || null;
}

/**
 * Title, year, season, episodes and release group of a video file name (without extension).
 * `inSeasonFolder` lets bare numbering (`05 - Title`, anime `Show - 05`) count as episodes.
 */
export function parseFileName(stem: string, inSeasonFolder = false): ParsedFileName {
  const group = releaseGroup(stem);
  const marker = SXXEYY.exec(stem);
  if (marker) {
    // The parser drops the first episode of `S01E01E02` when no title precedes it (5.4.1), so
    // the plain SxxEyy form is read here and the parser handles every other numbering.
    const before = stem.slice(0, marker.index + (marker[0].length - marker[0].trimStart().length));
    const { title, year } = titleAndYear(before);
    return {
      title,
      year,
      season: Number(marker[1]),
      episodes: explicitEpisodes(Number(marker[2]), marker[3] ?? ""),
      releaseGroup: group,
    };
  }
  const trustBareNumbers = inSeasonFolder || stem.startsWith("[");
  if (trustBareNumbers || OTHER_EPISODE_MARKER.test(stem)) {
    const tv = parseSeason(stem);
    if (tv && tv.episodeNumbers.length > 0) {
      const { title, year } = titleAndYear(tv.seriesTitle);
      return {
        title,
        year,
        season: tv.seasons[0] ?? null,
        episodes: [...tv.episodeNumbers].sort((a, b) => a - b),
        releaseGroup: group,
      };
    }
  }
  const movie = parseTitleAndYear(stem);
  return {
    title: cleanTitle(movie.title),
    year: toYear(movie.year),
    season: null,
    episodes: [],
    releaseGroup: group,
  };
}

/** What a folder name says: a season (`Season 01`) or a title with an optional year. */
export function parseFolderName(name: string): ParsedFolderName {
  const season = SEASON_FOLDER.exec(name.trim());
  if (season) return { title: null, year: null, season: Number(season[1] ?? season[2]) };
  if (SPECIALS_FOLDER.test(name.trim())) return { title: null, year: null, season: 0 };
  return { ...titleAndYear(name), season: null };
}
