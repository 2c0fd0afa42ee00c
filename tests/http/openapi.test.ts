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

type Operation = { requestBody?: unknown; responses: Record<string, unknown> };

test("every operation that takes a body declares the 413 and 415 it answers", () => {
  const spec = testRuntime().app.openapi as { paths: Record<string, Record<string, Operation>> };
  const missing: string[] = [];
  for (const [path, ops] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(ops))
      if (op.requestBody)
        for (const status of ["413", "415"])
          if (!op.responses[status]) missing.push(`${method} ${path} ${status}`);
  expect(missing).toEqual([]);
});

/** Every schema in the document that pairs a `$ref` in `allOf` with a nullable type: no null matches it. */
function unsatisfiableNulls(node: unknown, at: string, out: string[]): string[] {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) unsatisfiableNulls(child, `${at}/${i}`, out);
    return out;
  }
  if (node === null || typeof node !== "object") return out;
  const o = node as Record<string, unknown>;
  const allOf = o.allOf as Record<string, unknown>[] | undefined;
  if (
    Array.isArray(allOf) &&
    allOf.some((s) => typeof s.$ref === "string") &&
    allOf.some((s) => Array.isArray(s.type) && s.type.includes("null"))
  )
    out.push(at);
  for (const [key, child] of Object.entries(o)) unsatisfiableNulls(child, `${at}/${key}`, out);
  return out;
}

test("a nullable reference admits null: anyOf [the reference, null], never allOf", () => {
  const spec = testRuntime().app.openapi as {
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  expect(unsatisfiableNulls(spec, "", [])).toEqual([]);
  const schemas = spec.components.schemas;
  const activity = schemas.Activity!.properties as Record<string, unknown>;
  expect(activity.scan).toEqual({
    anyOf: [{ $ref: "#/components/schemas/ScanProgress" }, { type: "null" }],
    description: "The running scan, else the last; null before the first",
  });
  const lastTest = (schemas.ProviderStatus!.properties as Record<string, { anyOf: unknown[] }>).lastTest!;
  expect(lastTest.anyOf[1]).toEqual({ type: "null" });
});
