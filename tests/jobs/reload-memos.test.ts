import { afterEach, expect, test } from "bun:test";
import type { Config } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

test("a provider key changed by a reload is scrubbed from the next answer on", async () => {
  let next: Config = testConfig({ providers: { subdl: { enabled: true, apiKey: "old-key-0123456789" } } });
  const rt = createRuntime(next, {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    loadConfig: () => next,
  });
  runtime = rt;
  rt.deps.scheduler.register({
    name: "leaky",
    schedule: "0 0 1 1 *",
    run: async () => {
      throw new Error(`provider refused key ${rt.deps.config.providers.subdl?.apiKey}`);
    },
  });
  const failures = async (count: number) =>
    pollUntil(
      async () => (await request(rt, "/api/v1/tasks/leaky/history")).text(),
      (body) => body.split('"failed"').length - 1 >= count,
    );
  await request(rt, "/api/v1/tasks/leaky/run", { method: "POST" });
  expect(await failures(1)).not.toContain("old-key-0123456789");

  next = testConfig({ providers: { subdl: { enabled: true, apiKey: "new-key-9876543210" } } });
  expect((await request(rt, "/api/v1/system/reload", { method: "POST" })).status).toBe(200);
  expect(rt.deps.config.providers.subdl?.apiKey).toBe("new-key-9876543210");
  await request(rt, "/api/v1/tasks/leaky/run", { method: "POST" });
  const text = await failures(2);
  expect(text).not.toContain("new-key-9876543210");
  expect(text).toContain("provider refused key ***");
});

test("the wanted list explains with the profile a reload applied", async () => {
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  try {
    const show = sonarr.addSeries({ title: "Dark", path: "/tv/Dark" });
    sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const configWith = (embedded: "text" | "any") =>
      testConfig({
        languages: ["de"],
        profile: { embedded },
        sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
        pathMappings: [{ from: "/tv", to: "/nonexistent-media" }],
      });
    let next = configWith("text");
    const rt = createRuntime(next, {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
      loadConfig: () => next,
      inspector: {
        inspect: async () => ({
          ok: true,
          cached: false,
          mtimeMs: null,
          streams: [
            subtitleStream({ index: 3, codec: "hdmv_pgs_subtitle", language: "ger", textBased: false }),
          ],
        }),
      },
    });
    runtime = rt;
    rt.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
    await rt.deps.scanner.whenIdle();
    const reason = async () =>
      ((await jsonOf(request(rt, "/api/v1/wanted?status=all"))) as Json).items[0].reason.code;
    expect(await reason()).toBe("image_based_only");
    next = configWith("any");
    expect((await request(rt, "/api/v1/system/reload", { method: "POST" })).status).toBe(200);
    expect(await reason()).not.toBe("image_based_only");
  } finally {
    await sonarr.stop();
  }
});
