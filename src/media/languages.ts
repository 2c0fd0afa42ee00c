import { keepFromFtl } from "../jit-tier.ts";
import { regionOfName, tagOfLanguageName } from "./language-names.ts";
import {
  canonicalCodeOf,
  isCommonLanguage,
  LANGUAGE_ALIASES,
  languageOfCanonical,
  languageOfCode,
  languageOfName,
  NON_LANGUAGE_CODES,
  normalizeLanguageName,
} from "./language-tables.ts";

/**
 * One canonical code per language: ISO 639-1 where it exists ("en"), otherwise ISO 639-3
 * ("haw"), followed by BCP-47 subtags in their normal case ("pt-BR", "zh-Hans", "es-419").
 *
 * Accepted spellings, case-insensitive: ISO 639-1, 639-2/B, 639-2/T and 639-3 codes; English
 * names ("German", "modern greek", "Norwegian Bokmål"); CLDR names in English and in the language
 * itself ("Deutsch", "Português (Brasil)", "Chinese (Simplified)"); BCP-47 tags with `-` or `_`
 * ("pt-br", "PT_BR", "zh-hans", "por-BR" → "pt-BR"); and the aliases in `LANGUAGE_ALIASES`
 * (pb/pob → pt-BR, chs/cht → zh-Hans/zh-Hant, jp, cz, gr, iw, ji, jw, scc, scr, …).
 * "und", "zxx", "mul", "mis", private-use codes (qaa–qtz), extlang and extension subtags → null.
 */
export interface LanguageTag {
  language: string;
  script: string | null;
  region: string | null;
  variants: string[];
}

export interface CanonicalLanguageOptions {
  /**
   * Accept only languages that have an ISO 639-1 or 639-2 code, by code or name, and no variant
   * subtags. File names need this: "srt", "ass", "sdh", "mkv" and "dub" are all ISO 639-3 codes,
   * and "My Title" would otherwise be Burmese with the variant "title".
   */
  strict?: boolean;
}

export interface LanguageMatchOptions {
  /** Let a plain "pt" (or an unscripted "zh") satisfy a wanted "pt-BR" ("zh-Hans"). */
  acceptBaseForRegional?: boolean;
}

const TAG_SHAPE = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;
const PRIVATE_USE = /^q[a-t][a-z]$/;
const SCRIPT = /^[a-z]{4}$/;
const REGION = /^(?:[a-z]{2}|\d{3})$/;
const VARIANT = /^(?:[a-z0-9]{5,8}|\d[a-z0-9]{3})$/;

/** Chinese regions imply a script, so "zh-TW" subtitles are Traditional ones. */
const CHINESE_REGION_SCRIPT: ReadonlyMap<string, string> = new Map([
  ["CN", "Hans"],
  ["SG", "Hans"],
  ["MY", "Hans"],
  ["TW", "Hant"],
  ["HK", "Hant"],
  ["MO", "Hant"],
]);

/**
 * Regions that, after one language, mean another region: "es-LA" (Crunchyroll's and Bazarr's
 * `.es-la`/`.spa-la`) is Latin American Spanish, not the Spanish of Laos.
 */
const REGION_ALIASES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ["es", new Map([["LA", "419"]])],
]);

/**
 * Regions inside a wider one, per language, as CLDR's parent locales have them: es-MX, es-AR, …
 * are kinds of es-419 (Latin American Spanish), so a subtitle in one of them serves a profile
 * wanting es-419 (never the other way round).
 */
const REGIONS_WITHIN: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>> = new Map([
  [
    "es",
    new Map([
      ["419", new Set("AR BO BR BZ CL CO CR CU DO EC GT HN MX NI PA PE PR PY SV US UY VE".split(" "))],
    ]),
  ],
]);

/** Most "nob"/"nno" tracks are what a profile asking for "no" means. */
const MACROLANGUAGE_MEMBERS: ReadonlyMap<string, readonly string[]> = new Map([["no", ["nb", "nn"]]]);

/**
 * Answers remembered per spelling: a scan asks about the same few codes for every file (decide
 * parsed "en" and "eng" ~10 times a file, 0.4 s of a 50,000-file re-scan). Bounded, as spellings
 * come from outside (file names, providers).
 */
