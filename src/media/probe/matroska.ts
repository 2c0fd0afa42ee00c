import { keepFromFtl } from "../../jit-tier.ts";
import type { SubtitleStream } from "../types.ts";
import type { ByteReader } from "./byte-reader.ts";
import { isTextCodec, matroskaSubtitleCodec } from "./codecs.ts";
import { type EbmlHeader, forEachChild, readEbmlHeader, readString, readUint } from "./ebml.ts";
import { type NativeOutcome, undecided } from "./native-outcome.ts";

const ID = {
  ebml: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  seekHead: 0x114d9b74,
  seek: 0x4dbb,
  seekId: 0x53ab,
  seekPosition: 0x53ac,
  tracks: 0x1654ae6b,
  cluster: 0x1f43b675,
  trackEntry: 0xae,
  trackType: 0x83,
  codecId: 0x86,
  name: 0x536e,
  language: 0x22b59c,
  languageBcp47: 0x22b59d,
  flagDefault: 0x88,
  flagForced: 0x55aa,
  flagHearingImpaired: 0x55ab,
} as const;

const TRACK_TYPE = { video: 1, audio: 2, subtitle: 0x11, metadata: 0x21 } as const;
/** A 4-byte ID plus an 8-byte size is the longest element header. */
const MAX_HEADER_BYTES = 12;
/** Tracks is kilobytes; tens of MB would mean a corrupt size, not a real header. */
const MAX_TRACKS_BYTES = 32 * 1024 * 1024;
const MAX_LEVEL1_ELEMENTS = 1024;

interface TrackEntry {
  type: number;
  codecId: string;
  name: string | null;
  language: string | null;
  languageBcp47: string | null;
  flagDefault: number;
  flagForced: number;
  flagHearingImpaired: number;
}

function headerAt(reader: ByteReader, position: number): EbmlHeader | null {
  const header = readEbmlHeader(reader.read(position, MAX_HEADER_BYTES), 0);
  return header && { ...header, dataStart: position + header.dataStart };
}

function payload(reader: ByteReader, header: EbmlHeader): Uint8Array | null {
  if (header.size === null) return null;
  const bytes = reader.read(header.dataStart, header.size);
  return bytes.length === header.size ? bytes : null;
}

/**
 * Lists the subtitle tracks of a Matroska/WebM file from its Tracks element, reading only
 * headers. Mirrors what FFmpeg's matroska demuxer reports, so it can stand in for ffprobe.
 */
export function readMatroskaSubtitles(reader: ByteReader): NativeOutcome {
  const ebml = headerAt(reader, 0);
  if (!ebml || ebml.id !== ID.ebml) return undecided("no EBML header");
  const ebmlBytes = payload(reader, ebml);
  if (!ebmlBytes) return undecided("truncated EBML header");
  let docType = "matroska";
  forEachChild(ebmlBytes, 0, ebmlBytes.length, (id, start, size) => {
    if (id === ID.docType) docType = readString(ebmlBytes, start, size);
    return undefined;
  });
  if (docType !== "matroska" && docType !== "webm") return undecided(`EBML DocType ${docType}`);

  const segment = headerAt(reader, ebml.dataStart + (ebml.size ?? 0));
  if (!segment || segment.id !== ID.segment) return undecided("no Segment after the EBML header");
  const segmentStart = segment.dataStart;
  const segmentEnd = segment.size === null ? reader.size : Math.min(segmentStart + segment.size, reader.size);

  let tracksAt: number | null = null;
  let tracksFromSeekHead: number | null = null;
  let position = segmentStart;
  for (let i = 0; i < MAX_LEVEL1_ELEMENTS && position < segmentEnd; i++) {
    const element = headerAt(reader, position);
    if (!element) break;
    if (element.id === ID.tracks) {
      tracksAt = position;
      break;
    }
    if (element.id === ID.cluster || element.size === null) break;
    if (element.id === ID.seekHead && tracksFromSeekHead === null) {
      const seekHead = payload(reader, element);
      const relative = seekHead && findSeekPosition(seekHead, ID.tracks);
      if (relative !== null && relative !== undefined) tracksFromSeekHead = segmentStart + relative;
    }
    position = element.dataStart + element.size;
  }
  tracksAt ??= tracksFromSeekHead;
  if (tracksAt === null) return undecided("no Tracks element before the first Cluster");

  const tracks = headerAt(reader, tracksAt);
  if (!tracks || tracks.id !== ID.tracks || tracks.size === null) {
    return undecided("SeekHead points at no Tracks element");
  }
  if (tracks.size > MAX_TRACKS_BYTES) return undecided(`Tracks element of ${tracks.size} bytes`);
  const tracksBytes = payload(reader, tracks);
  if (!tracksBytes) return undecided("truncated Tracks element");
  return subtitleStreams(tracksBytes);
}

