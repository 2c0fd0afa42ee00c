import { languageName, parseLanguageTag } from "../media/languages.ts";

/**
 * The language names Gestdown's routes take are Addic7ed's: English names, except for the
 * variants Addic7ed names its own way (its list, as Bazarr's Addic7ed converter records it).
 */

/** One route to ask, and the language a subtitle found there carries. */
export interface GestdownLanguage {
  name: string;
  language: string;
}

/** Spanish of these regions is what Addic7ed files under "Spanish (Latin America)". */
const LATIN_AMERICA = new Set("419 AR BO CL CO CR CU DO EC GT HN MX NI PA PE PR PY SV US UY VE".split(" "));
const TRADITIONAL_REGIONS = new Set(["TW", "HK", "MO"]);

const OWN_NAMES: Readonly<Record<string, string>> = {
  ca: "Català",
  eu: "Euskera",
  gl: "Galego",
  el: "Greek",
  ms: "Malay",
  nb: "Norwegian",
  no: "Norwegian",
};

const name = (label: string, language: string): GestdownLanguage => ({ name: label, language });

/**
 * The Addic7ed names to ask for one wanted language: a regional want asks its variant's name
 * (es-MX → "Spanish (Latin America)", found subtitles then carry es-MX); a bare want asks every
 * variant, each found subtitle carrying the variant it came from. Empty when Addic7ed has no name.
 */
export function gestdownLanguages(code: string): GestdownLanguage[] {
  const tag = parseLanguageTag(code);
  if (tag === null) return [];
  const bare = tag.script === null && tag.region === null;
  switch (tag.language) {
    case "pt":
      if (tag.region === "BR") return [name("Portuguese (Brazilian)", code)];
      if (bare) return [name("Portuguese", "pt"), name("Portuguese (Brazilian)", "pt-BR")];
      return [name("Portuguese", code)];
    case "es":
      if (tag.region !== null && LATIN_AMERICA.has(tag.region))
        return [name("Spanish (Latin America)", code)];
      if (tag.region === "ES") return [name("Spanish (Spain)", code), name("Spanish", code)];
      return [
        name("Spanish", "es"),
        name("Spanish (Spain)", "es-ES"),
        name("Spanish (Latin America)", "es-419"),
      ];
    case "zh": {
      const traditional = tag.script === "Hant" || TRADITIONAL_REGIONS.has(tag.region ?? "");
      if (traditional) return [name("Chinese (Traditional)", code)];
      if (bare) return [name("Chinese (Simplified)", "zh-Hans"), name("Chinese (Traditional)", "zh-Hant")];
      return [name("Chinese (Simplified)", code)];
    }
    case "sr":
      if (tag.script === "Cyrl") return [name("Serbian (Cyrillic)", code)];
      if (tag.script === "Latn") return [name("Serbian (Latin)", code)];
      return [name("Serbian (Latin)", "sr-Latn"), name("Serbian (Cyrillic)", "sr-Cyrl")];
    case "fr":
      if (tag.region === "CA") return [name("French (Canadian)", code)];
      return [name("French", code)];
  }
  const own = OWN_NAMES[tag.language];
  if (own !== undefined) return [name(own, code)];
  const english = languageName(tag.language);
  return english === null ? [] : [name(english, code)];
}
