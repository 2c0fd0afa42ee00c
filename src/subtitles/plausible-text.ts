/**
 * Whether text decoded from a legacy code page reads as text rather than mojibake. A wrong code
 * page still yields characters, so the decoding is judged by what they are:
 * - no U+FFFD (bytes the page does not define), no C1 control characters, no box drawing;
 * - letters in the expected scripts (when the language is known): most letters for a non-Latin
 *   script, nearly all for a Latin one; Latin text with accents on most letters is another
 *   script read through a Latin page;
 * - no symbol between two letters ("c½ur" is ISO-8859-15 "cœur" read as Windows-1252, "mo¿e"
 *   Polish read as Western, box-drawing characters are DOS Cyrillic read as KOI8), nor leading a
 *   word ("©koda");
 * - no words whose case flips from lower to upper inside them (KOI8-R read as Windows-1251 gives
 *   "пРИВЕТ"; ISO-8859-7's "σ’" read as Windows-1253 gives "σΆ"), no words mixing two scripts;
 * - for Japanese, not mostly half-width katakana (EUC-JP read as Shift_JIS); for Chinese, some of
 *   the commonest characters (Big5 read as GB18030 gives only rare ones).
 * Returns why the text is implausible, or null when it reads plausibly.
 */
export function implausibility(text: string, scripts: readonly string[] | null): string | null {
  if (text.includes("\uFFFD")) return "bytes this code page does not define";
  if (C1_CONTROL.test(text)) return "control characters";
  if (BOX_DRAWING.test(text)) return "box-drawing characters";
  if (SYMBOL_IN_WORD.test(text) || SYMBOL_STARTING_WORD.test(text)) return "symbols inside words";
  // A wrong code page garbles the whole file alike, so the letter statistics need only a sample.
  const sample = text.length > SAMPLE_LENGTH ? text.slice(0, SAMPLE_LENGTH) : text;
  const letters = count(sample, LETTER);
  if (letters === 0) return null;
  if (scripts !== null) {
    const latinExpected = scripts.includes("Latn");
    const expected = count(sample, scriptClass(scripts)) + (latinExpected ? count(sample, ASCII_LETTER) : 0);
    if (latinExpected && scripts.length === 1 ? expected < letters * 0.98 : expected < letters * 0.3) {
      return `letters not in the ${scripts.join("/")} script`;
    }
  }
  const accentedLatin = count(sample, ACCENTED_LATIN);
  const latin = count(sample, ASCII_LETTER) + accentedLatin;
  // Even Vietnamese keeps most letters plain; another script read as a Latin page accents nearly all.
  if (latin > letters / 2 && accentedLatin > latin / 2) return "accents on most Latin letters";
  const words = sample.match(WORD) ?? [];
  let flipped = 0;
  let accentedFlips = 0;
  let mixed = 0;
  for (const word of words) {
    if (CASE_FLIP.test(word)) flipped++;
    if (ACCENTED_CAPITAL_FLIP.test(word)) accentedFlips++;
    if (!ASCII_WORD.test(word) && mixesScripts(word)) mixed++;
  }
  if (accentedFlips >= 2 || (words.length > 0 && flipped / words.length > 0.03)) {
    return "upper-case letters inside lower-case words";
  }
  if (words.length > 0 && mixed / words.length > 0.02) return "words mixing scripts";
  if (count(sample, HALF_WIDTH_KANA) / letters > 0.2) return "mostly half-width katakana";
  const han = sample.match(HAN) ?? [];
  if (han.length >= 20 && han.filter((c) => COMMON_HAN.includes(c)).length / han.length < 0.05) {
    return "only rare Chinese characters";
  }
  return null;
}

const SAMPLE_LENGTH = 32_768;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

