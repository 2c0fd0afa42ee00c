/**
 * QuickTime's numeric language codes (mdhd values below 0x400), as FFmpeg's isom.c maps them;
 * "" means FFmpeg reports no language. FFmpeg writes these for .mov instead of packed ISO codes.
 */
// biome-ignore format: one row of ten codes per line mirrors the table in FFmpeg.
const MAC_LANGUAGES: readonly string[] = [
  "eng", "fra", "ger", "ita", "dut", "sve", "spa", "dan", "por", "nor",
  "heb", "jpn", "ara", "fin", "gre", "ice", "mlt", "tur", "hr ", "chi",
  "urd", "hin", "tha", "kor", "lit", "pol", "hun", "est", "lav", "",
  "fo ", "", "rus", "chi", "", "iri", "alb", "ron", "ces", "slk",
  "slv", "yid", "sr ", "mac", "bul", "ukr", "bel", "uzb", "kaz", "aze",
  "aze", "arm", "geo", "mol", "kir", "tgk", "tuk", "mon", "", "pus",
  "kur", "kas", "snd", "tib", "nep", "san", "mar", "ben", "asm", "guj",
  "pa ", "ori", "mal", "kan", "tam", "tel", "", "bur", "khm", "lao",
  "vie", "ind", "tgl", "may", "may", "amh", "tir", "orm", "som", "swa",
  "", "run", "", "mlg", "epo", "", "", "", "", "",
  "", "", "", "", "", "", "", "", "", "",
  "", "", "", "", "", "", "", "", "", "",
  "", "", "", "", "", "", "", "", "wel", "baq",
  "cat", "lat", "que", "grn", "aym", "tat", "uig", "dzo", "jav",
];

/** Decodes an mdhd language field the way FFmpeg's ff_mov_lang_to_iso639 does; null = no language. */
export function mdhdLanguage(code: number): string | null {
  if (code >= 0x400 && code !== 0x7fff) {
    return String.fromCharCode(
      0x60 + ((code >> 10) & 0x1f),
      0x60 + ((code >> 5) & 0x1f),
      0x60 + (code & 0x1f),
    );
  }
  return MAC_LANGUAGES[code] || null;
}
