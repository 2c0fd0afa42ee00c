import { afterEach, describe, expect, test } from "bun:test";
import { checkBase } from "../../src/health/check.ts";
import { HEALTH_CHECK_NAMES, HEALTH_CHECKS } from "../../src/health/checks.ts";
import { startFakeJellyfin } from "../fakes/jellyfin.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, TEST_API_KEY, testRuntime } from "../support/runtime.ts";

const SUBSYSTEMS = HEALTH_CHECK_NAMES;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function runtime(input: Parameters<typeof testRuntime>[0] = {}) {
  const rt = testRuntime(input);
  cleanup.push(() => rt.close());
  return rt;
}

async function sonarr() {
  const fake = await startFakeSonarr();
  cleanup.push(() => fake.stop());
  return fake;
}

const STATUS = "/api/v3/system/status";

describe("GET /api/v1/health/detailed", () => {
  test("needs the API key", async () => {
    const res = await request(runtime(), "/api/v1/health/detailed", { key: null });
    expect(res.status).toBe(401);
  });

  test("an unconfigured install is healthy overall, reports every registered check and says no provider is enabled", async () => {
    const res = await request(runtime(), "/api/v1/health/detailed");
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.status).toBe("healthy");
    expect(body.checkedAt).toBe("2026-11-24T10:00:00.000Z");
    expect(Object.keys(body.subsystems).sort()).toEqual([...SUBSYSTEMS].sort());
    for (const name of SUBSYSTEMS) {
      // Without a provider nothing can be found: that subsystem says so (it is not critical by default).
      expect(body.subsystems[name].healthy).toBe(name !== "providers");
      expect(typeof body.subsystems[name].message).toBe("string");
    }
    const s = body.subsystems;
    expect(s.database).toMatchObject({ lastIntegrityCheck: null, journalMode: "memory" });
    expect(s.database.schemaVersion).not.toBe("none");
    expect(s.ollama.message).toBe("not in the translation chain");
    expect(s.providers.message).toStartWith(
      "no subtitle provider is enabled, so a search cannot find anything",
    );
    expect(s.disk_config.message).toBe("path not found");
    expect(s.whisper_backends).toMatchObject({ message: "Whisper disabled", activeBackend: null });
    expect(s.scheduler).toMatchObject({ message: "4 jobs scheduled", lastScan: null });
    expect(s.scheduler.jobs.map((j: { name: string }) => j.name).sort()).toEqual([
      "maintenance",
      "subtitle-upgrade",
      "wanted-scan",
      "wanted-search",
    ]);
    expect(s.memory.rssBytes).toBeGreaterThan(0);
  });

  test("each check reports exactly the fields its registry entry declares", async () => {
    const body = await jsonOf(request(runtime(), "/api/v1/health/detailed"));
    for (const check of HEALTH_CHECKS) {
      const declared = Object.keys({ ...checkBase, ...check.details }).sort();
      expect({ name: check.name, fields: Object.keys(body.subsystems[check.name]).sort() }).toEqual({
        name: check.name,
        fields: declared,
      });
    }
  });

  test("the default critical set is the registry's, and a critical failure answers 503", async () => {
    const fake = await sonarr();
    await fake.setMode("down");
    const rt = runtime({ sonarr: [{ url: fake.url, apiKey: fake.apiKey, retries: 0 }] });
    const res = await request(rt, "/api/v1/health/detailed");
    expect(res.status).toBe(503);
    const body = await jsonOf(res);
    expect([...body.critical].sort()).toEqual([
      "arr_connectivity",
      "database",
      "disk_config",
      "disk_media",
      "media_servers",
      "ollama",
      "translation_backends",
    ]);
  });

  test("a Sonarr that is down makes arr_connectivity unhealthy and the answer 503", async () => {
    const fake = await sonarr();
    await fake.setMode("down");
    const rt = runtime({ sonarr: [{ name: "tv", url: fake.url, apiKey: fake.apiKey, retries: 0 }] });
    const res = await request(rt, "/api/v1/health/detailed");
    expect(res.status).toBe(503);
    const body = await jsonOf(res);
    expect(body.status).toBe("degraded");
    expect(body.subsystems.arr_connectivity.healthy).toBe(false);
    expect(body.subsystems.arr_connectivity.sonarr).toEqual([
      expect.objectContaining({ instance: "tv", healthy: false, version: null }),
    ]);
    expect(body.subsystems.database.healthy).toBe(true);
  });

  test("a reachable Sonarr reports its name and version", async () => {
    const fake = await sonarr();
    const rt = runtime({ sonarr: [{ name: "tv", url: fake.url, apiKey: fake.apiKey }] });
    const body = await jsonOf(request(rt, "/api/v1/health/detailed"));
    expect(body.status).toBe("healthy");
    const [tv] = body.subsystems.arr_connectivity.sonarr;
    expect(tv).toMatchObject({ instance: "tv", healthy: true });
    expect(typeof tv.version).toBe("string");
  });

  test("a hung backend makes only its own subsystem unhealthy, with a timed-out message", async () => {
    const jellyfin = await startFakeJellyfin();
    cleanup.push(() => jellyfin.stop());
    await jellyfin.setMode("slow");
    const fake = await sonarr();
    const rt = runtime({
      health: { timeoutMs: 200 },
      mediaServers: [{ type: "jellyfin", name: "living-room", url: jellyfin.url, apiKey: jellyfin.apiKey }],
      sonarr: [{ url: fake.url, apiKey: fake.apiKey }],
    });
    const res = await request(rt, "/api/v1/health/detailed");
    expect(res.status).toBe(503);
    const body = await jsonOf(res);
    expect(body.subsystems.media_servers).toEqual({ healthy: false, message: "timed out after 200 ms" });
    // No provider is configured here: that is the providers check's own finding, not the hang's.
    const unhealthy = SUBSYSTEMS.filter((name) => name !== "providers" && !body.subsystems[name].healthy);
    expect(unhealthy).toEqual(["media_servers"]);
  });

  test("health.timeouts gives one check its own deadline", async () => {
    const jellyfin = await startFakeJellyfin();
    cleanup.push(() => jellyfin.stop());
    await jellyfin.setMode("slow");
    const rt = runtime({
      health: { timeoutMs: 60_000, timeouts: { media_servers: 150 } },
      mediaServers: [{ type: "jellyfin", url: jellyfin.url, apiKey: jellyfin.apiKey }],
    });
    const body = await jsonOf(request(rt, "/api/v1/health/detailed"));
    expect(body.subsystems.media_servers).toEqual({ healthy: false, message: "timed out after 150 ms" });
  });

  test("results are cached for health.cacheSeconds of the injected clock; fresh=true bypasses", async () => {
    const fake = await sonarr();
    const rt = runtime({
      health: { cacheSeconds: 30 },
      sonarr: [{ url: fake.url, apiKey: fake.apiKey }],
    });
    expect((await request(rt, "/api/v1/health/detailed")).status).toBe(200);
    expect(fake.requests.count(STATUS)).toBe(1);

    rt.clock.advance(29_000);
    const cached = await jsonOf(request(rt, "/api/v1/health/detailed"));
    expect(cached.checkedAt).toBe("2026-11-24T10:00:00.000Z");
    expect(fake.requests.count(STATUS)).toBe(1);

    rt.clock.advance(2_000);
    const refreshed = await jsonOf(request(rt, "/api/v1/health/detailed"));
    expect(refreshed.checkedAt).toBe("2026-11-24T10:00:31.000Z");
    expect(fake.requests.count(STATUS)).toBe(2);

    await request(rt, "/api/v1/health/detailed?fresh=true");
    expect(fake.requests.count(STATUS)).toBe(3);
    await request(rt, "/api/v1/health/detailed");
    expect(fake.requests.count(STATUS)).toBe(3);
  });

  test("health.critical decides which subsystems degrade the status", async () => {
    const fake = await sonarr();
    await fake.setMode("down");
    const rt = runtime({
      health: { critical: ["database"] },
      sonarr: [{ url: fake.url, apiKey: fake.apiKey, retries: 0 }],
    });
    const res = await request(rt, "/api/v1/health/detailed");
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ status: "healthy", critical: ["database"] });
    expect(body.subsystems.arr_connectivity.healthy).toBe(false);
  });

  test("secrets never appear in the body", async () => {
    const fake = await sonarr();
    const jellyfin = await startFakeJellyfin();
    cleanup.push(() => jellyfin.stop());
    const rt = runtime({
      sonarr: [{ url: fake.url, apiKey: fake.apiKey, retries: 0 }],
      mediaServers: [{ type: "jellyfin", url: jellyfin.url, apiKey: jellyfin.apiKey }],
      translation: {
        chain: ["openai"],
        openai: { url: jellyfin.url, apiKey: "sk-secret-health-0123456789" },
      },
    });
    await fake.setMode("error");
    const text = await (await request(rt, "/api/v1/health/detailed")).text();
    for (const secret of [fake.apiKey, jellyfin.apiKey, "sk-secret-health-0123456789", TEST_API_KEY]) {
      expect(text).not.toContain(secret);
    }
  });

  test("rejects a bad fresh value with a problem", async () => {
    const res = await request(runtime(), "/api/v1/health/detailed?fresh=maybe");
    expect(res.status).toBe(400);
  });
});
