/**
 * zod-to-openapi writes a nullable reference to an object schema (`Named.nullable()`) as
 * `allOf: [{$ref}, {type: ["object", "null"], …}]`, which no `null` satisfies (it must match the
 * reference too): clients generated from the document, and validators, refuse the nulls the API
 * sends. This rewrites each such schema as `anyOf: [<the reference and the rest>, {type: "null"}]`.
 */

type Node = Record<string, unknown>;

/** Keys that describe a schema rather than constrain it: they stay on the rewritten schema. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "default", "deprecated"]);

function nullableRef(node: Node): Node | null {
  const allOf = node.allOf;
  if (!Array.isArray(allOf) || allOf.length !== 2) return null;
  const ref = allOf.find((s: Node) => typeof s?.$ref === "string") as Node | undefined;
  const extra = allOf.find((s: Node) => s !== ref) as Node | undefined;
  if (!ref || !extra || !Array.isArray(extra.type) || !extra.type.includes("null")) return null;
  const annotations: Node = {};
  const constraints: Node = {};
  for (const [key, value] of Object.entries(extra)) {
    if (key === "type") continue;
    (ANNOTATIONS.has(key) ? annotations : constraints)[key] = value;
  }
  const types = extra.type.filter((t) => t !== "null");
  const rest = Object.keys(constraints).length > 0;
  const value = rest
    ? { allOf: [ref, { ...(types.length === 1 ? { type: types[0] } : { type: types }), ...constraints }] }
    : ref;
  const { allOf: _, ...outer } = node;
  return { anyOf: [value, { type: "null" }], ...annotations, ...outer };
}

/** The document with every nullable reference fixed, in place. */
export function fixNullableRefs<T>(node: T): T {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = fixNullableRefs(node[i]);
    return node;
  }
  if (node === null || typeof node !== "object") return node;
  const o = node as Node;
  for (const key of Object.keys(o)) o[key] = fixNullableRefs(o[key]);
  return (nullableRef(o) ?? o) as T;
}
