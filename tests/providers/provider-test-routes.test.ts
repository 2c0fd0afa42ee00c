import { afterEach, describe, expect, test } from "bun:test";
import { type manualClock, systemClock } from "../../src/clock.ts";
import type { ConfigInput } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { startFakeAnimeTosho } from "../fakes/animetosho.ts";
import { startFakeGestdown } from "../fakes/gestdown.ts";
import { startFakeJimaku } from "../fakes/jimaku.ts";
import { openSubtitlesConfig, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { startFakePodnapisi } from "../fakes/podnapisi.ts";
import { BREAKING_BAD, startFakeSubdl, subdlSubtitle } from "../fakes/subdl.ts";
import { type Json, jsonOf, request, testConfig, testRuntime } from "../support/runtime.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type TestRuntime = Runtime & { clock?: ReturnType<typeof manualClock> };

function runtime(providers: ConfigInput["providers"]): TestRuntime {
  const rt = testRuntime({ providers, search: { requestTimeoutMs: 5000 } });
  cleanups.push(() => rt.close());
  return rt;
}

/** For a test that sends several requests at once: the token bucket paces them by the real clock. */
function realClockRuntime(providers: ConfigInput["providers"]): TestRuntime {
  const rt = createRuntime(testConfig({ providers, search: { requestTimeoutMs: 5000 } }), {
    log: silentLogger,
    clock: systemClock,
    db: openDatabase({ path: ":memory:" }),
  });
  cleanups.push(() => rt.close());
  return rt;
}

async function testOf(rt: TestRuntime, name: string): Promise<Json> {
  // Token buckets read the runtime's clock: with a manual one, a minute later every bucket has refilled.
  rt.clock?.advance(60_000);
  const res = await request(rt, `/api/v1/providers/${name}/test`, { method: "POST" });
  expect(res.status).toBe(200);
  return res.json();
}

async function statusOf(rt: TestRuntime, name: string): Promise<Json> {
  const all: Json[] = await jsonOf(request(rt, "/api/v1/providers"));
  return all.find((p) => p.name === name);
}

describe("POST /providers/{name}/test against the fakes", () => {
  test("OpenSubtitles: logs in, reports the quota; a bad key and a down API fail with the reason", async () => {
    const fake = await startFakeOpenSubtitles();
    cleanups.push(() => fake.stop());
    fake.remaining = 17;
    const config = (apiKey: string) => ({ opensubtitles: openSubtitlesConfig(fake, { apiKey }) });

    const good = realClockRuntime(config(fake.apiKey));
    const ok = await testOf(good, "opensubtitles");
    expect(ok).toMatchObject({ ok: true });
    expect(ok.message).toContain("17 of 20 downloads left");
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fake.logins).toBe(1);
    const status = await statusOf(good, "opensubtitles");
    expect(status).toMatchObject({
      quota: { remaining: 17, limit: 20, resetAt: "2026-11-25T00:00:00.000Z" },
      lastTest: { ok: true, message: ok.message },
      lastError: null,
      credentials: [
        { key: "providers.opensubtitles.apiKey", set: true },
        { key: "providers.opensubtitles.username", set: true },
        { key: "providers.opensubtitles.password", set: true },
      ],
    });
    const listing = JSON.stringify(await jsonOf(request(good, "/api/v1/providers")));
    expect(listing).not.toContain(fake.apiKey);
    expect(listing).not.toContain(fake.password);

    const badKey = runtime(config("not-the-right-key"));
    const refused = await testOf(badKey, "opensubtitles");
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain("HTTP 403");
    expect(refused.message).not.toContain("not-the-right-key");
    expect((await statusOf(badKey, "opensubtitles")).lastError.message).toContain("HTTP 403");

    await fake.api.setMode("down");
    const down = await testOf(good, "opensubtitles");
    expect(down.ok).toBe(false);
    expect(down.message).toMatch(/cannot reach/i);
  });

  test("SubDL: one small search; a wrong key and a down API fail", async () => {
    const fake = await startFakeSubdl();
    cleanups.push(() => fake.stop());
    fake.subtitles.set(BREAKING_BAD.sd_id, [subdlSubtitle("3197651-3213944")]);
    const config = (apiKey: string) => ({
      subdl: { enabled: true, apiKey, baseUrl: `${fake.api.url}/api/v1`, downloadUrl: fake.dl.url },
    });

    const good = runtime(config(fake.apiKey));
    expect(await testOf(good, "subdl")).toMatchObject({
      ok: true,
      message: "API key accepted; a search for Breaking Bad S01E01 (English) found 1 subtitles",
    });
    expect(fake.api.requests).toHaveLength(1);
    expect(fake.api.requests[0]!.query).toMatchObject({
      imdb_id: "tt0903747",
      season_number: "1",
      languages: "EN",
    });

    const wrong = await testOf(runtime(config("wrong-subdl-key")), "subdl");
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain("HTTP 403");
    expect(wrong.message).not.toContain("wrong-subdl-key");

    await fake.api.setMode("down");
    const down = await testOf(good, "subdl");
    expect(down.ok).toBe(false);
    expect(down.message).toMatch(/cannot reach 127\.0\.0\.1:\d+/);
  });

  test("Jimaku: the key is checked with one search; a wrong key fails", async () => {
    const fake = await startFakeJimaku();
    cleanups.push(() => fake.stop());
    const good = runtime({ jimaku: { enabled: true, apiKey: fake.apiKey, baseUrl: fake.baseUrl } });
    expect(await testOf(good, "jimaku")).toMatchObject({ ok: true });
    expect(fake.requests).toHaveLength(1);
    const wrong = runtime({ jimaku: { enabled: true, apiKey: "wrong-jimaku-key", baseUrl: fake.baseUrl } });
    const refused = await testOf(wrong, "jimaku");
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain("401");
  });

  test("Podnapisi: one page of a search; a throttle page and a down site fail", async () => {
    const fake = await startFakePodnapisi();
    cleanups.push(() => fake.stop());
    fake.pageSize = 1;
    for (const pid of ["a1", "b2", "c3"]) {
      fake.subtitles.push({
        pid,
        title: "Breaking Bad",
        year: 2008,
        season: 1,
        episode: 1,
        language: "en",
        releases: ["Breaking.Bad.S01E01.720p"],
        content: "1\n00:00:01,000 --> 00:00:02,000\nHi\n",
      });
    }
    const rt = runtime({ podnapisi: { enabled: true, baseUrl: fake.url } });
    expect(await testOf(rt, "podnapisi")).toMatchObject({
      ok: true,
      message: "Podnapisi search answered: 1 English subtitles on the first page for Breaking Bad S01E01",
    });
    expect(fake.requests).toHaveLength(1);

    await fake.setMode("garbage");
    const garbage = await testOf(rt, "podnapisi");
    expect(garbage.ok).toBe(false);
    expect(garbage.message).toContain("not a search result");

    await fake.setMode("down");
    expect((await testOf(rt, "podnapisi")).ok).toBe(false);
  });

  test("Gestdown: one show lookup, never the 423 waits of a search; a down API fails", async () => {
    const fake = await startFakeGestdown();
    cleanups.push(() => fake.stop());
    const rt = runtime({ gestdown: { enabled: true, baseUrl: fake.url } });
    expect(await testOf(rt, "gestdown")).toMatchObject({
      ok: true,
      message: "Gestdown reachable; it does not know the test show (HTTP 404)",
    });
    fake.shows.set(81189, { id: "cd880e2e-ef44-47cd-9f3d-a03b343ba2d0", name: "Breaking Bad" });
    expect(await testOf(rt, "gestdown")).toMatchObject({
      ok: true,
      message: "Gestdown answered: found Breaking Bad",
    });
    fake.injectFailures(1, () => new Response('{"message":"busy"}', { status: 423 }));
    expect((await testOf(rt, "gestdown")).message).toContain("HTTP 423");
    expect(fake.requests).toHaveLength(3);

    await fake.setMode("down");
    const down = await testOf(rt, "gestdown");
    expect(down.ok).toBe(false);
  });

  test("AnimeTosho: the health check's feed query; a down feed fails", async () => {
    const fake = await startFakeAnimeTosho();
    cleanups.push(() => fake.stop());
    const rt = runtime({ animetosho: { enabled: true, feedUrl: fake.url, storageUrl: fake.storageUrl } });
    expect(await testOf(rt, "animetosho")).toMatchObject({ ok: true, message: "AnimeTosho feed reachable" });
    await fake.setMode("down");
    expect((await testOf(rt, "animetosho")).ok).toBe(false);
  });
});

