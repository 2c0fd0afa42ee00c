import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transcribeVideo } from "../../src/fallbacks/whisper.ts";
import { parseAudioStreams, planTranscription } from "../../src/fallbacks/whisper-audio.ts";
import type { TranscribeOptions, WhisperBackend } from "../../src/whisper/types.ts";
import { readWavLayout } from "../../src/whisper/wav-split.ts";
import { SAMPLE_SRT } from "../fakes/whisper.ts";
import { rejection } from "../support/rejection.ts";

const FFMPEG = "/usr/bin/ffmpeg";
const HAS_TOOLS = existsSync(FFMPEG) && existsSync("/usr/bin/ffprobe");
const extraction = HAS_TOOLS ? test : test.skip;
const needs = HAS_TOOLS ? "" : " [SKIPPED: /usr/bin/ffmpeg or /usr/bin/ffprobe is absent]";

const stream = (language: string | null, isDefault = false) => ({ language, default: isDefault });

describe("planTranscription", () => {
  test("the stream spoken in the wanted language is transcribed, wherever it stands", () => {
    expect(planTranscription("ja", [stream("en", true), stream("ja")])).toEqual({
      ok: true,
      audioStream: 1,
      task: "transcribe",
      language: "ja",
    });
    // Whisper knows languages, not regions: pt-BR subtitles come from Portuguese speech.
    expect(planTranscription("pt-BR", [stream("pt")])).toMatchObject({
      ok: true,
      audioStream: 0,
      language: "pt",
    });
  });

  test("English from other speech is Whisper's translate task, on the default stream", () => {
    expect(planTranscription("en", [stream("fr"), stream("ja", true)])).toEqual({
      ok: true,
      audioStream: 1,
      task: "translate",
      language: "ja",
    });
  });

  test("an untagged stream may be the wanted language; a tagged other one is said plainly", () => {
    expect(planTranscription("de", [stream("ja", true), stream(null)])).toMatchObject({
      ok: true,
      audioStream: 1,
      task: "transcribe",
    });
    expect(planTranscription("de", [stream("ja"), stream("en")])).toEqual({
      ok: false,
      reason: "the audio is ja, en, not de: Whisper writes the spoken language, or English",
    });
  });

  test("no stream list (no ffprobe) is the first stream in the wanted language, as before", () => {
    expect(planTranscription("de", null)).toEqual({
      ok: true,
      audioStream: 0,
      task: "transcribe",
      language: "de",
    });
  });
});

test("ffprobe's stream list reads tags as canonical languages, und and none as unknown", () => {
  const json = JSON.stringify({
    streams: [
      { index: 1, disposition: { default: 1 }, tags: { language: "jpn" } },
      { index: 2, disposition: { default: 0 }, tags: { language: "und" } },
      { index: 3, disposition: { default: 0 } },
    ],
  });
  expect(parseAudioStreams(json)).toEqual([stream("ja", true), stream(null), stream(null)]);
  expect(parseAudioStreams("not json")).toBeNull();
  expect(parseAudioStreams('{"programs":[]}')).toBeNull();
});

describe("transcribeVideo with a wanted language", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  /** A video with an English track of 1 s and a Japanese one of 2 s (the length tells which was heard). */
  async function dualAudio(): Promise<string> {
    const dir = await fs.mkdtemp(join(tmpdir(), "subhound-test-"));
    dirs.push(dir);
    const video = join(dir, "dual.mkv");
    const mux = Bun.spawn(
      [
        FFMPEG,
        ...["-nostdin", "-loglevel", "error", "-y"],
        ...["-f", "lavfi", "-i", "sine=f=440:d=1", "-f", "lavfi", "-i", "sine=f=880:d=2"],
        ...["-map", "0:a", "-map", "1:a", "-c:a", "pcm_s16le"],
        ...["-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=jpn"],
        video,
      ],
      { stderr: "pipe" },
    );
    expect(await mux.exited).toBe(0);
    return video;
  }

  function recordingBackend() {
    const heard: { seconds: number; options: TranscribeOptions }[] = [];
    const backend: WhisperBackend = {
      name: "asr-webservice",
      healthCheck: async () => ({ healthy: true, message: "up" }),
      transcribe: async (sent, options) => {
        const blob = sent instanceof Blob ? sent : new Blob([sent as Uint8Array<ArrayBuffer>]);
        const layout = await readWavLayout(blob);
        heard.push({ seconds: layout!.dataBytes / layout!.byteRate, options });
        return SAMPLE_SRT;
      },
    };
    return { backend, heard };
  }

  extraction(
    `the Japanese track is heard for Japanese subtitles, though English comes first${needs}`,
    async () => {
      const video = await dualAudio();
      const { backend, heard } = recordingBackend();
      const work = await fs.mkdtemp(join(tmpdir(), "subhound-test-"));
      dirs.push(work);
      await transcribeVideo({ videoPath: video, wanted: "ja", backend, ffmpegPath: FFMPEG, tempDir: work });
      expect(heard).toHaveLength(1);
      expect(heard[0]!.seconds).toBeCloseTo(2, 1);
      expect(heard[0]!.options).toMatchObject({ task: "transcribe", language: "ja" });
    },
  );

  extraction(`German wanted from English and Japanese speech: refused, nothing sent${needs}`, async () => {
    const video = await dualAudio();
    const { backend, heard } = recordingBackend();
    const work = await fs.mkdtemp(join(tmpdir(), "subhound-test-"));
    dirs.push(work);
    const error = await rejection(
      transcribeVideo({ videoPath: video, wanted: "de", backend, ffmpegPath: FFMPEG, tempDir: work }),
    );
    expect(error).toMatchObject({ kind: "language-not-spoken" });
    expect((error as Error).message).toContain("the audio is en, ja, not de");
    expect(heard).toEqual([]);
  });
});
