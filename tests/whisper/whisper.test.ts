import { afterEach, describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { createAsrWebserviceBackend } from "../../src/whisper/asr-webservice.ts";
import { looksLikeSrt } from "../../src/whisper/audio-form.ts";
import { createWhisperBackend } from "../../src/whisper/backend.ts";
import { createOpenAiWhisperBackend } from "../../src/whisper/openai.ts";
import { WhisperError } from "../../src/whisper/types.ts";
import { type FakeWhisper, SAMPLE_SRT, startFakeWhisper } from "../fakes/whisper.ts";
import { rejection } from "../support/rejection.ts";

let fake: FakeWhisper | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

const audio = new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69]);

describe("whisper backend selection", () => {
  test("none while disabled (the default), else the configured backend", () => {
    expect(createWhisperBackend(configSchema.parse({}).whisper)).toBeNull();
    const asr = configSchema.parse({ whisper: { enabled: true } }).whisper;
    expect(createWhisperBackend(asr)?.name).toBe("asr-webservice");
    const openai = configSchema.parse({ whisper: { enabled: true, backend: "openai" } }).whisper;
    expect(createWhisperBackend(openai)?.name).toBe("openai");
  });

  test("SRT sanity check", () => {
    expect(looksLikeSrt(SAMPLE_SRT)).toBe(true);
    expect(looksLikeSrt("")).toBe(true);
    expect(looksLikeSrt("<html>nope</html>")).toBe(false);
  });
});

describe("whisper-asr-webservice", () => {
  async function setup(timeoutMs = 60_000) {
    fake = await startFakeWhisper();
    return { fake, backend: createAsrWebserviceBackend({ url: fake.url, timeoutMs }) };
  }

  test("posts multipart audio_file to /asr and returns the SRT text", async () => {
    const { fake, backend } = await setup();
    const srt = await backend.transcribe(audio, {
      language: "en-US",
      task: "transcribe",
      filename: "ep1.wav",
    });
    expect(srt).toBe(SAMPLE_SRT);
    const request = fake.requests.at(-1);
    expect(request?.path).toBe("/asr");
    expect(request?.query).toEqual({ task: "transcribe", language: "en", output: "srt", encode: "true" });
    expect(request?.body).toEqual({
      audio_file: { filename: "ep1.wav", size: audio.length, type: expect.any(String) },
    });
  });

  test("translate task and a Blob input; no language means auto-detect", async () => {
    const { fake, backend } = await setup();
    await backend.transcribe(new Blob([audio], { type: "audio/wav" }), { task: "translate" });
    expect(fake.requests.at(-1)?.query).toEqual({ task: "translate", output: "srt", encode: "true" });
  });

  test("languages Whisper names its own way (nb, jv, fil) are sent as its codes, not refused", async () => {
    const { fake, backend } = await setup();
    for (const [asked, sent] of [
      ["nb", "no"],
      ["nb-NO", "no"],
      ["jv", "jw"],
      ["fil", "tl"],
    ] as const) {
      expect(await backend.transcribe(audio, { language: asked })).toBe(SAMPLE_SRT);
      expect(fake.requests.at(-1)?.query.language).toBe(sent);
    }
  });

  test("422 on a bad language is a typed error", async () => {
    const { backend } = await setup();
    const error = await rejection(backend.transcribe(audio, { language: "xx" }));
    expect(error).toBeInstanceOf(WhisperError);
    expect(error).toMatchObject({ kind: "bad-language", status: 422, backend: "asr-webservice" });
    expect((error as Error).message).toContain('language "xx" is not supported');
  });

  test("garbage instead of SRT is an invalid response", async () => {
    const { fake, backend } = await setup();
    await fake.setMode("garbage");
    expect(await rejection(backend.transcribe(audio, {}))).toMatchObject({ kind: "invalid-response" });
  });

  test("the configured timeout bounds a transcription", async () => {
    const { fake, backend } = await setup(1000);
    await fake.setMode("slow");
    const timed = createAsrWebserviceBackend(
      { url: fake.url, timeoutMs: 1000 },
      { timeoutSignal: () => AbortSignal.timeout(30) },
    );
    expect(await rejection(timed.transcribe(audio, {}))).toMatchObject({ kind: "timeout" });
    expect(await rejection(backend.transcribe(audio, {}, AbortSignal.timeout(30)))).toMatchObject({
      kind: "aborted",
    });
  });

  test("health via /openapi.json, falling back to /docs; down, slow and garbage", async () => {
    const { fake, backend } = await setup();
    expect(await backend.healthCheck()).toMatchObject({ healthy: true });
    fake.hasOpenApi = false;
    expect(await backend.healthCheck()).toMatchObject({
      healthy: true,
      message: expect.stringContaining("docs"),
    });
    expect(fake.requests.map((r) => r.path)).toEqual(["/openapi.json", "/openapi.json", "/docs"]);
    await fake.setMode("garbage");
    expect((await backend.healthCheck()).healthy).toBe(false);
    await fake.setMode("slow");
    expect((await backend.healthCheck(AbortSignal.timeout(50))).healthy).toBe(false);
    await fake.setMode("down");
    expect((await backend.healthCheck()).healthy).toBe(false);
  });
});

