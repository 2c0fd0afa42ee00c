// SRT: a cue whose lines run one sentence on is one unit, other cue lines one unit each; tag runs inside become ordered placeholders. (see subtitle-units.ts).
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

/**
 * Whether a cue's lines are one sentence run over several lines, translated as one unit: no tags
 * inside the text, the same outer tags on every line or one pair around the whole cue, and no line
 * that starts a speaker's turn (`- `, `MAN:`), a sound (`[door slams]`) or is a lyric (♪). A
 * sentence cut in two reads as two fragments to DeepL or LibreTranslate, and a language whose verb
 * goes last (German, Japanese) cannot be translated a fragment at a time.
 */
function joinable(parts: readonly SrtLineParts[]): boolean {
  if (parts.length < 2) return false;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const same = parts.every((p) => p.lead === first.lead && p.trail === first.trail);
  const around = parts.every(
    (p, i) => (i === 0 || p.lead === "") && (i === parts.length - 1 || p.trail === ""),
  );
  if (!same && !(around && (first.lead !== "" || last.trail !== ""))) return false;
  return parts.every(
    (p) =>
      p.tags.length === 0 &&
      !isBlank(p.inner) &&
      !p.inner.includes("♪") &&
      !/^\s*(?:[-‐‑–—]|[\\[(]|\p{Lu}[\p{Lu}\d .'’-]{0,24}:(?:\s|$))/u.test(p.inner),
  );
}

/** Scripts written without spaces between words: a line may break between any two characters. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const BREAK_AFTER = /[,.;:!?…，。、；：！？]$/;

/**
 * A translated cue cut back into at most `count` lines as even in length as the words allow (a
 * break after punctuation preferred): fewer lines when there are fewer words than lines.
 */
export function balancedLines(text: string, count: number): string[] {
  const words = text.trim().split(/\s+/);
  const spaced = words.length >= count || !UNSPACED.test(text);
  const atoms = spaced ? words : Array.from(text.trim());
  const joiner = spaced ? " " : "";
  const n = atoms.length;
  const lines = Math.min(count, n);
  if (lines <= 1) return [atoms.join(joiner)];
  const width = (from: number, to: number) => {
    let w = to - from - 1;
    for (let i = from; i < to; i++) w += atoms[i]!.length;
    return spaced ? w : w + 1;
  };
  // cost[l][j]: the longest line (less a bonus per break after punctuation) of the best way to put
  // the first j atoms on l lines; cut[l][j] where its last line starts.
  const cost = Array.from({ length: lines + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut = Array.from({ length: lines + 1 }, () => new Array<number>(n + 1).fill(0));
  cost[0]![0] = 0;
  for (let l = 1; l <= lines; l++) {
    for (let j = l; j <= n; j++) {
      for (let i = l - 1; i < j; i++) {
        const before = cost[l - 1]![i]!;
        if (before === Infinity) continue;
        const bonus = i > 0 && BREAK_AFTER.test(atoms[i - 1]!) ? 3 : 0;
        const c = Math.max(before, width(i, j)) - bonus;
        if (c < cost[l]![j]!) {
          cost[l]![j] = c;
          cut[l]![j] = i;
        }
      }
    }
  }
  const out: string[] = [];
  for (let l = lines, j = n; l > 0; l--) {
    const i = cut[l]![j]!;
    out.unshift(atoms.slice(i, j).join(joiner));
    j = i;
  }
  return out;
}

export function srtUnits(text: string): SubtitleUnits {
  const lines = splitLines(text);
  const textLines = srtTextLines(lines);
  const pieces: Piece[] = [];
  const units: string[] = [];
  const plain: string[] = [];
  const tagCounts: number[] = [];

  const addLine = (line: RawLine, parts: SrtLineParts) => {
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
  };

  /** The cue's lines as one unit; the translation is laid out on as many lines again (or fewer). */
  const addCue = (cue: readonly RawLine[], parts: readonly SrtLineParts[]) => {
    const joined = parts.map((p) => p.inner.trim()).join(" ");
    const same = parts.every((p) => p.lead === parts[0]!.lead && p.trail === parts[0]!.trail);
    const unit = units.length;
    units.push(joined);
    plain.push(joined);
    tagCounts.push(0);
    pieces.push({
      unit,
      render: (translated) => {
        const laid = balancedLines(srtSafe(translated, joined), cue.length);
        return laid
          .map((t, i) => {
            const lead = same || i === 0 ? parts[0]!.lead : "";
            const trail = same || i === laid.length - 1 ? parts[parts.length - 1]!.trail : "";
            return lead + t + trail + (i < laid.length - 1 ? cue[i]!.eol : "");
          })
          .join("");
      },
    });
    pieces.push(cue[cue.length - 1]!.eol);
  };

  for (let i = 0; i < lines.length; ) {
    if (!textLines.has(i)) {
      pieces.push(lines[i]!.body + lines[i]!.eol);
      i++;
      continue;
    }
    let end = i + 1;
    while (textLines.has(end)) end++;
    const cue = lines.slice(i, end);
    const parts = cue.map((line) => splitSrtLine(line.body));
    if (joinable(parts)) addCue(cue, parts);
    else
      cue.forEach((line, k) => {
        addLine(line, parts[k]!);
      });
    i = end;
  }
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
