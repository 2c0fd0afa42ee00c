import { splitDialogue, walkAss } from "../../fallbacks/ass-units.ts";
import { srtTextLines } from "../../fallbacks/srt-units.ts";
import { splitLines } from "../../fallbacks/unit-pieces.ts";
import { linearMap, retime, type TimedFormat } from "../cue-times.ts";
import { fixOcr, type LineFix, removeHearingImpaired, removeTags } from "./line-fixes.ts";
import { fixVtt } from "./vtt-fixes.ts";

export interface SubtitleFixes {
  removeHearingImpaired?: boolean;
  removeTags?: boolean;
  fixOcr?: boolean;
  /** Milliseconds added to every time. */
  shiftMs?: number;
  /** The subtitle was timed for `from` fps and the video runs at `to`. */
  framerate?: { from: number; to: number };
}

/**
 * The fixes, applied to validated UTF-8 text of SRT, WebVTT or ASS/SSA: text fixes on cue text lines
 * (SRT, WebVTT) or Dialogue Text fields (ASS), a cue left without text removed,
 * then the timing fixes. Everything else stays byte for byte.
 */
export function applyFixes(text: string, format: TimedFormat, fixes: SubtitleFixes): string {
  const lineFixes: LineFix[] = [];
  if (fixes.removeTags) lineFixes.push(removeTags);
  if (fixes.removeHearingImpaired) lineFixes.push(removeHearingImpaired);
  if (fixes.fixOcr) lineFixes.push(fixOcr);
  const fix = (line: string) => lineFixes.reduce((l, f) => f(l), line);
  let out = text;
  if (lineFixes.length > 0 && format === "srt") out = fixSrt(out, fix);
  if (lineFixes.length > 0 && format === "vtt") out = fixVtt(out, fix);
  if (lineFixes.length > 0 && (format === "ass" || format === "ssa")) out = fixAss(out, fix);
  const ratio = fixes.framerate ? fixes.framerate.from / fixes.framerate.to : 1;
  if (ratio !== 1 || fixes.shiftMs) out = retime(out, format, linearMap(ratio, fixes.shiftMs ?? 0));
  return out;
}

function fixSrt(text: string, fix: LineFix): string {
  const lines = splitLines(text);
  const textLines = srtTextLines(lines);
  const kept: string[] = [];
  // Cue blocks run from one blank line to the next; one whose text all went is left out whole.
  let block: string[] = [];
  let hadText = false;
  let keptText = false;
  const flush = () => {
    if (!hadText || keptText) kept.push(...block);
    block = [];
    hadText = false;
    keptText = false;
  };
  lines.forEach((line, i) => {
    if (textLines.has(i)) {
      hadText = true;
      const fixed = fix(line.body);
      if (fixed.trim() === "") return;
      keptText = true;
      block.push(fixed + line.eol);
      return;
    }
    block.push(line.body + line.eol);
    if (line.body.trim() === "") flush();
  });
  flush();
  return renumber(kept.join(""));
}

/** SRT cue numbers in order again after cues were removed. */
function renumber(text: string): string {
  let n = 0;
  return text.replace(
    /^(\s*)\d+(\s*\r?\n[ \t]*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}[ \t]*-->)/gm,
    (_, lead, rest) => `${lead}${++n}${rest}`,
  );
}

function fixAss(text: string, fix: LineFix): string {
  const out: string[] = [];
  walkAss(text, (line, dialogue) => {
    if (!dialogue) {
      out.push(line.body + line.eol);
      return;
    }
    const parts = dialogue.text
      .split(/\\N/i)
      .map(fix)
      .filter((p) => p.trim() !== "");
    if (parts.length === 0) return;
    const rebuilt = `${dialogue.prefix}${dialogue.head}${parts.join("\\N")}`;
    out.push((splitDialogue(rebuilt) ? rebuilt : line.body) + line.eol);
  });
  return out.join("");
}
