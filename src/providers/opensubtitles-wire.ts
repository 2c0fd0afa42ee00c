import { z } from "zod";
import type { OpenSubtitlesFilter } from "./opensubtitles-query.ts";
import { languageFromOpenSubtitles } from "./opensubtitles-query.ts";
import type { MatchKey, ProviderCandidate } from "./types.ts";

/** OpenSubtitles.com REST v1 bodies (external-apis.md §4); nullable where the API leaves fields out. */

const count = z.number().nullish();
const numberish = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish();

export const loginSchema = z.object({ token: z.string().min(1), base_url: z.string().nullish() });

export const downloadSchema = z.object({
  link: z.string().min(1),
  file_name: z.string().nullish(),
  /** Downloads spent in the current window, this one included. */
  requests: count,
  remaining: count,
  reset_time_utc: z.string().nullish(),
});

export const quotaSchema = z.object({
  requests: count,
  remaining: count,
  message: z.string().nullish(),
  reset_time_utc: z.string().nullish(),
});

export const userInfoSchema = z.object({
  data: z.object({
    allowed_downloads: count,
    remaining_downloads: count,
    level: z.string().nullish(),
    vip: z.boolean().nullish(),
    reset_time_utc: z.string().nullish(),
  }),
});

const featureDetailsSchema = z.object({
  feature_type: z.string().nullish(),
  year: numberish,
  title: z.string().nullish(),
  movie_name: z.string().nullish(),
  imdb_id: numberish,
  season_number: numberish,
  episode_number: numberish,
  parent_imdb_id: numberish,
  parent_title: z.string().nullish(),
});

const subtitleSchema = z.object({
  id: z.union([z.string(), z.number()]),
  attributes: z.object({
    language: z.string().nullish(),
    download_count: count,
    hearing_impaired: z.boolean().nullish(),
    foreign_parts_only: z.boolean().nullish(),
    ai_translated: z.boolean().nullish(),
    machine_translated: z.boolean().nullish(),
    moviehash_match: z.boolean().nullish(),
    release: z.string().nullish(),
    uploader: z.object({ name: z.string().nullish() }).nullish(),
    feature_details: featureDetailsSchema.nullish(),
    url: z.string().nullish(),
    files: z.array(z.object({ file_id: z.number(), file_name: z.string().nullish() })).nullish(),
  }),
});

export const searchPageSchema = z.object({
  total_pages: z.number(),
  page: z.number(),
  data: z.array(subtitleSchema),
});

type Subtitle = z.infer<typeof subtitleSchema>;
type Format = ProviderCandidate["format"];

const FORMATS: Readonly<Record<string, Format>> = {
  srt: "srt",
  ass: "ass",
  ssa: "ssa",
  vtt: "vtt",
  webvtt: "vtt",
  sub: "sub",
};

function formatOf(fileName: string | null | undefined): Format {
  const ext = fileName ? /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() : undefined;
  return ext === undefined ? null : (FORMATS[ext] ?? null);
}

const sameTitle = (a: string | null | undefined, b: string) =>
  typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();

function matchesOf(subtitle: Subtitle, filter: OpenSubtitlesFilter, episodeSearch: boolean): MatchKey[] {
  const attrs = subtitle.attributes;
  const feature = attrs.feature_details;
  const matches: MatchKey[] = [];
  if (attrs.moviehash_match === true) matches.push("hash");
  if (filter.imdbId !== null) {
    const got = episodeSearch ? feature?.parent_imdb_id : feature?.imdb_id;
    // The API filtered on the id; a feature that names another one is a mismatch it let through.
    if (got === null || got === undefined || got === filter.imdbId) matches.push("imdb", "title");
  } else if (filter.title !== null) {
    const title = episodeSearch ? feature?.parent_title : feature?.title;
    if (sameTitle(title, filter.title)) matches.push("title");
  }
  if (filter.year !== null && feature?.year === filter.year) matches.push("year");
  if (filter.season !== null && feature?.season_number === filter.season) matches.push("season");
  if (filter.episode !== null && feature?.episode_number === filter.episode) matches.push("episode");
  return matches;
}

/**
 * One `data[]` entry as a candidate; null when it has no file to download, an unknown language, or
 * it is an AI or machine translation (the search asks for none; one listed anyway is not taken).
 */
export function toCandidate(
  subtitle: Subtitle,
  filter: OpenSubtitlesFilter,
  episodeSearch: boolean,
): ProviderCandidate | null {
  const attrs = subtitle.attributes;
  const file = attrs.files?.[0];
  const language = attrs.language ? languageFromOpenSubtitles(attrs.language) : null;
  if (file === undefined || language === null) return null;
  if (attrs.ai_translated === true || attrs.machine_translated === true) return null;
  const feature = attrs.feature_details;
  const hearingImpaired = attrs.hearing_impaired ?? null;
  return {
    provider: "opensubtitles",
    id: String(file.file_id),
    language,
    releaseNames: attrs.release ? [attrs.release] : [],
    format: formatOf(file.file_name),
    hearingImpaired,
    forced: attrs.foreign_parts_only === true && hearingImpaired !== true,
    season: feature?.season_number ?? null,
    episodes: typeof feature?.episode_number === "number" ? [feature.episode_number] : null,
    seasonPack: false,
    ...(episodeSearch ? {} : { year: feature?.year ?? null }),
    matches: matchesOf(subtitle, filter, episodeSearch),
    uploader: attrs.uploader?.name ?? null,
    downloads: attrs.download_count ?? null,
    pageUrl: attrs.url ?? null,
    data: { file_id: file.file_id },
  };
}
