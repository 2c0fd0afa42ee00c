import { z } from "zod";
import { canonicalLanguage, parseLanguageTag, toIso6391 } from "../media/languages.ts";
import { searchTitle } from "./search-title.ts";
import type { MatchKey, ProviderCandidate, SubtitleQuery } from "./types.ts";

/** SubDL API v1 bodies and codes (external-apis.md §7). */

/** SubDL codes that are not a plain upper-case ISO 639-1 code. */
const FROM_SUBDL: Readonly<Record<string, string>> = {
  BR_PT: "pt-BR",
  NO: "nb",
  ZH: "zh-Hans",
  ZH_BG: "zh-Hant",
};

/** Upper-case SubDL codes for one canonical code; a bare language asks for all its variants. */
export function subdlLanguages(code: string): string[] {
  const tag = parseLanguageTag(code);
  const base = toIso6391(code);
  if (tag === null || base === null) return [];
  if (base === "pt") {
    if (tag.region === "BR") return ["BR_PT"];
    return tag.region === null ? ["BR_PT", "PT"] : ["PT"];
  }
  // SubDL's Norwegian is "NO", meaning Bokmål; it has no "NB" and no Nynorsk.
  if (base === "nb" || base === "no") return ["NO"];
  if (base === "nn") return [];
  if (base === "zh") {
    if (tag.script === "Hant" || ["TW", "HK", "MO"].includes(tag.region ?? "")) return ["ZH_BG"];
    if (tag.script === "Hans" || tag.region !== null) return ["ZH"];
    return ["ZH", "ZH_BG"];
  }
  return [base.toUpperCase()];
}

/** "EN" → "en", "BR_PT" → "pt-BR"; bilingual codes ("BG_EN") count as their first language. */
export function languageFromSubdl(code: string | null | undefined, name?: string | null): string | null {
  const upper = code?.trim().toUpperCase() ?? "";
  const known = FROM_SUBDL[upper];
  if (known !== undefined) return known;
  const first = upper.split("_")[0] ?? "";
  if (/^[A-Z]{2,3}$/.test(first)) {
    const language = canonicalLanguage(first.toLowerCase(), { strict: true });
    if (language !== null) return language;
  }
  return name ? canonicalLanguage(name.replace(/_/g, " "), { strict: true }) : null;
}

const int = z.number().int().nullish();

const subtitleSchema = z.object({
  release_name: z.string().nullish(),
  name: z.string().nullish(),
  lang: z.string().nullish(),
  author: z.string().nullish(),
  url: z.string().min(1),
  subtitlePage: z.string().nullish(),
  season: int,
  episode: int,
  language: z.string().nullish(),
  hi: z.boolean().nullish(),
  episode_from: int,
  episode_end: int,
  full_season: z.boolean().nullish(),
  comment: z.string().nullish(),
  releases: z.array(z.string()).nullish(),
});

const resultSchema = z.object({
  name: z.string().nullish(),
  imdb_id: z.string().nullish(),
  year: int,
});

export const searchReplySchema = z.union([
  z.object({
    status: z.literal(true),
    results: z.array(resultSchema).nullish(),
    subtitles: z.array(subtitleSchema).default([]),
    totalPages: z.number().nullish(),
    currentPage: z.number().nullish(),
  }),
  z.object({ status: z.literal(false), error: z.unknown().optional() }),
  // "Title not found" also comes in this shape (Bazarr's subdl.py checks both keys).
  z
    .object({ success: z.literal(false), error: z.unknown().optional() })
    .transform((body) => ({ status: false as const, error: body.error })),
]);

type Subtitle = z.infer<typeof subtitleSchema>;
type Result = z.infer<typeof resultSchema>;

/** What the film SubDL picked says about the query: the same id, title or year. */
export function filmMatches(results: readonly Result[], query: SubtitleQuery, byImdb: boolean): MatchKey[] {
  const film = results[0];
  const sameTitle = film?.name?.trim().toLowerCase() === searchTitle(query.title).toLowerCase();
  const matches: MatchKey[] = [];
  if (byImdb && (film?.imdb_id == null || film.imdb_id.toLowerCase() === query.imdbId?.toLowerCase()))
    matches.push("imdb", "title");
  else if (sameTitle) matches.push("title");
  if (query.kind === "movie" && query.year !== null && film?.year === query.year) matches.push("year");
  return matches;
}

/** "/subtitle/3197651-3213944.zip" → "3197651-3213944". */
export function subtitleIdOf(url: string): string {
  const name = url.split("/").pop() ?? url;
  return name.replace(/\.zip$/i, "") || url;
}

function episodesOf(subtitle: Subtitle): { episodes: number[] | null; seasonPack: boolean } {
  if (subtitle.full_season === true) return { episodes: null, seasonPack: true };
  const from = subtitle.episode_from ?? subtitle.episode ?? null;
  const end = subtitle.episode_end ?? from;
  if (from === null || end === null || from <= 0) return { episodes: null, seasonPack: false };
  if (end <= from) return { episodes: [from], seasonPack: false };
  const episodes = Array.from({ length: end - from + 1 }, (_, i) => from + i);
  return { episodes, seasonPack: true };
}

const FORCED_WORD = /(?<![a-z])(?:forced|foreign[\s._-]*(?:parts?|only))(?![a-z])/i;
const NOT_FORCED = /(?<![a-z])(?:non|no|not|without|un)[\s._-]*forced(?![a-z])/i;

/**
 * SubDL has no forced flag: uploaders say "forced" (or "foreign parts only") in the comment or
 * the release/archive name, as Bazarr's subdl.py reads it. Without this a forced-only file
 * (a few dozen lines) would be taken as the full subtitle.
 */
export function subdlForced(
  subtitle: Pick<Subtitle, "comment" | "name" | "release_name" | "releases">,
): boolean {
  const texts = [subtitle.comment, subtitle.name, subtitle.release_name, ...(subtitle.releases ?? [])];
  return texts.some((text) => typeof text === "string" && FORCED_WORD.test(text) && !NOT_FORCED.test(text));
}

export function toCandidate(
  subtitle: Subtitle,
  query: SubtitleQuery,
  filmMatched: readonly MatchKey[],
  siteUrl: string,
  filmYear: number | null = null,
): ProviderCandidate | null {
  const language = languageFromSubdl(subtitle.language, subtitle.lang);
  if (language === null) return null;
  const { episodes, seasonPack } = episodesOf(subtitle);
  const season = query.kind === "episode" ? (subtitle.season ?? null) : null;
  const matches = [...filmMatched];
  if (query.kind === "episode") {
    if (season !== null && season === query.season) matches.push("season");
    const wanted = query.episodes;
    if (episodes !== null && wanted.length > 0 && wanted.every((e) => episodes.includes(e)))
      matches.push("episode");
  }
  const releaseNames = [...new Set([...(subtitle.releases ?? []), subtitle.release_name ?? ""])].filter(
    (name) => name.trim() !== "",
  );
  return {
    provider: "subdl",
    id: subtitleIdOf(subtitle.url),
    language,
    releaseNames,
    format: null,
    hearingImpaired: subtitle.hi ?? null,
    forced: subdlForced(subtitle),
    season,
    episodes: query.kind === "episode" ? episodes : null,
    seasonPack,
    ...(query.kind === "movie" ? { year: filmYear } : {}),
    matches,
    uploader: subtitle.author ?? null,
    downloads: null,
    pageUrl: subtitle.subtitlePage ? `${siteUrl}${subtitle.subtitlePage}` : null,
    data: { url: subtitle.url },
  };
}
