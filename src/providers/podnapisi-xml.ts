import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";

/** Podnapisi's `search/old?sXML=1` answer (external-apis.md §7). */

const text = z.union([z.string(), z.number()]).transform(String);

const subtitleSchema = z.object({
  pid: text,
  title: text.optional(),
  year: text.optional(),
  tvSeason: text.optional(),
  tvEpisode: text.optional(),
  language: text.optional(),
  flags: text.optional(),
  release: text.optional(),
  url: text.optional(),
  downloads: text.optional(),
});

const pageSchema = z.object({
  results: z.object({
    pagination: z.object({ current: text, count: text }).partial().optional(),
    subtitle: z.array(subtitleSchema).optional(),
  }),
});

export interface PodnapisiSubtitle {
  pid: string;
  title: string | null;
  year: number | null;
  season: number | null;
  episode: number | null;
  language: string | null;
  hearingImpaired: boolean;
  forced: boolean;
  releases: string[];
  url: string | null;
  downloads: number | null;
}

export interface PodnapisiPage {
  current: number;
  count: number;
  subtitles: PodnapisiSubtitle[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "subtitle",
});

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value.trim();
}

/** One result page, or null when the body is not Podnapisi's XML (an HTML error page, a throttle notice). */
export function parsePodnapisiPage(body: string): PodnapisiPage | null {
  if (!body.trimStart().startsWith("<") || XMLValidator.validate(body) !== true) return null;
  const page = pageSchema.safeParse(parser.parse(body));
  if (!page.success) return null;
  const { pagination, subtitle = [] } = page.data.results;
  const current = numberOrNull(pagination?.current) ?? 1;
  return {
    current,
    count: numberOrNull(pagination?.count) ?? current,
    subtitles: subtitle.map((s) => {
      const flags = s.flags ?? "";
      return {
        pid: s.pid.trim(),
        title: nonEmpty(s.title),
        year: numberOrNull(s.year),
        season: numberOrNull(s.tvSeason),
        episode: numberOrNull(s.tvEpisode),
        language: nonEmpty(s.language),
        hearingImpaired: flags.includes("n"),
        forced: flags.includes("f"),
        releases: (s.release ?? "").split(/\s+/).filter((r) => r !== ""),
        url: nonEmpty(s.url),
        downloads: numberOrNull(s.downloads),
      };
    }),
  };
}
