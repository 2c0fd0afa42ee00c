import { afterEach, beforeEach, expect, test } from "bun:test";
import { jsonOf, request, testRuntime } from "../support/runtime.ts";

let runtime: ReturnType<typeof testRuntime>;
beforeEach(async () => {
  runtime = testRuntime();
  for (const candidateId of ["a-1", "a-2", "a-3"]) {
    const res = await request(runtime, "/api/v1/blacklist", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ provider: "podnapisi", candidateId, reason: "out of sync" }),
    });
    expect(res.status).toBe(201);
  }
});
afterEach(() => runtime.close());

const listed = async () => (await jsonOf(request(runtime, "/api/v1/blacklist"))).length;

test("DELETE /blacklist?all=true empties the blacklist in one request and says how many went", async () => {
  const res = await request(runtime, "/api/v1/blacklist?all=true", { method: "DELETE" });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ removed: 3 });
  expect(await listed()).toBe(0);
  // Nothing left: still an answer, not an error.
  expect(await jsonOf(request(runtime, "/api/v1/blacklist?all=true", { method: "DELETE" }))).toEqual({
    removed: 0,
  });
});

test("a DELETE /blacklist without the confirmation removes nothing (400 problem naming `all`)", async () => {
  for (const query of ["", "?all=false", "?all=1"]) {
    const res = await request(runtime, `/api/v1/blacklist${query}`, { method: "DELETE" });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    const problem = await jsonOf(res);
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(["all"]);
  }
  expect(await listed()).toBe(3);
});

test("the spec documents the bulk removal with its confirmation and its answer", async () => {
  const spec = await jsonOf(request(runtime, "/openapi.json"));
  const op = spec.paths["/api/v1/blacklist"].delete;
  expect(op.operationId).toBe("clearBlacklist");
  expect(op.parameters).toEqual([expect.objectContaining({ name: "all", in: "query", required: true })]);
  expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401"]);
});
