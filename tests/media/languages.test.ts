import { describe, expect, test } from "bun:test";
import {
  canonicalLanguage,
  languageName,
  languageSatisfies,
  parseLanguageTag,
  toIso6391,
  toIso6392B,
  toIso6392T,
  toIso6393,
} from "../../src/media/languages.ts";

describe("canonicalLanguage", () => {
  test.each([
    ["en", "en"],
    ["EN", "en"],
    ["eng", "en"],
    ["ENG", "en"],
    ["ger", "de"],
    ["deu", "de"],
    ["fre", "fr"],
    ["fra", "fr"],
    ["chi", "zh"],
    ["zho", "zh"],
    ["dut", "nl"],
    ["gre", "el"],
    ["jpn", "ja"],
    ["haw", "haw"],
    ["fil", "fil"],
    ["cmn", "cmn"],
  ])("code %p → %p", (token, expected) => {
    expect(canonicalLanguage(token)).toBe(expected);
  });

  test.each([
    ["German", "de"],
    ["english", "en"],
    ["Portuguese", "pt"],
    ["FRENCH", "fr"],
    ["Hawaiian", "haw"],
    ["Greek", "el"],
    ["Modern Greek", "el"],
    ["Malay", "ms"],
    ["Norwegian Bokmål", "nb"],
    ["norwegian bokmal", "nb"],
    ["Brazilian Portuguese", "pt-BR"],
    ["Portuguese (Brazil)", "pt-BR"],
    ["Simplified Chinese", "zh-Hans"],
    ["Farsi", "fa"],
    ["Deutsch", "de"],
    ["Français", "fr"],
    ["español", "es"],
    ["Nederlands", "nl"],
    ["日本語", "ja"],
  ])("name %p → %p", (token, expected) => {
    expect(canonicalLanguage(token)).toBe(expected);
  });

  test.each([
    ["pt-BR", "pt-BR"],
    ["pt-br", "pt-BR"],
    ["PT-BR", "pt-BR"],
    ["PT_BR", "pt-BR"],
    ["zh-hans", "zh-Hans"],
    ["ZH-HANT", "zh-Hant"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["de-ch", "de-CH"],
    ["es-419", "es-419"],
    ["sr-latn", "sr-Latn"],
    ["por-BR", "pt-BR"],
    ["ger-AT", "de-AT"],
    ["sl-rozaj", "sl-rozaj"],
    // Crunchyroll's and Bazarr's Latin American Spanish: nobody subtitles in the Spanish of Laos.
    ["es-LA", "es-419"],
    ["es_la", "es-419"],
    ["spa-la", "es-419"],
  ])("BCP-47 %p → %p", (token, expected) => {
    expect(canonicalLanguage(token)).toBe(expected);
  });

  test.each([
    ["pob", "pt-BR"],
    ["pb", "pt-BR"],
    ["chs", "zh-Hans"],
    ["cht", "zh-Hant"],
    ["jp", "ja"],
    ["cz", "cs"],
    ["iw", "he"],
    ["scc", "sr"],
  ])("release alias %p → %p", (token, expected) => {
    expect(canonicalLanguage(token)).toBe(expected);
  });

  test.each([
    "und",
    "UND",
    "zxx",
    "mul",
    "mis",
    "qaa",
    "",
    "   ",
    "Undetermined",
    "Part2",
    "xx",
    "en-x-private",
    "zh-yue",
    "Klingonish",
  ])("%p → null", (token) => {
    expect(canonicalLanguage(token)).toBeNull();
  });

  test("strict mode keeps to ISO 639-1/639-2, so file-name words are not languages", () => {
    for (const token of ["srt", "ass", "sdh", "mkv", "dub", "sub", "web", "web-dl"]) {
      expect(canonicalLanguage(token, { strict: true })).toBeNull();
    }
    expect(canonicalLanguage("srt")).toBe("srt");
    expect(canonicalLanguage("haw", { strict: true })).toBe("haw");
    expect(canonicalLanguage("German", { strict: true })).toBe("de");
    expect(canonicalLanguage("pt-br", { strict: true })).toBe("pt-BR");
    expect(canonicalLanguage("my-title", { strict: true })).toBeNull();
    expect(canonicalLanguage("de-1901")).toBe("de-1901");
  });

  test.each([
    ["Deutsch", "de"],
    ["Français", "fr"],
    ["français", "fr"],
    ["Español", "es"],
    ["Русский", "ru"],
    ["日本語", "ja"],
    ["Ελληνικά", "el"],
    ["Punjabi", "pa"],
    ["Português (Brasil)", "pt-BR"],
    ["Portuguese (Brazil)", "pt-BR"],
    ["Português europeu", "pt-PT"],
    ["Español (Latinoamérica)", "es-419"],
    ["Chinese (Simplified)", "zh-Hans"],
    ["简体中文", "zh-Hans"],
    ["中文（繁體）", "zh-Hant"],
    ["Chinese (Taiwan)", "zh-TW"],
    ["français canadien", "fr-CA"],
    ["Serbian (Latin)", "sr-Latn"],
    ["Chinese (Hong Kong)", "zh-HK"],
    ["English (US)", "en-US"],
    ["English (United Kingdom)", "en-GB"],
    ["French (Canadian)", "fr-CA"],
    ["yue", "yue"],
  ] as const)("CLDR name %p → %p, also in strict mode", (name, code) => {
    expect(canonicalLanguage(name, { strict: true })).toBe(code);
  });

  test("every 639-1, 639-2/B and 639-2/T spelling of a language gives one code", async () => {
    const { iso6393 } = await import("iso-639-3");
    for (const language of iso6393) {
      if (language.scope === "special") continue;
      const expected = language.iso6391 ?? language.iso6393;
      for (const code of [language.iso6391, language.iso6392B, language.iso6392T, language.iso6393]) {
        if (code !== undefined && code !== "cht") expect(canonicalLanguage(code)).toBe(expected);
      }
    }
  });

  test("canonical output is a fixed point", () => {
    for (const token of ["ger", "pt-br", "zh-hans", "German", "pob", "es-419", "haw"]) {
      const canonical = canonicalLanguage(token)!;
      expect(canonicalLanguage(canonical)).toBe(canonical);
    }
  });

  test("parseLanguageTag splits the subtags", () => {
    expect(parseLanguageTag("zh-hant-tw")).toEqual({
      language: "zh",
      script: "Hant",
      region: "TW",
      variants: [],
    });
  });
});

describe("languageSatisfies", () => {
  test("a base language accepts itself in any spelling and all its variants", () => {
    for (const have of ["pt", "pt-BR", "pt-PT", "por", "Portuguese", "POR"]) {
      expect(languageSatisfies("pt", have)).toBe(true);
    }
    expect(languageSatisfies("de", "de-CH")).toBe(true);
    expect(languageSatisfies("de", "ger")).toBe(true);
    expect(languageSatisfies("zh", "zh-Hant")).toBe(true);
  });

  test("a regional variant does not accept the bare base language unless told to", () => {
    expect(languageSatisfies("pt-BR", "pt")).toBe(false);
    expect(languageSatisfies("pt-BR", "por")).toBe(false);
    expect(languageSatisfies("pt-BR", "pt", { acceptBaseForRegional: true })).toBe(true);
    expect(languageSatisfies("zh-Hans", "zh")).toBe(false);
    expect(languageSatisfies("zh-Hans", "zh", { acceptBaseForRegional: true })).toBe(true);
  });

  test("different variants never satisfy each other", () => {
    expect(languageSatisfies("pt-BR", "pt-PT")).toBe(false);
    expect(languageSatisfies("pt-BR", "pt-PT", { acceptBaseForRegional: true })).toBe(false);
    expect(languageSatisfies("zh-Hans", "zh-Hant")).toBe(false);
    expect(languageSatisfies("zh-Hant", "zh-Hans", { acceptBaseForRegional: true })).toBe(false);
    expect(languageSatisfies("es-419", "es-ES")).toBe(false);
  });

  test("same variant in any spelling satisfies", () => {
    expect(languageSatisfies("pt-BR", "pt-br")).toBe(true);
    expect(languageSatisfies("pt-BR", "pob")).toBe(true);
    expect(languageSatisfies("pt-BR", "por-BR")).toBe(true);
    expect(languageSatisfies("zh-Hans", "chs")).toBe(true);
  });

  test("Latin American Spanish takes the Spanish of each Latin American country (CLDR's es-419 children)", () => {
    for (const have of ["es-MX", "es-AR", "es-CO", "es-CL", "es-US", "spa-MX", "es-LA", "ea"]) {
      expect([have, languageSatisfies("es-419", have)]).toEqual([have, true]);
    }
    expect(languageSatisfies("es-419", "es-ES")).toBe(false);
    expect(languageSatisfies("es-419", "es")).toBe(false);
    // The general never stands in for the particular.
    expect(languageSatisfies("es-MX", "es-419")).toBe(false);
    expect(languageSatisfies("es-MX", "es-AR")).toBe(false);
  });

  test("Chinese regions imply their script", () => {
    expect(languageSatisfies("zh-Hans", "zh-CN")).toBe(true);
    expect(languageSatisfies("zh-Hant", "zh-TW")).toBe(true);
    expect(languageSatisfies("zh-Hans", "zh-TW")).toBe(false);
    expect(languageSatisfies("zh-CN", "zh-Hans")).toBe(true);
    expect(languageSatisfies("zh-TW", "zh-Hans")).toBe(false);
  });

  test("different languages and non-languages never satisfy", () => {
    expect(languageSatisfies("en", "de")).toBe(false);
    expect(languageSatisfies("en", "und")).toBe(false);
    expect(languageSatisfies("und", "und")).toBe(false);
    expect(languageSatisfies("en", "")).toBe(false);
  });

  test("Norwegian takes Bokmål and Nynorsk, not the other way round", () => {
    expect(languageSatisfies("no", "nob")).toBe(true);
    expect(languageSatisfies("no", "nn")).toBe(true);
    expect(languageSatisfies("nb", "no")).toBe(false);
  });
});

describe("ISO conversions and names", () => {
  test("to ISO 639-2/B, 639-2/T, 639-1, 639-3", () => {
    expect(toIso6392B("de")).toBe("ger");
    expect(toIso6392B("de-CH")).toBe("ger");
    expect(toIso6392T("de")).toBe("deu");
    expect(toIso6392B("en")).toBe("eng");
    expect(toIso6392B("zh-Hans")).toBe("chi");
    expect(toIso6392T("zh-Hans")).toBe("zho");
    expect(toIso6391("ger")).toBe("de");
    expect(toIso6391("pt-BR")).toBe("pt");
    expect(toIso6391("haw")).toBeNull();
    expect(toIso6392B("cmn")).toBeNull();
    expect(toIso6393("en")).toBe("eng");
    expect(toIso6392B("und")).toBeNull();
  });

  test("English names", () => {
    expect(languageName("en")).toBe("English");
    expect(languageName("ger")).toBe("German");
    expect(languageName("haw")).toBe("Hawaiian");
    expect(languageName("pt-BR")).toContain("Portuguese");
    expect(languageName("zh-Hans")).toContain("Chinese");
    expect(languageName("und")).toBeNull();
  });
});
