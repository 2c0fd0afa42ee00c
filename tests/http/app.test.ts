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

  test("a known path asked with another method → 405 naming the methods it answers", async () => {
    const rt = testRuntime();
    const health = await request(rt, "/api/v1/health", { method: "DELETE" });
    expect((await expectProblem(health, 405)).detail).toBe("/api/v1/health answers GET, HEAD, not DELETE");
    expect(health.headers.get("allow")).toBe("GET, HEAD");
    const item = await request(rt, "/api/v1/wanted/7", { method: "POST" });
    expect(item.headers.get("allow")).toBe("DELETE, GET, HEAD, PATCH");
    await expectProblem(item, 405);
    await expectProblem(await request(rt, "/api/v1/wanted/scan/cancel"), 405);
    await expectProblem(await request(rt, "/api/v1/auth/login"), 405);
    // Unknown paths stay 404, and so does every path behind a urlBase.
    await expectProblem(await request(rt, "/api/v1/wanted/7/nope", { method: "POST" }), 404);
    await expectProblem(await request(rt, "/api/v1/wanted/", { method: "DELETE" }), 404);
    const based = testRuntime({ server: { urlBase: "/sub" } });
    const res = await request(based, "/sub/api/v1/health", { method: "PUT" });
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    await expectProblem(res, 405);
    await expectProblem(await request(based, "/sub/api/v1/history/daily", { method: "PUT" }), 405);
  });

  test("a body of another media type → 415 naming the one the endpoint takes, on every route with a body", async () => {
    const rt = testRuntime();
    for (const path of ["/api/v1/auth/login", "/api/v1/settings/folder/test", "/api/v1/webhooks/sonarr"]) {
      const res = await request(rt, path, {
        method: "POST",
        body: "{}",
        headers: { "Content-Type": "text/plain" },
      });
      expect((await expectProblem(res, 415)).detail).toBe(
        "this endpoint takes application/json; the body was sent as text/plain",
      );
    }
    const plex = await request(rt, "/api/v1/webhooks/plex", {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expect((await expectProblem(plex, 415)).detail).toBe(
      "this endpoint takes multipart/form-data; the body was sent as application/json",
    );
  });

  test("a body over 16 MiB → 413 before it is read, declared or streamed", async () => {
    const rt = testRuntime();
    const huge = `{"ids":[1],"action":"ignore","pad":"${"a".repeat(16 * 1024 * 1024)}"}`;
    const declared = await request(rt, "/api/v1/wanted/bulk", {
      method: "POST",
      body: huge,
      headers: { "Content-Type": "application/json", "Content-Length": String(huge.length) },
    });
    expect((await expectProblem(declared, 413)).detail).toBe(
      "the body is larger than 16 MiB, the most a request may send",
    );
    let sent = 0;
    const chunk = new TextEncoder().encode(" ".repeat(1024 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await request(rt, "/api/v1/settings/folder/test", {
      method: "POST",
      body: endless,
      headers: { "Content-Type": "application/json" },
    });
    await expectProblem(streamed, 413);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
    // A streamed body under the cap is read as usual.
    const small = await request(rt, "/api/v1/wanted/bulk", {
      method: "POST",
      body: new Blob(['{"ids":[1],"action":"ignore"}']).stream(),
      headers: { "Content-Type": "application/json" },
    });
    expect(small.status).toBe(200);
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
    // The docs' assets by this build's URL (cached a day, so an upgrade must not reuse them), which answers.
    const script = /src="([^"]+swagger-ui-bundle\.js\?v=[^"]+)"/.exec(docs)?.[1];
    expect(script).toStartWith("/subhound/docs/swagger-ui-bundle.js?v=");
    expect((await request(rt, script!)).status).toBe(200);
    expect((rt.app.openapi.servers as { url: string }[])[0]!.url).toBe("/subhound");
  });
});
