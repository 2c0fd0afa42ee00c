import { readFileSync } from "node:fs";
import type { Language } from "iso-639-3";
import commonJson from "../../generated/iso639-common.txt" with { type: "text" };
import iso6393Path from "../../generated/iso6393.txt" with { type: "file" };

/**
 * Two tables from the `iso-639-3` package, rendered to JSON by `npm run generate`: the ~420
 * languages subtitles are written in (those with an ISO 639-1 or 639-2 code, see
 * `isCommonLanguage`) and all ~7,900. The full one costs ~3.5 MiB of heap once read and its codes
 * parsed (its text alone 1.2 MiB; its names ~1.7 MiB more), and start-up and config checks only
 * ask for common languages, so it stays a file until a code or name the common table lacks is
 * looked up. Every answer the common
 * table gives is the full table's answer (tests/media/language-tables.test.ts checks each key).
 */
function parseLanguages(json: string): readonly Language[] {
  return JSON.parse(json) as Language[];
}

/**
 * Lookup tables over the ISO 639-3 data package, built once on first use. Everything here is
 * pure data derived from the package plus the few aliases below that it cannot know.
 */
export interface LanguageTables {
  /** Every ISO 639-1, 639-2/B, 639-2/T and 639-3 code, lower case, to its language. */
  byCode: ReadonlyMap<string, Language>;
  /** Normalized English ISO names (see `normalizeLanguageName`) to their language; CLDR names are in `language-names.ts`. */
  byName: ReadonlyMap<string, Language>;
  /** Canonical code (639-1, else 639-3) to its language. */
  byCanonical: ReadonlyMap<string, Language>;
}

/**
 * Spellings seen in subtitle releases and old metadata that the ISO tables lack, each mapped to
 * a canonical tag. Keys are lower case; multi-word keys are in `normalizeLanguageName` form.
 * `cht` is ISO 639-3 for the extinct Cholón, which no subtitle is ever written in, while
 * `chs`/`cht` for Simplified/Traditional Chinese are everywhere in subtitle releases.
 */
export const LANGUAGE_ALIASES: ReadonlyMap<string, string> = new Map([
  ["pb", "pt-BR"],
  ["pob", "pt-BR"],
  ["chs", "zh-Hans"],
  // Bazarr's own codes for Traditional Chinese and Latin American Spanish.
  ["zt", "zh-Hant"],
  ["zht", "zh-Hant"],
  ["ea", "es-419"],
  ["cht", "zh-Hant"],
  ["jp", "ja"],
  ["cz", "cs"],
  ["gr", "el"],
  ["iw", "he"],
  ["ji", "yi"],
  ["jw", "jv"],
  ["scc", "sr"],
  ["scr", "hr"],
  ["greek", "el"],
  ["farsi", "fa"],
  ["flemish", "nl"],
  ["bokmal", "nb"],
  ["nynorsk", "nn"],
  ["brazilian", "pt-BR"],
  ["brazilian portuguese", "pt-BR"],
  ["portuguese brazil", "pt-BR"],
  ["portuguese brazilian", "pt-BR"],
  ["simplified chinese", "zh-Hans"],
  ["chinese simplified", "zh-Hans"],
  ["traditional chinese", "zh-Hant"],
  ["chinese traditional", "zh-Hant"],
  ["latin american spanish", "es-419"],
  ["spanish latino", "es-419"],
  ["latino", "es-419"],
  ["castilian", "es-ES"],
  ["spanish castilian", "es-ES"],
  ["castellano", "es-ES"],
  ["french canadian", "fr-CA"],
  ["portuguese european", "pt-PT"],
  ["spanish latin america", "es-419"],
  ["spanish latin american", "es-419"],
]);

/** Codes that say "no particular language": never a wanted or detected language. */
export const NON_LANGUAGE_CODES: ReadonlySet<string> = new Set(["und", "zxx", "mul", "mis"]);

/** Lower case, diacritics dropped, every run of punctuation or space turned into one space. */
export function normalizeLanguageName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function canonicalCodeOf(language: Language): string {
  return language.iso6391 ?? language.iso6393;
}

/** Mandarin and Cantonese have no ISO 639-1/639-2 code, yet streaming rips label subtitles `cmn`/`yue`. */
const COMMON_639_3_ONLY: ReadonlySet<string> = new Set(["cmn", "yue"]);

/** Whether the language has an ISO 639-1 or 639-2 code: the set subtitle files actually use. */
export function isCommonLanguage(language: Language): boolean {
  return (
    language.iso6391 !== undefined ||
    language.iso6392B !== undefined ||
    COMMON_639_3_ONLY.has(language.iso6393)
  );
}

let common: LanguageTables | undefined;
let full: LanguageTables | undefined;

/** The common languages' tables: enough for every language a subtitle is written in. */
export function commonLanguageTables(): LanguageTables {
  common ??= buildTables(parseLanguages(commonJson));
  return common;
}

/** Every ISO 639-3 language; read from its file on the first lookup the common table cannot answer. */
export function fullLanguageTables(): LanguageTables {
  full ??= buildTables(parseLanguages(readFileSync(iso6393Path, "utf8")));
  return full;
}

/** Whether a lookup has needed the full table yet (a start-up or scan that did costs 3.5 MiB more). */
export function fullLanguageTablesLoaded(): boolean {
  return full !== undefined;
}

/** The language of an ISO 639-1, 639-2/B, 639-2/T or 639-3 code (lower case). */
export function languageOfCode(code: string): Language | undefined {
  return commonLanguageTables().byCode.get(code) ?? fullLanguageTables().byCode.get(code);
}

/** The language of a canonical code (639-1, else 639-3). */
export function languageOfCanonical(code: string): Language | undefined {
  return commonLanguageTables().byCanonical.get(code) ?? fullLanguageTables().byCanonical.get(code);
}

/** The language of a name in `normalizeLanguageName` form ("german", "modern greek"). */
export function languageOfName(normalized: string): Language | undefined {
  return commonLanguageTables().byName.get(normalized) ?? fullLanguageTables().byName.get(normalized);
}

function rank(language: Language): number {
  if (language.iso6391) return 0;
  if (language.iso6392B) return 1;
  return language.type === "living" ? 2 : 3;
}

function buildTables(iso6393: readonly Language[]): LanguageTables {
  const byCode = new Map<string, Language>();
  const byCanonical = new Map<string, Language>();
  for (const language of iso6393) {
    for (const code of [language.iso6391, language.iso6392B, language.iso6392T, language.iso6393]) {
      if (code !== undefined) byCode.set(code, language);
    }
    byCanonical.set(canonicalCodeOf(language), language);
  }
  // Names cost ~40 ms to normalize: built when a name is first looked up, not for every code.
  let byName: Map<string, Language> | undefined;
  return {
    byCode,
    byCanonical,
    get byName() {
      byName ??= buildNames(iso6393);
      return byName;
    },
  };
}

function buildNames(iso6393: readonly Language[]): Map<string, Language> {
  const byName = new Map<string, Language>();
  const byBareName = new Map<string, Language>();
  for (const language of iso6393) {
    byName.set(normalizeLanguageName(language.name), language);
    // "Modern Greek (1453-)" is also "modern greek", "Malay (macrolanguage)" also "malay".
    const bare = normalizeLanguageName(language.name.replace(/\s*\([^)]*\)/g, ""));
    const rival = byBareName.get(bare);
    if (bare !== "" && (rival === undefined || rank(language) < rank(rival))) byBareName.set(bare, language);
  }
  for (const [name, language] of byBareName) if (!byName.has(name)) byName.set(name, language);
  return byName;
}
