import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../../src/clock.ts";
import { SubtitleTranslationError } from "../../src/fallbacks/errors.ts";
import { balancedLines } from "../../src/fallbacks/srt-units.ts";
import {
  isSignLine,
  splitAssText,
  splitDialogue,
  splitLines,
  unitsOf,
} from "../../src/fallbacks/subtitle-units.ts";
import { sameStructure, translateSubtitle } from "../../src/fallbacks/translate.ts";
import { silentLogger } from "../../src/log.ts";
import type { RemoteDeps } from "../../src/net/remote.ts";
import { validateSubtitle } from "../../src/subtitles/validate.ts";
import { createTranslationManager } from "../../src/translation/manager.ts";
import { type FakeOllama, startFakeOllama } from "../fakes/ollama.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { rejection } from "../support/rejection.ts";
import { translationConfig } from "../translation/helpers.ts";

const FIXTURES = new URL("../fixtures/subtitles/", import.meta.url);
const fixture = (name: string) => Bun.file(new URL(name, FIXTURES)).text();

let ollama: FakeOllama | null = null;
afterEach(async () => {
  await ollama?.stop();
  ollama = null;
});

async function setup(model = "llama3.2", deps: RemoteDeps = {}) {
  ollama = await startFakeOllama();
  const config = translationConfig({ chain: ["ollama"], ollama: { url: ollama.url, model } });
  const manager = createTranslationManager(config, {
    ...recordingDeps(deps),
    clock: systemClock,
    log: silentLogger,
    options: { ollama: { retries: 0, countRetries: 1 } },
  });
  return { ollama, manager };
}

/** Text segments of a Dialogue Text field (what lies between override blocks, drawings excluded). */
const textSegments = (text: string) =>
  splitAssText(text)
    .filter((p) => p.kind === "text")
    .map((p) => p.text);
const blocks = (text: string) =>
  splitAssText(text)
    .filter((p) => p.kind !== "text")
    .map((p) => p.text);

