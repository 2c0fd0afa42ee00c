// ASS/SSA: only the Text field of Dialogue lines is translated, segment by segment between override blocks. (see subtitle-units.ts).
import {
  assemble,
  type Piece,
  type RawLine,
  type SubtitleUnits,
  splitLines,
  stripBom,
} from "./unit-pieces.ts";

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
export function walkAss(
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

export function assUnits(text: string): SubtitleUnits {
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