describe("POST /providers/{name}/test problems", () => {
  test("an unknown provider is 404 and a disabled one 409 naming the config key, as problem+json", async () => {
    const rt = runtime({});
    const unknown = await request(rt, "/api/v1/providers/addic7ed/test", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect(await unknown.json()).toMatchObject({ status: 404, detail: expect.stringContaining("addic7ed") });

    const disabled = await request(rt, "/api/v1/providers/podnapisi/test", { method: "POST" });
    expect(disabled.status).toBe(409);
    expect(disabled.headers.get("content-type")).toContain("application/problem+json");
    expect((await jsonOf(disabled)).detail).toContain("[providers.podnapisi]");

    const noKey = await request(rt, "/api/v1/providers/podnapisi/test", { method: "POST", key: null });
    expect(noKey.status).toBe(401);
  });

  test("GET /providers lists disabled providers with their credential state and no test yet", async () => {
    const rt = runtime({});
    const subdl = await statusOf(rt, "subdl");
    expect(subdl).toMatchObject({
      enabled: false,
      breakerRetryAt: null,
      lastTest: null,
      quota: { remaining: null, limit: null, resetAt: null, reportedAt: null },
      credentials: [
        {
          key: "providers.subdl.apiKey",
          env: "SUBHOUND_PROVIDERS__SUBDL__API_KEY",
          required: true,
          set: false,
        },
      ],
    });
  });
});
