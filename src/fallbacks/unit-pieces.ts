/** The pieces every subtitle format's units are cut from and put back into (see subtitle-units.ts). */

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

export interface RawLine {
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

export const stripBom = (s: string) => s.replace(/^\uFEFF/, "");

/** A piece of one line: either kept verbatim or replaced by the translation of one unit. */
export type Piece = string | { unit: number; render: (translated: string) => string };

export function assemble(pieces: readonly Piece[], unitCount: number, translated: readonly string[]): string {
  if (translated.length !== unitCount) throw new UnitCountError(unitCount, translated.length);
  return pieces.map((p) => (typeof p === "string" ? p : p.render(translated[p.unit] ?? ""))).join("");
}