describe("translateSubtitle: ASS through a marker-echoing Ollama", () => {
  test("every dialogue segment gets the marker; everything else is byte-identical, line by line", async () => {
    const { manager, ollama } = await setup();
    const original = await fixture("tricky.ass");
    const result = await translateSubtitle({ text: original, format: "ass", from: "en", to: "de", manager });
    expect(result).toMatchObject({ format: "ass", backend: "ollama", machineTranslated: true });
    expect(result.units).toBeGreaterThan(10);
    expect(ollama.llm.batches.length).toBeGreaterThan(0);

    const before = splitLines(original);
    const after = splitLines(result.text);
    expect(after).toHaveLength(before.length);
    let translatedLines = 0;
    let untouched = 0;
    before.forEach((line, i) => {
      const out = after[i]!;
      expect(out.eol).toBe(line.eol);
      const was = splitDialogue(line.body);
      if (!was || !line.body.startsWith("Dialogue:")) {
        expect(out.body).toBe(line.body);
        return;
      }
      const now = splitDialogue(out.body)!;
      expect(now.prefix + now.head).toBe(was.prefix + was.head);
      expect(blocks(now.text)).toEqual(blocks(was.text));
      if (isSignLine(was.style, was.name, was.text)) {
        expect(out.body).toBe(line.body);
        untouched++;
        return;
      }
      const segs = textSegments(was.text);
      const outSegs = textSegments(now.text);
      expect(outSegs).toHaveLength(segs.length);
      segs.forEach((seg, k) => {
        const empty = seg.replace(/\\[Nnh]/g, "").trim() === "";
        expect(outSegs[k]).toBe(empty ? seg : `T:${seg}`);
      });
      if (segs.length > 0) translatedLines++;
    });
    expect(translatedLines).toBe(8);
    expect(untouched).toBe(4);

    // Spot checks on the trickiest lines.
    expect(result.text).toContain(
      "Dialogue: 0,0:00:03.50,0:00:05.00,Default,Mika,0,0,0,,{\\i1}T:I told you,{\\i0}T: didn't I?\\NThe door — it's open.\n",
    );
    expect(result.text).toContain(
      "{\\p1\\c&H000000&}m 0 0 l 100 0 100 100 0 100{\\p0}T:Behind the box, a note.\n",
    );
    expect(result.text).toContain("{\\k20}T:La {\\k30}T:la {\\k25}T:la, sing along!\n");
    expect(result.text).toContain("Dialogue: 0,0:00:07.25,0:00:09.00,Top,Ted,0,0,0,,T:Hey,\\hthat's mine!\n");
    expect(result.text).toContain(",,{\\i1}   {\\i0}\\N{\\fs50}T:¿Qué? 日本語もOK, commas, everywhere,,,\n");
    expect(validateSubtitle(result.text, "ass")).toEqual(validateSubtitle(original, "ass"));
    expect(sameStructure(original, result.text, "ass")).toEqual({ ok: true });
  });

  test("the signs rule", () => {
    expect(isSignLine("Signs", "", "x")).toBe(true);
    expect(isSignLine("OP", "", "x")).toBe(true);
    expect(isSignLine("ED-Romaji", "", "x")).toBe(true);
    expect(isSignLine("Song_OP1", "", "x")).toBe(true);
    expect(isSignLine("Default", "Sign", "x")).toBe(true);
    expect(isSignLine("Default", "", "{\\pos(1,2)}x")).toBe(true);
    expect(isSignLine("Default", "", "{\\move(1,2,3,4)}x")).toBe(true);
    expect(isSignLine("Top", "Ted", "x")).toBe(false);
    expect(isSignLine("Default", "Speedy", "{\\an8\\fs20}x")).toBe(false);
  });

  test("SSA uses its own Format line; a Text field with commas is kept whole", () => {
    const ssa = [
      "[Script Info]",
      "ScriptType: v4.00",
      "",
      "[V4 Styles]",
      "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding",
      "Style: Default,Arial,20,16777215,65535,65535,-2147483640,-1,0,1,3,0,2,30,30,30,0,0",
      "",
      "[Events]",
      "Format: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
      "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0000,0000,0000,,Yes, no, maybe",
      "",
    ].join("\n");
    const units = unitsOf(ssa, "ssa");
    expect(units.units).toEqual(["Yes, no, maybe"]);
    expect(units.rebuild(["Ja, nein, vielleicht"])).toBe(
      ssa.replace("Yes, no, maybe", "Ja, nein, vielleicht"),
    );
    expect(() => units.rebuild([])).toThrow("expected 1 translated units, got 0");
  });

  test("rebuilding with the units themselves gives the file back byte for byte", async () => {
    for (const [name, format] of [
      ["tricky.ass", "ass"],
      ["tags-crlf.srt", "srt"],
    ] as const) {
      const text = await fixture(name);
      const units = unitsOf(text, format);
      expect(units.rebuild(units.units)).toBe(text);
    }
  });

  test("a line break or an override block made up by the model cannot break the file", () => {
    const ass =
      "[Script Info]\nScriptType: v4.00+\n\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n";
    const out = unitsOf(ass, "ass").rebuild(["Hal\nlo {\\pos(1,1)}"]);
    expect(out).toBe(ass.replace(",Hi\n", ",Hal\\Nlo (\\pos(1,1))\n"));
    expect(sameStructure(ass, out, "ass")).toEqual({ ok: true });
  });
});

