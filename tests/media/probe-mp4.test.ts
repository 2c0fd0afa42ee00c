import { describe, expect, test } from "bun:test";
import { mdhdLanguage } from "../../src/media/probe/mac-languages.ts";
import { readMp4Subtitles } from "../../src/media/probe/mp4.ts";
import { mediaFixture as fixture, readBytes, readWith } from "../support/native-probe.ts";

describe("readMp4Subtitles", () => {
  test("finds moov at the end of the file as well as after faststart", () => {
    const atEnd = readWith(readMp4Subtitles, fixture("mp4-moov-at-end.mp4"));
    const faststart = readWith(readMp4Subtitles, fixture("mp4-faststart.mp4"));
    expect(atEnd).toEqual(faststart);
    expect(atEnd).toMatchObject({
      kind: "streams",
      streams: [
        {
          index: 2,
          codec: "mov_text",
          language: "eng",
          forced: true,
          hearingImpaired: false,
          default: false,
        },
        {
          index: 3,
          codec: "mov_text",
          language: "ger",
          forced: false,
          hearingImpaired: true,
          default: false,
        },
        {
          index: 4,
          codec: "mov_text",
          language: "jpn",
          forced: false,
          hearingImpaired: false,
          default: true,
        },
        { index: 5, codec: "mov_text", language: "und", title: null },
      ],
    });
  });

  test("decodes QuickTime numeric languages in .mov and drops the unspecified code", () => {
    const outcome = readWith(readMp4Subtitles, fixture("mov-text.mov"));
    if (outcome.kind !== "streams") throw new Error(outcome.reason);
    expect(outcome.streams.map((s) => s.language)).toEqual(["eng", "ger", "jpn", null]);
  });

  test("mdhd language codes: packed ISO 639-2/T, Macintosh codes, unspecified", () => {
    expect(mdhdLanguage(0x15c7)).toBe("eng");
    expect(mdhdLanguage(0x55c4)).toBe("und");
    expect(mdhdLanguage(2)).toBe("ger");
    expect(mdhdLanguage(29)).toBeNull();
    expect(mdhdLanguage(0x7fff)).toBeNull();
  });

  test("reads the track list of a fragmented MP4 from its empty moov", () => {
    expect(readWith(readMp4Subtitles, fixture("mp4-fragmented.mp4"))).toMatchObject({
      kind: "streams",
      streams: [{ index: 1, codec: "mov_text", language: "eng", default: true }],
    });
  });

  test("reads TTML (stpp) tracks as ttml", () => {
    expect(readWith(readMp4Subtitles, fixture("mp4-ttml.mp4"))).toEqual({
      kind: "streams",
      streams: [
        {
          index: 1,
          codec: "ttml",
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

  test("reads WebVTT (wvtt) and TTML (stpp) tracks with language, BCP-47 tag and DASH role flags", () => {
    const stream = { title: null, textBased: true };
    expect(readWith(readMp4Subtitles, fixture("mp4-wvtt.mp4"))).toEqual({
      kind: "streams",
      streams: [
        {
          ...stream,
          index: 1,
          codec: "webvtt",
          language: "eng",
          languageIetf: null,
          forced: false,
          hearingImpaired: false,
          default: true,
        },
        {
          ...stream,
          index: 2,
          codec: "webvtt",
          language: "fra",
          languageIetf: null,
          forced: true,
          hearingImpaired: false,
          default: false,
        },
        {
          ...stream,
          index: 3,
          codec: "webvtt",
          language: "eng",
          languageIetf: null,
          forced: false,
          hearingImpaired: true,
          default: false,
        },
        {
          ...stream,
          index: 4,
          codec: "webvtt",
          language: "por",
          languageIetf: "pt-BR",
          forced: false,
          hearingImpaired: false,
          default: false,
        },
      ],
      audioLanguages: [],
    });
    expect(readWith(readMp4Subtitles, fixture("mp4-stpp.mp4"))).toEqual({
      kind: "streams",
      streams: [
        {
          ...stream,
          index: 1,
          codec: "ttml",
          language: "deu",
          languageIetf: null,
          forced: false,
          hearingImpaired: false,
          default: true,
        },
        {
          ...stream,
          index: 2,
          codec: "ttml",
          language: "spa",
          languageIetf: "es-419",
          forced: true,
          hearingImpaired: false,
          default: false,
        },
        {
          ...stream,
          index: 3,
          codec: "ttml",
          language: "jpn",
          languageIetf: null,
          forced: false,
          hearingImpaired: true,
          default: false,
        },
      ],
      audioLanguages: [],
    });
  });

  test("cannot decide without a complete moov", () => {
    const bytes = new Uint8Array(Bun.file(fixture("mp4-moov-at-end.mp4")).size);
    const full = readBytes(readMp4Subtitles, bytes);
    expect(full).toMatchObject({ kind: "undecided" });
  });

  test("a truncated file (moov cut off) is undecided, not a crash", async () => {
    const bytes = new Uint8Array(await Bun.file(fixture("mp4-moov-at-end.mp4")).arrayBuffer());
    for (const cut of [8, 40, bytes.length - 100, bytes.length - 1]) {
      expect(readBytes(readMp4Subtitles, bytes.subarray(0, cut))).toMatchObject({ kind: "undecided" });
    }
  });
});
