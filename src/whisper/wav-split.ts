import { readCappedBytes } from "../net/capped-body.ts";

/** A PCM WAV file's layout: where its samples start and how many bytes a second holds. */
export interface WavLayout {
  dataOffset: number;
  dataBytes: number;
  byteRate: number;
  blockAlign: number;
  /** The `fmt ` chunk's body, copied into every piece's header. */
  format: Uint8Array;
}

/** One upload: its audio, and the seconds of the whole it starts at and owns. */
export interface WavPiece {
  audio: Blob;
  /** Where this piece's audio starts in the whole file, in seconds. */
  startsAt: number;
  /** The cues this piece answers for start in [ownFrom, ownTo). */
  ownFrom: number;
  ownTo: number;
}

const HEADER_PROBE_BYTES = 64 * 1024;

/** Reads the RIFF chunks up to `data`; null when this is not a PCM WAV (then it cannot be split). */
export async function readWavLayout(audio: Blob): Promise<WavLayout | null> {
  const head = await readCappedBytes(new Response(audio.slice(0, HEADER_PROBE_BYTES)), HEADER_PROBE_BYTES);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = (at: number) => String.fromCharCode(...head.subarray(at, at + 4));
  if (head.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") return null;
  let format: Uint8Array | null = null;
  for (let at = 12; at + 8 <= head.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt " && at + 8 + size <= head.length) format = head.slice(at + 8, at + 8 + size);
    if (id === "data") {
      if (format === null || format.length < 16) return null;
      const fmt = new DataView(format.buffer);
      if (fmt.getUint16(0, true) !== 1) return null;
      const byteRate = fmt.getUint32(8, true);
      const blockAlign = fmt.getUint16(12, true);
      if (byteRate === 0 || blockAlign === 0) return null;
      const dataOffset = at + 8;
      // ffmpeg writing to a pipe leaves the size unset; the file's end is then the data's end.
      const dataBytes = Math.min(size, audio.size - dataOffset);
      return { dataOffset, dataBytes, byteRate, blockAlign, format };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

function header(layout: WavLayout, dataBytes: number): Uint8Array {
  const fmtSize = layout.format.length;
  const out = new Uint8Array(12 + 8 + fmtSize + 8);
  const view = new DataView(out.buffer);
  const put = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = text.charCodeAt(i);
  };
  put(0, "RIFF");
  view.setUint32(4, out.length - 8 + dataBytes, true);
  put(8, "WAVE");
  put(12, "fmt ");
  view.setUint32(16, fmtSize, true);
  out.set(layout.format, 20);
  put(20 + fmtSize, "data");
  view.setUint32(24 + fmtSize, dataBytes, true);
  return out;
}

/**
 * Splits a WAV into pieces of at most `maxBytes`, each overlapping its neighbours by `overlapSeconds`
 * so no word is cut at a border; each piece owns the cues starting in its own stretch. The pieces
 * are slices of the original (nothing is read into memory but the header).
 */
export function splitWav(
  audio: Blob,
  layout: WavLayout,
  maxBytes: number,
  overlapSeconds: number,
): WavPiece[] {
  const align = (bytes: number) => Math.floor(bytes / layout.blockAlign) * layout.blockAlign;
  const overlap = align(overlapSeconds * layout.byteRate);
  const headerBytes = header(layout, 0).length;
  const own = align(maxBytes - headerBytes - 2 * overlap);
  if (own <= 0) throw new Error(`an upload of ${maxBytes} bytes cannot hold a piece with its overlap`);
  const pieces: WavPiece[] = [];
  for (let from = 0; from < layout.dataBytes; from += own) {
    const to = Math.min(layout.dataBytes, from + own);
    const start = Math.max(0, from - overlap);
    const end = Math.min(layout.dataBytes, to + overlap);
    const samples = audio.slice(layout.dataOffset + start, layout.dataOffset + end);
    pieces.push({
      audio: new Blob([header(layout, end - start), samples]),
      startsAt: start / layout.byteRate,
      ownFrom: from === 0 ? 0 : from / layout.byteRate,
      ownTo: to >= layout.dataBytes ? Number.POSITIVE_INFINITY : to / layout.byteRate,
    });
  }
  return pieces;
}