describe("translateSubtitle: SRT", () => {
  test("tags stay, text between them is translated, CRLF and cue structure kept line by line", async () => {
    const { manager } = await setup();
    const original = await fixture("tags-crlf.srt");
    expect(original).toContain("\r\n");
    const result = await translateSubtitle({ text: original, format: "srt", from: "en", to: "fr", manager });
    const before = splitLines(original);
    const after = splitLines(result.text);
    expect(after).toHaveLength(before.length);
    expect(after.every((l, i) => l.eol === before[i]!.eol)).toBe(true);
    expect(after.map((l) => l.body)).toEqual([
      "1",
      "00:00:01,000 --> 00:00:03,000",
      "<i>T:Where are you going?</i>",
      "",
      "2",
      "00:00:03,500 --> 00:00:06,000",
      "T:I'm going <b>home</b>, Mom.",
      '<font color="#ffff00">T:- Wait for me!</font>',
      "",
      "3",
      "00:00:06,500 --> 00:00:08,000",
      "{\\an8}<i>T:Previously, on",
      "<b>T:The Show</b>...</i>",
      "",
      "4",
      "00:00:08,500 --> 00:00:10,000",
      "T:Line one of three,",
      "T:line two — with ünïcödé,",
      "T:and <i>line</i> <u>three</u>.",
      "",
      "5",
      "00:00:10,500 --> 00:00:12,000",
      "<i></i>",
      "T:♪ ♪",
    ]);
    expect(result).toMatchObject({ format: "srt", units: 9, backend: "ollama", machineTranslated: true });
  });

  test("a reply that loses the tag placeholders is retranslated without tags and re-wrapped", async () => {
    const { manager, ollama } = await setup();
    const srt = "1\n00:00:01,000 --> 00:00:02,000\n<i>I'm going <b>home</b> now</i>\nSecond line\n";
    ollama.llm.queue.push({
      kind: "raw",
      content: JSON.stringify({ 1: "Je rentre à la maison", 2: "Deuxième" }),
    });
    const result = await translateSubtitle({ text: srt, format: "srt", from: "en", to: "fr", manager });
    expect(ollama.llm.batches.map((b) => Object.values(b.lines))).toEqual([
      ["I'm going {{1}}home{{2}} now", "Second line"],
      ["I'm going home now"],
    ]);
    expect(result.text).toBe("1\n00:00:01,000 --> 00:00:02,000\n<i>T:I'm going home now</i>\nDeuxième\n");
  });

  test("a sentence run over a cue's lines is translated whole and laid out again on as many lines", async () => {
    const { manager, ollama } = await setup();
    const srt = [
      "1",
      "00:00:01,000 --> 00:00:03,000",
      "I don't think that's",
      "a good idea at all.",
      "",
      "2",
      "00:00:03,500 --> 00:00:05,000",
      "<i>We should have left",
      "before it got dark.</i>",
      "",
      "3",
      "00:00:05,500 --> 00:00:07,000",
      "- Where are you?",
      "- At home.",
      "",
      "4",
      "00:00:07,500 --> 00:00:09,000",
      "Get down!",
      "[gunshots]",
      "",
    ].join("\r\n");
    const result = await translateSubtitle({ text: srt, format: "srt", from: "en", to: "de", manager });
    expect(ollama.llm.batches.flatMap((b) => Object.values(b.lines))).toEqual([
      "I don't think that's a good idea at all.",
      "We should have left before it got dark.",
      "- Where are you?",
      "- At home.",
      "Get down!",
      "[gunshots]",
    ]);
    expect(splitLines(result.text).map((l) => l.body)).toEqual([
      "1",
      "00:00:01,000 --> 00:00:03,000",
      "T:I don't think that's",
      "a good idea at all.",
      "",
      "2",
      "00:00:03,500 --> 00:00:05,000",
      "<i>T:We should have left",
      "before it got dark.</i>",
      "",
      "3",
      "00:00:05,500 --> 00:00:07,000",
      "T:- Where are you?",
      "T:- At home.",
      "",
      "4",
      "00:00:07,500 --> 00:00:09,000",
      "T:Get down!",
      "T:[gunshots]",
    ]);
    expect(splitLines(result.text).every((l, i, all) => i === all.length - 1 || l.eol === "\r\n")).toBe(true);
    expect(result.units).toBe(6);
  });

  test("a cue's translation of a word or two takes fewer lines; an unspaced script breaks between characters", async () => {
    const { manager, ollama } = await setup();
    const srt =
      "1\n00:00:01,000 --> 00:00:02,000\n<i>Well, I suppose\nthat might be so.</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nI have never seen\nanything like it.\n";
    ollama.llm.queue.push({
      kind: "raw",
      content: JSON.stringify({ 1: "Vielleicht.", 2: "こんなものは見たことがない。" }),
    });
    const result = await translateSubtitle({ text: srt, format: "srt", from: "en", to: "ja", manager });
    expect(result.text).toBe(
      "1\n00:00:01,000 --> 00:00:02,000\n<i>Vielleicht.</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nこんなものは見\nたことがない。\n",
    );
    expect(sameStructure(srt, result.text, "srt")).toEqual({ ok: true });
  });

  test("balancedLines: even lines, a break after punctuation preferred, never more lines than words", () => {
    expect(balancedLines("one two three four", 2)).toEqual(["one two", "three four"]);
    expect(balancedLines("Yes, I know what you mean by that", 2)).toEqual([
      "Yes, I know what",
      "you mean by that",
    ]);
    expect(balancedLines("No, and I will never ever do it", 2)).toEqual([
      "No, and I will",
      "never ever do it",
    ]);
    expect(balancedLines("a b c d e f", 3)).toEqual(["a b", "c d", "e f"]);
    expect(balancedLines("Gut.", 2)).toEqual(["Gut."]);
    expect(balancedLines("これは、ペンです", 2)).toEqual(["これは、", "ペンです"]);
  });

  test("sameStructure catches moved timings, lost lines and changed markup", () => {
    const srt = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n";
    expect(sameStructure(srt, srt.replace("Hello", "Hallo"), "srt")).toEqual({ ok: true });
    expect(sameStructure(srt, srt.replace("00:00:03,000", "00:00:03,100"), "srt")).toMatchObject({
      ok: false,
      line: 6,
    });
    expect(sameStructure(srt, srt.replace("Hello\n", "Hello\nextra\n"), "srt")).toMatchObject({
      ok: false,
      line: 4,
      reason: "a cue has more lines than before",
    });
    const two = srt.replace("Hello\n", "Hello\nthere\n");
    expect(sameStructure(two, srt, "srt")).toEqual({ ok: true });
    expect(sameStructure(two, two.replace("Hello\nthere\n", "Hello\n\n"), "srt")).toMatchObject({
      ok: false,
    });
    expect(sameStructure(srt, srt.replace("\n", "\r\n"), "srt")).toMatchObject({
      ok: false,
      reason: "line ending changed",
    });
    const ass = "[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\i1}Hi{\\i0}\n";
    expect(sameStructure(ass, ass.replace("Hi", "Salut"), "ass")).toEqual({ ok: true });
    expect(sameStructure(ass, ass.replace("{\\i0}", ""), "ass")).toMatchObject({ ok: false, line: 2 });
    expect(sameStructure(ass, ass.replace("0:00:02.00", "0:00:02.50"), "ass")).toMatchObject({ ok: false });
  });
});

