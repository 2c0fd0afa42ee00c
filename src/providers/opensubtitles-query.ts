import { canonicalLanguage, parseLanguageTag, toIso6391 } from "../media/languages.ts";
import { searchTitle } from "./search-title.ts";
import type { SubtitleQuery } from "./types.ts";

/** What a search asked the API to filter on; the matches a candidate gets depend on it. */
export interface OpenSubtitlesFilter {
  imdbId: number | null;
  title: string | null;
  season: number | null;
  episode: number | null;
  year: number | null;
  movieHash: boolean;
}

export interface OpenSubtitlesSearch {
  /** Sorted by name, values lower-case: anything else costs a 301 redirect per request. */
  params: [string, string][];
  filter: OpenSubtitlesFilter;
}

const FROM_OPENSUBTITLES: Readonly<Record<string, string>> = {
  "pt-br": "pt-BR",
  "pt-pt": "pt-PT",
  "zh-cn": "zh-Hans",
  "zh-tw": "zh-Hant",
  ea: "es-419",
};

const SIMPLIFIED_REGIONS = new Set(["CN", "SG", "MY"]);
const TRADITIONAL_REGIONS = new Set(["TW", "HK", "MO"]);

/** "tt0903747" → 903747; null for anything that is not an IMDb id. */
export function imdbNumber(imdbId: string | null): number | null {
  const match = imdbId === null ? null : /^(?:tt)?0*(\d+)$/i.exec(imdbId.trim());
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * OpenSubtitles language codes for one canonical code. The API knows Portuguese and Chinese only
 * as `pt-br`/`pt-pt` and `zh-cn`/`zh-tw`, and Latin American Spanish as `ea`; a bare language
 * asks for all of its variants, since a profile wanting "pt" takes "pt-BR" too.
 */
export function openSubtitlesLanguages(code: string): string[] {
  const tag = parseLanguageTag(code);
  const base = toIso6391(code);
  if (tag === null || base === null) return [];
  if (base === "pt") {
    if (tag.region === "BR") return ["pt-br"];
    return tag.region === null ? ["pt-br", "pt-pt"] : ["pt-pt"];
  }
  if (base === "zh") {
    if (tag.script === "Hans" || (tag.region !== null && SIMPLIFIED_REGIONS.has(tag.region)))
      return ["zh-cn"];
    if (tag.script === "Hant" || (tag.region !== null && TRADITIONAL_REGIONS.has(tag.region)))
      return ["zh-tw"];
    return ["zh-cn", "zh-tw"];
  }
  if (base === "es") {
    if (tag.region === null) return ["ea", "es"];
    return tag.region === "ES" ? ["es"] : ["ea"];
  }
  return [base];
}

/** The canonical code of a subtitle's `language`; null for codes we cannot place ("ze", bilingual). */
export function languageFromOpenSubtitles(code: string): string | null {
  const lower = code.trim().toLowerCase();
  return FROM_OPENSUBTITLES[lower] ?? canonicalLanguage(lower, { strict: true });
}

/**
 * The language a found subtitle counts as for this search. OpenSubtitles has one Latin American
 * Spanish (`ea`, es-419): asked for es-MX or es-AR (see `openSubtitlesLanguages`), what it finds
 * is that region's Spanish as far as the API can say, so it carries the asked code, as Gestdown's
 * "Spanish (Latin America)" does; read as es-419 it would satisfy no es-MX item and be dropped.
 */
export function languageAsAsked(found: string, wanted: readonly string[]): string {
  if (found !== "es-419") return found;
  const regional = wanted.find((code) => {
    const tag = parseLanguageTag(code);
    return (
      toIso6391(code) === "es" &&
      tag?.region != null &&
      tag.region !== "ES" &&
      tag.region !== "419" &&
      tag.script === null
    );
  });
  return regional ?? found;
}

export function buildSearch(query: SubtitleQuery): OpenSubtitlesSearch {
  const params = new Map<string, string>();
  const imdbId = imdbNumber(query.imdbId);
  const title = searchTitle(query.title);
  const filter: OpenSubtitlesFilter = {
    imdbId,
    title: null,
    season: null,
    episode: null,
    year: null,
    movieHash: query.movieHash !== null,
  };
  if (query.kind === "episode") {
    if (imdbId !== null) params.set("parent_imdb_id", String(imdbId));
    else {
      params.set("query", title);
      params.set("type", "episode");
      filter.title = title;
    }
    if (query.season !== null) {
      params.set("season_number", String(query.season));
      filter.season = query.season;
    }
    const episode = query.episodes[0];
    if (episode !== undefined) {
      params.set("episode_number", String(episode));
      filter.episode = episode;
    }
  } else if (imdbId !== null) {
    params.set("imdb_id", String(imdbId));
  } else {
    params.set("query", title);
    params.set("type", "movie");
    filter.title = title;
    if (query.year !== null) {
      params.set("year", String(query.year));
      filter.year = query.year;
    }
  }
  const languages = [...new Set(query.languages.flatMap(openSubtitlesLanguages))].sort();
  if (languages.length > 0) params.set("languages", languages.join(","));
  if (query.movieHash !== null) params.set("moviehash", query.movieHash);
  if (query.forced) params.set("foreign_parts_only", "only");
  // The API lists AI translations unless told not to (machine translations it leaves out by
  // itself); as in Bazarr, whose default excludes them, they are not what a search is for.
  params.set("ai_translated", "exclude");
  params.set("hearing_impaired", query.hearingImpaired === "exclude" ? "exclude" : "include");
  const sorted = [...params.entries()]
    .map(([key, value]): [string, string] => [key, value.trim().toLowerCase()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { params: sorted, filter };
}

/** `?a=1&b=x+y` with the page (never on the first page, which is the API's default) in sorted place. */
export function searchQueryString(search: OpenSubtitlesSearch, page: number): string {
  const entries = [...search.params];
  if (page > 1) entries.push(["page", String(page)]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}
