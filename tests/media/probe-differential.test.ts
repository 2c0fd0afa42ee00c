import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createProber } from "../../src/media/probe/probe.ts";
import type { SubtitleStream } from "../../src/media/types.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/media");
const fixture = (name: string) => join(FIXTURES, name);

const ffprobePath: string = require("@ffprobe-installer/ffprobe").path;

/**
 * Where the engines legitimately differ. ffprobe never reports a BCP-47 tag (FFmpeg ignores
 * LanguageBCP47), so languageIetf is native-only. The bundled ffprobe (2023) predates FFmpeg's
 * mapping of mkvmerge's S_TEXT/WEBVTT, which it shows as a codec-less stream.
 */
const KNOWN_DIFFERENCES: Record<string, Record<number, Partial<SubtitleStream>>> = {
  "mkvmerge-flags.mkv": { 5: { codec: "unknown", textBased: false } },
};

const native = createProber({ engine: "native", concurrency: 1, timeoutMs: 10_000 });
const ffprobe = createProber({ engine: "ffprobe", ffprobePath, concurrency: 4, timeoutMs: 20_000 });

const nativeFiles = readdirSync(FIXTURES)
  .filter((name) => /\.(mkv|mka|mks|webm|mp4|m4v|mov)$/.test(name))
  .sort();

describe("native and ffprobe engines agree on every corpus file", () => {
  test("the corpus is big enough to mean something", () => {
    expect(nativeFiles.length).toBeGreaterThanOrEqual(20);
  });

  test.each(nativeFiles)("%s", async (name) => {
    const [fromNative, fromFfprobe] = await Promise.all([
      native.probe(fixture(name)),
      ffprobe.probe(fixture(name)),
    ]);
    if (!fromFfprobe.ok) throw new Error(fromFfprobe.error.message);
    if (!fromNative.ok) {
      // The native reader may decline (then auto asks ffprobe), but must never disagree.
      expect(fromNative.error.kind).toBe("malformed");
      return;
    }
    const expected = fromFfprobe.result.streams.map((s) => ({ ...s }));
    const actual = fromNative.result.streams.map((s) => ({
      ...s,
      languageIetf: null,
      ...KNOWN_DIFFERENCES[name]?.[s.index],
    }));
    expect(actual).toEqual(expected);
    // Audio-language rules read the audio tracks' languages; both engines must report the same ones.
    expect(fromNative.result.audioLanguages).toEqual(fromFfprobe.result.audioLanguages);
  });
});
