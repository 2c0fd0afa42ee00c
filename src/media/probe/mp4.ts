import { keepClosureFromFtl, keepFromFtl } from "../../jit-tier.ts";
import type { SubtitleStream } from "../types.ts";
import type { ByteReader } from "./byte-reader.ts";
import { isTextCodec, isVersionDependentMp4Entry, mp4SubtitleCodec } from "./codecs.ts";
import { mdhdLanguage } from "./mac-languages.ts";
import { type NativeOutcome, undecided } from "./native-outcome.ts";

interface Box {
  type: string;
  dataStart: number;
  end: number;
}

interface Trak {
  trackId: number;
  enabled: boolean;
  handler: string;
  sampleEntry: string;
  language: string | null;
  extendedLanguage: string | null;
  forced: boolean;
  hearingImpaired: boolean;
  chapterTrackIds: number[];
}

const MAX_TOP_LEVEL_BOXES = 10_000;
const MAX_CHILD_BOXES = 4096;
const DASH_ROLE_SCHEME = "urn:mpeg:dash:role:2011";
/** Handlers of timed-text tracks; with an unknown sample entry the native reader cannot name the codec. */
const TEXT_HANDLERS = new Set(["sbtl", "subt", "text", "subp", "clcp"]);

const utf8 = new TextDecoder("utf-8");

function u32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

/** Box types seen so far, by their four bytes as a number (a few dozen recur in every file). */
const fourccs = new Map<number, string>();

/** Four bytes as Latin-1 (what a box type is); a TextDecoder over a subarray cost half of probing a file. */
function fourcc(bytes: Uint8Array, offset: number): string {
  const code = u32(bytes, offset);
  let type = fourccs.get(code);
  if (type === undefined) {
    type = String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
    if (fourccs.size < 4096) fourccs.set(code, type);
  }
  return type;
}

function boxAt(reader: ByteReader, position: number, limit: number): Box | null {
  const header = reader.read(position, 16);
  if (header.length < 8) return null;
  const size32 = u32(header, 0);
  let headerSize = 8;
  let size = size32;
  if (size32 === 1) {
    if (header.length < 16) return null;
    size = u32(header, 8) * 2 ** 32 + u32(header, 12);
    headerSize = 16;
  } else if (size32 === 0) {
    size = limit - position;
  }
  if (size < headerSize || position + size > limit) return null;
  return { type: fourcc(header, 4), dataStart: position + headerSize, end: position + size };
}

/** Visits the child boxes of `parent`; false when a child is malformed. */
function forEachBox(reader: ByteReader, parent: Box, visit: (box: Box) => void): boolean {
  // The visitors are closures made per file, as hot in the burst as the readers themselves.
  keepClosureFromFtl(visit);
  let position = parent.dataStart;
  for (let i = 0; i < MAX_CHILD_BOXES && position + 8 <= parent.end; i++) {
    const box = boxAt(reader, position, parent.end);
    if (!box) return false;
    visit(box);
    position = box.end;
  }
  return true;
}

function payload(reader: ByteReader, box: Box, length = box.end - box.dataStart): Uint8Array {
  return reader.read(box.dataStart, Math.min(length, box.end - box.dataStart));
}

/** Splits NUL-terminated strings, as in a `kind` box after its version/flags. */
function cStrings(bytes: Uint8Array, start: number): string[] {
  const strings: string[] = [];
  let from = start;
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      strings.push(utf8.decode(bytes.subarray(from, i)));
      from = i + 1;
    }
  }
  return strings;
}

function readTrak(reader: ByteReader, trak: Box): Trak | null {
  const info: Trak = {
    trackId: 0,
    enabled: false,
    handler: "",
    sampleEntry: "",
    language: null,
    extendedLanguage: null,
    forced: false,
    hearingImpaired: false,
    chapterTrackIds: [],
  };
  let ok = true;
  const complete = forEachBox(reader, trak, (box) => {
    switch (box.type) {
      case "tkhd": {
        const bytes = payload(reader, box, 24);
        if (bytes.length < 24) return;
        info.enabled = (bytes[3]! & 1) !== 0;
        info.trackId = u32(bytes, bytes[0] === 1 ? 20 : 12);
        break;
      }
      case "mdia":
        ok &&= readMdia(reader, box, info);
        break;
      case "tref":
        ok &&= forEachBox(reader, box, (ref) => {
          if (ref.type !== "chap") return;
          const ids = payload(reader, ref);
          for (let i = 0; i + 4 <= ids.length; i += 4) info.chapterTrackIds.push(u32(ids, i));
        });
        break;
      case "udta":
        ok &&= forEachBox(reader, box, (entry) => {
          if (entry.type !== "kind") return;
          const bytes = payload(reader, entry);
          if (bytes.length < 6 || u32(bytes, 0) !== 0) return;
          const [scheme = "", value = ""] = cStrings(bytes, 4);
          if (!scheme.startsWith(DASH_ROLE_SCHEME)) return;
          // FFmpeg matches role values by prefix (av_strstart), so "captions" counts as "caption".
          if (value.startsWith("forced-subtitle")) info.forced = true;
          if (value.startsWith("caption")) info.hearingImpaired = true;
        });
        break;
    }
  });
  return ok && complete ? info : null;
}

