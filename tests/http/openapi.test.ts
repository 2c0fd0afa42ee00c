import { expect, test } from "bun:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import { testRuntime } from "../support/runtime.ts";

test("the generated spec is valid OpenAPI 3.1", async () => {
  const spec = structuredClone(testRuntime().app.openapi);
  expect(spec.openapi).toBe("3.1.0");
  await SwaggerParser.validate(spec as never);
});

test("every operation has an operationId and declares its responses", () => {
  const spec = testRuntime().app.openapi as {
    paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
  };
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      expect(op.operationId, `${method} ${path}`).toBeString();
      expect(ids.has(op.operationId!)).toBe(false);
      ids.add(op.operationId!);
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  }
});
