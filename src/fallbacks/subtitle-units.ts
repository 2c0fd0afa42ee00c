/**
 * Turns a subtitle file into the pieces of text a translator should see ("units") and puts
 * translations back, byte for byte everywhere else: indexes, timings, blank lines, line endings,
 * headers, styles, override blocks and every line that is not dialogue stay exactly as they were.
 *
 * SRT: a cue whose lines run one sentence on (no tags inside, no speaker dashes, sounds or lyrics)
 * is one unit, laid out again on as many lines as even as the words allow (fewer when it is only a
 * word or two); otherwise every text line of a cue is one unit. Formatting tags (`<i>`, `<b>`, `<font …>`, `{\an8}`)
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

import { assUnits, type DialogueFields, isSignLine, splitAssText, walkAss } from "./ass-units.ts";
import { srtTextLines, srtUnits } from "./srt-units.ts";
import { type RawLine, type SubtitleUnits, splitLines, type UnitFormat } from "./unit-pieces.ts";

export { isSignLine, splitAssText, splitDialogue } from "./ass-units.ts";
export { type SubtitleUnits, splitLines, UnitCountError, type UnitFormat } from "./unit-pieces.ts";

export function unitsOf(text: string, format: UnitFormat): SubtitleUnits {
  return format === "srt" ? srtUnits(text) : assUnits(text);
}

// ---------------------------------------------------------------- structure

export type StructureCheck = { ok: true } | { ok: false; line: number; reason: string };

/**
 * Whether `translated` differs from `original` only where translation may change it, compared
 * line by line: SRT cue numbers, timings and blank lines identical and each cue's text on no more
 * lines than before; ASS the same line count and line endings, every line but Dialogue identical, and each
 * Dialogue line with the same fields before Text, the same override blocks in the same order, and
 * signs and drawings unchanged. `line` is 1-based.
 */
export function sameStructure(original: string, translated: string, format: UnitFormat): StructureCheck {
  const a = splitLines(original);
  const b = splitLines(translated);
  if (format === "srt") return sameSrt(a, b);
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
  return sameAss(original, translated);
}

/**
 * Cue by cue: every cue number, timing and blank line identical with the same line ending, and
 * each cue's text on at least one line and at most as many as before (a cue translated as one unit
 * may need fewer lines when its translation is a word or two).
 */
function sameSrt(a: RawLine[], b: RawLine[]): StructureCheck {
  const textA = srtTextLines(a);
  const textB = srtTextLines(b);
  let i = 0;
  let j = 0;
  const fail = (reason: string): StructureCheck => ({ ok: false, line: j + 1, reason });
  while (i < a.length && j < b.length) {
    if (textA.has(i) !== textB.has(j)) return fail("cue text moved");
    if (textA.has(i)) {
      const cueStart = j;
      let lines = 0;
      while (textA.has(i)) {
        i++;
        lines++;
      }
      while (textB.has(j) && j - cueStart < lines) j++;
      if (textB.has(j)) return fail("a cue has more lines than before");
      if (b[j - 1]!.eol !== a[i - 1]!.eol) {
        j--;
        return fail("line ending changed");
      }
      continue;
    }
    if (a[i]!.eol !== b[j]!.eol) return fail("line ending changed");
    if (a[i]!.body !== b[j]!.body) return fail("a cue number, timing or blank line changed");
    i++;
    j++;
  }
  if (i < a.length || j < b.length) return fail(`${b.length} lines instead of ${a.length}`);
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
