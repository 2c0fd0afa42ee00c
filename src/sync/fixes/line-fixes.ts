/**
 * Fixes for one line of subtitle text, each a pure function; a line that a fix empties is dropped by
 * the caller (and a cue left without text goes with it).
 */

export type LineFix = (line: string) => string;

/** `<i>`, `</font>`, `{\an8}`, WebVTT's `<v Name>`, `<c.red>` and `<00:01.500>` and other markup; the words stay. */
export const removeTags: LineFix = (line) =>
  line.replace(/<\/?[A-Za-z][^<>]*>|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>|\{\\[^{}]*\}/g, "");

/**
 * Hearing-impaired annotations: sound descriptions in brackets or parentheses (`[door creaks]`,
 * `(LAUGHS)`), music notes around song lyrics, and speaker labels in capitals at the start of a line
 * (`JOHN:`, `- MAN 2:`); a dialogue dash left alone on its line is dropped too.
 */
export const removeHearingImpaired: LineFix = (line) => {
  let out = line
    .replace(/\[[^\]]*\]|\([^)]*\)/g, "")
    .replace(/^\s*[♪♫#]+.*[♪♫#]*\s*$/, "")
    .replace(/^(\s*-?\s*)[A-Z][A-Z0-9 .'’-]*:\s*/, "$1");
  out = out.replace(/\s{2,}/g, " ").trim();
  return /^-?$/.test(out) ? "" : out;
};

/** Whole words where OCR read a capital I as a small l (or a 1), in English text. */
const I_WORDS: [RegExp, string][] = [
  [/(^|[\s"'(-])l(?=[\s,.!?]|$)/g, "$1I"],
  [/(^|[\s"'(-])l'(m|ll|d|ve)\b/g, "$1I'$2"],
  [/(^|[.!?]\s+|^-\s*)lt(?=\b|')/g, "$1It"],
  [/(^|[.!?]\s+|^-\s*)ls\b/g, "$1Is"],
  [/(^|[.!?]\s+|^-\s*)ln\b/g, "$1In"],
  [/\bl(?=[A-Z]{2,})/g, "I"],
  [/(?<=\b[A-Z]{2,})l\b/g, "I"],
];

/** Common OCR errors: l read for I, spaces before punctuation, doubled spaces, spaces inside quotes. */
export const fixOcr: LineFix = (line) => {
  let out = line;
  for (const [pattern, replacement] of I_WORDS) out = out.replace(pattern, replacement);
  return out
    .replace(/ +([,.!?;:])(?=\s|$)/g, "$1")
    .replace(/([,!?;])(?=[A-Za-z])/g, "$1 ")
    .replace(/ {2,}/g, " ")
    .trimEnd();
};