function findSeekPosition(seekHead: Uint8Array, target: number): number | null {
  let found: number | null = null;
  forEachChild(seekHead, 0, seekHead.length, (id, start, size) => {
    if (id !== ID.seek) return undefined;
    let seekId = 0;
    let seekPosition: number | null = null;
    forEachChild(seekHead, start, start + size, (childId, childStart, childSize) => {
      if (childId === ID.seekId) seekId = readUint(seekHead, childStart, childSize);
      else if (childId === ID.seekPosition) seekPosition = readUint(seekHead, childStart, childSize);
      return undefined;
    });
    if (seekId === target && seekPosition !== null) {
      found = seekPosition;
      return false;
    }
    return undefined;
  });
  return found;
}

function readTrackEntry(bytes: Uint8Array, start: number, end: number): TrackEntry | null {
  // Defaults are the Matroska spec's: a track without Language is English, FlagDefault is 1.
  const entry: TrackEntry = {
    type: 0,
    codecId: "",
    name: null,
    language: null,
    languageBcp47: null,
    flagDefault: 1,
    flagForced: 0,
    flagHearingImpaired: 0,
  };
  const complete = forEachChild(bytes, start, end, (id, childStart, size) => {
    switch (id) {
      case ID.trackType:
        entry.type = readUint(bytes, childStart, size);
        break;
      case ID.codecId:
        entry.codecId = readString(bytes, childStart, size);
        break;
      case ID.name:
        entry.name = readString(bytes, childStart, size);
        break;
      case ID.language:
        entry.language = readString(bytes, childStart, size);
        break;
      case ID.languageBcp47:
        entry.languageBcp47 = readString(bytes, childStart, size);
        break;
      case ID.flagDefault:
        entry.flagDefault = readUint(bytes, childStart, size);
        break;
      case ID.flagForced:
        entry.flagForced = readUint(bytes, childStart, size);
        break;
      case ID.flagHearingImpaired:
        entry.flagHearingImpaired = readUint(bytes, childStart, size);
        break;
    }
    return undefined;
  });
  return complete ? entry : null;
}

/** FFmpeg creates a stream only for these tracks, so only they take a stream index. */
function becomesStream({ type, codecId }: TrackEntry): boolean {
  const lead = codecId[0];
  switch (type) {
    case TRACK_TYPE.video:
      return lead === "V";
    case TRACK_TYPE.audio:
      return lead === "A";
    case TRACK_TYPE.subtitle:
      return lead === "S" || lead === "D";
    case TRACK_TYPE.metadata:
      return lead === "D" || lead === "M";
    default:
      return false;
  }
}

function subtitleStreams(tracks: Uint8Array): NativeOutcome {
  const streams: SubtitleStream[] = [];
  const audioLanguages: string[] = [];
  let index = 0;
  let problem: string | null = null;
  const complete = forEachChild(tracks, 0, tracks.length, (id, start, size) => {
    if (id !== ID.trackEntry) return undefined;
    const entry = readTrackEntry(tracks, start, start + size);
    if (!entry) {
      problem = "malformed TrackEntry";
      return false;
    }
    if (!becomesStream(entry)) return undefined;
    const streamIndex = index++;
    if (entry.type === TRACK_TYPE.audio) {
      // Matroska's default Language is "eng"; FFmpeg reports it so, and drops "und".
      const language = entry.language ?? "eng";
      if (language !== "und" && language !== "") audioLanguages.push(language);
      return undefined;
    }
    if (entry.type !== TRACK_TYPE.subtitle) return undefined;
    const codec = matroskaSubtitleCodec(entry.codecId);
    if (!codec) {
      problem = `unknown subtitle CodecID ${entry.codecId}`;
      return false;
    }
    const language = entry.language ?? "eng";
    streams.push({
      index: streamIndex,
      codec,
      // FFmpeg drops "und" instead of reporting it, so ffprobe shows no language at all.
      language: language === "und" || language === "" ? null : language,
      languageIetf: entry.languageBcp47 || null,
      title: entry.name || null,
      forced: entry.flagForced !== 0,
      hearingImpaired: entry.flagHearingImpaired !== 0,
      default: entry.flagDefault !== 0,
      textBased: isTextCodec(codec),
    });
    return undefined;
  });
  if (problem) return undecided(problem);
  if (!complete) return undecided("malformed Tracks element");
  return { kind: "streams", streams, audioLanguages };
}

// Run a few hundred times a file in a first scan, then idle: see jit-tier.ts.
keepFromFtl(headerAt, payload);
