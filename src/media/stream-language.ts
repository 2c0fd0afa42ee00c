import { canonicalLanguage, languageName, parseLanguageTag } from "./languages.ts";
import { parseLooseSubtitleName } from "./loose-subtitle-name.ts";
import type { SubtitleStream } from "./types.ts";

/**
 * What an embedded subtitle stream is, read from its tags and its title:
 * - the language: the BCP-47 tag when the file has one, else the ISO 639-2 tag. When that is a bare
 *   language ("por", and the "pt" mkvmerge writes beside it), a title naming a variant of that same
 *   language makes it that variant: "Brazilian", "Portuguese (Brazil)" → pt-BR; "Chinese
 *   (Traditional)", "繁體中文", "Traditional", "繁體", "CHT" → zh-Hant; "Latin American", "Español
 *   (Latinoamérica)" → es-419. Streaming rips say the variant only there (Bazarr reads these titles
 *   too). A title naming another language, or nothing, leaves the tag as it is.
 * - hearing-impaired: the flag, or a title such as "English (SDH)", "SDH", "English CC" (Matroska
 *   gained the flag in 2021; most files say it only in the title). A lone "HI" is not read: it is
 *   also Hindi.
 */
export interface StreamReading {
  language: string | null;
  hearingImpaired: boolean;
}

type StreamTags = Pick<SubtitleStream, "language" | "languageIetf" | "title" | "hearingImpaired">;

const MEMO_LIMIT = 1024;

/** The title read as a subtitle name ("Portuguese (Brazil) SDH" → pt-BR); readStream keeps the answers. */
function readTitle(title: string): ReturnType<typeof parseLooseSubtitleName> {
  // A name, not a path: a slash would make the rest of it a file name.
  return parseLooseSubtitleName(`${title.replaceAll("/", " ")}.srt`);
}

function isBare(code: string): boolean {
  const tag = parseLanguageTag(code);
  return tag !== null && tag.script === null && tag.region === null && tag.variants.length === 0;
}

/** A variant of `base` the title names ("Brazilian" for pt); null when it names none. */
function variantInTitle(base: string, title: string): string | null {
  const name = languageName(base);
  const readings = [title, ...(name === null ? [] : [`${title} ${name}`, `${name} ${title}`])];
  for (const text of readings) {
    const language = readTitle(text)?.language ?? null;
    if (language === null) continue;
    if (language.split("-")[0] !== base) return null;
    if (language !== base) return language;
  }
  return null;
}

/**
 * Words that may name a variant, per language with variants that matter to a profile. Only a title
 * with one of them is read as a subtitle name: that reading loads the language-name tables (78 ms
 * and ~30 MiB the first time), which a scan of ordinary titles ("Full", "Forced", "Español") should
 * never pay for.
 */
const VARIANT_WORDS: ReadonlyMap<string, RegExp> = new Map([
  ["pt", /bra[sz]il|portugal|europe|\b(br|pt)\b/i],
  [
    "zh",
    /trad|simp|[繁简簡]|han[st]|taiwan|hong|macau|china|mainland|canton|mandarin|\b(tw|hk|cn|chs|cht|sc|tc)\b/i,
  ],
  ["es", /latin|am[eé]ric|m[eé]xic|spain|espa[ñn]a|castil|europe|\b(la|lat|419|mx|es)\b/i],
  ["fr", /canad|qu[eé]b|france|europe|\b(ca|fr)\b/i],
  ["sr", /latin|cyril|[ćc]iril|латин|ћирил|\b(latn|cyrl)\b/i],
]);

/**
 * The script of a Chinese track titled only by it, as fansub and Blu-ray rips title them: "简体",
 * "繁體", "简中", "简日双语" (Simplified Chinese and Japanese), "CHS&ENG", "CHT", "SC"/"TC", or the
 * old GB/BIG5 encodings. A title naming both scripts names neither.
 */
const SIMPLIFIED_MARK = /[简簡]|(?:^|[^a-z])(?:chs|sc|gb)(?![a-z])/i;
const TRADITIONAL_MARK = /繁|(?:^|[^a-z])(?:cht|tc|big5)(?![a-z])/i;

function chineseScriptIn(title: string): string | null {
  const simplified = SIMPLIFIED_MARK.test(title);
  if (simplified === TRADITIONAL_MARK.test(title)) return null;
  return simplified ? "zh-Hans" : "zh-Hant";
}

/** Hearing-impaired in a title: SDH, CC, "hearing impaired", or HI beside another word (alone it is Hindi). */
const HEARING_IMPAIRED = /(^|[^\p{L}])(p?sdh|cc|hearing[\s_-]*impaired|closed[\s_-]*captions?)($|[^\p{L}])/iu;
const HI_WORD = /(^|[^\p{L}])hi($|[^\p{L}])/iu;
const hearingImpairedIn = (title: string) =>
  HEARING_IMPAIRED.test(title) || (HI_WORD.test(title) && /\p{L}{3,}/u.test(title.replace(HI_WORD, " ")));

/** Answers by tag and title, bounded: a scan asks about the same few dozen tracks for every file. */
const readingMemo = new Map<string, StreamReading>();

export function readStream(stream: StreamTags): StreamReading {
  const tagged = canonicalLanguage(stream.languageIetf ?? "") ?? canonicalLanguage(stream.language ?? "");
  const title = stream.title?.trim() || null;
  if (title === null) return { language: tagged, hearingImpaired: stream.hearingImpaired };
  const key = `${tagged}\u0000${title}`;
  let reading = readingMemo.get(key);
  if (reading === undefined) {
    if (readingMemo.size >= MEMO_LIMIT) readingMemo.clear();
    const bare = tagged !== null && isBare(tagged);
    const named = bare && VARIANT_WORDS.get(tagged!)?.test(title) === true;
    let language = named ? variantInTitle(tagged!, title) : null;
    if (language === null && bare && tagged === "zh") language = chineseScriptIn(title);
    reading = { language: language ?? tagged, hearingImpaired: hearingImpairedIn(title) };
    readingMemo.set(key, reading);
  }
  return stream.hearingImpaired ? { ...reading, hearingImpaired: true } : reading;
}
