import { afterEach, describe, expect, test } from "bun:test";
import { createOllamaBackend, ollamaModelMatches, parseOllamaReply } from "../../src/translation/ollama.ts";
import { TranslationError } from "../../src/translation/types.ts";
import { type FakeOllama, startFakeOllama } from "../fakes/ollama.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { rejection } from "../support/rejection.ts";
import { numbered, translationConfig } from "./helpers.ts";

let fake: FakeOllama | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(model = "llama3.2", options: Parameters<typeof createOllamaBackend>[2] = {}) {
  fake = await startFakeOllama();
  const deps = recordingDeps();
  const config = translationConfig({ ollama: { url: fake.url, model } }).ollama;
  return { fake, deps, backend: createOllamaBackend(config, deps, options) };
}

describe("ollama translation", () => {
  test("translates with a non-streaming /api/chat and keeps order", async () => {
    const { fake, backend } = await setup();
    const lines = ["Hello", "How are you?", "Line one\nline two"];
    expect(await backend.translate(lines, "en", "de")).toEqual(lines.map((l) => `T:${l}`));
    const request = fake.requests.find((r) => r.path === "/api/chat");
    expect(request?.method).toBe("POST");
    expect(request?.body).toMatchObject({ model: "llama3.2", stream: false, format: "json" });
    // The context window is asked for: Ollama's default silently cuts a longer prompt's start.
    expect(request?.body).toMatchObject({ options: { temperature: 0, num_ctx: 8192 } });
    expect(fake.llm.batches[0]?.lines).toEqual({
      "1": "Hello",
      "2": "How are you?",
      "3": "Line one\nline two",
    });
  });

  test("keeps line count and order across batches, sending preceding lines as context", async () => {
    const { fake, backend } = await setup("llama3.2", { batchSize: 40, contextLines: 3 });
    const lines = numbered(95);
    const out = await backend.translate(lines, "en", "de");
    expect(out).toEqual(lines.map((l) => `T:${l}`));
    expect(fake.llm.batches.map((b) => Object.keys(b.lines).length)).toEqual([40, 40, 15]);
    expect(fake.llm.batches[0]?.context).toEqual([]);
    expect(fake.llm.batches[1]?.context).toEqual(["line 38", "line 39", "line 40"]);
  });

  test("a reply with a missing line is retried", async () => {
    const { fake, backend } = await setup();
    fake.llm.queue.push({ kind: "drop-line" });
    expect(await backend.translate(["a", "b", "c"], "en", "de")).toEqual(["T:a", "T:b", "T:c"]);
    expect(fake.llm.batches).toHaveLength(2);
  });

  test("a batch that keeps coming back a line short is asked in halves, which come back whole", async () => {
    const { fake, backend } = await setup("llama3.2", { countRetries: 2 });
    fake.llm.mergesAbove = 2;
    expect(await backend.translate(["a", "b", "c", "d"], "en", "de")).toEqual(["T:a", "T:b", "T:c", "T:d"]);
    expect(fake.llm.batches.map((b) => Object.keys(b.lines).length)).toEqual([4, 4, 4, 2, 2]);
  });

  test("a single line that keeps coming back wrong fails with a typed error", async () => {
    const { fake, backend } = await setup("llama3.2", { countRetries: 2 });
    fake.llm.queue.push(
      { kind: "drop-line" },
      { kind: "extra-line" },
      { kind: "raw", content: "Sure! Here you go." },
    );
    const error = await rejection(backend.translate(["a"], "en", "de"));
    expect(error).toBeInstanceOf(TranslationError);
    expect(error).toMatchObject({ kind: "line-count", backend: "ollama" });
    expect((error as Error).message).toContain("expected 1 translated line,");
    expect(fake.llm.batches).toHaveLength(3);
  });

  test('done_reason "length" shrinks the batch until replies fit', async () => {
    const { fake, backend } = await setup("llama3.2", { batchSize: 40 });
    fake.llm.maxLines = 10;
    const lines = numbered(25);
    expect(await backend.translate(lines, "en", "de")).toEqual(lines.map((l) => `T:${l}`));
    const sizes = fake.llm.batches.map((b) => Object.keys(b.lines).length);
    expect(sizes).toEqual([25, 12, 6, 6, 6, 6, 1]);
  });

  test("a single line that is still truncated fails as truncated", async () => {
    const { fake, backend } = await setup();
    fake.llm.maxLines = 0;
    expect(await rejection(backend.translate(["a", "b"], "en", "de"))).toMatchObject({ kind: "truncated" });
  });

  test("parses a streamed NDJSON reply when the server streams anyway", async () => {
    fake = await startFakeOllama();
    const streaming = recordingDeps({
      fetch: (url, init) => {
        const body = JSON.parse(String(init.body));
        delete body.stream;
        return fetch(url, { ...init, body: JSON.stringify(body) });
      },
    });
    const backend = createOllamaBackend({ url: fake.url, model: "llama3.2", contextLength: 8192 }, streaming);
    expect(await backend.translate(["one", "two"], "en", "fr")).toEqual(["T:one", "T:two"]);
    expect(fake.requests.at(-1)?.body).not.toHaveProperty("stream");
  });

  test("parseOllamaReply joins NDJSON chunks and reports a mid-stream error", async () => {
    fake = await startFakeOllama();
    const stream = await fetch(`${fake.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({
        model: "llama3.2",
        messages: [{ role: "user", content: '{"context":[],"lines":{"1":"hi"}}' }],
      }),
    });
    expect(stream.headers.get("content-type")).toBe("application/x-ndjson");
    const text = await stream.text();
    expect(text.trim().split("\n").length).toBeGreaterThan(2);
    expect(parseOllamaReply(text)).toEqual({ ok: true, content: '{"1":"T:hi"}', doneReason: "stop" });
    const broken =
      '{"message":{"content":"{\\"1\\""},"done":false}\n{"error":"an error was encountered while running the model"}\n';
    expect(parseOllamaReply(broken)).toEqual({
      ok: false,
      error: "an error was encountered while running the model",
    });
    expect(parseOllamaReply('{"message":{"content":"x"},"done":false}\n')).toMatchObject({ ok: false });
  });

  test("a mid-stream error line is retried, then reported", async () => {
    const { fake, backend, deps } = await setup("llama3.2", { retries: 1 });
    fake.llm.queue.push(
      { kind: "mid-stream-error", error: "CUDA error" },
      { kind: "mid-stream-error", error: "CUDA error" },
    );
    const error = await rejection(backend.translate(["a"], "en", "de"));
    expect(error).toMatchObject({ kind: "http", backend: "ollama" });
    expect((error as Error).message).toContain("CUDA error");
    expect(deps.sleeps).toEqual([1000]);
  });

  test("5xx is retried with backoff", async () => {
    const { fake, backend, deps } = await setup();
    fake.llm.queue.push({ kind: "http-error", status: 500, error: "llama runner process has terminated" });
    expect(await backend.translate(["a"], "en", "de")).toEqual(["T:a"]);
    expect(deps.sleeps).toEqual([1000]);
  });

  test("a model that is not pulled is a clear typed error naming it", async () => {
    const { fake, backend } = await setup("mistral");
    const error = await rejection(backend.translate(["a"], "en", "de"));
    expect(error).toMatchObject({ kind: "model-not-found", status: 404 });
    expect((error as Error).message).toBe(
      'ollama: model "mistral" is not installed; run `ollama pull mistral`',
    );
    expect(fake.requests.filter((r) => r.path === "/api/chat")).toHaveLength(1);
  });

  test("model names match with and without the implicit :latest tag", () => {
    expect(ollamaModelMatches("llama3.2", "llama3.2:latest")).toBe(true);
    expect(ollamaModelMatches("llama3.2:latest", "llama3.2:latest")).toBe(true);
    expect(ollamaModelMatches("llama3.2:3b", "llama3.2:latest")).toBe(false);
  });

  test("empty input makes no request", async () => {
    const { fake, backend } = await setup();
    expect(await backend.translate([], "en", "de")).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("ollama health", () => {
  test("healthy when the model is installed, without translating", async () => {
    const { fake, backend } = await setup();
    const health = await backend.healthCheck();
    expect(health).toMatchObject({ healthy: true, details: { installedModels: ["llama3.2:latest"] } });
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/tags"]);
  });

  test("unhealthy when the model is missing", async () => {
    const { backend } = await setup("qwen2.5:7b");
    const health = await backend.healthCheck();
    expect(health.healthy).toBe(false);
    expect(health.message).toContain('"qwen2.5:7b" is not installed');
  });

  test("down, slow and garbage", async () => {
    const { fake, backend } = await setup();
    await fake.setMode("down");
    expect(await backend.healthCheck()).toMatchObject({ healthy: false });
    await fake.setMode("slow");
    const slow = await backend.healthCheck(AbortSignal.timeout(50));
    expect(slow).toMatchObject({ healthy: false, message: expect.stringContaining("cancelled") });
    await fake.setMode("garbage");
    expect((await backend.healthCheck()).message).toContain("does not look like Ollama");
  });

  test("the client's own timeout bounds a slow server", async () => {
    fake = await startFakeOllama();
    await fake.setMode("slow");
    const backend = createOllamaBackend(
      { url: fake.url, model: "llama3.2", contextLength: 8192 },
      recordingDeps({ timeoutSignal: () => AbortSignal.timeout(30) }),
      { retries: 0 },
    );
    expect(await rejection(backend.translate(["a"], "en", "de"))).toMatchObject({ kind: "timeout" });
  });
});
