import { analyse } from "chardet";
import { codePagesFor } from "./code-pages.ts";
import { implausibility } from "./plausible-text.ts";

export type DecodedSubtitle =
  /** `text` has no BOM and \n line endings; `encoding` is the WHATWG label it was decoded with. */
  { ok: true; text: string; encoding: string } | { ok: false; reason: string };

// chardet's names → WHATWG labels TextDecoder accepts; absent ones (UTF-32, ISO-2022-CN/KR) are skipped.
const WHATWG_LABELS: Record<string, string> = {
  "ISO-8859-1": "windows-1252",
  "ISO-8859-2": "iso-8859-2",
  "ISO-8859-5": "iso-8859-5",
  "ISO-8859-6": "iso-8859-6",
  // chardet names Windows-1253 Greek ISO-8859-7 too; 1253's Ά read as 8859-7 is a quote sign,
  // while 8859-7's Ά read as 1253 is a pilcrow that the plausibility check refuses.
  "ISO-8859-7": "windows-1253",
  "ISO-8859-8": "iso-8859-8",
  "ISO-8859-9": "windows-1254",
  "KOI8-R": "koi8-r",
  "windows-1250": "windows-1250",
  "windows-1251": "windows-1251",
  "windows-1252": "windows-1252",
  "windows-1253": "windows-1253",
  "windows-1254": "windows-1254",
  "windows-1255": "windows-1255",
  "windows-1256": "windows-1256",
  "windows-1257": "windows-1257",
  "windows-1258": "windows-1258",
  "windows-874": "windows-874",
  Shift_JIS: "shift_jis",
  "EUC-JP": "euc-jp",
  "ISO-2022-JP": "iso-2022-jp",
  "EUC-KR": "euc-kr",
  GB18030: "gb18030",
  Big5: "big5",
};

const FALLBACK = "windows-1252";
/** C0 controls other than tab/newlines, and C1: never in a subtitle's text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Pages chardet never proposes, tried last when the language is unknown. */
const UNPROPOSED = ["iso-8859-15", "koi8-u", "ibm866", "iso-8859-7"];

/**
 * Subtitle bytes to text. A BOM is trusted; UTF-16 without one is recognised by its zero bytes
 * (before UTF-8, which NUL-laden ASCII also passes); valid UTF-8 is UTF-8. Anything else is a
 * legacy code page: with the subtitle's `language`, that language's pages are tried first
 * ("ru": Windows-1251, KOI8-R, CP866…; "th": Windows-874), then chardet's guesses, and a
 * decoding is accepted only when it reads plausibly in the language's script (see
 * `implausibility`). When none does the result is a failure: mojibake is never returned.
 * UTF-8 with a few stray legacy bytes (a line fixed in an old editor) is UTF-8, those bytes read
 * in the language's page.
 */
export function decodeSubtitle(bytes: Uint8Array, language?: string | null): DecodedSubtitle {
  const unicode = bomEncoding(bytes) ?? utf16WithoutBom(bytes) ?? (isUtf8(bytes) ? "utf-8" : null);
  if (unicode !== null) return decoded(decode(bytes, unicode), unicode);
  // No code page puts NUL in text: an image subtitle (VobSub .sub), a picture or a program. Said
  // at once, rather than after every code page has read megabytes of it.
  if (bytes.includes(0)) return { ok: false, reason: "binary content, not text" };
  const expected = language ? codePagesFor(language) : null;
  const repaired = mostlyUtf8(bytes, expected);
  if (repaired !== null) return decoded(repaired, "utf-8");
  const rejected: string[] = [];
  for (const label of candidates(bytes, expected?.codePages ?? [])) {
    const text = decode(bytes, label);
    const problem = implausibility(text, expected?.scripts ?? null);
    if (problem === null) return decoded(text, label);
    rejected.push(`${label}: ${problem}`);
  }
  const what = expected ? `${language} (${expected.scripts.join("/")} script)` : "any language";
  return {
    ok: false,
    reason: `not UTF-8 or UTF-16, and no code page reads as ${what}: ${rejected.join("; ")}`,
  };
}

function decode(bytes: Uint8Array, label: string): string {
  // TextDecoder drops a BOM that matches its encoding.
  return new TextDecoder(label as ConstructorParameters<typeof TextDecoder>[0])
    .decode(bytes)
    .replace(/^\uFEFF/, "");
}

