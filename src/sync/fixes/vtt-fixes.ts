import { splitLines } from "../../fallbacks/unit-pieces.ts";
import type { LineFix } from "./line-fixes.ts";

const TIMING = /^[ \t]*(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d+:)?\d{2}:\d{2}\.\d{3}/;
/** Blocks that are not cues: the header, comments, style sheets and regions. */
const NOT_A_CUE = /^\uFEFF?(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)/;

/**
 * Text fixes on the payload lines of WebVTT cues (after the timing line, up to the blank line); the
 * header, NOTE, STYLE and REGION blocks, cue identifiers and settings stay byte for byte. A cue whose
 * text all went is removed with its identifier and timing line.
 */
export function fixVtt(text: string, fix: LineFix): string {
  const kept: string[] = [];
  let block: { body: string; eol: string }[] = [];
  const flush = () => {
    if (block.length > 0) kept.push(...fixBlock(block, fix));
    block = [];
  };
  for (const line of splitLines(text)) {
    block.push(line);
    if (line.body.trim() === "") flush();
  }
  flush();
  return kept.join("");
}

function fixBlock(block: { body: string; eol: string }[], fix: LineFix): string[] {
  const whole = block.map((l) => l.body + l.eol);
  const first = block.findIndex((l) => l.body.trim() !== "");
  if (first < 0 || NOT_A_CUE.test(block[first]!.body)) return whole;
  const timing = [first, first + 1].find((i) => i < block.length && TIMING.test(block[i]!.body));
  if (timing === undefined) return whole;
  const out = whole.slice(0, timing + 1);
  let hadText = false;
  let keptText = false;
  for (const line of block.slice(timing + 1)) {
    if (line.body.trim() === "") {
      out.push(line.body + line.eol);
      continue;
    }
    hadText = true;
    const fixed = fix(line.body);
    if (fixed.trim() === "") continue;
    keptText = true;
    out.push(fixed + line.eol);
  }
  return hadText && !keptText ? [] : out;
}
