import { afterAll, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { apiResponseHeaders } from "../../src/http/security-headers.ts";
import { request, testRuntime } from "../support/runtime.ts";

describe("apiResponseHeaders", () => {
  const app = new Hono();
  app.use("/api/*", apiResponseHeaders);
  app.get("/api/key", (c) => c.json({ apiKey: "secret" }));
  app.get("/api/stream", (c) => c.body("data: 1\n\n", 200, { "Cache-Control": "no-cache" }));
  app.get("/api/moved", () => Response.redirect("http://subhound.test/api/key", 302));

  test("an API answer is never stored, sniffed or framed", async () => {
    for (const path of ["/api/key", "/api/moved", "/api/nope"]) {
      const res = await app.fetch(new Request(`http://subhound.test${path}`));
      expect([path, res.headers.get("cache-control")]).toEqual([path, "no-store"]);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
  });

  test("a route's own caching is kept", async () => {
    const res = await app.fetch(new Request("http://subhound.test/api/stream"));
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.text()).toBe("data: 1\n\n");
  });
});

describe("the API docs page", () => {
  const rt = testRuntime();
  afterAll(() => rt.close());

  test("holds the key the user authorized with, so no other site may frame it", async () => {
    for (const path of ["/docs", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css"]) {
      const res = await request(rt, path, { key: null });
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, res.headers.get("x-frame-options")]).toEqual([path, "SAMEORIGIN"]);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      await res.arrayBuffer();
    }
  });
});

test("the running app's API answers are not kept by caches and may not be framed; the event stream keeps its own", async () => {
  const rt = testRuntime();
  try {
    for (const path of ["/api/v1/system/status", "/api/v1/wanted/summary", "/api/v1/nothing-here"]) {
      const res = await request(rt, path);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect((await request(rt, "/api/v1/health", { key: null })).headers.get("cache-control")).toBe(
      "no-store",
    );
  } finally {
    await rt.close();
  }
});
