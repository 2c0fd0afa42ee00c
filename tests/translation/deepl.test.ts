import { afterEach, describe, expect, test } from "bun:test";
import type { FetchLike } from "../../src/net/retry-timing.ts";
import {
  createDeepLBackend,
  deeplBaseUrl,
  deeplSourceLanguage,
  deeplTargetLanguage,
} from "../../src/translation/deepl.ts";
import { type FakeDeepL, startFakeDeepL } from "../fakes/deepl.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { rejection } from "../support/rejection.ts";
import { numbered } from "./helpers.ts";

let fake: FakeDeepL | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(apiKey?: string) {
  fake = await startFakeDeepL();
  const deps = recordingDeps();
  const backend = createDeepLBackend({ apiKey: apiKey ?? fake.apiKey, url: fake.url }, deps, { retries: 3 });
  return { fake, deps, backend };
}

function capturingFetch(urls: string[]): FetchLike {
  return async (url) => {
    urls.push(url);
    return new Response(JSON.stringify({ character_count: 1, character_limit: 10 }), { status: 200 });
  };
}

describe("deepl host", () => {
  test("free keys (:fx) use api-free.deepl.com, others api.deepl.com, unless a URL is configured", async () => {
    expect(deeplBaseUrl("abc:fx")).toBe("https://api-free.deepl.com");
    expect(deeplBaseUrl("abc")).toBe("https://api.deepl.com");
    expect(deeplBaseUrl("abc:fx", "http://proxy:8080/")).toBe("http://proxy:8080");
    const urls: string[] = [];
    await createDeepLBackend({ apiKey: "free-key:fx" }, { fetch: capturingFetch(urls) }).healthCheck();
    await createDeepLBackend({ apiKey: "pro-key" }, { fetch: capturingFetch(urls) }).healthCheck();
    expect(urls).toEqual(["https://api-free.deepl.com/v2/usage", "https://api.deepl.com/v2/usage"]);
  });

  test("language codes", () => {
    expect(deeplTargetLanguage("de")).toBe("DE");
    expect(deeplTargetLanguage("en")).toBe("EN-US");
    expect(deeplTargetLanguage("pt-BR")).toBe("PT-BR");
    expect(deeplSourceLanguage("pt-BR")).toBe("PT");
  });

  test("Chinese by region and Norwegian reach DeepL as the targets it has (ZH-HANT/ZH-HANS, NB)", async () => {
    const { fake, backend } = await setup();
    const cases = [
      ["zh-TW", "ZH-HANT"],
      ["zh-HK", "ZH-HANT"],
      ["zh-Hant", "ZH-HANT"],
      ["zh-CN", "ZH-HANS"],
      ["zh-Hans", "ZH-HANS"],
      ["zh", "ZH-HANS"],
      ["no", "NB"],
      ["nb", "NB"],
    ] as const;
    for (const [wanted, sent] of cases) {
      expect(await backend.translate(["Hello"], "en", wanted)).toEqual([`${sent}:Hello`]);
    }
    const targets = fake.requests.filter((r) => r.path === "/v2/translate");
    expect(targets.map((r) => (r.body as { target_lang: string }).target_lang)).toEqual(
      cases.map((c) => c[1]),
    );
  });
});

describe("deepl translation", () => {
  test("sends at most 50 texts per request with the auth header and a User-Agent, keeping order", async () => {
    const { fake, backend } = await setup();
    const lines = numbered(120);
    expect(await backend.translate(lines, "en", "de")).toEqual(lines.map((l) => `DE:${l}`));
    const calls = fake.requests.filter((r) => r.path === "/v2/translate");
    expect(calls.map((c) => (c.body as { text: string[] }).text.length)).toEqual([50, 50, 20]);
    expect(calls[0]?.headers.authorization).toBe(`DeepL-Auth-Key ${fake.apiKey}`);
    expect(calls[0]?.headers["user-agent"]).toStartWith("Subhound/");
    expect(calls[0]?.body).toMatchObject({ source_lang: "EN", target_lang: "DE" });
  });

  test("429 and 5xx are retried with exponential backoff", async () => {
    const { fake, backend, deps } = await setup();
    fake.failNext(429, 2);
    fake.failNext(503, 1);
    expect(await backend.translate(["Hello"], "en", "fr")).toEqual(["FR:Hello"]);
    expect(deps.sleeps).toEqual([1000, 2000, 4000]);
  });

  test("429 that never ends is rate-limited after the retries", async () => {
    const { fake, backend, deps } = await setup();
    fake.failNext(429, 10);
    const error = await rejection(backend.translate(["Hello"], "en", "fr"));
    expect(error).toMatchObject({ kind: "rate-limited", status: 429 });
    expect((error as Error).message).toContain("after 4 attempts");
    expect(deps.sleeps).toHaveLength(3);
  });

  test("456 is a typed quota error, not retried", async () => {
    const { fake, backend, deps } = await setup();
    fake.characterLimit = 3;
    const error = await rejection(backend.translate(["Hello"], "en", "fr"));
    expect(error).toMatchObject({ kind: "quota", status: 456 });
    expect((error as Error).message).toContain("Quota for this billing period has been exceeded.");
    expect(deps.sleeps).toEqual([]);
  });

  test("403 is a bad key; the key never appears in the error", async () => {
    const { backend } = await setup("wrong-deepl-key-123456:fx");
    const error = await rejection(backend.translate(["Hello"], "en", "fr"));
    expect(error).toMatchObject({ kind: "auth", status: 403 });
    expect((error as Error).message).not.toContain("wrong-deepl-key-123456");
    const health = await backend.healthCheck();
    expect(health).toMatchObject({ healthy: false, message: "DeepL rejected the API key (HTTP 403)" });
  });

  test("without a key, translate fails as not-configured and health says so", async () => {
    const backend = createDeepLBackend({}, recordingDeps());
    expect(await rejection(backend.translate(["a"], "en", "de"))).toMatchObject({ kind: "not-configured" });
    expect(await backend.healthCheck()).toMatchObject({ healthy: false });
  });
});

describe("deepl health", () => {
  test("uses /v2/usage only and reports the quota", async () => {
    const { fake, backend } = await setup();
    fake.characterCount = 1200;
    const health = await backend.healthCheck();
    expect(health).toMatchObject({
      healthy: true,
      details: { plan: "free", characterCount: 1200, characterLimit: 500_000 },
    });
    expect(fake.requests.map((r) => r.path)).toEqual(["/v2/usage"]);
  });

  test("an exhausted quota is unhealthy", async () => {
    const { fake, backend } = await setup();
    fake.characterCount = fake.characterLimit;
    expect((await backend.healthCheck()).message).toContain("quota exhausted");
  });

  test("down, slow and garbage", async () => {
    const { fake, backend } = await setup();
    await fake.setMode("garbage");
    expect((await backend.healthCheck()).message).toContain("does not look like DeepL");
    await fake.setMode("slow");
    const controller = new AbortController();
    const pending = backend.healthCheck(controller.signal);
    controller.abort();
    expect(await pending).toMatchObject({ healthy: false });
    await fake.setMode("down");
    expect((await backend.healthCheck()).healthy).toBe(false);
  });
});
