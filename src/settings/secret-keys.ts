import { z } from "zod";
import { isSecretKey } from "../config/redact.ts";
import { configSchema } from "../config/schema.ts";

interface JsonSchemaNode {
  type?: string | string[];
  additionalProperties?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

interface Found {
  all: Set<string>;
  /** Secrets that are a table of values (a notifier's `headers`), not one string. */
  tables: Set<string>;
  /** Secrets that are a list of strings (an Apprise notifier's `urls`). */
  lists: Set<string>;
}

function collect(node: JsonSchemaNode | undefined, prefix: string, out: Found): void {
  if (!node) return;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (isSecretKey(key)) {
      out.all.add(`${prefix}${key}`);
      if (child.type === "object" && child.additionalProperties) out.tables.add(`${prefix}${key}`);
      if (child.type === "array") out.lists.add(`${prefix}${key}`);
    }
    collect(child, `${prefix}${key}.`, out);
  }
  collect(node.items, `${prefix}*.`, out);
  // A discriminated union (the notifiers by `type`) is a `oneOf`: every branch's secrets count.
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    collect(branch, prefix, out);
}

let cached: { all: readonly string[]; tables: readonly string[]; lists: readonly string[] } | undefined;

function found() {
  if (!cached) {
    const out: Found = { all: new Set(), tables: new Set(), lists: new Set() };
    collect(z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode, "", out);
    cached = { all: [...out.all], tables: [...out.tables], lists: [...out.lists] };
  }
  return cached;
}

const generic = (key: string) => key.replace(/\.\d+(?=\.|$)/g, ".*");

/**
 * Every secret key the schema has, list entries as `*` (`sonarr.*.apiKey`), read from the schema
 * itself so a new secret field can never be missed by the settings document.
 */
export function secretKeyPatterns(): readonly string[] {
  return found().all;
}

/** Whether a dotted key with list indexes (`sonarr.0.apiKey`) is a secret. */
export function isSecretPath(key: string): boolean {
  return found().all.includes(generic(key));
}

/** Whether a secret key holds a table (`notifications.0.headers`): typed as `Name: value` lines. */
export function isTableSecretPath(key: string): boolean {
  return found().tables.includes(generic(key));
}

/** Whether a secret key holds a list (`notifications.0.urls`): typed one value per line. */
export function isListSecretPath(key: string): boolean {
  return found().lists.includes(generic(key));
}
