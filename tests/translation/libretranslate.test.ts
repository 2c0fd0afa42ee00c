import { afterEach, describe, expect, test } from "bun:test";
import { createLibreTranslateBackend } from "../../src/translation/libretranslate.ts";
import { type FakeLibreTranslate, startFakeLibreTranslate } from "../fakes/libretranslate.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { rejection } from "../support/rejection.ts";
import { numbered } from "./helpers.ts";

let fake: FakeLibreTranslate | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(
  serverKey: string | null = null,
  clientKey: string | undefined = serverKey ?? undefined,
) {
  fake = await startFakeLibreTranslate(serverKey);
  const deps = recordingDeps();
  const backend = createLibreTranslateBackend({ url: fake.url, apiKey: clientKey }, deps, {
    batchSize: 25,
    retries: 2,
  });
  return { fake, deps, backend };
}

describe("libretranslate translation", () => {
  test("sends q as an array with api_key and keeps count and order across batches", async () => {
    const { fake, backend } = await setup("libre-key-1234");
    const lines = numbered(60);
    expect(await backend.translate(lines, "en-US", "de")).toEqual(lines.map((l) => `de:${l}`));
    const calls = fake.requests.filter((r) => r.path === "/translate");
    expect(calls.map((c) => (c.body as { q: string[] }).q.length)).toEqual([25, 25, 10]);
    expect(calls[0]?.body).toMatchObject({
      source: "en",
      target: "de",
      format: "text",
      api_key: "libre-key-1234",
    });
  });

  test("omits api_key when none is configured", async () => {
    const { fake, backend } = await setup();
    await backend.translate(["a"], "en", "es");
    expect(fake.requests.find((r) => r.path === "/translate")?.body).not.toHaveProperty("api_key");
  });

  test("403 {error} is an auth error without the key", async () => {
    const { backend } = await setup("right-key", "wrong-libre-key-42");
    const error = await rejection(backend.translate(["a"], "en", "es"));
    expect(error).toMatchObject({ kind: "auth", status: 403 });
    expect((error as Error).message).toBe("libretranslate: access denied (HTTP 403): Invalid API key");
    expect((error as Error).message).not.toContain("wrong-libre-key-42");
  });

  test("400 {error} carries the server's reason", async () => {
    const { fake, backend } = await setup();
    await backend.translate(["warm-up"], "en", "es");
    fake.failNext(400, 1);
    const error = await rejection(backend.translate(["a"], "en", "es"));
    expect(error).toMatchObject({ kind: "bad-request", status: 400 });
    expect((error as Error).message).toContain("Invalid request");
  });

  test("a language the server does not list is refused before /translate, naming what it offers", async () => {
    const { fake, backend } = await setup();
    const error = await rejection(backend.translate(["a"], "en", "xx"));
    expect(error).toMatchObject({ kind: "bad-request" });
    expect((error as Error).message).toBe(
      "libretranslate: the server does not translate into xx (it offers en, de, es, fr, ja, pt, pb, zh, zt)",
    );
    expect(fake.requests.map((r) => r.path)).toEqual(["/languages"]);
  });

  test("429 and 500 are retried, then reported", async () => {
    const { fake, backend, deps } = await setup();
    await backend.translate(["warm-up"], "en", "es");
    fake.failNext(429, 1);
    fake.failNext(500, 1);
    expect(await backend.translate(["a"], "en", "es")).toEqual(["es:a"]);
    expect(deps.sleeps).toEqual([1000, 2000]);
    fake.failNext(429, 5);
    const error = await rejection(backend.translate(["a"], "en", "es"));
    expect(error).toMatchObject({ kind: "rate-limited" });
    expect((error as Error).message).toContain("Slowdown: 10 per 1 minute");
  });

  test("languages map through the server's own list, read once: pt-BR is pb, zh-Hant zt", async () => {
    const { fake, backend } = await setup();
    const sent = async (from: string, to: string) => {
      await backend.translate(["a"], from, to);
      const body = fake.requests.filter((r) => r.path === "/translate").at(-1)?.body as {
        source: string;
        target: string;
      };
      return `${body.source}>${body.target}`;
    };
    expect(await sent("en", "pt-BR")).toBe("en>pb");
    expect(await sent("en", "pt-PT")).toBe("en>pt");
    expect(await sent("pt-BR", "en")).toBe("pb>en");
    expect(await sent("en-US", "zh-Hant")).toBe("en>zt");
    expect(await sent("en", "zh-TW")).toBe("en>zt");
    expect(await sent("en", "zh-Hans")).toBe("en>zh");
    expect(await sent("en", "zh")).toBe("en>zh");
    expect(fake.requests.filter((r) => r.path === "/languages")).toHaveLength(1);
  });

  test("a server with only pt and zh-Hans/zh-Hant: pt-BR is never sent as pt, but may be read as it", async () => {
    const { fake, backend } = await setup();
    fake.languages = [
      { code: "en", name: "English" },
      { code: "pt", name: "Portuguese" },
      { code: "zh-Hans", name: "Chinese (Simplified)" },
      { code: "zh-Hant", name: "Chinese (Traditional)" },
    ];
    const error = await rejection(backend.translate(["a"], "en", "pt-BR"));
    expect(error).toMatchObject({ kind: "bad-request" });
    expect((error as Error).message).toContain("does not translate into pt-BR");
    expect(fake.requests.filter((r) => r.path === "/translate")).toHaveLength(0);
    expect(await backend.translate(["a"], "pt-BR", "zh-TW")).toEqual(["zh-Hant:a"]);
    expect(fake.requests.find((r) => r.path === "/translate")?.body).toMatchObject({
      source: "pt",
      target: "zh-Hant",
    });
  });

  test("a failed /languages read is not kept: the next translation reads it again", async () => {
    const { fake, backend } = await setup();
    fake.failNext(500, 1);
    const error = await rejection(backend.translate(["a"], "en", "de"));
    expect(error).toMatchObject({ kind: "invalid-response", status: 500 });
    expect(await backend.translate(["a"], "en", "de")).toEqual(["de:a"]);
    expect(fake.requests.map((r) => r.path)).toEqual(["/languages", "/languages", "/translate"]);
  });
});

describe("libretranslate health", () => {
  test("GET /health, never /translate", async () => {
    const { fake, backend } = await setup();
    expect(await backend.healthCheck()).toMatchObject({ healthy: true });
    expect(fake.requests.map((r) => r.path)).toEqual(["/health"]);
  });

  test("falls back to /languages on servers without /health", async () => {
    const { fake, backend } = await setup();
    fake.hasHealth = false;
    expect(await backend.healthCheck()).toMatchObject({
      healthy: true,
      message: expect.stringContaining("languages"),
    });
    expect(fake.requests.map((r) => r.path)).toEqual(["/health", "/languages"]);
  });

  test("down, slow and garbage", async () => {
    const { fake, backend } = await setup();
    await fake.setMode("garbage");
    expect((await backend.healthCheck()).healthy).toBe(false);
    await fake.setMode("slow");
    expect((await backend.healthCheck(AbortSignal.timeout(50))).healthy).toBe(false);
    await fake.setMode("down");
    expect((await backend.healthCheck()).healthy).toBe(false);
  });
});
