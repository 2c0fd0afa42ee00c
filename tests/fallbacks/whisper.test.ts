import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WhisperFallbackError } from "../../src/fallbacks/errors.ts";
import {
  createWhisperQueue,
  transcribeVideo,
  type WhisperJobState,
  type WhisperProgress,
} from "../../src/fallbacks/whisper.ts";
import { createAsrWebserviceBackend } from "../../src/whisper/asr-webservice.ts";
import type { WhisperBackend } from "../../src/whisper/types.ts";
import { readWavLayout } from "../../src/whisper/wav-split.ts";
import { type FakeWhisper, SAMPLE_SRT, startFakeWhisper } from "../fakes/whisper.ts";
import { deferred } from "../support/deferred.ts";
import { rejection } from "../support/rejection.ts";

const FFMPEG = "/usr/bin/ffmpeg";
const HAS_FFMPEG = existsSync(FFMPEG);
const VIDEO = new URL("../fixtures/media/mkv-no-subs.mkv", import.meta.url).pathname;
const MEDIA_DIR = new URL("../fixtures/media/", import.meta.url).pathname;
/** Only the tests that really run ffmpeg are skipped without it. */
const extraction = HAS_FFMPEG ? test : test.skip;
const needs = HAS_FFMPEG ? "" : " [SKIPPED: /usr/bin/ffmpeg is absent]";

let fake: FakeWhisper | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.stop();
  fake = null;
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(join(tmpdir(), "subhound-test-"));
  dirs.push(dir);
  return dir;
}

async function setup() {
  fake = await startFakeWhisper();
  return {
    fake,
    backend: createAsrWebserviceBackend({ url: fake.url, timeoutMs: 10_000 }),
    dir: await tempDir(),
  };
}

