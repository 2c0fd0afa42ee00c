/**
 * Turns a subtitle file into the pieces of text a translator should see ("units") and puts
 * translations back, byte for byte everywhere else: indexes, timings, blank lines, line endings,
 * headers, styles, override blocks and every line that is not dialogue stay exactly as they were.
 *
 * SRT: every text line of a cue is one unit. Formatting tags (`<i>`, `<b>`, `<font …>`, `{\an8}`)
 * at the start and end of a line stay outside the unit; tag runs inside the text become
 * placeholders (`{{1}}`, `{{2}}`, …) that the translation must give back in the same order. When it
 * does not, the caller translates {@link SubtitleUnits.plain} (the tag-free text) instead and the
 * result is re-wrapped in the line's outer tags; inner tags of that line are then dropped.
 *
 * ASS/SSA: only the Text field of `Dialogue:` lines in `[Events]` is touched (the fields before it
 * are split on the first commas the Format line implies, 10 fields by default). Override blocks
 * `{…}` stay where they are; the text between them is translated segment by segment. Untouched:
 * `Comment:` lines, drawings (`{\p1}` … `{\p0}`), segments that are only whitespace or `\N` `\n`
 * `\h`, and signs — see {@link isSignLine}.
 */

export type UnitFormat = "srt" | "ass" | "ssa";

export interface SubtitleUnits {
  /** What to send to the translator, in file order. */
  units: string[];
  /** For each unit, the same text with its inner formatting removed (equal to the unit when it has none). */
  plain: string[];
  /** Indexes of translations that did not keep the unit's placeholders in order; translate `plain` for those. */
  check(translated: readonly string[]): number[];
  /**
   * The file with each unit replaced by its translation. A translation that lost its placeholders
   * is taken as a translation of the plain text. Throws when the count differs from `units`.
   */
  rebuild(translated: readonly string[]): string;
}

export class UnitCountError extends Error {
  override readonly name = "UnitCountError";
  constructor(
    readonly expected: number,
    readonly got: number,
  ) {
    super(`expected ${expected} translated units, got ${got}`);
  }
}

interface RawLine {
  body: string;
  eol: string;
}

/** Splits text into lines, each with its own line ending ("" for a last line without one). */
export function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push({ body: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ body: text.slice(start), eol: "" });
  return lines;
}

const stripBom = (s: string) => s.replace(/^\uFEFF/, "");

/** A piece of one line: either kept verbatim or replaced by the translation of one unit. */
type Piece = string | { unit: number; render: (translated: string) => string };

function assemble(pieces: readonly Piece[], unitCount: number, translated: readonly string[]): string {
  if (translated.length !== unitCount) throw new UnitCountError(unitCount, translated.length);
  return pieces.map((p) => (typeof p === "string" ? p : p.render(translated[p.unit] ?? ""))).join("");
}

// ---------------------------------------------------------------- SRT

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

function srtUnits(text: string): SubtitleUnits {
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

// ---------------------------------------------------------------- ASS / SSA

/**
 * The signs rule: a Dialogue line is left untranslated when its Style or Name contains "sign",
 * "song", "title", "karaoke", "kfx", "opening" or "ending", or has "OP"/"ED" as a word of its own
 * ("OP", "OP1", "ED-Romaji", "Song_ED" — but not "Top", "Ted" or "Speed"), or when its text
 * positions itself with `\pos` or `\move`. Signs are typeset on screen elements and songs are
 * usually handled separately; an LLM mangles both.
 */
export function isSignLine(style: string, name: string, text: string): boolean {
  const signName = /sign|song|title|karaoke|kfx|opening|ending|(?:^|[^a-z])(?:op|ed)(?:[^a-z]|$)/i;
  return signName.test(style) || signName.test(name) || /\\(?:pos|move)\s*\(/i.test(text);
}

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const DIALOGUE = /^(Dialogue:[ \t]*)(.*)$/i;
const OVERRIDE = /\{[^}]*\}/g;

export interface DialogueFields {
  /** `Dialogue:` and the spaces after it. */
  prefix: string;
  /** Every field before Text, each with its trailing comma, joined. */
  head: string;
  style: string;
  name: string;
  text: string;
}

export interface EventsFormat {
  fields: number;
  style: number;
  name: number;
}

const DEFAULT_FORMAT: EventsFormat = { fields: 10, style: 3, name: 4 };

function parseFormat(body: string): EventsFormat | null {
  const m = /^Format:\s*(.*)$/i.exec(body);
  if (!m) return null;
  const names = m[1]!.split(",").map((f) => f.trim().toLowerCase());
  if (names.length < 2 || names.at(-1) !== "text") return null;
  return {
    fields: names.length,
    style: names.indexOf("style"),
    name: names.findIndex((n) => n === "name" || n === "actor"),
  };
}

export function splitDialogue(body: string, format: EventsFormat = DEFAULT_FORMAT): DialogueFields | null {
  const m = DIALOGUE.exec(body);
  if (!m) return null;
  const rest = m[2]!;
  const fields: string[] = [];
  let start = 0;
  for (let f = 0; f < format.fields - 1; f++) {
    const comma = rest.indexOf(",", start);
    if (comma < 0) return null;
    fields.push(rest.slice(start, comma));
    start = comma + 1;
  }
  return {
    prefix: m[1]!,
    head: rest.slice(0, start),
    style: fields[format.style] ?? "",
    name: fields[format.name] ?? "",
    text: rest.slice(start),
  };
}

export type TextPart =
  | { kind: "block"; text: string }
  | { kind: "drawing"; text: string }
  | { kind: "text"; text: string };

/** A Text field as override blocks, drawing text and translatable text, in order. */
export function splitAssText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let drawing = false;
  let last = 0;
  const push = (t: string) => {
    if (t !== "") parts.push({ kind: drawing ? "drawing" : "text", text: t });
  };
  for (const m of text.matchAll(OVERRIDE)) {
    push(text.slice(last, m.index));
    parts.push({ kind: "block", text: m[0] });
    const scales = [...m[0].matchAll(/\\p(\d+)/g)];
    if (scales.length > 0) drawing = Number(scales.at(-1)![1]) > 0;
    last = m.index + m[0].length;
  }
  push(text.slice(last));
  return parts;
}

