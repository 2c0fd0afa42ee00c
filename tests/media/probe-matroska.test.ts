import { describe, expect, test } from "bun:test";
import { readMatroskaSubtitles } from "../../src/media/probe/matroska.ts";
import { mediaFixture as fixture, readBytes, readWith } from "../support/native-probe.ts";

const encoder = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function idBytes(id: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.from(bytes);
}

/** An element with an 8-byte size field, which every EBML reader must accept. */
function el(id: number, ...children: Array<Uint8Array | string | number>): Uint8Array {
  const payload = concat(
    ...children.map((c) =>
      typeof c === "string" ? encoder.encode(c) : typeof c === "number" ? Uint8Array.of(c) : c,
    ),
  );
  const size = new Uint8Array(8);
  size[0] = 0x01;
  let n = payload.length;
  for (let i = 7; i >= 1; i--) {
    size[i] = n % 256;
    n = Math.floor(n / 256);
  }
  return concat(idBytes(id), size, payload);
}

const ebmlHeader = (docType = "matroska") => el(0x1a45dfa3, el(0x4282, docType));
const track = (...children: Uint8Array[]) => el(0xae, ...children);
const type = (t: number) => el(0x83, t);
const codec = (id: string) => el(0x86, id);

describe("readMatroskaSubtitles on hand-built files", () => {
  test("applies the spec defaults: no Language is English, no FlagDefault is default", () => {
    const file = concat(
      ebmlHeader(),
      el(
        0x18538067,
        el(0x1654ae6b, track(type(1), codec("V_MPEG4/ISO/AVC")), track(type(0x11), codec("S_TEXT/UTF8"))),
      ),
    );
    expect(readBytes(readMatroskaSubtitles, file)).toEqual({
      kind: "streams",
      streams: [
        {
          index: 1,
          codec: "subrip",
          language: "eng",
          languageIetf: null,
          title: null,
          forced: false,
          hearingImpaired: false,
          default: true,
          textBased: true,
        },
      ],
      audioLanguages: [],
    });
  });

  test("reports the audio tracks' languages: no Language is English, und is left out", () => {
    const file = concat(
      ebmlHeader(),
      el(
        0x18538067,
        el(
          0x1654ae6b,
          track(type(2), codec("A_AAC")),
          track(type(2), codec("A_OPUS"), el(0x22b59c, "jpn")),
          track(type(2), codec("A_AC3"), el(0x22b59c, "und")),
        ),
      ),
    );
    expect(readBytes(readMatroskaSubtitles, file)).toEqual({
      kind: "streams",
      streams: [],
      audioLanguages: ["eng", "jpn"],
    });
  });

  test("follows the SeekHead to a Tracks element placed after the clusters", () => {
    const tracks = el(
      0x1654ae6b,
      track(type(0x11), codec("S_HDMV/PGS"), el(0x22b59c, "ger"), el(0x55aa, 1), el(0x55ab, 1), el(0x88, 0)),
    );
    const filler = el(0xec, new Uint8Array(100_000));
    const cluster = el(0x1f43b675, el(0xe7, 0));
    const seekHeadSize = el(
      0x114d9b74,
      el(0x4dbb, el(0x53ab, idBytes(0x1654ae6b)), el(0x53ac, new Uint8Array(4))),
    ).length;
    const tracksOffset = seekHeadSize + filler.length + cluster.length;
    const position = Uint8Array.of(
      (tracksOffset >>> 24) & 0xff,
      (tracksOffset >>> 16) & 0xff,
      (tracksOffset >>> 8) & 0xff,
      tracksOffset & 0xff,
    );
    const seekHead = el(0x114d9b74, el(0x4dbb, el(0x53ab, idBytes(0x1654ae6b)), el(0x53ac, position)));
    const file = concat(ebmlHeader("webm"), el(0x18538067, seekHead, filler, cluster, tracks));
    const outcome = readBytes(readMatroskaSubtitles, file);
    expect(outcome).toMatchObject({
      kind: "streams",
      streams: [
        {
          index: 0,
          codec: "hdmv_pgs_subtitle",
          language: "ger",
          forced: true,
          hearingImpaired: true,
          default: false,
          textBased: false,
        },
      ],
    });
  });

  test("tracks FFmpeg would skip take no stream index", () => {
    const file = concat(
      ebmlHeader(),
      el(
        0x18538067,
        el(
          0x1654ae6b,
          track(type(3), codec("B_VOBBTN")),
          track(type(2)),
          track(type(2), codec("S_TEXT/UTF8")),
          track(type(2), codec("A_OPUS")),
          track(
            type(0x11),
            codec("S_TEXT/ASS"),
            el(0x22b59c, "und"),
            el(0x22b59d, "de-CH"),
            el(0x536e, "Signs & Songs"),
          ),
        ),
      ),
    );
    expect(readBytes(readMatroskaSubtitles, file)).toMatchObject({
      kind: "streams",
      streams: [{ index: 1, codec: "ass", language: null, languageIetf: "de-CH", title: "Signs & Songs" }],
    });
  });

  test("cannot decide on an unknown subtitle codec, a foreign DocType, or a cut-off header", () => {
    const unknownCodec = concat(
      ebmlHeader(),
      el(0x18538067, el(0x1654ae6b, track(type(0x11), codec("S_IMAGE/BMP")))),
    );
    expect(readBytes(readMatroskaSubtitles, unknownCodec)).toMatchObject({ kind: "undecided" });
    const foreign = concat(ebmlHeader("avi-in-ebml"), el(0x18538067));
    expect(readBytes(readMatroskaSubtitles, foreign)).toMatchObject({ kind: "undecided" });
    const whole = concat(
      ebmlHeader(),
      el(0x18538067, el(0x1654ae6b, track(type(0x11), codec("S_TEXT/UTF8")))),
    );
    for (const cut of [3, 20, whole.length - 5]) {
      expect(readBytes(readMatroskaSubtitles, whole.subarray(0, cut))).toMatchObject({ kind: "undecided" });
    }
  });

  test("no Tracks and no SeekHead before the first Cluster: undecided", () => {
    const file = concat(ebmlHeader(), el(0x18538067, el(0x1f43b675, el(0xe7, 0))));
    expect(readBytes(readMatroskaSubtitles, file)).toEqual({
      kind: "undecided",
      reason: "no Tracks element before the first Cluster",
    });
  });
});