describe("transcribeVideo", () => {
  extraction(
    `extracts 16 kHz mono audio, returns the validated SRT and leaves the temp dir empty${needs}`,
    async () => {
      const { fake, backend, dir } = await setup();
      const stages: WhisperProgress["stage"][] = [];
      const result = await transcribeVideo({
        videoPath: VIDEO,
        language: "en",
        task: "transcribe",
        backend,
        ffmpegPath: FFMPEG,
        tempDir: dir,
        onProgress: (p) => stages.push(p.stage),
      });
      expect(result).toEqual({
        text: SAMPLE_SRT,
        format: "srt",
        cues: 2,
        backend: "asr-webservice",
        machineGenerated: true,
      });
      expect(stages).toEqual(["extracting", "transcribing", "done"]);
      const asr = fake.requests.find((r) => r.path.startsWith("/asr"));
      expect(asr).toBeDefined();
      expect(await fs.readdir(dir)).toEqual([]);
      expect(await fs.readdir(MEDIA_DIR)).not.toContain("mkv-no-subs.wav");
    },
  );

  extraction(`a backend failure is typed and the temp audio is still removed${needs}`, async () => {
    const { backend, dir } = await setup();
    const error = await rejection(
      transcribeVideo({ videoPath: VIDEO, language: "xx", backend, ffmpegPath: FFMPEG, tempDir: dir }),
    );
    expect(error).toBeInstanceOf(WhisperFallbackError);
    expect(error).toMatchObject({ kind: "transcription" });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  extraction(`a file without audio is an ffmpeg failure, nothing left behind${needs}`, async () => {
    const { backend, dir } = await setup();
    const videoPath = new URL("../fixtures/media/mp4-no-subs.mp4", import.meta.url).pathname;
    const error = await rejection(transcribeVideo({ videoPath, backend, ffmpegPath: FFMPEG, tempDir: dir }));
    expect(error).toMatchObject({ kind: "ffmpeg-failed" });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  extraction(`cancelling kills ffmpeg and removes the temp dir${needs}`, async () => {
    const { backend, dir } = await setup();
    // ffmpeg blocks opening a FIFO nobody writes to: a job that only a kill ends.
    const fifoDir = await tempDir();
    const fifo = join(fifoDir, "stalled.mkv");
    expect(await Bun.spawn(["mkfifo", fifo]).exited).toBe(0);
    const controller = new AbortController();
    let pid = 0;
    const job = transcribeVideo({
      videoPath: fifo,
      backend,
      ffmpegPath: FFMPEG,
      tempDir: dir,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === "extracting") {
          pid = p.pid ?? 0;
          controller.abort();
        }
      },
    });
    const error = await rejection(job);
    expect(error).toMatchObject({ kind: "aborted" });
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await fs.readdir(dir)).toEqual([]);
  });

  extraction(
    `audio that starts late (an audio delay) keeps its place: the cues fit the video${needs}`,
    async () => {
      const dir = await tempDir();
      // 1.5 s of video before the audio: Whisper's times count from the WAV's start, so it must too.
      const video = join(dir, "audio-delay.mkv");
      const audio = new URL("../fixtures/sync/clips/fixture.mka", import.meta.url).pathname;
      const mux = Bun.spawn(
        [
          FFMPEG,
          ...["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=16x16:r=1:d=62"],
          ...[
            "-itsoffset",
            "1.5",
            "-i",
            audio,
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-c:v",
            "mpeg4",
            "-c:a",
            "copy",
          ],
          video,
        ],
        { stderr: "pipe" },
      );
      expect(await mux.exited).toBe(0);
      let wav: Uint8Array | null = null;
      const backend: WhisperBackend = {
        name: "asr-webservice",
        healthCheck: async () => ({ healthy: true, message: "up" }),
        transcribe: async (sent) => {
          wav = sent instanceof Blob ? new Uint8Array(await sent.arrayBuffer()) : sent;
          return SAMPLE_SRT;
        },
      };
      const work = await tempDir();
      await transcribeVideo({ videoPath: video, backend, ffmpegPath: FFMPEG, tempDir: work });
      const layout = await readWavLayout(new Blob([wav!]));
      expect(layout).not.toBeNull();
      const samples = new Int16Array(wav!.slice(layout!.dataOffset).buffer);
      const firstSound = samples.findIndex((s) => Math.abs(s) > 50) / 16_000;
      // The fixture's speech starts a few ms in; 1.5 s later once the delay is kept.
      expect(firstSound).toBeGreaterThan(1.5);
      expect(firstSound).toBeLessThan(1.6);
      expect(layout!.dataBytes / layout!.byteRate).toBeCloseTo(61.5, 1);
    },
  );

  test("ffmpeg missing is a typed error", async () => {
    const { backend, dir } = await setup();
    const error = await rejection(
      transcribeVideo({ videoPath: VIDEO, backend, ffmpegPath: "/nonexistent/bin/ffmpeg", tempDir: dir }),
    );
    expect(error).toBeInstanceOf(WhisperFallbackError);
    expect(error).toMatchObject({ kind: "ffmpeg-missing" });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  test("refuses to work in the video's own directory", async () => {
    const { backend } = await setup();
    const error = await rejection(
      transcribeVideo({ videoPath: VIDEO, backend, ffmpegPath: FFMPEG, tempDir: MEDIA_DIR }),
    );
    expect(error).toMatchObject({ kind: "bad-temp-dir" });
  });
});

describe("whisper queue", () => {
  test("concurrency 1: the second job waits for the first; progress per job", async () => {
    const states: [number, WhisperJobState][] = [];
    const queue = createWhisperQueue({ onProgress: (id, state) => states.push([id, state]) });
    const gate = deferred();
    const started: number[] = [];
    const first = queue.submit(async ({ progress }) => {
      started.push(1);
      progress({ stage: "extracting" });
      await gate.promise;
      progress({ stage: "transcribing" });
      return "one";
    });
    const second = queue.submit(async () => {
      started.push(2);
      return "two";
    });
    await Promise.resolve();
    expect(started).toEqual([1]);
    expect(queue.running).toBe(1);
    expect(queue.queued).toBe(1);
    expect(second.state).toBe("queued");
    expect(first.state).toBe("extracting");
    gate.resolve();
    expect(await first.result).toBe("one");
    expect(await second.result).toBe("two");
    expect(started).toEqual([1, 2]);
    expect(states).toEqual([
      [1, "queued"],
      [2, "queued"],
      [1, "extracting"],
      [1, "transcribing"],
      [1, "done"],
      [2, "done"],
    ]);
    expect(queue.running).toBe(0);
  });

  test("cancel drops a queued job and aborts a running one", async () => {
    const queue = createWhisperQueue({ concurrency: 1 });
    const sawAbort = deferred();
    const running = queue.submit(
      ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () => {
            sawAbort.resolve();
            reject(new WhisperFallbackError("aborted", "transcription cancelled"));
          });
        }),
    );
    let ranQueued = false;
    const queued = queue.submit(async () => {
      ranQueued = true;
    });
    const third = queue.submit(async () => "three");
    queued.cancel();
    expect(await rejection(queued.result)).toMatchObject({ kind: "aborted" });
    expect(queued.state).toBe("cancelled");
    expect(ranQueued).toBe(false);
    running.cancel();
    await sawAbort.promise;
    expect(await rejection(running.result)).toMatchObject({ kind: "aborted" });
    expect(running.state).toBe("cancelled");
    expect(await third.result).toBe("three");
    expect(queue.running).toBe(0);
    expect(queue.queued).toBe(0);
  });

  extraction(`transcribe jobs run one at a time through real extraction${needs}`, async () => {
    const { backend, dir } = await setup();
    const queue = createWhisperQueue({ concurrency: 1 });
    const active = new Set<number>();
    let maxActive = 0;
    const track = (id: number) => (p: WhisperProgress) => {
      if (p.stage === "done") active.delete(id);
      else active.add(id);
      maxActive = Math.max(maxActive, active.size);
    };
    const jobs = [1, 2, 3].map((n) =>
      queue.transcribe({ videoPath: VIDEO, backend, ffmpegPath: FFMPEG, tempDir: dir, onProgress: track(n) }),
    );
    const results = await Promise.all(jobs.map((j) => j.result));
    expect(results.map((r) => r.text)).toEqual([SAMPLE_SRT, SAMPLE_SRT, SAMPLE_SRT]);
    expect(maxActive).toBe(1);
    expect(jobs.map((j) => j.state)).toEqual(["done", "done", "done"]);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
