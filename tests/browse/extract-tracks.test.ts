import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { jsonOf } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/**
 * Extraction as a demanding user meets it: several tracks of one language, titles that say what the
 * flags do not, blank tracks, SSA scripts, text that is not UTF-8. Videos made with ffmpeg here
 * (subtitle streams only: no encoding work).
 */

const media = (name: string) => join(import.meta.dir, "..", "fixtures", "media", name);
const sidecar = (video: string, suffix: string) =>
  join(dirname(video), `${basename(video, extname(video))}.${suffix}`);

const work = mkdtempSync(join(tmpdir(), "subhound-extract-audit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const srt = (text: string) => `1\n00:00:00,500 --> 00:00:01,500\n${text}\n\n`;
const ASS_HEAD = `[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
`;
const ass = (text: string) => `${ASS_HEAD}Dialogue: 0,0:00:00.50,0:00:01.50,Default,,0,0,0,,${text}\n`;

/** A Matroska file of subtitle streams only (stream i = tracks[i]), muxed by ffmpeg. */
function muxSubtitles(name: string, tracks: { file: string; text: string; tags: string[] }[]): string {
  const out = join(work, name);
  const inputs = tracks.flatMap((t) => {
    const path = join(work, t.file);
    writeFileSync(path, t.text);
    return ["-i", path];
  });
  const maps = tracks.flatMap((_, i) => ["-map", `${i}`]);
  const tags = tracks.flatMap((t, i) => t.tags.flatMap((tag) => [`-metadata:s:s:${i}`, tag]));
  const run = Bun.spawnSync([
    "ffmpeg",
    "-v",
    "error",
    "-y",
    ...inputs,
    ...maps,
    "-c:s",
    "copy",
    ...tags,
    out,
  ]);
  if (run.exitCode !== 0) throw new Error(`ffmpeg: ${run.stderr.toString()}`);
  return out;
}

const post = (h: LibraryHarness, fileId: number, body: Record<string, unknown>) =>
  h.api(`/library/files/${fileId}/extract`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("extraction: names, blank tracks, SSA and encodings", () => {
  let h: LibraryHarness;
  beforeAll(async () => {
    // 0 full English, 1 "English SDH", 2 "English [Forced]": no flags on any of them.
    const english = muxSubtitles("english.mkv", [
      { file: "full.srt", text: srt("Hello, full."), tags: ["language=eng"] },
      { file: "sdh.srt", text: srt("[door creaks] Hello."), tags: ["language=eng", "title=English SDH"] },
      { file: "signs.srt", text: srt("EXIT"), tags: ["language=eng", "title=English [Forced]"] },
    ]);
    // 0 German with text, 1 German whose only cue is blank (styling tags and spaces).
    const german = muxSubtitles("german.mkv", [
      { file: "good.ass", text: ass("Hallo Welt"), tags: ["language=ger"] },
      { file: "blank.ass", text: ass("{\\an8}   "), tags: ["language=ger"] },
    ]);
    // One cue in Latin-1 among UTF-8 ones: Matroska says UTF-8, a careless muxer did not.
    const mixed = muxSubtitles("mixed.mkv", [
      {
        file: "mixed.srt",
        text: `1\n00:00:00,100 --> 00:00:00,400\nOne cafe.\n\n2\n00:00:00,500 --> 00:00:00,900\nTwo.\n\n`,
        tags: ["language=eng"],
      },
    ]);
    const bytes = readFileSync(mixed);
    const at = bytes.indexOf("One cafe.");
    bytes[at + 7] = 0xe9; // "One caf\xE9." : Latin-1 é, the same length
    writeFileSync(mixed, bytes);
    h = await startLibraryHarness({
      fixtures: {
        S01E01: english,
        S01E02: german,
        // ass #2 "Signs & Songs" (forced), subrip #3 (eng, HI), ass #4 (jpn, an SSA v4 script)
        S02E01: media("mkvmerge-flags.mkv"),
        movie: mixed,
      },
      config: { languages: ["en", "de", "ja"], profile: { embedded: "none" } },
    });
  });
  afterAll(() => h.stop());

  test("tracks of one language get the names their titles call for, and none replaces another", async () => {
    const id = await h.fileId("S01E01");
    const video = h.videos.S01E01!;
    const full = await post(h, id, { streamIndex: 0 });
    expect(full.status).toBe(201);
    expect((await jsonOf(full)).path).toBe(sidecar(video, "en.srt"));

    const sdh = await post(h, id, { streamIndex: 1 });
    expect(sdh.status).toBe(201);
    expect(await jsonOf(sdh)).toMatchObject({
      path: sidecar(video, "en.hi.srt"),
      variant: "full",
      hearingImpaired: true,
    });

    const signs = await post(h, id, { streamIndex: 2 });
    expect(signs.status).toBe(201);
    expect(await jsonOf(signs)).toMatchObject({ path: sidecar(video, "en.forced.srt"), variant: "forced" });
    expect(readFileSync(sidecar(video, "en.forced.srt"), "utf8")).toContain("EXIT");

    // The full English subtitle is still the full one: neither the SDH nor the signs track took its place.
    expect(readFileSync(sidecar(video, "en.srt"), "utf8")).toContain("Hello, full.");

    // Subhound's own file (its recorded hash) may be written again; once the user edits it, never.
    expect((await post(h, id, { streamIndex: 0 })).status).toBe(201);
    writeFileSync(sidecar(video, "en.srt"), srt("Hello, fixed by hand."));
    const again = await post(h, id, { streamIndex: 0 });
    expect(again.status).toBe(409);
    expect(readFileSync(sidecar(video, "en.srt"), "utf8")).toBe(srt("Hello, fixed by hand."));
  });

  test("a WebVTT track titled 'Signs & Songs' without a forced flag is saved as forced; mov_text stays exact UTF-8", async () => {
    const movText = join(work, "french.mp4");
    writeFileSync(
      join(work, "french.srt"),
      `${srt("Ça va.")}2\n00:00:02,000 --> 00:00:03,000\nZoë? Привет 日本\n\n`,
    );
    const run = Bun.spawnSync([
      "ffmpeg",
      "-v",
      "error",
      "-y",
      "-i",
      join(work, "french.srt"),
      "-c:s",
      "mov_text",
      "-metadata:s:s:0",
      "language=fra",
      movText,
    ]);
    expect(run.exitCode).toBe(0);
    const h2 = await startLibraryHarness({
      fixtures: { S01E01: media("webm-webvtt.webm"), movie: movText },
      config: { languages: ["de", "fr"], profile: { embedded: "none" } },
    });
    try {
      const res = await post(h2, await h2.fileId("S01E01"), { streamIndex: 1 });
      expect(res.status).toBe(201);
      const saved = await jsonOf(res);
      expect(saved).toMatchObject({ path: sidecar(h2.videos.S01E01!, "de.forced.srt"), variant: "forced" });
      // The full German subtitle is still wanted: a signs track does not stand in for it.
      const file = await h2.json(`/library/files/${await h2.fileId("S01E01")}`);
      expect(
        file.items.find(
          (i: { language: string; variant: string }) => i.language === "de" && i.variant === "full",
        ).status,
      ).toBe("wanted");

      const french = await post(h2, await h2.fileId("movie"), { streamIndex: 0 });
      expect(french.status).toBe(201);
      expect(readFileSync((await jsonOf(french)).path, "utf8")).toBe(
        `${srt("Ça va.")}2\n00:00:02,000 --> 00:00:03,000\nZoë? Привет 日本\n\n`,
      );
    } finally {
      await h2.stop();
    }
  });

  test("a track whose cues are blank is not saved, and does not replace a good one", async () => {
    const id = await h.fileId("S01E02");
    const target = sidecar(h.videos.S01E02!, "de.ass");
    const good = await post(h, id, { streamIndex: 0 });
    expect(good.status).toBe(201);
    const before = (await h.json(`/library/files/${id}`)).history.length;

    const blank = await post(h, id, { streamIndex: 1 });
    expect(blank.status).toBe(422);
    expect((await jsonOf(blank)).detail).toContain("no text to show");
    expect(readFileSync(target, "utf8")).toContain("Hallo Welt");
    expect((await h.json(`/library/files/${id}`)).history).toHaveLength(before);
  });

  test("an SSA script is kept as SSA, with its styles, instead of being refused", async () => {
    const res = await post(h, await h.fileId("S02E01"), { streamIndex: 4 });
    expect(res.status).toBe(201);
    const saved = await jsonOf(res);
    expect(saved).toMatchObject({ format: "ssa", language: "ja", path: sidecar(h.videos.S02E01!, "ja.ssa") });
    const text = readFileSync(saved.path, "utf8");
    expect(text).toContain("[V4 Styles]");
    expect(text).toContain("Hello.");
  });

  test("a track with a cue that is not UTF-8 is refused whole, not saved with the cue missing", async () => {
    const res = await post(h, await h.fileId("movie"), { streamIndex: 0 });
    expect(res.status).toBe(422);
    expect((await jsonOf(res)).detail).toContain("not UTF-8");
    expect(existsSync(sidecar(h.videos.movie!, "en.srt"))).toBe(false);
  });
});
