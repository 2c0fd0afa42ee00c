import { afterEach, expect, test } from "bun:test";
import { createOpenAiWhisperBackend } from "../../src/whisper/openai.ts";
import { joinPieceSrts } from "../../src/whisper/srt-join.ts";
import { readWavLayout, splitWav } from "../../src/whisper/wav-split.ts";
import { type FakeWhisper, startFakeWhisper } from "../fakes/whisper.ts";

let fake: FakeWhisper | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

const RATE = 16_000;
const BYTES_PER_SECOND = RATE * 2;

/** 16 kHz 16-bit mono PCM, as ffmpeg extracts it, with a LIST chunk before `data` as ffmpeg writes. */
function wav(seconds: number): Uint8Array {
  const dataBytes = seconds * BYTES_PER_SECOND;
  const list = new TextEncoder().encode("INFOISFT\u000e\u0000\u0000\u0000Lavf61.7.100\u0000\u0000");
  const out = new Uint8Array(12 + 24 + 8 + list.length + 8 + dataBytes);
  const view = new DataView(out.buffer);
  const put = (at: number, text: string) => out.set(new TextEncoder().encode(text), at);
  put(0, "RIFF");
  view.setUint32(4, out.length - 8, true);
  put(8, "WAVE");
  put(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true);
  view.setUint32(28, BYTES_PER_SECOND, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, "LIST");
  view.setUint32(40, list.length, true);
  out.set(list, 44);
  const dataAt = 44 + list.length;
  put(dataAt, "data");
  view.setUint32(dataAt + 4, dataBytes, true);
  return out;
}

const stamp = (s: number) =>
  `00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")},000`;

/** What a model hears in an upload of `size` bytes: one cue a second, in the upload's own time. */
function cuePerSecond({ size }: { size: number }): string {
  const seconds = Math.floor((size - 44) / BYTES_PER_SECOND);
  return Array.from(
    { length: seconds },
    (_, i) => `${i + 1}\n${stamp(i)} --> ${stamp(i + 1)}\nsecond ${i}\n`,
  ).join("\n");
}

const starts = (srt: string) =>
  [...srt.matchAll(/^(\d{2}):(\d{2}):(\d{2}),(\d{3}) -->/gm)].map(
    ([, h, m, s, ms]) => Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000,
  );

test("audio over the upload cap goes as overlapping WAV pieces under it; the SRTs join without gaps or repeats", async () => {
  fake = await startFakeWhisper();
  fake.maxUploadBytes = 600_000;
  fake.srtFor = cuePerSecond;
  const backend = createOpenAiWhisperBackend(
    { url: fake.url, timeoutMs: 60_000, apiKey: undefined, model: "whisper-1" },
    {},
    { maxUploadBytes: 600_000, overlapSeconds: 5 },
  );
  const srt = await backend.transcribe(wav(60), { language: "en" });
  const uploads = fake.requests.filter((r) => r.path === "/v1/audio/transcriptions");
  const sizes = uploads.map((r) => (r.body as { file: { size: number } }).file.size);
  // 600,000 bytes less the header and two 5 s overlaps own 8.75 s each: 7 pieces for a minute.
  expect(sizes.length).toBe(7);
  expect(sizes.every((size) => size <= 600_000)).toBe(true);
  const times = starts(srt);
  expect(times[0]).toBe(0);
  for (let i = 1; i < times.length; i++) {
    expect(times[i]! - times[i - 1]!).toBeGreaterThan(0);
    expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(1.001);
  }
  expect(times.at(-1)).toBeGreaterThanOrEqual(58);
  expect(srt.startsWith("1\n00:00:00,000 --> 00:00:01,000\nsecond 0\n")).toBe(true);
});