function decoded(text: string, encoding: string): DecodedSubtitle {
  // Windows-1258 writes Vietnamese tone marks as combining characters after the letter; players
  // and fonts expect the precomposed letters every other encoding gives.
  const composed = encoding === "windows-1258" ? text.normalize("NFC") : text;
  return { ok: true, text: composed.replace(/\r\n?/g, "\n"), encoding };
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16 without a BOM: subtitles are full of ASCII (timings, digits, spaces), whose high byte is
 * zero, so in any script one byte of each pair is often zero and the other seldom is. The
 * decoding must then be valid UTF-16 and free of control characters.
 */
function utf16WithoutBom(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 8192 - (Math.min(bytes.length, 8192) % 2));
  if (sample.length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  // The other byte is zero only for code points like U+AC00 "가" or U+4E00 "一": a few percent.
  const label =
    oddZeros > pairs * 0.2 && evenZeros <= pairs * 0.1 && oddZeros > evenZeros * 4
      ? "utf-16le"
      : evenZeros > pairs * 0.2 && oddZeros <= pairs * 0.1 && evenZeros > oddZeros * 4
        ? "utf-16be"
        : null;
  if (label === null) return null;
  try {
    const text = new TextDecoder(label, { fatal: true }).decode(
      bytes.subarray(0, bytes.length - (bytes.length % 2)),
    );
    return CONTROL.test(text) ? null : label;
  } catch {
    return null;
  }
}

/** The language's pages, then (only if none of those read) chardet's guesses and the rest, each once. */
function* candidates(bytes: Uint8Array, codePages: readonly string[]): Generator<string> {
  const tried = new Set<string>();
  for (const label of codePages) {
    tried.add(label);
    yield label;
  }
  // chardet reads the whole file (~0.1 s for 100 KB): asked only when the language's pages fail.
  for (const label of [...detected(bytes), FALLBACK, ...UNPROPOSED]) {
    if (tried.has(label)) continue;
    tried.add(label);
    yield label;
  }
}

function detected(bytes: Uint8Array): string[] {
  const labels: string[] = [];
  for (const match of analyse(bytes)) {
    const label = WHATWG_LABELS[match.name];
    if (label) labels.push(label);
  }
  return labels;
}

/**
 * Text from UTF-8 whose few invalid bytes are read in the first of the language's pages (or
 * Windows-1252) that leaves the whole plausible; null unless valid multi-byte sequences outnumber
 * the invalid bytes fourfold. A legacy file has few valid sequences, and those by chance: its
 * letters (Cyrillic, accented Latin) are single bytes that UTF-8 mostly refuses.
 */
function mostlyUtf8(bytes: Uint8Array, expected: ReturnType<typeof codePagesFor>): string | null {
  const { sequences, invalid } = utf8Runs(bytes);
  const invalidBytes = invalid.reduce((sum, [start, end]) => sum + end - start, 0);
  if (invalidBytes === 0 || sequences < invalidBytes * 4) return null;
  const utf8 = new TextDecoder("utf-8");
  for (const label of new Set([...(expected?.codePages ?? []), FALLBACK])) {
    const legacy = new TextDecoder(label as ConstructorParameters<typeof TextDecoder>[0]);
    let text = "";
    let at = 0;
    for (const [start, end] of invalid) {
      text += utf8.decode(bytes.subarray(at, start)) + legacy.decode(bytes.subarray(start, end));
      at = end;
    }
    text = (text + utf8.decode(bytes.subarray(at))).replace(/^\uFEFF/, "");
    if (implausibility(text, expected?.scripts ?? null) === null) return text;
  }
  return null;
}

/** Valid multi-byte UTF-8 sequences, and the [start, end) runs of bytes that are not UTF-8. */
function utf8Runs(bytes: Uint8Array): { sequences: number; invalid: [number, number][] } {
  let sequences = 0;
  const invalid: [number, number][] = [];
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      sequences++;
      i += length;
      continue;
    }
    const last = invalid.at(-1);
    if (last && last[1] === i) last[1] = i + 1;
    else invalid.push([i, i + 1]);
    i++;
  }
  return { sequences, invalid };
}

/** The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  const continuation = (at: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[at];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return continuation(i + 1, low, high) && continuation(i + 2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}
