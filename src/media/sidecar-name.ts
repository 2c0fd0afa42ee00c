import { join } from "node:path";
import { canonicalLanguage } from "./languages.ts";

/**
 * Reading a subtitle file's name: `<video base>[.<title>][.<lang>][.<modifier>…].<ext>`, case-insensitive.
 *
 * - Tokens are separated by dots. Inside one token, `-`, `_`, spaces and brackets may join a
 *   language to trailing modifiers ("en-forced", "English_SDH", "English (SDH)"); the video base
 *   must be followed by a dot, never by `-`/`_` ("Movie-en.srt" is not a sidecar of "Movie").
 * - Modifiers, in any order: forced, foreign, signs (→ forced); sdh, psdh, cc, hi (→ hearing
 *   impaired); default. These are the tags Sonarr/Radarr, Jellyfin, Plex and Bazarr write.
 * - `hi` is Hindi only when no other token of the name is a language: "Movie.hi.srt" and
 *   "Movie.hi.forced.srt" are Hindi, "Movie.en.hi.srt" and "Movie.hi.en.srt" English HI.
 * - Languages are read strictly (ISO 639-1/639-2 codes, English and native CLDR names, BCP-47,
 *   known aliases).
 * - A run of other tokens is the subtitle's title, as Sonarr/Radarr and Jellyfin keep it
 *   ("Movie.Commentary.en.srt", "Movie.en.Signs & Songs.ass"), accepted only beside a language
 *   and never when it names another video: an episode ("S01E02", "1x02"), a part or disc
 *   ("Part2", "cd2"), a resolution ("1080p") or a long number.
 * - Two different languages in one name ("Movie.en.de.srt") make it nobody's sidecar.
 * - `.sub` is MicroDVD text here; the directory finder turns a `.idx`+`.sub` pair into one
 *   image-based VobSub entry.
 */
export type SubtitleFormat = "srt" | "ass" | "ssa" | "vtt" | "sub" | "idx" | "sup" | "smi";

export interface SidecarSubtitle {
  path: string;
  fileName: string;
  /** Canonical code ("en", "pt-BR"); null when the name carries no language. */
  language: string | null;
  /** The name's language token as written ("ger", "English", "pt-br"). */
  languageToken: string | null;
  forced: boolean;
  hearingImpaired: boolean;
  default: boolean;
  format: SubtitleFormat;
  /** False for image-based subtitles: PGS (`.sup`) and VobSub (`.idx`+`.sub`). */
  textBased: boolean;
  /** The `.sub` half of a VobSub pair, whose `.idx` is `path`; null otherwise. */
  companionPath: string | null;
}

export interface SubtitleTags {
  language: string | null;
  languageToken: string | null;
  forced: boolean;
  hearingImpaired: boolean;
  default: boolean;
}

export type Modifier = "forced" | "hearingImpaired" | "default";

export type TokenReading =
  | { kind: "modifier"; modifier: Modifier }
  | { kind: "hi" }
  | { kind: "language"; code: string; token: string };

const FORMATS: ReadonlyMap<string, SubtitleFormat> = new Map(
  (["srt", "ass", "ssa", "vtt", "sub", "idx", "sup", "smi"] as const).map((f) => [f, f]),
);

export const MODIFIERS: ReadonlyMap<string, Modifier> = new Map([
  ["forced", "forced"],
  ["foreign", "forced"],
  ["signs", "forced"],
  ["sdh", "hearingImpaired"],
  ["psdh", "hearingImpaired"],
  ["cc", "hearingImpaired"],
  ["default", "default"],
]);

const PART_SEPARATOR = /[-_\s()[\]]+/;
/** A word of a language name: letters only, longer than a code. */
const NAME_WORD = /^\p{L}{4,}$/u;
/** A title token that names another video rather than a subtitle of this one. */
const OTHER_VIDEO =
  /(?:^|[^a-z0-9])(?:s\d{1,4}[ _-]?e\d{1,4}|\d{1,2}x\d{2,3}|(?:part|pt|cd|dis[ck])[ _-]?\d{1,2})(?![a-z0-9])|^(?:\d{3,4}[pi]|[248]k|\d{4,})$/i;

export function subtitleFormatOf(fileName: string): SubtitleFormat | null {
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return null;
  return FORMATS.get(fileName.slice(dot + 1).toLowerCase()) ?? null;
}

export function isTextFormat(format: SubtitleFormat): boolean {
  return format !== "idx" && format !== "sup";
}

/**
 * The sidecar reading of `fileName` for the video whose file name without extension is
 * `videoBaseName`; null when the file is not a subtitle of that video.
 *
 * @example parseSidecarName("Movie", "Movie.en.sdh.srt") // { language: "en", hearingImpaired: true, … }
 */