test("the pieces are exact WAVs: header sizes match, every sample is sent, overlaps only at the borders", async () => {
  const whole = new Blob([wav(30)]);
  const layout = await readWavLayout(whole);
  expect(layout).toMatchObject({
    byteRate: BYTES_PER_SECOND,
    blockAlign: 2,
    dataBytes: 30 * BYTES_PER_SECOND,
  });
  const pieces = splitWav(whole, layout!, 400_000, 2);
  // Each piece owns (400,000 − 44 header − 2 × 64,000 overlap) bytes = 8.498625 s.
  const own = 8.498625;
  expect(pieces.map((p) => [p.ownFrom, p.ownTo === Number.POSITIVE_INFINITY ? "end" : p.ownTo])).toEqual([
    [0, own],
    [own, 2 * own],
    [2 * own, 3 * own],
    [3 * own, "end"],
  ]);
  const sent = pieces.reduce((sum, p) => sum + p.audio.size - 44, 0);
  expect(sent).toBe(30 * BYTES_PER_SECOND + 6 * 2 * BYTES_PER_SECOND);
  for (const piece of pieces) {
    const bytes = new Uint8Array(await piece.audio.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(4, true)).toBe(bytes.length - 8);
    expect(view.getUint32(40, true)).toBe(bytes.length - 44);
    expect(bytes.length).toBeLessThanOrEqual(400_000);
  }
  expect(pieces[1]!.startsAt).toBeCloseTo(own - 2, 6);
  const joined = joinPieceSrts([
    {
      piece: pieces[0]!,
      srt: "1\n00:00:08,000 --> 00:00:08,400\nmine\n\n2\n00:00:08,600 --> 00:00:09,000\nnext's\n",
    },
    {
      piece: pieces[1]!,
      srt: "1\n00:00:01,000 --> 00:00:02,000\nrepeat\n\n2\n00:00:02,100 --> 00:00:03,000\nowned\n",
    },
  ]);
  expect(joined).toBe("1\n00:00:08,000 --> 00:00:08,400\nmine\n\n2\n00:00:08,599 --> 00:00:09,499\nowned\n");
});

test("over the cap and not a WAV: a clear too-large error, nothing sent", async () => {
  fake = await startFakeWhisper();
  const backend = createOpenAiWhisperBackend(
    { url: fake.url, timeoutMs: 60_000, apiKey: undefined, model: "whisper-1" },
    {},
    { maxUploadBytes: 1000 },
  );
  const error = await backend.transcribe(new Uint8Array(5000), {}).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: "too-large" });
  expect((error as Error).message).toContain("not a WAV that can be split");
  expect(fake.requests).toHaveLength(0);
});

test("the fake, as OpenAI, refuses uploads over 25 MiB with 413", async () => {
  fake = await startFakeWhisper();
  fake.maxUploadBytes = 100;
  const backend = createOpenAiWhisperBackend(
    { url: fake.url, timeoutMs: 60_000, apiKey: undefined, model: "whisper-1" },
    {},
    { maxUploadBytes: 10_000 },
  );
  const error = await backend.transcribe(new Uint8Array(500), {}).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: "too-large", status: 413 });
});

test("gpt-4o-*-transcribe answer only json: refused before any upload, and health says why", async () => {
  fake = await startFakeWhisper();
  const form = new FormData();
  form.append("file", new Blob([wav(1)]), "a.wav");
  form.append("model", "gpt-4o-transcribe");
  form.append("response_format", "srt");
  const raw = await fetch(`${fake.url}/v1/audio/transcriptions`, { method: "POST", body: form });
  expect(raw.status).toBe(400);
  for (const model of ["gpt-4o-transcribe", "gpt-4o-mini-transcribe"]) {
    const backend = createOpenAiWhisperBackend({
      url: fake.url,
      timeoutMs: 60_000,
      apiKey: undefined,
      model,
    });
    const sent = fake.requests.length;
    const error = await backend.transcribe(wav(1), {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "bad-request" });
    expect((error as Error).message).toContain("use whisper-1");
    expect(fake.requests).toHaveLength(sent);
    expect(await backend.healthCheck()).toMatchObject({ healthy: false });
  }
});
