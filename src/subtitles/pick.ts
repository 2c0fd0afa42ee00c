import { parseEpisodeTag } from "./episode-tag.ts";
import type { SubtitleFile } from "./types.ts";

export interface EpisodeWanted {
  season: number | null;
  episodes: number[];
  /** Canonical code ("de", "pt-BR"); breaks ties in packs that carry several languages. */
  language?: string;
}

/** The member of a season pack for this episode, or null; never another episode's file. */
export function pickForEpisode(files: SubtitleFile[], want: EpisodeWanted): SubtitleFile | null {
  return rankForEpisode(files, want)[0] ?? null;
}

/**
 * Members that are this episode, best first: exact season and episodes, then names without a
 * season (anime, "E02"). A name that says nothing is taken only when it is the only member.
 * Ties keep the caller's order.
 */
export function rankForEpisode(files: SubtitleFile[], want: EpisodeWanted): SubtitleFile[] {
  const ranked: { file: SubtitleFile; level: number; language: number; index: number }[] = [];
  files.forEach((file, index) => {
    const level = matchLevel(file, files.length, want);
    if (level > 0) ranked.push({ file, level, language: languageMatch(file.name, want.language), index });
  });
  ranked.sort((a, b) => b.level - a.level || b.language - a.language || a.index - b.index);
  return ranked.map(({ file }) => file);
}

function matchLevel(file: SubtitleFile, memberCount: number, want: EpisodeWanted): number {
  const tag = parseEpisodeTag(file.name);
  if (tag === null) return memberCount === 1 ? 1 : 0;
  if (want.episodes.length === 0 || !sameEpisodes(tag.episodes, want.episodes)) return 0;
  if (tag.season === null || want.season === null) return 2;
  return tag.season === want.season ? 3 : 0;
}

function sameEpisodes(found: number[], wanted: number[]): boolean {
  const foundSet = new Set(found);
  const wantedSet = new Set(wanted);
  return foundSet.size === wantedSet.size && [...wantedSet].every((episode) => foundSet.has(episode));
}

function languageMatch(name: string, language: string | undefined): number {
  if (!language) return 0;
  const tokens = new Set(
    (name.split("/").at(-1) ?? "")
      .toLowerCase()
      .split(/[\s._[\]()-]+/)
      .filter(Boolean),
  );
  const code = language.toLowerCase();
  const base = code.split("-")[0] ?? code;
  if (tokens.has(code.replace("-", "")) || name.toLowerCase().includes(`.${code}.`)) return 2;
  return tokens.has(base) ? 1 : 0;
}