export function parseSidecarName(
  videoBaseName: string,
  fileName: string,
  directory = "",
): SidecarSubtitle | null {
  const format = subtitleFormatOf(fileName);
  if (format === null) return null;
  const name = fileName.normalize("NFC");
  const base = videoBaseName.normalize("NFC");
  const stem = name.slice(0, name.lastIndexOf("."));
  if (stem.length < base.length || stem.slice(0, base.length).toLowerCase() !== base.toLowerCase()) {
    return null;
  }
  const rest = stem.slice(base.length);
  if (rest !== "" && rest[0] !== ".") return null;
  const readings: TokenReading[] = [];
  const titleAt: number[] = [];
  const tokens = joinNameTokens(rest.split(".").filter((token) => token !== ""));
  for (const [index, token] of tokens.entries()) {
    const reading = readToken(token);
    if (reading !== null) readings.push(...reading);
    else if (OTHER_VIDEO.test(token)) return null;
    else titleAt.push(index);
  }
  const tags = resolveTags(readings);
  if (tags === null) return null;
  if (titleAt.length > 0) {
    const contiguous = titleAt.at(-1)! - titleAt[0]! === titleAt.length - 1;
    if (!contiguous || tags.language === null) return null;
  }
  return sidecar(fileName, directory, format, tags);
}

/**
 * Dot-separated words that together name one language ("Chinese.Simplified",
 * "Portuguese.Brazil", "Spanish.Latin.America") become one token; single words stay as they are.
 */
function joinNameTokens(tokens: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let taken = 1;
    for (let n = Math.min(3, tokens.length - i); n >= 2; n--) {
      const run = tokens.slice(i, i + n);
      if (run.some((token) => !NAME_WORD.test(token) || MODIFIERS.has(token.toLowerCase()))) continue;
      if (canonicalLanguage(run.join(" "), { strict: true }) !== null) {
        taken = n;
        break;
      }
    }
    joined.push(tokens.slice(i, i + taken).join(" "));
    i += taken - 1;
  }
  return joined;
}

export function readToken(token: string): TokenReading[] | null {
  const lower = token.toLowerCase();
  if (lower === "hi") return [{ kind: "hi" }];
  const modifier = MODIFIERS.get(lower);
  if (modifier !== undefined) return [{ kind: "modifier", modifier }];
  const parts = token.split(PART_SEPARATOR).filter((p) => p !== "");
  const readings: TokenReading[] = [];
  let end = parts.length;
  while (end > 0) {
    const part = parts[end - 1]!.toLowerCase();
    const partModifier = MODIFIERS.get(part);
    if (partModifier !== undefined) readings.unshift({ kind: "modifier", modifier: partModifier });
    else if (part === "hi" && end === 1) readings.unshift({ kind: "hi" });
    else if (part === "hi") readings.unshift({ kind: "modifier", modifier: "hearingImpaired" });
    else break;
    end--;
  }
  if (end === 0) return readings;
  const core = parts.slice(0, end).join("-");
  const code = canonicalLanguage(core, { strict: true });
  if (code === null) return null;
  return [{ kind: "language", code, token: spanOf(token, parts.slice(0, end)) }, ...readings];
}

/** The stretch of `token` covering `parts`, separators included: "pt-BR" out of "pt-BR-forced". */
function spanOf(token: string, parts: string[]): string {
  const start = token.indexOf(parts[0]!);
  let end = start;
  for (const part of parts) end = token.indexOf(part, end) + part.length;
  return token.slice(start, end);
}

export function resolveTags(readings: TokenReading[]): SubtitleTags | null {
  const tags = noTags();
  const hasLanguage = readings.some((r) => r.kind === "language");
  for (const reading of readings) {
    if (reading.kind === "language") {
      const merged = tags.language === null ? reading.code : sameLanguage(tags.language, reading.code);
      if (merged === null) return null;
      tags.language = merged;
      tags.languageToken ??= reading.token;
    } else if (reading.kind === "hi" && !hasLanguage && tags.language === null) {
      tags.language = "hi";
      tags.languageToken = "hi";
    } else if (reading.kind === "hi") {
      tags.hearingImpaired = true;
    } else {
      tags[reading.modifier] = true;
    }
  }
  return tags;
}

/** "pt" and "pt-BR" name one language, the more specific; "en" and "de" do not (null). */
function sameLanguage(a: string, b: string): string | null {
  if (a === b) return a;
  if (b.startsWith(`${a}-`)) return b;
  if (a.startsWith(`${b}-`)) return a;
  return null;
}

export function noTags(): SubtitleTags {
  return { language: null, languageToken: null, forced: false, hearingImpaired: false, default: false };
}

export function sidecar(
  fileName: string,
  directory: string,
  format: SubtitleFormat,
  tags: SubtitleTags,
): SidecarSubtitle {
  return {
    path: directory === "" ? fileName : join(directory, fileName),
    fileName,
    ...tags,
    format,
    textBased: isTextFormat(format),
    companionPath: null,
  };
}