/** Only whitespace, `\N`, `\n` and `\h`: nothing to translate. */
const isEmptySegment = (s: string) => s.replace(/\\[Nnh]/g, "").trim() === "";

/**
 * A translation as one Text field: a real line break would end the Dialogue line, and a `{…}` the
 * model made up would become an override block, so braces become parentheses.
 */
function assSafe(s: string): string {
  const flat = s.replace(/\r\n|\n|\r/g, "\\N");
  return /\{[^}]*\}/.test(flat) ? flat.replace(/\{/g, "(").replace(/\}/g, ")") : flat;
}

/** Walks the [Events] section, calling `dialogue` for each Dialogue line and `other` for the rest. */
function walkAss(
  text: string,
  visit: (line: RawLine, dialogue: DialogueFields | null, index: number) => void,
): void {
  let section = "";
  let format = DEFAULT_FORMAT;
  splitLines(text).forEach((line, index) => {
    const body = stripBom(line.body);
    const header = SECTION.exec(body);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      visit(line, null, index);
      return;
    }
    if (section === "events") {
      const parsed = parseFormat(body);
      if (parsed) format = parsed;
      const dialogue = splitDialogue(body, format);
      if (dialogue && body === line.body) {
        visit(line, dialogue, index);
        return;
      }
    }
    visit(line, null, index);
  });
}

function assUnits(text: string): SubtitleUnits {
  const pieces: Piece[] = [];
  const units: string[] = [];
  walkAss(text, (line, dialogue) => {
    if (!dialogue || isSignLine(dialogue.style, dialogue.name, dialogue.text)) {
      pieces.push(line.body + line.eol);
      return;
    }
    pieces.push(dialogue.prefix + dialogue.head);
    for (const part of splitAssText(dialogue.text)) {
      if (part.kind !== "text" || isEmptySegment(part.text)) {
        pieces.push(part.text);
        continue;
      }
      pieces.push({ unit: units.length, render: assSafe });
      units.push(part.text);
    }
    pieces.push(line.eol);
  });
  return {
    units,
    plain: [...units],
    check: () => [],
    rebuild: (translated) => assemble(pieces, units.length, translated),
  };
}

export function unitsOf(text: string, format: UnitFormat): SubtitleUnits {
  return format === "srt" ? srtUnits(text) : assUnits(text);
}

// ---------------------------------------------------------------- structure

export type StructureCheck = { ok: true } | { ok: false; line: number; reason: string };

/**
 * Whether `translated` differs from `original` only where translation may change it, compared
 * line by line: same line count and line endings; SRT cue numbers, timings and blank lines
 * identical and cue text still in the same lines; ASS every line but Dialogue identical, and each
 * Dialogue line with the same fields before Text, the same override blocks in the same order, and
 * signs and drawings unchanged. `line` is 1-based.
 */
export function sameStructure(original: string, translated: string, format: UnitFormat): StructureCheck {
  const a = splitLines(original);
  const b = splitLines(translated);
  if (a.length !== b.length) {
    return {
      ok: false,
      line: Math.min(a.length, b.length) + 1,
      reason: `${b.length} lines instead of ${a.length}`,
    };
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.eol !== b[i]!.eol) return { ok: false, line: i + 1, reason: "line ending changed" };
  }
  return format === "srt" ? sameSrt(a, b) : sameAss(original, translated);
}

function sameSrt(a: RawLine[], b: RawLine[]): StructureCheck {
  const textA = srtTextLines(a);
  const textB = srtTextLines(b);
  for (let i = 0; i < a.length; i++) {
    if (textA.has(i) !== textB.has(i)) return { ok: false, line: i + 1, reason: "cue text moved" };
    if (!textA.has(i) && a[i]!.body !== b[i]!.body) {
      return { ok: false, line: i + 1, reason: "a cue number, timing or blank line changed" };
    }
  }
  return { ok: true };
}

function sameAss(original: string, translated: string): StructureCheck {
  const left: { line: RawLine; dialogue: DialogueFields | null }[] = [];
  walkAss(original, (line, dialogue) => left.push({ line, dialogue }));
  let failure: StructureCheck = { ok: true };
  walkAss(translated, (line, dialogue, i) => {
    if (!failure.ok) return;
    const fail = (reason: string) => {
      failure = { ok: false, line: i + 1, reason };
    };
    const before = left[i]!;
    if (!before.dialogue || !dialogue) {
      if (before.line.body !== line.body)
        fail(before.dialogue ? "a Dialogue line is gone" : "a non-dialogue line changed");
      return;
    }
    const was = before.dialogue;
    if (was.prefix !== dialogue.prefix || was.head !== dialogue.head) return fail("Dialogue fields changed");
    if (isSignLine(was.style, was.name, was.text)) {
      if (was.text !== dialogue.text) fail("a sign changed");
      return;
    }
    const fixed = (t: string) =>
      splitAssText(t)
        .filter((p) => p.kind !== "text")
        .map((p) => `${p.kind}:${p.text}`);
    const x = fixed(was.text);
    const y = fixed(dialogue.text);
    if (x.length !== y.length || x.some((p, k) => p !== y[k])) fail("override blocks or drawings changed");
  });
  return failure;
}
