import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeSubtitle } from "../../src/subtitles/encoding.ts";
import { prepareSubtitle } from "../../src/subtitles/pipeline.ts";
import { implausibility } from "../../src/subtitles/plausible-text.ts";

/** Made by scripts/make-encoding-fixtures.sh: `<language>.<encoding>.srt` from `source/<language>.srt`. */
const DIR = join(import.meta.dir, "../fixtures/subtitles/encodings");
const FILES = readdirSync(DIR).filter((name) => name.endsWith(".srt"));

function truthOf(language: string): string {
  return readFileSync(join(DIR, "source", `${language}.srt`), "utf8");
}

describe("subtitles in legacy encodings, decoded with their language", () => {
  test.each(FILES)("%s", (name) => {
    const [language = ""] = name.split(".");
    const result = decodeSubtitle(readFileSync(join(DIR, name)), language);
    expect(result).toMatchObject({ ok: true, text: truthOf(language) });
  });
});

describe("without a language: decoded right, or refused, never mojibake", () => {
  test.each(FILES)("%s", (name) => {
    const [language = ""] = name.split(".");
    const result = decodeSubtitle(readFileSync(join(DIR, name)), null);
    if (result.ok) expect(result.text).toBe(truthOf(language));
  });
});

describe("mojibake is refused, not saved", () => {
  test.each([
    // ISO-8859-15 French read as Windows-1252: œ becomes ½.
    ["fr.iso-8859-15.srt", "windows-1252", "symbols inside words"],
    // KOI8-R read as Windows-1251: case flips inside every capitalised word.
    ["ru.koi8-r.srt", "windows-1251", "upper-case letters inside lower-case words"],
    // DOS Cyrillic read as KOI8-R, KOI8-U read as DOS Cyrillic: box-drawing characters.
    ["ru.ibm866.srt", "koi8-r", "box-drawing characters"],
    ["uk.koi8-u.srt", "ibm866", "box-drawing characters"],
    // Thai read as Windows-1252: Latin letters and symbols where Thai ones belong.
    ["th.windows-874.srt", "windows-1252", "symbols inside words"],
    // Persian read as Windows-1252: C1 controls where Persian letters belong.
    ["fa.windows-1256.srt", "windows-1252", "control characters"],
    // Big5 read as GB18030.
    ["zh-Hant.big5.srt", "gb18030", "symbols inside words"],
    // EUC-JP read as Shift_JIS: half-width katakana.
    ["ja.euc-jp.srt", "shift_jis", "bytes this code page does not define"],
    // Hebrew read as Windows-1252: accents on every letter.
    ["he.windows-1255.srt", "windows-1252", "accents on most Latin letters"],
  ] as const)("%s read as %s: %s", (name, label, reason) => {
    const [language = ""] = name.split(".");
    const text = new TextDecoder(label).decode(readFileSync(join(DIR, name)));
    const scripts = language === "he" ? ["Latn"] : [new Intl.Locale(language).maximize().script!];
    expect(implausibility(text, scripts)).toBe(reason);
  });

  test.each([
    ["Tシャツを着たDNA鑑定士がTV局に来た。CDを買った。", "Jpan"],
    ["TV를 봤어요. DNA가 일치합니다. CD를 샀어.", "Kore"],
    ["iPhoneของฉัน TVเครื่องใหม่", "Thai"],
    ["<i>♪ Привет, мир ♪</i>\n№5, 25°C, «Цитата», Т-1000.", "Cyrl"],
    ["{\\an8}Elle a dit : « Ça va ? » — l’œuvre, 1½ heure, 25 °C.", "Latn"],
    ["Paral·lel, col·lecció.", "Latn"],
    ["Tôi không biết anh ấy là ai. Chúng ta phải đi ngay bây giờ.", "Latn"],
  ] as const)("ordinary text reads plausibly: %p", (line, script) => {
    expect(implausibility(`1\n00:00:01,000 --> 00:00:02,000\n${line}\n`, [script])).toBeNull();
  });

  test("letters of another script than the language's", () => {
    const russian = new TextDecoder("windows-1251").decode(readFileSync(join(DIR, "ru.windows-1251.srt")));
    expect(implausibility(russian, ["Thai"])).toBe("letters not in the Thai script");
    expect(implausibility(russian, ["Cyrl"])).toBeNull();
  });

  test("valid Chinese bytes that give only rare characters", () => {
    expect(
      implausibility("1\n00:00:01,000 --> 00:00:02,000\n鱻龘靐齉爨驫麤鸜灪籱\n鱻龘靐齉爨驫麤鸜灪籱\n", [
        "Hant",
      ]),
    ).toBe("only rare Chinese characters");
    expect(implausibility(truthOf("zh-Hant"), ["Hant"])).toBeNull();
  });

  test("a legacy file no page of its language reads is a clear failure", () => {
    const result = decodeSubtitle(readFileSync(join(DIR, "ru.windows-1251.srt")), "th");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.reason).toStartWith("not UTF-8 or UTF-16, and no code page reads as th (Thai script)");
  });

  test("ASCII-only UTF-16 without a BOM is text, not binary", () => {
    const bytes = readFileSync(join(DIR, "en.utf-16le.srt"));
    expect(bytes[0]).not.toBe(0xff);
    expect(decodeSubtitle(bytes, "en")).toMatchObject({
      ok: true,
      encoding: "utf-16le",
      text: truthOf("en"),
    });
  });
});

describe("the download pipeline decodes with the wanted language", () => {
  test("DOS Cyrillic for a Russian item is saved as Russian text", async () => {
    const result = await prepareSubtitle(
      { fileName: "Movie.ru.srt", bytes: readFileSync(join(DIR, "ru.ibm866.srt")) },
      { season: null, episodes: [], language: "ru" },
    );
    expect(result).toMatchObject({ ok: true, encoding: "ibm866", text: truthOf("ru") });
  });

  test("bytes no page of the language reads are refused with the reason", async () => {
    const result = await prepareSubtitle(
      { fileName: "Movie.th.srt", bytes: readFileSync(join(DIR, "ru.koi8-r.srt")) },
      { season: null, episodes: [], language: "th" },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toStartWith("Movie.th.srt: not UTF-8 or UTF-16");
  });
});
