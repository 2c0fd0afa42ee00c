import { describe, expect, test } from "bun:test";
import { detectFormat, validateSubtitle } from "../../src/subtitles/validate.ts";

const SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n";

const ASS = `[Script Info]
Title: Test
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize
Style: Default,Arial,20

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello
Comment: 0,0:00:02.00,0:00:03.00,Default,,0,0,0,,not shown
Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,World
`;

const SSA = ASS.replace("ScriptType: v4.00+", "ScriptType: v4.00").replace("[V4+ Styles]", "[V4 Styles]");

const VTT = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n\n00:00:03.000 --> 00:00:04.000 align:start\nWorld\n";

describe("validateSubtitle", () => {
  test("SRT, with or without index lines", () => {
    expect(validateSubtitle(SRT)).toEqual({ ok: true, format: "srt", cues: 2 });
    expect(validateSubtitle("00:00:01,000 --> 00:00:02,000\nNo index\n")).toEqual({
      ok: true,
      format: "srt",
      cues: 1,
    });
  });

  test("ASS with [Events] counts its Dialogue lines", () => {
    expect(validateSubtitle(ASS)).toEqual({ ok: true, format: "ass", cues: 2 });
  });

  test("the SSA variant is ssa", () => {
    expect(validateSubtitle(SSA)).toEqual({ ok: true, format: "ssa", cues: 2 });
  });

  test("ASS without [Events] or without Dialogue is rejected", () => {
    expect(validateSubtitle(ASS.slice(0, ASS.indexOf("[Events]"))).ok).toBe(false);
    expect(validateSubtitle(ASS.replaceAll("Dialogue:", "Comment:")).ok).toBe(false);
  });

  test("WebVTT", () => {
    expect(validateSubtitle(VTT)).toEqual({ ok: true, format: "vtt", cues: 2 });
  });

  test("WebVTT hours have two or more digits (a three-digit hour is valid)", () => {
    const long = "WEBVTT\n\n100:00:01.000 --> 100:00:02.000\nStill going\n\n00:01.000 --> 101:00:00.000\nx\n";
    expect(validateSubtitle(long)).toEqual({ ok: true, format: "vtt", cues: 2 });
  });

  test("MicroDVD", () => {
    expect(validateSubtitle("{1}{50}Hello|there\n{60}{90}World\n")).toEqual({
      ok: true,
      format: "sub",
      cues: 2,
    });
  });

  test("an HTML page served with 200", () => {
    const html =
      "<!DOCTYPE html>\n<html><head><title>Download limit reached</title></head><body></body></html>";
    expect(validateSubtitle(html)).toEqual({ ok: false, reason: "an HTML page, not a subtitle" });
    expect(validateSubtitle("\n  <html lang=en><body>00:00:01,000 --> 00:00:02,000</body></html>").ok).toBe(
      false,
    );
  });

  test("a JSON error body", () => {
    expect(validateSubtitle('{"error":"quota exceeded","status":429}')).toEqual({
      ok: false,
      reason: "a JSON body, not a subtitle",
    });
  });

  test("binary garbage", () => {
    let seed = 42;
    const garbage = Array.from({ length: 2000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(seed % 256);
    }).join("");
    expect(validateSubtitle(garbage)).toEqual({ ok: false, reason: "binary content" });
    expect(validateSubtitle(`${SRT}\u0000`)).toEqual({ ok: false, reason: "binary content" });
  });

  test("empty, whitespace, unknown text and zero cues", () => {
    expect(validateSubtitle("")).toEqual({ ok: false, reason: "empty" });
    expect(validateSubtitle(" \n\t\n")).toEqual({ ok: false, reason: "empty" });
    expect(validateSubtitle("Just some text").ok).toBe(false);
    expect(validateSubtitle("WEBVTT\n\nNOTE nothing here\n")).toEqual({
      ok: false,
      reason: "no cues in the vtt file",
    });
  });

  test("an expected format that does not match fails", () => {
    expect(validateSubtitle(SRT, "ass")).toEqual({ ok: false, reason: "expected ass, found srt" });
    expect(validateSubtitle(SRT, "srt").ok).toBe(true);
  });
});

describe("detectFormat", () => {
  test.each([
    [SRT, "srt"],
    [ASS, "ass"],
    [SSA, "ssa"],
    [VTT, "vtt"],
    ["\uFEFFWEBVTT - title\n\n00:01.000 --> 00:02.000\nx\n", "vtt"],
    ["{1}{50}Hello\n", "sub"],
    ["hello", null],
  ])("%#", (text, format) => {
    expect(detectFormat(text)).toBe(format as ReturnType<typeof detectFormat>);
  });
});
