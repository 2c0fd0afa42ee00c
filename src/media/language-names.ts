import { commonLanguageTables, normalizeLanguageName } from "./language-tables.ts";

/**
 * Language names as people write them in file names, from CLDR through `Intl.DisplayNames`
 * (ICU ships inside Bun and the compiled binary): the English name and the language's own name
 * ("Deutsch", "Français", "Русский", "日本語"), and for the regional and script variants that
 * subtitles come in both forms of each ("Brazilian Portuguese", "Portuguese (Brazil)",
 * "Português (Brasil)", "Chinese (Simplified)", "简体中文", "Español (Latinoamérica)").
 *
 * Built on the first name the ISO tables do not know (~0.1 s of ICU work), never at start-up.
 */
const VARIANTS = [
  "pt-BR",
  "pt-PT",
  "es-419",
  "es-ES",
  "es-MX",
  "es-AR",
  "fr-CA",
  "fr-FR",
  "fr-BE",
  "fr-CH",
  "en-US",
  "en-GB",
  "en-AU",
  "de-DE",
  "de-AT",
  "de-CH",
  "nl-BE",
  "zh-Hans",
  "zh-Hant",
  "zh-CN",
  "zh-TW",
  "zh-HK",
  "sr-Latn",
  "sr-Cyrl",
] as const;

let names: ReadonlyMap<string, string> | undefined;
let regions: ReadonlyMap<string, string> | undefined;

/** The tag a normalized name (see `normalizeLanguageName`) stands for; undefined when unknown. */
export function tagOfLanguageName(normalizedName: string): string | undefined {
  names ??= buildNames();
  return names.get(normalizedName);
}

/**
 * The region code of a normalized English region name, long or short ("hong kong sar china",
 * "hong kong", "united states", "us", "latin america"); undefined when unknown.
 */
export function regionOfName(normalizedName: string): string | undefined {
  regions ??= buildRegions();
  return regions.get(normalizedName);
}

function buildRegions(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  const long = regionNames("long");
  const short = regionNames("short");
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const codes = ["419"];
  for (const a of letters) for (const b of letters) codes.push(a + b);
  for (const code of codes) {
    const longName = nameOf(long, code);
    if (longName === undefined) continue;
    table.set(normalizeLanguageName(longName), code);
    // CLDR's short form of a few regions is the code itself ("US"); it is a name only then.
    const shortName = short?.of(code);
    if (shortName !== undefined && shortName !== longName) table.set(normalizeLanguageName(shortName), code);
  }
  return table;
}

function regionNames(style: "long" | "short"): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames(["en"], { type: "region", fallback: "none", style });
  } catch {
    return null;
  }
}

function buildNames(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  const add = (name: string | undefined, tag: string) => {
    if (name === undefined) return;
    const key = normalizeLanguageName(name);
    if (key !== "" && !table.has(key)) table.set(key, tag);
  };
  const english = displayNames("en", "dialect");
  const englishStandard = displayNames("en", "standard");
  const codes = new Set<string>();
  for (const language of commonLanguageTables().byCanonical.values()) {
    if (language.iso6391 !== undefined) codes.add(language.iso6391);
  }
  for (const code of codes) add(nameOf(english, code), code);
  for (const code of codes) add(nameOf(displayNames(code, "dialect"), code), code);
  for (const tag of VARIANTS) {
    add(nameOf(english, tag), tag);
    add(nameOf(englishStandard, tag), tag);
    add(nameOf(displayNames(tag, "dialect"), tag), tag);
    add(nameOf(displayNames(tag, "standard"), tag), tag);
  }
  return table;
}

function displayNames(locale: string, languageDisplay: "dialect" | "standard"): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "none", languageDisplay });
  } catch {
    return null;
  }
}

function nameOf(names: Intl.DisplayNames | null, tag: string): string | undefined {
  try {
    const name = names?.of(tag);
    // ICU answers with the tag itself for a locale it has no data for.
    return name === undefined || name.toLowerCase() === tag.toLowerCase() ? undefined : name;
  } catch {
    return undefined;
  }
}
