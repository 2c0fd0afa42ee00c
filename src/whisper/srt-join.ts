import type { WavPiece } from "./wav-split.ts";

interface Cue {
  start: number;
  end: number;
  text: string;
}

const TIMING = /^\s*(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})\s*-->\s*(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})/;

const seconds = (h: string, m: string, s: string, ms: string) =>
  Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms.padEnd(3, "0")) / 1000;

function parseCues(srt: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of srt
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)) {
    const lines = block.split("\n").filter((line) => line.trim() !== "");
    const timingAt = lines.findIndex((line) => TIMING.test(line));
    if (timingAt < 0) continue;
    const t = TIMING.exec(lines[timingAt]!)!;
    cues.push({
      start: seconds(t[1]!, t[2]!, t[3]!, t[4]!),
      end: seconds(t[5]!, t[6]!, t[7]!, t[8]!),
      text: lines.slice(timingAt + 1).join("\n"),
    });
  }
  return cues;
}

function stamp(totalSeconds: number): string {
  const ms = Math.max(0, Math.round(totalSeconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms % 1000, 3)}`;
}

/**
 * Joins the SRTs of overlapping pieces into one: each cue moves to the whole file's time, and a
 * cue counts only in the piece that owns its start, so the overlaps give no duplicates.
 */
export function joinPieceSrts(parts: readonly { piece: WavPiece; srt: string }[]): string {
  const cues: Cue[] = [];
  for (const { piece, srt } of parts) {
    for (const cue of parseCues(srt)) {
      const start = cue.start + piece.startsAt;
      if (start < piece.ownFrom || start >= piece.ownTo) continue;
      cues.push({ start, end: cue.end + piece.startsAt, text: cue.text });
    }
  }
  return cues
    .map((cue, i) => `${i + 1}\n${stamp(cue.start)} --> ${stamp(cue.end)}\n${cue.text}\n`)
    .join("\n");
}
