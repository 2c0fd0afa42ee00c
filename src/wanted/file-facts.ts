import type { MediaFile, Unmonitored } from "../library/types.ts";
import { canonicalLanguage } from "../media/languages.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { StoredSidecar } from "./decide.ts";

/**
 * What a scan stores of a file (`media_files.subtitles_json`) so the explainer, the search and a
 * refresh after an upload can decide again without the file system or the arr: its subtitles,
 * the audio languages the probe found, and what the arr said about its series or movie.
 */

/** The arr's view of a file at the last scan. */
export interface LibraryFacts {
  tags: string[];
  unmonitored: Unmonitored | null;
  /** Audio languages the arr reports (tags or names as sent); null when it does not know. */
  arrAudio: string[] | null;
  /** Sonarr's absolute episode numbers of an anime file (searches and packs use them); absent otherwise. */
  absolute?: number[];
  /**
   * Other titles of the series or movie (MediaFile.alternateTitles), for scoring release names; absent
   * when none. Not among what a scan compares to call a file unchanged (scan-file.ts `sameFacts`): no
   * decision depends on them, so a change alone is stored by the next full scan, not by every incremental
   * one rewriting the files.
   */
  alternateTitles?: string[];
}

export interface StoredMedia {
  streams: SubtitleStream[];
  sidecars: StoredSidecar[];
  /** Languages of the audio tracks the probe found (tags as in the file); null when not probed for audio. */
  probedAudio: string[] | null;
  library: LibraryFacts | null;
  /**
   * What the file's items were last decided under, written by a scan only: the profile's fingerprint
   * and how many items the decision named. Absent (older rows, a refresh after an upload) means unknown.
   */
  decided?: DecidedUnder;
}

export interface DecidedUnder {
  profile: string;
  items: number;
}

/** What decide needs to know about a file beyond its subtitles. */
export interface FileContext {
  season: number | null;
  unmonitored: Unmonitored | null;
  /** Canonical audio languages and where they come from; null when unknown. */
  audio: { languages: string[]; from: "arr" | "probe" } | null;
}

export function libraryFactsOf(file: MediaFile): LibraryFacts | null {
  if (file.source === "standalone") return null;
  return {
    tags: file.tags ?? [],
    unmonitored: file.unmonitored ?? null,
    arrAudio: file.arrAudioLanguages ?? null,
    ...(file.absoluteEpisodes?.length ? { absolute: file.absoluteEpisodes } : {}),
    ...(file.alternateTitles?.length ? { alternateTitles: file.alternateTitles } : {}),
  };
}

/** The JSON a scan stores for a file. */
export function storedMediaJson(
  library: LibraryFacts | null,
  streams: readonly SubtitleStream[],
  sidecars: readonly StoredSidecar[],
  probedAudio: readonly string[] | null,
  decided?: DecidedUnder,
): string {
  const stored: StoredMedia = {
    streams: [...streams],
    sidecars: sidecars.map((s) => ({
      fileName: s.fileName,
      language: s.language,
      forced: s.forced,
      hearingImpaired: s.hearingImpaired,
      format: s.format,
    })),
    probedAudio: probedAudio === null ? null : [...probedAudio],
    library,
    ...(decided ? { decided: { profile: decided.profile, items: decided.items } } : {}),
  };
  return JSON.stringify(stored);
}

/**
 * Parsed answers by their JSON, bounded: a scan's quick path, its per-file step and the explainer
 * each read the same file's JSON (up to three parses a file or a listed row). Callers only read them.
 */
const MEMO_LIMIT = 1024;
const parsedMedia = new Map<string, StoredMedia>();

export function readStoredMedia(json: string): StoredMedia {
  const known = parsedMedia.get(json);
  if (known) return known;
  if (parsedMedia.size >= MEMO_LIMIT) parsedMedia.clear();
  // Rows written before the scanner stored both lists hold "[]".
  const parsed = JSON.parse(json) as Partial<StoredMedia> | unknown[];
  const media: StoredMedia = Array.isArray(parsed)
    ? { streams: [], sidecars: [], probedAudio: null, library: null }
    : {
        streams: parsed.streams ?? [],
        sidecars: parsed.sidecars ?? [],
        probedAudio: parsed.probedAudio ?? null,
        library: parsed.library ?? null,
        ...(parsed.decided ? { decided: parsed.decided } : {}),
      };
  parsedMedia.set(json, media);
  return media;
}

function canonicalAll(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const code of codes) {
    const canonical = canonicalLanguage(code);
    if (canonical !== null && !out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** The arr's audio languages when it reports any it can name, else the probe's. */
export function fileContext(
  season: number | null,
  library: LibraryFacts | null,
  probedAudio: readonly string[] | null,
): FileContext {
  const fromArr = canonicalAll(library?.arrAudio ?? []);
  const fromProbe = canonicalAll(probedAudio ?? []);
  return {
    season,
    unmonitored: library?.unmonitored ?? null,
    audio:
      fromArr.length > 0
        ? { languages: fromArr, from: "arr" }
        : fromProbe.length > 0
          ? { languages: fromProbe, from: "probe" }
          : null,
  };
}

export function storedContext(season: number | null, json: string): FileContext {
  const stored = readStoredMedia(json);
  return fileContext(season, stored.library, stored.probedAudio);
}

/** An anime file's absolute episode numbers as its last scan stored them, as a field to spread. */
export function absoluteEpisodesOf(json: string): { absoluteEpisodes?: number[] } {
  const absolute = readStoredMedia(json).library?.absolute;
  return absolute?.length ? { absoluteEpisodes: absolute } : {};
}

/** The other titles of a file's series or movie as its last scan stored them, as a field to spread. */
export function alternateTitlesOf(json: string): { alternateTitles?: string[] } {
  const titles = readStoredMedia(json).library?.alternateTitles;
  return titles?.length ? { alternateTitles: titles } : {};
}

/** Tag labels the last scan stored for a file's series or movie. */
export function storedTags(json: string): string[] {
  return readStoredMedia(json).library?.tags ?? [];
}
