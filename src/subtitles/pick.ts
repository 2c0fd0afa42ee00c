import { languageSatisfies } from "../media/languages.ts";
import { parseLooseSubtitleName } from "../media/loose-subtitle-name.ts";
import { parseEpisodeTag } from "./episode-tag.ts";
import type { SubtitleFile } from "./types.ts";

export interface EpisodeWanted {
  season: number | null;
  episodes: number[];
  /** Canonical code ("de", "pt-BR"); breaks ties in packs that carry several languages. */
  language?: string;
  /** A forced (foreign parts only) subtitle is wanted; otherwise a full one, and forced members come last. */
  forced?: boolean;
  /** Sonarr's absolute numbers of the episodes (anime): packs numbered so ("Show - 1071") match too. */
  absoluteEpisodes?: number[];
}

/** The member of a season pack for this episode, or null; never another episode's file. */
export function pickForEpisode(files: SubtitleFile[], want: EpisodeWanted): SubtitleFile | null {
  return rankForEpisode(files, want)[0] ?? null;
}

/**
 * Members that are this episode, best first: exact season and episodes, then names without a
 * season (anime, "E02", "Title 02"). A name that says nothing is taken only when it is the only member.
 * Among those, members named in the wanted language, then of the wanted kind (full or forced);
 * members named in another language are left out when one is named in the wanted language.
 * Ties keep the caller's order.
 */
export function rankForEpisode(files: SubtitleFile[], want: EpisodeWanted): SubtitleFile[] {
  return ranked(files, want, (file) => matchLevel(file, files.length, want));
}

/**
 * A movie's download with several files, best first: those named in the wanted language, then
 * of the wanted kind (full or forced); as rankForEpisode, other languages are left out beside the
 * wanted one. Ties keep the caller's order.
 */
export function rankByLanguage(
  files: SubtitleFile[],
  want: Pick<EpisodeWanted, "language" | "forced">,
): SubtitleFile[] {
  return ranked(files, want, () => 1);
}

/** Members whose `level` is above 0, by level, then language, then kind. */
function ranked(
  files: SubtitleFile[],
  want: Pick<EpisodeWanted, "language" | "forced">,
  levelOf: (file: SubtitleFile) => number,
): SubtitleFile[] {
  const scored: { file: SubtitleFile; index: number; level: number; language: number; variant: number }[] =
    [];
  files.forEach((file, index) => {
    const level = levelOf(file);
    if (level <= 0) return;
    const reading = readName(file.name);
    scored.push({
      file,
      index,
      level,
      language: languageMatch(file.name, reading.language, want.language),
      variant: reading.forced === (want.forced ?? false) ? 1 : 0,
    });
  });
  scored.sort(
    (a, b) => b.level - a.level || b.language - a.language || b.variant - a.variant || a.index - b.index,
  );
  // Beside a file named in the wanted language, one named in another is never a fallback.
  const named = scored.some((entry) => entry.language >= 3);
  return scored.filter((entry) => !named || entry.language >= 2).map(({ file }) => file);
}

function matchLevel(file: SubtitleFile, memberCount: number, want: EpisodeWanted): number {
  const tag = parseEpisodeTag(file.name);
  const absolute = want.absoluteEpisodes ?? [];
  // An anime pack numbered absolutely ("Show - 1071") names no other season: its numbers are the episodes' own.
  if (
    tag !== null &&
    absolute.length > 0 &&
    (tag.season === null || tag.season === want.season) &&
    sameEpisodes(tag.episodes, absolute)
  )
    return 2;
  const matches = tag !== null && want.episodes.length > 0 && sameEpisodes(tag.episodes, want.episodes);
  // A bare number may count another way (absolute anime numbering): it says nothing against a lone member.
  if (tag === null || (tag.weak && !matches)) return memberCount === 1 ? 1 : 0;
  if (!matches) return 0;
  if (tag.season === null || want.season === null) return 2;
  return tag.season === want.season ? 3 : 0;
}

function sameEpisodes(found: number[], wanted: number[]): boolean {
  const foundSet = new Set(found);
  const wantedSet = new Set(wanted);
  return foundSet.size === wantedSet.size && [...wantedSet].every((episode) => foundSet.has(episode));
}

/** Language and forced flag as the name's trailing words give them ("eng", "German", "pt-BR.forced"). */
function readName(path: string): { language: string | null; forced: boolean } {
  const reading = parseLooseSubtitleName(path.split("/").at(-1) ?? path);
  return { language: reading?.language ?? null, forced: reading?.forced ?? false };
}

/**
 * 5: the name ends in the wanted language; 4: in a language it covers ("pt-BR" for "pt"), or the
 * wanted code stands elsewhere in the name; 3: its base code does; 2: the name gives no language;
 * 1: it ends in another variant of the language ("pt" for "pt-BR"); 0: in another language.
 */
function languageMatch(name: string, named: string | null, language: string | undefined): number {
  if (!language) return 0;
  const code = language.toLowerCase();
  const base = code.split("-")[0] ?? code;
  if (named !== null) {
    if (named.toLowerCase() === code) return 5;
    if (languageSatisfies(language, named)) return 4;
    return named.toLowerCase().split("-")[0] === base ? 1 : 0;
  }
  const tokens = new Set(
    (name.split("/").at(-1) ?? "")
      .toLowerCase()
      .split(/[\s._[\]()-]+/)
      .filter(Boolean),
  );
  if (tokens.has(code.replace("-", "")) || name.toLowerCase().includes(`.${code}.`)) return 4;
  return tokens.has(base) ? 3 : 2;
}
