/**
 * The timings of a subtitle's cues, read and rewritten in place: SRT and WebVTT timing lines, the
 * Start and End fields of ASS/SSA Dialogue lines (found by the [Events] Format line). Everything
 * else in the file — numbering, text, styles, line endings — stays byte for byte.
 */

export type TimedFormat = "srt" | "vtt" | "ass" | "ssa";

export const TIMED_FORMATS: readonly TimedFormat[] = ["srt", "vtt", "ass", "ssa"];

export interface Cue {
  startMs: number;
  endMs: number;
}

/** Called per cue with its times; returns the new times, or nothing to keep them. */
type Visit = (cue: Cue) => Cue | undefined;

const SRT_TIME = String.raw`(\d{1,3}):(\d{1,2}):(\d{1,2})([,.])(\d{1,3})`;
const SRT_LINE = new RegExp(String.raw`^([ \t]*)${SRT_TIME}([ \t]*-->[ \t]*)${SRT_TIME}`, "gm");
const VTT_TIME = String.raw`(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})`;
const VTT_LINE = new RegExp(String.raw`^([ \t]*)${VTT_TIME}([ \t]+-->[ \t]+)${VTT_TIME}`, "gm");

const ms = (h: string | undefined, m: string, s: string, frac: string) =>
  ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(frac.padEnd(3, "0"));

function clock(totalMs: number, separator: string, fractionDigits: 2 | 3, hourDigits: number): string {
  const unit = fractionDigits === 3 ? 1 : 10;
  const t = Math.max(0, Math.round(totalMs / unit)) * unit;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  const frac = String((t % 1000) / unit).padStart(fractionDigits, "0");
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${String(h).padStart(hourDigits, "0")}:${pad(m)}:${pad(s)}${separator}${frac}`;
}

function walk(text: string, format: TimedFormat, visit: Visit): string {
  if (format === "srt") {
    return text.replace(SRT_LINE, (whole, lead, h1, m1, s1, sep, f1, arrow, h2, m2, s2, _sep, f2) => {
      const next = visit({ startMs: ms(h1, m1, s1, f1), endMs: ms(h2, m2, s2, f2) });
      if (!next) return whole;
      return `${lead}${clock(next.startMs, sep, 3, 2)}${arrow}${clock(next.endMs, sep, 3, 2)}`;
    });
  }
  if (format === "vtt") {
    return text.replace(VTT_LINE, (whole, lead, h1, m1, s1, f1, arrow, h2, m2, s2, f2) => {
      const next = visit({ startMs: ms(h1, m1, s1, f1), endMs: ms(h2, m2, s2, f2) });
      if (!next) return whole;
      const stamp = (t: number) => {
        const full = clock(t, ".", 3, 2);
        return t < 3_600_000 && h1 === undefined ? full.slice(3) : full;
      };
      return `${lead}${stamp(next.startMs)}${arrow}${stamp(next.endMs)}`;
    });
  }
  return walkAss(text, visit);
}

const ASS_TIME = /^\s*(\d+):(\d{1,2}):(\d{1,2})[.:](\d{1,3})\s*$/;

function walkAss(text: string, visit: Visit): string {
  let inEvents = false;
  let start = 1;
  let end = 2;
  return text.replace(/^[^\r\n]*/gm, (line) => {
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      inEvents = section[1]!.trim().toLowerCase() === "events";
      return line;
    }
    if (!inEvents) return line;
    const format = /^Format:\s*(.*)$/i.exec(line);
    if (format) {
      const names = format[1]!.split(",").map((f) => f.trim().toLowerCase());
      if (names.includes("start") && names.includes("end")) {
        start = names.indexOf("start");
        end = names.indexOf("end");
      }
      return line;
    }
    const dialogue = /^(Dialogue:[ \t]*)(.*)$/i.exec(line);
    if (!dialogue) return line;
    const fields = dialogue[2]!.split(",");
    const last = Math.max(start, end);
    if (fields.length <= last) return line;
    const a = ASS_TIME.exec(fields[start]!);
    const b = ASS_TIME.exec(fields[end]!);
    if (!a || !b) return line;
    const next = visit({ startMs: ms(a[1], a[2]!, a[3]!, a[4]!), endMs: ms(b[1], b[2]!, b[3]!, b[4]!) });
    if (!next) return line;
    fields[start] = clock(next.startMs, ".", 2, 1);
    fields[end] = clock(next.endMs, ".", 2, 1);
    return `${dialogue[1]}${fields.join(",")}`;
  });
}

/** Every cue's start and end in milliseconds, in file order; cues that end before they start are left out. */
export function cuesOf(text: string, format: TimedFormat): Cue[] {
  const cues: Cue[] = [];
  walk(text, format, (cue) => {
    if (cue.endMs > cue.startMs) cues.push(cue);
    return undefined;
  });
  return cues;
}

/** The file with every cue's start and end replaced by `map` of it (times below zero become zero). */
export function retime(text: string, format: TimedFormat, map: (ms: number) => number): string {
  return walk(text, format, (cue) => ({
    startMs: Math.max(0, map(cue.startMs)),
    endMs: Math.max(0, map(cue.endMs)),
  }));
}

/** Linear retiming: `t · ratio + offsetMs`, the transform alignment finds. */
export const linearMap = (ratio: number, offsetMs: number) => (t: number) => t * ratio + offsetMs;

export function isTimedFormat(format: string): format is TimedFormat {
  return (TIMED_FORMATS as readonly string[]).includes(format);
}
