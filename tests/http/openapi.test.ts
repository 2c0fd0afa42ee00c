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

/** Every `{enum, description}` in the document, with where it is. */
function describedEnums(
  node: unknown,
  at: string,
  out: { at: string; values: string[]; description: string }[],
) {
  if (Array.isArray(node)) {
    for (const child of node) describedEnums(child, at, out);
    return out;
  }
  if (node === null || typeof node !== "object") return out;
  const o = node as Record<string, unknown>;
  const values = (o.enum ?? (o.items as { enum?: unknown } | undefined)?.enum) as unknown[] | undefined;
  if (typeof o.description === "string" && Array.isArray(values))
    out.push({ at, values: values.filter((v) => v !== null).map(String), description: o.description });
  for (const [key, child] of Object.entries(o)) describedEnums(child, `${at}/${key}`, out);
  return out;
}

test("a description that explains an enum's values explains all of them", () => {
  const named = (value: string, text: string) =>
    new RegExp(`(?<![\\w-])${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(text);
  const incomplete = describedEnums(testRuntime().app.openapi, "", [])
    .filter(({ values, description }) => values.filter((v) => named(v, description)).length >= 2)
    .map(({ at, values, description }) => ({ at, missing: values.filter((v) => !named(v, description)) }))
    .filter(({ missing }) => missing.length > 0);
  expect(incomplete).toEqual([]);
});