const C1_CONTROL = /[\u0080-\u009F]/;
/** DOS and KOI8 pages put box drawing where other pages have letters; no subtitle draws boxes. */
const BOX_DRAWING = /[\u2500-\u259F]/;
const SYMBOL_IN_WORD = /\p{L}[\p{S}\p{No}\p{Co}\p{Cn}¿¡§¶«»]\p{L}/u;
/** "©koda" (8859-2 Š read as 1250), "¶λλο" (8859-7 Ά read as 1253); music notes and currency may lead a word. */
const SYMBOL_STARTING_WORD = /(?:^|\s)(?![♩♪♫♬$€£¥₽])[\p{S}\p{No}\p{Co}\p{Cn}§¶]\p{L}{2}/mu;
const LETTER = /\p{L}/gu;
const ASCII_LETTER = /[A-Za-z]/g;
const ASCII_WORD = /^[A-Za-z]+$/;
const ACCENTED_LATIN = /[^\P{Script=Latin}\p{ASCII}]/gu;
const HALF_WIDTH_KANA = /[\uFF61-\uFF9F]/g;
const WORD = /[\p{L}\p{M}]{2,}/gu;
const CASE_FLIP = /[^\P{Ll}\p{ASCII}][^\P{Lu}\p{ASCII}]/u;
/** An accented capital after a small letter: "σΆ" is ISO-8859-7's "σ’" read as Windows-1253. */
const ACCENTED_CAPITAL_FLIP = /\p{Ll}[ÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÝĄĆĘŁŃŚŹŻŠŽČŘĎŤŇŮĚŐŰΆΈΉΊΌΎΏ]/u;
const HAN = /\p{Script=Han}/gu;
const SCRIPT_OF_LETTER: ReadonlyArray<readonly [string, RegExp]> = [
  ["Latn", /\p{Script=Latin}/u],
  ["Cyrl", /\p{Script=Cyrillic}/u],
  ["Grek", /\p{Script=Greek}/u],
  ["Arab", /\p{Script=Arabic}/u],
  ["Hebr", /\p{Script=Hebrew}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Hang", /\p{Script=Hangul}/u],
  ["Kana", /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u],
];
/** The most frequent characters of Chinese text, in both simplified and traditional forms. */
const COMMON_HAN =
  "的一是不了人我在有他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實見见明晚";

const scriptClasses = new Map<string, RegExp>();

/** A letter class for ISO 15924 codes; Jpan, Kore, Hans and Hant are combinations of Unicode scripts. */
function scriptClass(scripts: readonly string[]): RegExp {
  const key = scripts.join(",");
  let pattern = scriptClasses.get(key);
  if (pattern === undefined) {
    const parts = scripts.flatMap((script) => COMBINED_SCRIPTS[script] ?? [script]);
    pattern = new RegExp(`[${parts.map((part) => `\\p{Script=${part}}`).join("")}]`, "gu");
    scriptClasses.set(key, pattern);
  }
  return pattern;
}

const COMBINED_SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  Jpan: ["Hani", "Hira", "Kana"],
  Kore: ["Hang", "Hani"],
  Hans: ["Hani"],
  Hant: ["Hani"],
};

const scriptOfLetter = new Map<string, string>();
/** Scripts written with spaces between words, where a word mixing two of them is mojibake. */
const SPACED_SCRIPTS = new Set(["Latn", "Cyrl", "Grek", "Arab", "Hebr"]);

/**
 * Whether a word mixes letters of two space-separated scripts ("Ð¿Ñ€Ð¸" style). Thai, Chinese,
 * Japanese and Korean attach Latin words without a space ("TV를", "Tシャツ", "iPhoneของ"), so a
 * mix with those is ordinary text.
 */
function mixesScripts(word: string): boolean {
  let found: string | null = null;
  for (const [letter] of word.matchAll(LETTER)) {
    let script = scriptOfLetter.get(letter);
    if (script === undefined) {
      script = SCRIPT_OF_LETTER.find(([, pattern]) => pattern.test(letter))?.[0] ?? "other";
      // Bounded by the letters of the scripts met; mojibake draws on a few hundred at most.
      if (scriptOfLetter.size < 65_536) scriptOfLetter.set(letter, script);
    }
    if (!SPACED_SCRIPTS.has(script)) continue;
    if (found !== null && script !== found) return true;
    found = script;
  }
  return false;
}
