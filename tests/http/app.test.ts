import { describe, expect, test } from "bun:test";
import { createRoute, z } from "@hono/zod-openapi";
import { ensureApiKey } from "../../src/auth/api-key.ts";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { ProblemSchema } from "../../src/http/problem.ts";
import { createRouter } from "../../src/http/router.ts";
import { request, TEST_API_KEY, testConfig, testRuntime } from "../support/runtime.ts";

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  const body = ProblemSchema.parse(await res.json());
  expect(body.status).toBe(status);
  expect(body.type).toBe("about:blank");
  return body;
}

describe("auth", () => {
  const rt = testRuntime();

  test("missing key → 401 problem+json", async () => {
    const body = await expectProblem(await request(rt, "/api/v1/system/status", { key: null }), 401);
    expect(body.detail).toContain("X-Api-Key");
  });

  test("wrong key → 401, in header or query", async () => {
    await expectProblem(await request(rt, "/api/v1/system/status", { key: "wrong-key-wrong-key" }), 401);
    await expectProblem(await request(rt, "/api/v1/system/status?apikey=wrong", { key: null }), 401);
  });

  test("right key in the header or the apikey query parameter → 200", async () => {
    expect((await request(rt, "/api/v1/system/status")).status).toBe(200);
    expect((await request(rt, `/api/v1/system/status?apikey=${TEST_API_KEY}`, { key: null })).status).toBe(
      200,
    );
  });

  test("paths outside the API are not behind the key", async () => {
    expect((await request(rt, "/favicon.ico", { key: null })).status).toBe(404);
    await expectProblem(await request(rt, "/api/v1/anything", { key: null }), 401);
  });

  test("liveness, spec and docs are open", async () => {
    for (const path of ["/api/v1/health", "/openapi.json", "/docs", "/docs/swagger-ui.css"]) {
      expect((await request(rt, path, { key: null })).status).toBe(200);
    }
  });

  test("a generated key is stored on first start and reused after", () => {
    const handle = openDatabase({ path: ":memory:" });
    migrate(handle.sqlite);
    const config = testConfig({ auth: {} });
    const clock = manualClock();
    const first = ensureApiKey(config, handle, clock);
    expect(first).toMatchObject({ generated: true, source: "database" });
    expect(first.apiKey).toMatch(/^[0-9a-f]{32}$/);
    const second = ensureApiKey(config, handle, clock);
    expect(second).toEqual({ apiKey: first.apiKey, generated: false, source: "database" });
    // A configured key wins over the stored one.
    expect(ensureApiKey(testConfig(), handle, clock)).toEqual({
      apiKey: TEST_API_KEY,
      generated: false,
      source: "config",
    });
  });
});

describe("problem+json", () => {
  test("unknown route → 404", async () => {
    const body = await expectProblem(await request(testRuntime(), "/api/v1/nope"), 404);
    expect(body.detail).toBe("No route matches GET /api/v1/nope");
    expect(body.instance).toBe("/api/v1/nope");
  });

  test("an unexpected error → 500 without internals", async () => {
    const rt = testRuntime();
    rt.deps.db.close();
    const body = await expectProblem(await request(rt, "/api/v1/system/status"), 500);
    expect(JSON.stringify(body)).not.toContain("at ");
    expect(body.requestId).toBeString();
  });

  test("zod validation failure → 400 with one entry per field", async () => {
    const route = createRoute({
      method: "get",
      path: "/items",
      request: { query: z.object({ page: z.coerce.number().int().min(1), sort: z.enum(["asc", "desc"]) }) },
      responses: { 200: { description: "ok", content: { "application/json": { schema: z.object({}) } } } },
    });
    const app = createRouter().openapi(route, (c) => c.json({}, 200));
    const res = await app.request("/items?page=0&sort=up");
    const body = await expectProblem(res, 400);
    expect(body.errors!.map((e) => e.path).sort()).toEqual(["page", "sort"]);
    expect(body.detail).toContain("page:");
  });
});

describe("routes", () => {
  test("liveness", async () => {
    const rt = testRuntime();
    rt.clock.advance(90_000);
    const res = await request(rt, "/api/v1/health", { key: null });
    expect(await res.json()).toEqual({
      status: "ok",
      version: rt.deps.build.version,
      uptimeSeconds: 90,
      time: "2026-11-24T10:01:30.000Z",
    });
  });

  test("system status shows schema version and redacts secrets", async () => {
    const rt = testRuntime({
      sonarr: [{ name: "main", url: "http://sonarr:8989", apiKey: "sonarr-secret-abc" }],
    });
    const res = await request(rt, "/api/v1/system/status");
    const text = await res.text();
    expect(text).not.toContain("sonarr-secret-abc");
    expect(text).not.toContain(TEST_API_KEY);
    const body = JSON.parse(text);
    expect(body.database.schemaVersion).toMatch(/^\d{4}_/);
    expect(body.config.sonarr[0]).toMatchObject({ name: "main", apiKey: "***" });
    expect(body.runtime.bun).toBe(Bun.version);
  });

  test("system status tells when ffprobe cannot be used", async () => {
    const rt = testRuntime({ scan: { ffprobePath: "/nonexistent/ffprobe" } });
    const body = (await (await request(rt, "/api/v1/system/status")).json()) as {
      probe: { engine: string; ffprobe: { available: boolean; reason?: string } };
    };
    expect(body.probe.engine).toBe("auto");
    expect(body.probe.ffprobe.available).toBe(false);
    expect(body.probe.ffprobe.reason).toContain("/nonexistent/ffprobe");
  });

  test("urlBase prefixes every route", async () => {
    const rt = testRuntime({ server: { urlBase: "subhound" } });
    expect((await request(rt, "/subhound/api/v1/health")).status).toBe(200);
    expect((await request(rt, "/api/v1/health")).status).toBe(404);
    const docs = await (await request(rt, "/subhound/docs")).text();
    expect(docs).toContain('url: "/subhound/openapi.json"');
    expect((rt.app.openapi.servers as { url: string }[])[0]!.url).toBe("/subhound");
  });
});