const MEMO_LIMIT = 4096;
const canonicalMemo = new Map<string, string | null>();
const tagMemo = new Map<string, LanguageTag | null>();

function remember<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
}

export function canonicalLanguage(token: string, options: CanonicalLanguageOptions = {}): string | null {
  return remember(canonicalMemo, `${options.strict ? "s" : "l"}${token}`, () => {
    const tag = parseLanguageTag(token, options);
    return tag === null ? null : formatLanguageTag(tag);
  });
}

/** The parsed tag, shared between calls: only for readers here that never change it. */
const sharedTag = (code: string) => remember(tagMemo, code, () => parseLanguageTag(code));

// Memo lookups run for every file of a scan in one burst: an FTL compile of them (~30–60 ms of
// compiler-thread CPU during a first scan) costs more than it wins back (jit-tier.ts).
keepFromFtl(remember, canonicalLanguage);

export function parseLanguageTag(token: string, options: CanonicalLanguageOptions = {}): LanguageTag | null {
  const trimmed = token.trim();
  if (trimmed === "") return null;
  const strict = options.strict ?? false;
  const lower = trimmed.toLowerCase();
  const alias = LANGUAGE_ALIASES.get(lower) ?? LANGUAGE_ALIASES.get(normalizeLanguageName(trimmed));
  if (alias !== undefined) return parseTagSyntax(alias.toLowerCase(), strict) ?? null;
  if (TAG_SHAPE.test(trimmed)) {
    const tag = parseTagSyntax(lower, strict);
    if (tag !== undefined) return tag;
  }
  return languageByName(trimmed, strict);
}

export function formatLanguageTag(tag: LanguageTag): string {
  return [tag.language, tag.script, tag.region, ...tag.variants].filter((part) => part !== null).join("-");
}

/**
 * Whether a subtitle in `have` serves a profile that wants `wanted`. A base language accepts
 * every regional or script variant of itself ("pt" takes "pt-BR"); a variant wants exactly
 * itself ("pt-BR" never takes "pt-PT"; "zh-Hans" never takes "zh-Hant") or a region within it
 * ("es-419" takes "es-MX"), and takes the bare base language only with `acceptBaseForRegional`.
 */
export function languageSatisfies(wanted: string, have: string, options: LanguageMatchOptions = {}): boolean {
  const want = sharedTag(wanted);
  const got = sharedTag(have);
  if (want === null || got === null) return false;
  if (want.language !== got.language) {
    const members = MACROLANGUAGE_MEMBERS.get(want.language);
    const bareWant = want.script === null && want.region === null && want.variants.length === 0;
    return bareWant && (members?.includes(got.language) ?? false);
  }
  const acceptBase = options.acceptBaseForRegional ?? false;
  const wantScript = effectiveScript(want);
  const gotScript = effectiveScript(got);
  if (wantScript !== null) {
    if (gotScript !== null && gotScript !== wantScript) return false;
    if (gotScript === null && !acceptBase) return false;
  }
  if (want.region !== null && got.region !== want.region) {
    if (got.region !== null) {
      if (!(REGIONS_WITHIN.get(want.language)?.get(want.region)?.has(got.region) ?? false)) return false;
    } else {
      const scriptSaysEnough = want.script === null && wantScript !== null && gotScript === wantScript;
      if (!scriptSaysEnough && !acceptBase) return false;
    }
  }
  if (want.variants.length > 0 && want.variants.join("-") !== got.variants.join("-")) {
    if (got.variants.length > 0 || !acceptBase) return false;
  }
  return true;
}

/** ISO 639-2/B code of the (base) language: "de-CH" → "ger". Null when it has none. */
export function toIso6392B(code: string): string | null {
  return baseLanguageOf(code)?.iso6392B ?? null;
}

/** ISO 639-2/T code of the (base) language: "de" → "deu". Null when it has none. */
export function toIso6392T(code: string): string | null {
  return baseLanguageOf(code)?.iso6392T ?? null;
}

/** ISO 639-1 code of the (base) language: "ger" → "de", "pt-BR" → "pt". Null when it has none. */
export function toIso6391(code: string): string | null {
  return baseLanguageOf(code)?.iso6391 ?? null;
}

