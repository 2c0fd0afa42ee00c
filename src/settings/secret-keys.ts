import { z } from "zod";
import { isSecretKey } from "../config/redact.ts";
import { configSchema } from "../config/schema.ts";

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

function collect(node: JsonSchemaNode | undefined, prefix: string, out: Set<string>): void {
  if (!node) return;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (isSecretKey(key)) out.add(`${prefix}${key}`);
    collect(child, `${prefix}${key}.`, out);
  }
  collect(node.items, `${prefix}*.`, out);
  // A discriminated union (the notifiers by `type`) is a `oneOf`: every branch's secrets count.
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    collect(branch, prefix, out);
}

let cached: readonly string[] | undefined;

/**
 * Every secret key the schema has, list entries as `*` (`sonarr.*.apiKey`), read from the schema
 * itself so a new secret field can never be missed by the settings document.
 */
export function secretKeyPatterns(): readonly string[] {
  if (!cached) {
    const out = new Set<string>();
    collect(z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode, "", out);
    cached = [...out];
  }
  return cached;
}

/** Whether a dotted key with list indexes (`sonarr.0.apiKey`) is a secret. */
export function isSecretPath(key: string): boolean {
  const generic = key.replace(/\.\d+(?=\.|$)/g, ".*");
  return secretKeyPatterns().includes(generic);
}
