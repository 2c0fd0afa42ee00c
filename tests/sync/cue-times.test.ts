import { describe, expect, test } from "bun:test";
import { cuesOf, linearMap, retime } from "../../src/sync/cue-times.ts";
import { activitySignal, subtitleTimeline } from "../../src/sync/timeline.ts";

const SRT =
  "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i>\r\n\r\n2\r\n00:01:00.250 --> 00:01:01,000\r\nWorld\r\n";
const VTT =
  "WEBVTT\n\nNOTE keep me\n\n00:01.000 --> 00:02.500 align:start\nHello\n\n01:00:00.000 --> 01:00:01.000\nLate\n";
const ASS = [
  "[Script Info]",
  "ScriptType: v4.00+",
  "",
  "[Events]",
  "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
  "Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,Hello, world",
  "Comment: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,not shown",
  "Dialogue: 0,0:01:00.25,0:01:01.00,Default,,0,0,0,,{\\i1}Again",
  "",
].join("\n");
const SSA_REORDERED =
  "[Events]\nFormat: Marked, Start, End, Style, Text\nDialogue: Marked=0,0:00:05.00,0:00:06.00,Default,Hi\n";

describe("cue times", () => {
  test.each([
    [
      "srt",
      SRT,
      [
        { startMs: 1000, endMs: 2500 },
        { startMs: 60_250, endMs: 61_000 },
      ],
    ],
    [
      "vtt",
      VTT,
      [
        { startMs: 1000, endMs: 2500 },
        { startMs: 3_600_000, endMs: 3_601_000 },
      ],
    ],
    [
      "ass",
      ASS,
      [
        { startMs: 1000, endMs: 2500 },
        { startMs: 60_250, endMs: 61_000 },
      ],
    ],
    ["ssa", SSA_REORDERED, [{ startMs: 5000, endMs: 6000 }]],
  ] as const)("reads the cues of %s", (format, text, cues) => {
    expect(cuesOf(text, format)).toEqual([...cues]);
  });

  test("a shift rewrites only the times: SRT keeps its BOM, CRLF, tags and each line's separator", () => {
    expect(retime(SRT, "srt", linearMap(1, 1500))).toBe(
      "\uFEFF1\r\n00:00:02,500 --> 00:00:04,000\r\n<i>Hello</i>\r\n\r\n2\r\n00:01:01.750 --> 00:01:02.500\r\nWorld\r\n",
    );
  });

  test("WebVTT keeps settings, notes and the short form of times under an hour", () => {
    expect(retime(VTT, "vtt", linearMap(1, -500))).toBe(
      "WEBVTT\n\nNOTE keep me\n\n00:00.500 --> 00:02.000 align:start\nHello\n\n00:59:59.500 --> 01:00:00.500\nLate\n",
    );
  });

  test("ASS rewrites Start and End of Dialogue lines only, in centiseconds, commas in the text kept", () => {
    const out = retime(ASS, "ass", linearMap(25 / 24, 0));
    expect(out).toContain("Dialogue: 0,0:00:01.04,0:00:02.60,Default,,0,0,0,,Hello, world");
    expect(out).toContain("Comment: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,not shown");
    expect(out).toContain("Dialogue: 0,0:01:02.76,0:01:03.54,Default,,0,0,0,,{\\i1}Again");
  });

  test("the Format line decides which fields are Start and End", () => {
    expect(retime(SSA_REORDERED, "ssa", linearMap(1, 1000))).toContain(
      "Dialogue: Marked=0,0:00:06.00,0:00:07.00,Default,Hi",
    );
  });

  test("times shifted below zero become zero", () => {
    expect(cuesOf(retime(SRT, "srt", linearMap(1, -2000)), "srt")).toEqual([
      { startMs: 0, endMs: 500 },
      { startMs: 58_250, endMs: 59_000 },
    ]);
    expect(cuesOf(retime(SRT, "srt", linearMap(1, -3000)), "srt")).toEqual([
      { startMs: 57_250, endMs: 58_000 },
    ]);
  });
});

describe("timeline", () => {
  test("+1 while a cue is shown, −1 otherwise, from zero to the last cue, per 10 ms", () => {
    const timeline = subtitleTimeline([
      { startMs: 20, endMs: 50 },
      { startMs: 80, endMs: 100 },
    ]);
    expect([...timeline]).toEqual([-1, -1, 1, 1, 1, -1, -1, -1, 1, 1]);
  });

  test("a framerate ratio scales every time before sampling", () => {
    expect([...subtitleTimeline([{ startMs: 20, endMs: 50 }], 2)]).toEqual([
      -1, -1, -1, -1, 1, 1, 1, 1, 1, 1,
    ]);
  });

  test("speech activity maps to the same ±1 signal", () => {
    expect([...activitySignal(Uint8Array.from([0, 1, 1, 0]))]).toEqual([-1, 1, 1, -1]);
  });
});