/** ISO 639-3 code of the (base) language: "en" → "eng". */
export function toIso6393(code: string): string | null {
  return baseLanguageOf(code)?.iso6393 ?? null;
}

let displayNames: Intl.DisplayNames | undefined;

/** English name: "en" → "English", "pt-BR" → "Brazilian Portuguese", "haw" → "Hawaiian". */
export function languageName(code: string): string | null {
  const tag = parseLanguageTag(code);
  if (tag === null) return null;
  const canonical = formatLanguageTag(tag);
  displayNames ??= new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
  let name: string | undefined;
  try {
    name = displayNames.of(canonical);
  } catch {
    name = undefined;
  }
  if (name !== undefined && name.toLowerCase() !== canonical.toLowerCase()) return name;
  const base = languageOfCanonical(tag.language)?.name ?? tag.language;
  return canonical === tag.language ? base : `${base} (${canonical.slice(tag.language.length + 1)})`;
}

function baseLanguageOf(code: string) {
  const tag = parseLanguageTag(code);
  return tag === null ? undefined : languageOfCanonical(tag.language);
}

function effectiveScript(tag: LanguageTag): string | null {
  if (tag.script !== null) return tag.script;
  if (tag.language === "zh" && tag.region !== null) return CHINESE_REGION_SCRIPT.get(tag.region) ?? null;
  return null;
}

/** The canonical base code; null for "no language" codes; undefined when not a known code. */
function baseCode(code: string, strict: boolean): string | null | undefined {
  if (NON_LANGUAGE_CODES.has(code) || PRIVATE_USE.test(code)) return null;
  const alias = LANGUAGE_ALIASES.get(code);
  if (alias !== undefined && !alias.includes("-")) return alias;
  const language = languageOfCode(code);
  if (language === undefined) return undefined;
  if (language.scope === "special") return null;
  if (strict && !isCommonLanguage(language)) return undefined;
  return canonicalCodeOf(language);
}

/** Null: a valid tag for no language. Undefined: not a tag we understand. */
function parseTagSyntax(lower: string, strict: boolean): LanguageTag | null | undefined {
  const [first = "", ...rest] = lower.split(/[-_]/);
  const language = baseCode(first, strict);
  if (language == null) return language;
  const tag: LanguageTag = { language, script: null, region: null, variants: [] };
  let stage = 0;
  for (const subtag of rest) {
    if (stage < 1 && SCRIPT.test(subtag)) {
      tag.script = subtag[0]!.toUpperCase() + subtag.slice(1);
      stage = 1;
    } else if (stage < 2 && REGION.test(subtag)) {
      const region = subtag.toUpperCase();
      tag.region = REGION_ALIASES.get(language)?.get(region) ?? region;
      stage = 2;
    } else if (!strict && VARIANT.test(subtag)) {
      tag.variants.push(subtag);
      stage = 3;
    } else {
      return undefined;
    }
  }
  return tag;
}

function languageByName(name: string, strict: boolean): LanguageTag | null {
  const normalized = normalizeLanguageName(name);
  return plainLanguageName(normalized, strict) ?? languageAndRegion(normalized, strict);
}

function plainLanguageName(normalized: string, strict: boolean): LanguageTag | null {
  const language = languageOfName(normalized);
  if (language !== undefined && language.scope === "special") return null;
  if (language !== undefined && (!strict || isCommonLanguage(language))) {
    return { language: canonicalCodeOf(language), script: null, region: null, variants: [] };
  }
  const tag = tagOfLanguageName(normalized);
  return tag === undefined ? null : (parseTagSyntax(tag.toLowerCase(), strict) ?? null);
}

/** "chinese hong kong", "english united states", "spanish latin america": a name, then a region's. */
function languageAndRegion(normalized: string, strict: boolean): LanguageTag | null {
  const words = normalized.split(" ");
  for (let split = 1; split < words.length; split++) {
    const region = regionOfName(words.slice(split).join(" "));
    if (region === undefined) continue;
    const language = plainLanguageName(words.slice(0, split).join(" "), strict);
    if (language !== null && language.region === null) return { ...language, region };
  }
  return null;
}
