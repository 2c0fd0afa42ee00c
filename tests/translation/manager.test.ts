import { afterEach, describe, expect, test } from "bun:test";
import type { Clock } from "../../src/clock.ts";
import { silentLogger } from "../../src/log.ts";
import { createTranslationManager } from "../../src/translation/manager.ts";
import { TranslationError } from "../../src/translation/types.ts";
import { type FakeDeepL, startFakeDeepL } from "../fakes/deepl.ts";
import { type FakeOllama, startFakeOllama } from "../fakes/ollama.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { rejection } from "../support/rejection.ts";
import { translationConfig } from "./helpers.ts";

let ollama: FakeOllama | null = null;
let deepl: FakeDeepL | null = null;
afterEach(async () => {
  await ollama?.stop();
  await deepl?.stop();
  ollama = deepl = null;
});

/** Every reading is 10 ms after the previous one. */
function tickingClock(): Clock {
  let t = 0;
  return {
    now: () => {
      t += 10;
      return new Date(t);
    },
  };
}

async function setup(chain: string[]) {
  ollama = await startFakeOllama();
  deepl = await startFakeDeepL();
  const config = translationConfig({
    chain,
    ollama: { url: ollama.url },
    deepl: { apiKey: deepl.apiKey, url: deepl.url },
  });
  const manager = createTranslationManager(config, {
    ...recordingDeps(),
    clock: tickingClock(),
    log: silentLogger,
    options: { ollama: { retries: 0 }, deepl: { retries: 0 } },
  });
  return { ollama, deepl, manager };
}

describe("translation manager", () => {
  test("an empty chain turns translation off", async () => {
    const { manager } = await setup([]);
    expect(manager.enabled).toBe(false);
    expect(await rejection(manager.translate(["a"], "en", "de"))).toMatchObject({ kind: "disabled" });
    expect(await manager.healthCheck()).toEqual([]);
  });

  test("the first backend that succeeds translates", async () => {
    const { manager, deepl } = await setup(["ollama", "deepl"]);
    expect(await manager.translate(["Hi"], "en", "de")).toEqual({ lines: ["T:Hi"], backend: "ollama" });
    expect(deepl.requests).toHaveLength(0);
    expect(manager.stats()[0]).toEqual({
      name: "ollama",
      calls: 1,
      failures: 0,
      lastError: null,
      meanDurationMs: 10,
    });
  });

  test("falls through to the next backend and records the failure", async () => {
    const { manager, ollama } = await setup(["ollama", "deepl"]);
    await ollama.setMode("down");
    expect(await manager.translate(["Hi"], "en", "de")).toEqual({ lines: ["DE:Hi"], backend: "deepl" });
    const [first, second] = manager.stats();
    expect(first).toMatchObject({ name: "ollama", calls: 1, failures: 1 });
    expect(first?.lastError).toContain("cannot reach the server");
    expect(second).toMatchObject({ name: "deepl", calls: 1, failures: 0 });
  });

  test("fails with every backend's cause when all fail", async () => {
    const { manager, ollama, deepl } = await setup(["ollama", "deepl"]);
    ollama.models = [];
    deepl.failNext(456);
    const error = await rejection(manager.translate(["Hi"], "en", "de"));
    expect(error).toBeInstanceOf(TranslationError);
    expect(error).toMatchObject({ kind: "all-failed", backend: "chain" });
    expect((error as TranslationError).causes.map((c) => c.kind)).toEqual(["model-not-found", "quota"]);
    expect((error as Error).message).not.toContain(deepl.apiKey);
  });

  test("a cancelled job stops at once instead of trying the next backend", async () => {
    const { manager, ollama, deepl } = await setup(["ollama", "deepl"]);
    await ollama.setMode("slow");
    const error = await rejection(manager.translate(["Hi"], "en", "de", AbortSignal.timeout(50)));
    expect(error).toMatchObject({ kind: "aborted" });
    expect(deepl.requests).toHaveLength(0);
  });

  test("health checks every configured backend", async () => {
    const { manager, ollama } = await setup(["ollama", "deepl"]);
    await ollama.setMode("down");
    const health = await manager.healthCheck();
    expect(health.map((h) => [h.name, h.healthy])).toEqual([
      ["ollama", false],
      ["deepl", true],
    ]);
  });
});
