import { describe, expect, test } from "bun:test";
import { applyFixes } from "../../src/sync/fixes/apply-fixes.ts";
import { fixOcr, removeHearingImpaired, removeTags } from "../../src/sync/fixes/line-fixes.ts";

describe("line fixes", () => {
  test.each([
    ["<i>Hello</i> there", "Hello there"],
    ['<font color="#ff0000">Red</font>', "Red"],
    ["{\\an8}On top", "On top"],
    ["a < b and c > d", "a < b and c > d"],
    ["<v Roger>Hi <c.yellow>there</c></v>", "Hi there"],
    ["Karaoke <00:00:01.500>words <01:02.250>here", "Karaoke words here"],
  ])("removeTags(%p) = %p", (line, fixed) => {
    expect(removeTags(line)).toBe(fixed);
  });

  test.each([
    ["[door creaks]", ""],
    ["(LAUGHS) That's funny.", "That's funny."],
    ["JOHN: Come here.", "Come here."],
    ["- MAN 2: Who's there?", "- Who's there?"],
    ["- [gasps]", ""],
    ["♪ La la la ♪", ""],
    ["He said (quietly) no.", "He said no."],
    ["Dr. Who: not a label", "Dr. Who: not a label"],
  ])("removeHearingImpaired(%p) = %p", (line, fixed) => {
    expect(removeHearingImpaired(line)).toBe(fixed);
  });

  test.each([
    ["l don't know.", "I don't know."],
    ["l'm here, l'll stay.", "I'm here, I'll stay."],
    ["lt's late. lt is.", "It's late. It is."],
    ["What , really ?", "What, really?"],
    ["Wait,what?No!", "Wait, what? No!"],
    ["Too  many   spaces", "Too many spaces"],
    ["The FBl agent", "The FBI agent"],
    ["Hello world.", "Hello world."],
    ["all lakes", "all lakes"],
  ])("fixOcr(%p) = %p", (line, fixed) => {
    expect(fixOcr(line)).toBe(fixed);
  });
});

const SRT = [
  "1",
  "00:00:01,000 --> 00:00:02,000",
  "[thunder]",
  "",
  "2",
  "00:00:03,000 --> 00:00:04,000",
  "<i>JOHN: l see.</i>",
  "(sighs)",
  "",
  "3",
  "00:00:05,000 --> 00:00:06,000",
  "Fine.",
  "",
].join("\r\n");

describe("applyFixes", () => {
  test("drops cues left without text, renumbers, keeps line endings, then shifts", () => {
    expect(
      applyFixes(SRT, "srt", { removeTags: true, removeHearingImpaired: true, fixOcr: true, shiftMs: 500 }),
    ).toBe(
      [
        "1",
        "00:00:03,500 --> 00:00:04,500",
        "I see.",
        "",
        "2",
        "00:00:05,500 --> 00:00:06,500",
        "Fine.",
        "",
      ].join("\r\n"),
    );
  });

  test("no fix asked leaves the file byte for byte", () => {
    expect(applyFixes(SRT, "srt", {})).toBe(SRT);
  });

  test("a framerate conversion scales every time", () => {
    expect(applyFixes(SRT, "srt", { framerate: { from: 25, to: 23.976 } })).toContain(
      "00:00:05,214 --> 00:00:06,256",
    );
  });

  test("ASS: text fixes touch only the Text field, line by line inside it; emptied Dialogue lines go", () => {
    const ass = [
      "[Events]",
      "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
      "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,[music]",
      "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\i1}MARY: Hi, you.\\N(coughs)",
      "",
    ].join("\n");
    expect(applyFixes(ass, "ass", { removeTags: true, removeHearingImpaired: true })).toBe(
      [
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
        "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,Hi, you.",
        "",
      ].join("\n"),
    );
  });

  test("WebVTT: text fixes touch only cue payload lines; header, NOTE, STYLE, identifiers and settings stay", () => {
    const vtt = [
      "WEBVTT - with notes",
      "",
      "NOTE (this note) is [kept] as it is",
      "",
      "STYLE",
      "::cue(.loud) { color: red }",
      "",
      "intro",
      "00:01.000 --> 00:02.000 align:start",
      "[thunder]",
      "",
      "talk",
      "00:03.000 --> 00:04.000",
      "<v John>JOHN: l see.</v>",
      "(sighs)",
      "",
      "01:00:05.000 --> 01:00:06.000",
      "<i>Fine.</i>",
      "",
    ].join("\r\n");
    expect(applyFixes(vtt, "vtt", { removeTags: true, removeHearingImpaired: true, fixOcr: true })).toBe(
      [
        "WEBVTT - with notes",
        "",
        "NOTE (this note) is [kept] as it is",
        "",
        "STYLE",
        "::cue(.loud) { color: red }",
        "",
        "talk",
        "00:03.000 --> 00:04.000",
        "I see.",
        "",
        "01:00:05.000 --> 01:00:06.000",
        "Fine.",
        "",
      ].join("\r\n"),
    );
  });

  test("WebVTT: text and timing fixes together; no fix leaves it byte for byte", () => {
    const vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<b>Hello</b>\n";
    expect(applyFixes(vtt, "vtt", { removeTags: true, shiftMs: 1500 })).toBe(
      "WEBVTT\n\n00:02.500 --> 00:03.500\nHello\n",
    );
    expect(applyFixes(vtt, "vtt", {})).toBe(vtt);
  });
});
