/**
 * Writes MP4 files with WebVTT (`wvtt`, ISO/IEC 14496-30) and TTML (`stpp`) text tracks into
 * tests/fixtures/media/. FFmpeg cannot mux `wvtt` into MP4 (it only reads what others wrote), so
 * the boxes are assembled here byte by byte, as packagers such as Shaka Packager and MP4Box lay
 * them out: a 64x64 video track stub, then one text track per entry below, each with its mdhd
 * language, an optional `elng` BCP-47 tag and DASH role `kind` boxes (forced-subtitle, caption),
 * and one sample in mdat. Deterministic; the output is committed, so CI never runs this.
 *
 * Usage: node_modules/.bin/bun scripts/make-mp4-text-fixtures.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

interface TextTrack {
  entry: "wvtt" | "stpp";
  language: string;
  bcp47?: string;
  roles?: string[];
  enabled?: boolean;
}

const out = join(import.meta.dir, "../tests/fixtures/media");
const encoder = new TextEncoder();

function u8(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function u16(value: number): Uint8Array {
  return u8((value >>> 8) & 0xff, value & 0xff);
}

function u32(value: number): Uint8Array {
  return u8((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function box(type: string, ...body: Uint8Array[]): Uint8Array {
  const content = concat(body);
  return concat([u32(8 + content.length), encoder.encode(type), content]);
}

function fullBox(type: string, version: number, flags: number, ...body: Uint8Array[]): Uint8Array {
  return box(type, u8(version, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff), ...body);
}

function cString(text: string): Uint8Array {
  return concat([encoder.encode(text), u8(0)]);
}

/** ISO 639-2/T packed into 15 bits, as mdhd stores it. */
function packedLanguage(code: string): Uint8Array {
  const [a, b, c] = [...code].map((ch) => ch.charCodeAt(0) - 0x60);
  return u16(((a! & 0x1f) << 10) | ((b! & 0x1f) << 5) | (c! & 0x1f));
}

const MATRIX = concat([
  u32(0x10000),
  u32(0),
  u32(0),
  u32(0),
  u32(0x10000),
  u32(0),
  u32(0),
  u32(0),
  u32(0x40000000),
]);

function tkhd(trackId: number, enabled: boolean, width: number, height: number): Uint8Array {
  return fullBox(
    "tkhd",
    0,
    enabled ? 3 : 2,
    u32(0),
    u32(0),
    u32(trackId),
    u32(0),
    u32(1000),
    u32(0),
    u32(0),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    MATRIX,
    u32(width << 16),
    u32(height << 16),
  );
}

function mdhd(language: string): Uint8Array {
  return fullBox("mdhd", 0, 0, u32(0), u32(0), u32(1000), u32(1000), packedLanguage(language), u16(0));
}

function hdlr(handler: string, name: string): Uint8Array {
  return fullBox("hdlr", 0, 0, u32(0), encoder.encode(handler), u32(0), u32(0), u32(0), cString(name));
}

function sampleTables(entry: Uint8Array, sampleSize: number, chunkOffset: number): Uint8Array {
  return box(
    "stbl",
    fullBox("stsd", 0, 0, u32(1), entry),
    fullBox("stts", 0, 0, u32(1), u32(1), u32(1000)),
    fullBox("stsc", 0, 0, u32(1), u32(1), u32(1), u32(1)),
    fullBox("stsz", 0, 0, u32(0), u32(1), u32(sampleSize)),
    fullBox("stco", 0, 0, u32(1), u32(chunkOffset)),
  );
}

/** The avcC of a 64x64 baseline stream as x264 writes it (from mp4-no-subs.mp4), so ffprobe parses the stub. */
const AVC_CONFIG = "0142c00affe100166742c00ada109b0110000003001000000300a0f1226a01000568ce019720";

const dinf = box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1)));

/** A video track with one (empty) sample so players and ffprobe see an ordinary movie. */
function videoTrak(chunkOffset: number): Uint8Array {
  const avc1 = box(
    "avc1",
    u8(0, 0, 0, 0, 0, 0),
    u16(1),
    u16(0),
    u16(0),
    u32(0),
    u32(0),
    u32(0),
    u16(64),
    u16(64),
    u32(0x480000),
    u32(0x480000),
    u32(0),
    u16(1),
    new Uint8Array(32),
    u16(0x18),
    u16(0xffff),
    box("avcC", Buffer.from(AVC_CONFIG, "hex")),
  );
  return box(
    "trak",
    tkhd(1, true, 64, 64),
    box(
      "mdia",
      mdhd("und"),
      hdlr("vide", "VideoHandler"),
      box("minf", fullBox("vmhd", 0, 1, u32(0), u32(0)), dinf, sampleTables(avc1, 0, chunkOffset)),
    ),
  );
}