describe("openai-compatible whisper", () => {
  async function setup(apiKey = "sk-whisper-key-123456") {
    fake = await startFakeWhisper();
    fake.apiKey = "sk-whisper-key-123456";
    const backend = createOpenAiWhisperBackend({
      url: fake.url,
      timeoutMs: 60_000,
      apiKey,
      model: "whisper-1",
    });
    return { fake, backend };
  }

  test("posts file + model with response_format=srt and a Bearer key", async () => {
    const { fake, backend } = await setup();
    expect(await backend.transcribe(audio, { language: "de", filename: "a.mp3" })).toBe(SAMPLE_SRT);
    const request = fake.requests.at(-1);
    expect(request?.path).toBe("/v1/audio/transcriptions");
    expect(request?.headers.authorization).toBe("Bearer sk-whisper-key-123456");
    expect(request?.body).toMatchObject({
      file: { filename: "a.mp3", size: audio.length },
      model: "whisper-1",
      response_format: "srt",
      language: "de",
    });
  });

  test("Norwegian Bokmål goes as Whisper's no", async () => {
    const { fake, backend } = await setup();
    expect(await backend.transcribe(audio, { language: "nb" })).toBe(SAMPLE_SRT);
    expect(fake.requests.at(-1)?.body).toMatchObject({ language: "no" });
  });

  test("the translate task uses /v1/audio/translations", async () => {
    const { fake, backend } = await setup();
    await backend.transcribe(audio, { task: "translate", language: "ja" });
    expect(fake.requests.at(-1)?.path).toBe("/v1/audio/translations");
    expect(fake.requests.at(-1)?.body).not.toHaveProperty("language");
  });

  test("a bad key is an auth error without the key; a bad language is typed", async () => {
    const { backend } = await setup("sk-wrong-whisper-999");
    const error = await rejection(backend.transcribe(audio, {}));
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect((error as Error).message).not.toContain("sk-wrong-whisper-999");
    const health = await backend.healthCheck();
    expect(health.healthy).toBe(false);
    expect(health.message).not.toContain("sk-wrong-whisper-999");
    const good = createOpenAiWhisperBackend({
      url: fake!.url,
      timeoutMs: 60_000,
      apiKey: "sk-whisper-key-123456",
      model: "whisper-1",
    });
    expect(await rejection(good.transcribe(audio, { language: "xx" }))).toMatchObject({
      kind: "bad-language",
    });
  });

  test("health lists models; down is unhealthy", async () => {
    const { fake, backend } = await setup();
    expect(await backend.healthCheck()).toMatchObject({ healthy: true, details: { listed: true } });
    await fake.setMode("down");
    expect((await backend.healthCheck()).healthy).toBe(false);
  });
});
