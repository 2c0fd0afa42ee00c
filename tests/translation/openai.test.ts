import { afterEach, describe, expect, test } from "bun:test";
import { createOpenAiBackend } from "../../src/translation/openai.ts";
import { type FakeOpenAiChat, startFakeOpenAiChat } from "../fakes/openai-chat.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { rejection } from "../support/rejection.ts";
import { numbered } from "./helpers.ts";

let fake: FakeOpenAiChat | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(overrides: { apiKey?: string; model?: string } = {}) {
  fake = await startFakeOpenAiChat();
  const deps = recordingDeps();
  const config = {
    url: `${fake.url}/v1`,
    apiKey: overrides.apiKey ?? fake.apiKey,
    model: overrides.model ?? "gpt-4o-mini",
  };
  return { fake, deps, backend: createOpenAiBackend(config, deps, { batchSize: 30 }) };
}

describe("openai-compatible translation", () => {
  test("posts to {url}/chat/completions with a Bearer key and reads choices[0]", async () => {
    const { fake, backend } = await setup();
    const lines = numbered(70);
    expect(await backend.translate(lines, "en", "es")).toEqual(lines.map((l) => `T:${l}`));
    const chats = fake.requests.filter((r) => r.path === "/v1/chat/completions");
    expect(chats).toHaveLength(3);
    expect(chats[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(chats[0]?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
  });

  test("wrong-count replies are retried, then a single line fails as line-count", async () => {
    const { fake, backend } = await setup();
    fake.llm.queue.push({ kind: "extra-line" });
    expect(await backend.translate(["x", "y"], "en", "de")).toEqual(["T:x", "T:y"]);
    fake.llm.queue.push({ kind: "drop-line" }, { kind: "drop-line" }, { kind: "drop-line" });
    expect(await rejection(backend.translate(["x"], "en", "de"))).toMatchObject({ kind: "line-count" });
  });

  test("accepts a fenced JSON reply", async () => {
    const { fake, backend } = await setup();
    fake.llm.queue.push({ kind: "raw", content: 'Here:\n```json\n{"1": "uno", "2": "dos"}\n```' });
    expect(await backend.translate(["one", "two"], "en", "es")).toEqual(["uno", "dos"]);
  });

  test.each([
    [
      "a reasoning model's <think> block, braces and all",
      '<think>The user sent {"lines": …}; line [2] is short.</think>\n{"1": "uno", "2": "dos"}',
    ],
    ["a note after the JSON that has brackets in it", '{"1": "uno", "2": "dos"}\n\nNote: [2] kept short.'],
    ["a remark before the JSON that has brackets in it", 'Lines [1] and [2]:\n{"1": "uno", "2": "dos"}'],
    ["a note after the JSON that has braces in it", '{"1": "uno", "2": "dos"}\nI kept {names} as they were.'],
    ["a fenced reply followed by a remark", '```json\n{"1": "uno", "2": "dos"}\n```\n(Line {2} is literal.)'],
    ["a raw line break inside a JSON string", '{"1": "uno\nmás", "2": "dos"}'],
  ])("reads the translation out of %s on the first reply", async (_, content) => {
    const { fake, backend } = await setup();
    fake.llm.queue.push({ kind: "raw", content });
    const out = await backend.translate(["one", "two"], "en", "es");
    expect(out[1]).toBe("dos");
    expect(out[0]?.startsWith("uno")).toBe(true);
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(1);
  });

  test("finish_reason length splits the batch", async () => {
    const { fake, backend } = await setup();
    fake.llm.maxLines = 5;
    expect(await backend.translate(numbered(8), "en", "de")).toHaveLength(8);
  });

  test.each(["llama.cpp", "vllm", "openai"] as const)(
    "a batch too long for the server's context (%s's 400) is split like a cut-off reply",
    async (server) => {
      const { fake, backend } = await setup();
      fake.contextLines = 8;
      fake.contextError = server;
      const lines = numbered(30);
      expect(await backend.translate(lines, "en", "de")).toEqual(lines.map((l) => `T:${l}`));
      const sizes = fake.llm.batches.map((b) => Object.keys(b.lines).length);
      expect(sizes.every((n) => n <= 8)).toBe(true);
    },
  );

  test("a single line the server's context cannot hold fails clearly", async () => {
    const { fake, backend } = await setup();
    fake.contextLines = 0;
    const error = await rejection(backend.translate(["a", "b"], "en", "de"));
    expect(error).toMatchObject({ kind: "truncated", backend: "openai" });
    expect((error as Error).message).toContain("context");
  });

  test("a rejected key is an auth error that never repeats the key", async () => {
    const { fake, backend } = await setup({ apiKey: "sk-wrong-secret-key-987654" });
    const error = await rejection(backend.translate(["a"], "en", "de"));
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect((error as Error).message).not.toContain("sk-wrong-secret-key-987654");
    expect(fake.requests).toHaveLength(1);
    const health = await backend.healthCheck();
    expect(health.healthy).toBe(false);
    expect(health.message).not.toContain("sk-wrong-secret-key-987654");
  });

  test("an unknown model is model-not-found", async () => {
    const { backend } = await setup({ model: "gpt-9" });
    const error = await rejection(backend.translate(["a"], "en", "de"));
    expect(error).toMatchObject({ kind: "model-not-found" });
    expect((error as Error).message).toContain('"gpt-9"');
  });

  test("health lists models without spending tokens; down and garbage are unhealthy", async () => {
    const { fake, backend } = await setup();
    expect(await backend.healthCheck()).toMatchObject({ healthy: true, details: { listed: true } });
    expect(fake.requests.map((r) => r.path)).toEqual(["/v1/models"]);
    await fake.setMode("garbage");
    expect((await backend.healthCheck()).healthy).toBe(false);
    await fake.setMode("slow");
    expect((await backend.healthCheck(AbortSignal.timeout(50))).healthy).toBe(false);
    await fake.setMode("down");
    expect((await backend.healthCheck()).healthy).toBe(false);
  });

  test("reasoning models get no temperature; one the name check misses is learnt from its 400", async () => {
    const { fake } = await setup();
    const deps = recordingDeps();
    const backendFor = (model: string) =>
      createOpenAiBackend({ url: `${fake.url}/v1`, apiKey: fake.apiKey, model }, deps, { retries: 0 });
    const chats = () => fake.requests.filter((r) => r.path === "/v1/chat/completions");

    expect(await backendFor("o3-mini").translate(["x"], "en", "de")).toEqual(["T:x"]);
    expect(chats().map((r) => r.body)).toEqual([
      expect.not.objectContaining({ temperature: expect.anything() }),
    ]);

    const learner = backendFor("my-reasoner");
    expect(await learner.translate(["y"], "en", "de")).toEqual(["T:y"]);
    expect(await learner.translate(["z"], "en", "de")).toEqual(["T:z"]);
    expect(
      chats()
        .slice(1)
        .map((r) => (r.body as { temperature?: number }).temperature),
    ).toEqual([0, undefined, undefined]);
    expect(deps.sleeps).toEqual([]);
  });

  test("a 429 'exceeded your current quota' is a quota failure at once, not a rate limit to wait out", async () => {
    const { fake, backend, deps } = await setup();
    fake.quotaExhausted = true;
    const error = await rejection(backend.translate(["x"], "en", "de"));
    expect(error).toMatchObject({ kind: "quota", status: 429 });
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(1);
    expect(deps.sleeps).toEqual([]);
  });
});