function readMdia(reader: ByteReader, mdia: Box, info: Trak): boolean {
  let ok = true;
  const complete = forEachBox(reader, mdia, (box) => {
    switch (box.type) {
      case "mdhd": {
        const bytes = payload(reader, box, 34);
        const offset = bytes[0] === 1 ? 32 : 20;
        if (bytes.length >= offset + 2)
          info.language = mdhdLanguage((bytes[offset]! << 8) | bytes[offset + 1]!);
        break;
      }
      case "hdlr": {
        const bytes = payload(reader, box, 12);
        if (bytes.length >= 12) info.handler = fourcc(bytes, 8);
        break;
      }
      case "elng": {
        const [tag = ""] = cStrings(payload(reader, box, 64), 4);
        info.extendedLanguage = tag || null;
        break;
      }
      case "minf":
        ok &&= forEachBox(reader, box, (minfChild) => {
          if (minfChild.type !== "stbl") return;
          ok &&= forEachBox(reader, minfChild, (stblChild) => {
            if (stblChild.type !== "stsd") return;
            const bytes = payload(reader, stblChild, 16);
            if (bytes.length >= 16 && u32(bytes, 4) > 0) info.sampleEntry = fourcc(bytes, 12);
          });
        });
        break;
    }
  });
  return ok && complete;
}

/** The moov box, found by walking top-level headers: it may follow a multi-gigabyte mdat. */
function findMoov(reader: ByteReader): Box | null {
  let position = 0;
  for (let i = 0; i < MAX_TOP_LEVEL_BOXES && position + 8 <= reader.size; i++) {
    const box = boxAt(reader, position, reader.size);
    if (!box) return null;
    if (box.type === "moov") return box;
    position = box.end;
  }
  return null;
}

/**
 * Lists the subtitle tracks of an MP4/MOV/M4V file from moov/trak, reading only box headers and
 * the few small boxes that matter. Mirrors what FFmpeg's mov demuxer reports.
 */
export function readMp4Subtitles(reader: ByteReader): NativeOutcome {
  const moov = findMoov(reader);
  if (!moov) return undecided("no complete moov box");
  const traks: Trak[] = [];
  let malformed = false;
  const complete = forEachBox(reader, moov, (box) => {
    if (box.type !== "trak" || malformed) return;
    const trak = readTrak(reader, box);
    if (trak) traks.push(trak);
    else malformed = true;
  });
  if (!complete || malformed) return undecided("malformed moov box");

  // FFmpeg turns QuickTime chapter tracks into data streams.
  const chapterTracks = new Set(traks.flatMap((t) => t.chapterTrackIds));
  const streams: SubtitleStream[] = [];
  const audioLanguages: string[] = [];
  for (const [index, trak] of traks.entries()) {
    if (trak.handler === "soun" && trak.language !== null && trak.language !== "und")
      audioLanguages.push(trak.language);
    if (trak.handler === "vide" || trak.handler === "soun") continue;
    if (isVersionDependentMp4Entry(trak.sampleEntry)) {
      return undecided(`sample entry ${trak.sampleEntry} is reported differently across ffprobe versions`);
    }
    const codec = mp4SubtitleCodec(trak.sampleEntry);
    if (!codec) {
      if (TEXT_HANDLERS.has(trak.handler)) {
        return undecided(
          `unknown sample entry ${JSON.stringify(trak.sampleEntry)} in a ${trak.handler} track`,
        );
      }
      continue;
    }
    if (chapterTracks.has(trak.trackId)) continue;
    streams.push({
      index,
      codec,
      language: trak.language,
      languageIetf: trak.extendedLanguage,
      // ffprobe reports no per-track title for MP4/MOV (it ignores udta/name), so neither do we.
      title: null,
      forced: trak.forced,
      hearingImpaired: trak.hearingImpaired,
      default: trak.enabled,
      textBased: isTextCodec(codec),
    });
  }
  return { kind: "streams", streams, audioLanguages };
}

// Run a few hundred times a file in a first scan, then idle: see jit-tier.ts.
keepFromFtl(u32, fourcc, boxAt, forEachBox, payload, cStrings);