describe("translateSubtitle: failures", () => {
  test("a wrong-line-count reply is retried, then fails cleanly with a typed error and no output", async () => {
    const { manager, ollama } = await setup();
    // Every batch comes back a line short, down to single lines (which then come back empty).
    ollama.llm.mergesAbove = 0;
    const text = await fixture("tags-crlf.srt");
    const error = await rejection(translateSubtitle({ text, format: "srt", from: "en", to: "de", manager }));
    expect(error).toBeInstanceOf(SubtitleTranslationError);
    expect(error).toMatchObject({ kind: "translation", translationKind: "line-count" });
    expect(Object.keys(ollama.llm.batches.at(-1)!.lines)).toHaveLength(1);
  });

  test("one wrong-line-count reply is retried and the retry is used", async () => {
    const { manager, ollama } = await setup();
    ollama.llm.queue.push({ kind: "drop-line" });
    const text = await fixture("tricky.ass");
    const result = await translateSubtitle({ text, format: "ass", from: "en", to: "de", manager });
    expect(ollama.llm.batches).toHaveLength(2);
    expect(sameStructure(text, result.text, "ass")).toEqual({ ok: true });
  });

  test("an NDJSON-streamed Ollama reply works", async () => {
    const { manager, ollama } = await setup("llama3.2", {
      fetch: (url, init) => {
        const body = JSON.parse(String(init?.body));
        delete body.stream;
        return fetch(url, { ...init, body: JSON.stringify(body) });
      },
    });
    const text = await fixture("tricky.ass");
    const result = await translateSubtitle({ text, format: "ass", from: "en", to: "de", manager });
    expect(ollama.requests.at(-1)?.body).not.toHaveProperty("stream");
    expect(result.text).toContain(",,T:Well, well, well… what do we have here?\n");
  });

  test("a model that is not pulled surfaces as model-not-found, naming the model", async () => {
    const { manager } = await setup("mistral");
    const text = await fixture("tricky.ass");
    const error = await rejection(translateSubtitle({ text, format: "ass", from: "en", to: "de", manager }));
    expect(error).toMatchObject({ kind: "translation", translationKind: "model-not-found" });
    expect((error as Error).message).toContain("ollama pull mistral");
  });

  test("unsupported or invalid input, and a cancelled job", async () => {
    const manager = { translate: async () => ({ lines: [], backend: "ollama" as const }) };
    const vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n";
    expect(
      await rejection(
        translateSubtitle({ text: vtt, format: "vtt" as "srt", from: "en", to: "de", manager }),
      ),
    ).toMatchObject({ kind: "unsupported-format" });
    expect(
      await rejection(
        translateSubtitle({ text: "<html></html>", format: "srt", from: "en", to: "de", manager }),
      ),
    ).toMatchObject({ kind: "invalid-input" });
    const signal = AbortSignal.abort();
    const srt = await fixture("tags-crlf.srt");
    expect(
      await rejection(translateSubtitle({ text: srt, format: "srt", from: "en", to: "de", manager, signal })),
    ).toMatchObject({ kind: "aborted" });
  });

  test("a backend answering the wrong number of lines anyway is a typed error", async () => {
    const manager = { translate: async () => ({ lines: ["only one"], backend: "deepl" as const }) };
    const srt = await fixture("tags-crlf.srt");
    expect(
      await rejection(translateSubtitle({ text: srt, format: "srt", from: "en", to: "de", manager })),
    ).toMatchObject({ kind: "translation", translationKind: "line-count" });
  });
});
