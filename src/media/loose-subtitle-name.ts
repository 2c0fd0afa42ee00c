import { canonicalLanguage } from "./languages.ts";
import {
  MODIFIERS,
  noTags,
  resolveTags,
  type SidecarSubtitle,
  sidecar,
  subtitleFormatOf,
  type TokenReading,
} from "./sidecar-name.ts";

/**
 * Reading of a subtitle in a `Subs/` folder, whose name need not start with the video's, as
 * release groups ship them: an optional track number ("2_English.srt", "5 - French.srt"), then
 * the longest run of language and modifier words before the extension, whatever separates them
 * ("English_forced", "eng-SDH", "English (SDH)", "fr-cc", "Movie Title 2010 English",
 * "Anything.1080p.en.forced", "Spanish (Latin America)", "Português (Brasil)").
 *
 * A short code is a language only where it stands apart: the whole name ("en.srt"), or joined
 * by a dot, dash, underscore or bracket ("Movie.de.srt", "fr-cc.srt"); next to a space it is a
 * word ("Episode - To Be.srt" is not Belarusian, "Movie Title - It.srt" not Italian).
 * Never null for a subtitle extension; the language is null when the name carries none.
 */
export function parseLooseSubtitleName(fileName: string, directory = ""): SidecarSubtitle | null {
  const format = subtitleFormatOf(fileName);
  if (format === null) return null;
  const name = fileName.normalize("NFC");
  const stem = name.slice(0, name.lastIndexOf(".")).replace(TRACK_NUMBER_PREFIX, "");
  const tags = resolveTags(readTrailingWords(wordsOf(stem))) ?? noTags();
  return sidecar(fileName, directory, format, tags);
}

interface Word {
  text: string;
  /** The separator just before the word; "" at the start of the name. */
  before: string;
}

const TRACK_NUMBER_PREFIX = /^\d{1,3}(?:\s*[-_.]\s*|\s+)(?=\D)/;
const WORD = /([-_.\s()[\]{}]*)([^-_.\s()[\]{}]+)/g;
const COPY_NUMBER = /^\d{1,2}$/;
const CODE_LIKE = /^(?:[a-z]{2,3}|[a-z]{4}|\d{3})$/i;
const MAX_NAME_WORDS = 4;

function wordsOf(stem: string): Word[] {
  return [...stem.matchAll(WORD)].map((match) => ({ text: match[2]!, before: match[1]! }));
}

/** Language and modifier readings of the words at the end of the name, right to left. */
function readTrailingWords(words: Word[]): TokenReading[] {
  const readings: TokenReading[] = [];
  let language: string | null = null;
  let end = words.length;
  // A copy number after the language: "English 2.srt", "eng_2.srt", "English (2).srt".
  if (end > 1 && COPY_NUMBER.test(words[end - 1]!.text)) end--;
  while (end > 0) {
    const lower = words[end - 1]!.text.toLowerCase();
    const modifier = MODIFIERS.get(lower);
    if (modifier !== undefined) {
      readings.unshift({ kind: "modifier", modifier });
      end--;
      continue;
    }
    if (lower === "hi") {
      readings.unshift({ kind: "hi" });
      end--;
      continue;
    }
    const found = languageEndingAt(words, end);
    if (found === null || (language !== null && found.code !== language)) break;
    language = found.code;
    readings.unshift({ kind: "language", code: found.code, token: found.token });
    end = found.start;
  }
  return readings;
}

/** The longest run of words ending before `end` that is one language, read strictly. */
function languageEndingAt(words: Word[], end: number): { code: string; token: string; start: number } | null {
  for (let start = Math.max(0, end - MAX_NAME_WORDS); start < end; start++) {
    const run = words.slice(start, end);
    const texts = run.map((word) => word.text);
    const codeLike = texts.every((text) => CODE_LIKE.test(text));
    if (codeLike && !standsApart(run, start)) continue;
    const code = canonicalLanguage(codeLike ? texts.join("-") : texts.join(" "), { strict: true });
    if (code !== null) return { code, token: spanOf(run), start };
  }
  return null;
}

/** A tag's subtags joined by `-`/`_` ("pt-BR", "pt_br"), the tag kept from spaces around it. */
function standsApart(run: Word[], start: number): boolean {
  if (start > 0 && /\s/.test(run[0]!.before)) return false;
  return run.every((word, i) => i === 0 || word.before === "-" || word.before === "_");
}

function spanOf(run: Word[]): string {
  return run.map((word, i) => (i === 0 ? word.text : word.before + word.text)).join("");
}
