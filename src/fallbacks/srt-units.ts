// SRT: every text line of a cue is one unit; tag runs inside become ordered placeholders. (see subtitle-units.ts).
import {
  assemble,
  type Piece,
  type RawLine,
  type SubtitleUnits,
  splitLines,
  stripBom,
} from "./unit-pieces.ts";

const SRT_TIMING_LINE = /^[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}/;
const SRT_TAG = /<\/?[A-Za-z][^<>]*>|\{\\[^{}]*\}/g;
const PLACEHOLDER = /\{\{(\d+)\}\}/g;

const isBlank = (s: string) => s.trim() === "";

/** Index of every SRT line that is cue text (after a timing line, up to the next blank line). */
export function srtTextLines(lines: readonly RawLine[]): Set<number> {
  const text = new Set<number>();
  let inCue = false;
  for (let i = 0; i < lines.length; i++) {
    const body = stripBom(lines[i]!.body);
    if (SRT_TIMING_LINE.test(body)) {
      inCue = true;
      continue;
    }
    if (isBlank(body)) {
      inCue = false;
      continue;
    }
    if (!inCue) continue;
    // A cue number directly followed by a timing line starts the next cue (a missing blank line).
    const next = lines[i + 1];
    if (/^\s*\d+\s*$/.test(body) && next && SRT_TIMING_LINE.test(next.body)) {
      inCue = false;
      continue;
    }
    text.add(i);
  }
  return text;
}

interface SrtLineParts {
  lead: string;
  inner: string;
  trail: string;
  /** The inner tag runs, in order. */
  tags: string[];
}

function splitSrtLine(body: string): SrtLineParts {
  const tag = SRT_TAG.source;
  const lead = new RegExp(`^(?:\\s*(?:${tag}))+`).exec(body)?.[0] ?? "";
  const rest = body.slice(lead.length);
  const trail = new RegExp(`(?:(?:${tag})\\s*)+$`).exec(rest)?.[0] ?? "";
  const middle = rest.slice(0, rest.length - trail.length);
  const tags: string[] = [];
  let inner = middle;
  if (!PLACEHOLDER.test(middle)) {
    inner = middle.replace(new RegExp(`(?:${tag})+`, "g"), (run) => {
      tags.push(run);
      return `{{${tags.length}}}`;
    });
  }
  PLACEHOLDER.lastIndex = 0;
  return { lead, inner, trail, tags };
}

function placeholdersInOrder(translated: string, count: number): boolean {
  const found = [...translated.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
  return found.length === count && found.every((n, i) => n === i + 1);
}

/** One line of text: no line breaks, and never blank (a blank line would end the cue). */
function srtSafe(translated: string, fallback: string): string {
  const flat = translated.replace(/\s*(?:\r\n|\n|\r)\s*/g, " ");
  return isBlank(flat) ? fallback : flat;
}

export function srtUnits(text: string): SubtitleUnits {
  const lines = splitLines(text);
  const textLines = srtTextLines(lines);
  const pieces: Piece[] = [];
  const units: string[] = [];
  const plain: string[] = [];
  const tagCounts: number[] = [];
  lines.forEach((line, i) => {
    if (!textLines.has(i)) {
      pieces.push(line.body + line.eol);
      return;
    }
    const parts = splitSrtLine(line.body);
    if (isBlank(parts.inner.replace(PLACEHOLDER, ""))) {
      pieces.push(line.body + line.eol);
      return;
    }
    const unit = units.length;
    const plainText = parts.inner.replace(PLACEHOLDER, "");
    units.push(parts.inner);
    plain.push(parts.tags.length > 0 ? plainText : parts.inner);
    tagCounts.push(parts.tags.length);
    pieces.push({
      unit,
      render: (translated) => {
        let middle: string;
        if (parts.tags.length > 0 && placeholdersInOrder(translated, parts.tags.length)) {
          middle = translated.replace(PLACEHOLDER, (_, n: string) => parts.tags[Number(n) - 1] ?? "");
        } else if (parts.tags.length > 0) {
          middle = translated.replace(PLACEHOLDER, "");
        } else {
          middle = translated;
        }
        return parts.lead + srtSafe(middle, parts.inner.replace(PLACEHOLDER, "")) + parts.trail;
      },
    });
    pieces.push(line.eol);
  });
  return {
    units,
    plain,
    check: (translated) =>
      tagCounts.flatMap((count, i) =>
        count > 0 && !placeholdersInOrder(translated[i] ?? "", count) ? [i] : [],
      ),
    rebuild: (translated) => assemble(pieces, units.length, translated),
  };
}