describe("readMatroskaSubtitles on the corpus", () => {
  test("reads BCP-47 tags next to the legacy ISO 639-2 language", () => {
    const outcome = readWith(readMatroskaSubtitles, fixture("mkvmerge-ietf.mkv"));
    if (outcome.kind !== "streams") throw new Error(outcome.reason);
    expect(outcome.streams.map((s) => [s.index, s.language, s.languageIetf, s.title])).toEqual([
      [2, "por", "pt-BR", "Português (Brasil)"],
      [3, "chi", "zh-Hans", null],
      [4, "spa", "es-419", null],
    ]);
  });

  test("reads a Tracks element larger than the first read window (a 40 KB ASS header)", () => {
    const outcome = readWith(readMatroskaSubtitles, fixture("mkvmerge-big-ass-header.mkv"));
    expect(outcome).toMatchObject({
      kind: "streams",
      streams: [
        { index: 2, codec: "ass", title: "Full Subtitles", forced: false },
        { index: 3, codec: "ass", title: "Signs", forced: true },
      ],
    });
  });

  test("maps image codecs and marks them not text-based", () => {
    const outcome = readWith(readMatroskaSubtitles, fixture("mkv-image-subs.mkv"));
    expect(outcome).toMatchObject({
      kind: "streams",
      streams: [
        { codec: "hdmv_pgs_subtitle", textBased: false },
        { codec: "dvd_subtitle", textBased: false },
        { codec: "dvb_subtitle", textBased: false },
      ],
    });
  });
});