function textTrak(track: TextTrack, trackId: number, sampleSize: number, chunkOffset: number): Uint8Array {
  const entry =
    track.entry === "wvtt"
      ? box("wvtt", u8(0, 0, 0, 0, 0, 0), u16(1), box("vttC", encoder.encode("WEBVTT")))
      : box(
          "stpp",
          u8(0, 0, 0, 0, 0, 0),
          u16(1),
          cString("http://www.w3.org/ns/ttml"),
          cString(""),
          cString("application/ttml+xml"),
        );
  const kinds = (track.roles ?? []).map((role) =>
    fullBox("kind", 0, 0, cString("urn:mpeg:dash:role:2011"), cString(role)),
  );
  return box(
    "trak",
    tkhd(trackId, track.enabled ?? true, 0, 0),
    box(
      "mdia",
      mdhd(track.language),
      hdlr(track.entry === "wvtt" ? "text" : "subt", track.entry === "wvtt" ? "WebVTT" : "TTML"),
      ...(track.bcp47 ? [fullBox("elng", 0, 0, cString(track.bcp47))] : []),
      box(
        "minf",
        track.entry === "wvtt" ? fullBox("nmhd", 0, 0) : fullBox("sthd", 0, 0),
        dinf,
        sampleTables(entry, sampleSize, chunkOffset),
      ),
    ),
    ...(kinds.length > 0 ? [box("udta", ...kinds)] : []),
  );
}

function sampleOf(track: TextTrack): Uint8Array {
  if (track.entry === "wvtt") return box("vttc", box("payl", encoder.encode("Hello.")));
  return encoder.encode(
    '<?xml version="1.0" encoding="UTF-8"?><tt xmlns="http://www.w3.org/ns/ttml" xml:lang="' +
      (track.bcp47 ?? track.language) +
      '"><body><div><p begin="00:00:00.000" end="00:00:00.800">Hello.</p></div></body></tt>',
  );
}

function mp4(tracks: TextTrack[]): Uint8Array {
  const ftyp = box("ftyp", encoder.encode("isom"), u32(0x200), encoder.encode("isomiso6mp41"));
  const samples = tracks.map(sampleOf);
  const build = (mdatStart: number) => {
    let offset = mdatStart + 8;
    const traks = [videoTrak(offset)];
    for (const [i, track] of tracks.entries()) {
      traks.push(textTrak(track, i + 2, samples[i]!.length, offset));
      offset += samples[i]!.length;
    }
    const mvhd = fullBox(
      "mvhd",
      0,
      0,
      u32(0),
      u32(0),
      u32(1000),
      u32(1000),
      u32(0x10000),
      u16(0x100),
      new Uint8Array(10),
      MATRIX,
      new Uint8Array(24),
      u32(tracks.length + 2),
    );
    return box("moov", mvhd, ...traks);
  };
  // Offsets depend on the moov size, which does not depend on the offsets' values.
  const moovSize = build(0).length;
  const moov = build(ftyp.length + moovSize);
  return concat([ftyp, moov, box("mdat", ...samples)]);
}

const files: Record<string, TextTrack[]> = {
  "mp4-wvtt.mp4": [
    { entry: "wvtt", language: "eng" },
    { entry: "wvtt", language: "fra", roles: ["forced-subtitle"], enabled: false },
    { entry: "wvtt", language: "eng", roles: ["caption"], enabled: false },
    { entry: "wvtt", language: "por", bcp47: "pt-BR", enabled: false },
  ],
  "mp4-stpp.mp4": [
    { entry: "stpp", language: "deu" },
    { entry: "stpp", language: "spa", bcp47: "es-419", roles: ["forced-subtitle"], enabled: false },
    { entry: "stpp", language: "jpn", roles: ["captions"], enabled: false },
  ],
  "mp4-wvtt-stpp-und.mp4": [
    { entry: "wvtt", language: "und" },
    { entry: "stpp", language: "und", enabled: false },
  ],
};

for (const [name, tracks] of Object.entries(files)) writeFileSync(join(out, name), mp4(tracks));
