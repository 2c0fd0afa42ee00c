import { expect, test } from "bun:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import { apiGroupOf, mountApiRoutes } from "../../src/api-routes.ts";
import type { AppEnv } from "../../src/app.ts";
import { createAuthRouter } from "../../src/auth/auth.routes.ts";
import type { UiAuth } from "../../src/auth/ui-auth.ts";
import { livenessRouter } from "../../src/health/liveness.ts";
import { request, testRuntime } from "../support/runtime.ts";

// Building routers only captures their auth; nothing here answers a request through it.
const uiAuth = {} as UiAuth;
const PREFIX = "/api/v1";

/** `/wanted/{id}` as Hono writes it, `/wanted/:id`. */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

test("every documented operation is answered by the group of routers its path is sent to", () => {
  const runtime = testRuntime();
  try {
    const own = new OpenAPIHono<AppEnv>();
    own.route(PREFIX, livenessRouter);
    own.route(PREFIX, createAuthRouter(uiAuth));
    const ownRoutes = new Set(own.routes.map((r) => `${r.method} ${r.path}`));
    const paths = runtime.app.openapi.paths as Record<string, Record<string, unknown>>;
    const groups = new Map<string, Set<string>>();
    let operations = 0;
    for (const [path, item] of Object.entries(paths)) {
      for (const method of Object.keys(item)) {
        const route = `${method.toUpperCase()} ${honoPath(path)}`;
        if (ownRoutes.has(route)) continue;
        operations++;
        // The path a client sends: every parameter filled in.
        const group = apiGroupOf(path.slice(PREFIX.length).replace(/\{\w+\}/g, "1"));
        expect(group, route).not.toBeNull();
        let routes = groups.get(group!);
        if (!routes) {
          const app = new OpenAPIHono<AppEnv>();
          mountApiRoutes(app, PREFIX, uiAuth, group);
          routes = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
          groups.set(group!, routes);
        }
        expect(routes.has(route), `${route} in group ${group}`).toBe(true);
      }
    }
    expect(operations).toBeGreaterThan(60);
    // A scan's requests build only the scan's router.
    expect(groups.get("/wanted/scan")).toEqual(
      new Set(["GET /api/v1/wanted/scan", "POST /api/v1/wanted/scan", "POST /api/v1/wanted/scan/cancel"]),
    );
  } finally {
    void runtime.close();
  }
});

test("a path no router answers under is a problem+json 404, a method its group lacks a 405", async () => {
  const runtime = testRuntime();
  try {
    for (const [method, path] of [
      ["GET", "/api/v1/nothing-here"],
      ["GET", "/api/v1/"],
    ] as const) {
      const res = await request(runtime, path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toBe(`No route matches ${method} ${path}`);
    }
    const lacking = await request(runtime, "/api/v1/wanted/scan", { method: "DELETE" });
    expect(lacking.status).toBe(405);
    expect(lacking.headers.get("content-type")).toStartWith("application/problem+json");
    expect(lacking.headers.get("allow")).toBe("GET, HEAD, POST");
    // Unauthenticated, the guard answers first, as for any API path.
    expect((await request(runtime, "/api/v1/nothing-here", { key: null })).status).toBe(401);
  } finally {
    await runtime.close();
  }
});
