/**
 * Renders the README's configuration reference from the zod schema and its health check table
 * from the health registry, so the docs cannot drift: `scripts/generate.ts` rewrites the blocks
 * between the markers; a test fails when one is stale.
 */
import { z } from "zod";
import { ENV_ALIASES } from "../src/config/load.ts";
import { configSchema } from "../src/config/schema.ts";
import { DEFAULT_CRITICAL, HEALTH_CHECK_NAMES, HEALTH_CHECKS } from "../src/health/checks.ts";

export const START = "<!-- config-reference:start -->";
export const END = "<!-- config-reference:end -->";
const HEALTH_START = "<!-- health-checks:start -->";
const HEALTH_END = "<!-- health-checks:end -->";

interface JsonNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  anyOf?: JsonNode[];
  oneOf?: JsonNode[];
  const?: unknown;
  default?: unknown;
  additionalProperties?: JsonNode | boolean;
  allOf?: JsonNode[];
  description?: string;
  required?: string[];
  minimum?: number;
  maximum?: number;
  format?: string;
}

/** Array items have no defaults of their own in `parse({})`; parse a minimal item for them. */
const ITEM_SAMPLES: Record<string, unknown> = {
  sonarr: { url: "http://x", apiKey: "x" },
  radarr: { url: "http://x", apiKey: "x" },
  mediaServers: { type: "jellyfin", url: "http://x", apiKey: "x" },
};

/** One minimal table per `type` of a list told apart by type, parsed for its defaults. */
const VARIANT_SAMPLES: Record<string, Record<string, unknown>[]> = {
  notifications: [
    { type: "ntfy", topic: "x" },
    { type: "gotify", url: "http://x", appToken: "x" },
    { type: "discord", webhookUrl: "http://x" },
    { type: "telegram", botToken: "x", chatId: "1" },
    { type: "email", host: "x", from: "a@x", to: ["b@x"] },
    { type: "webhook", webhookUrl: "http://x" },
    { type: "apprise", url: "http://x", key: "x" },
  ],
};

/** Keys whose values and default the health registry decides, since it sits above the config layer. */
const DERIVED: Record<string, { type: string; default?: unknown; env?: string }> = {
  "health.critical": {
    type: `list of ${HEALTH_CHECK_NAMES.map((n) => `\`${n}\``).join(" \\| ")}`,
    default: DEFAULT_CRITICAL,
  },
  "health.timeouts": {
    type: "table of subsystem name → integer ≥ 100",
    env: "SUBHOUND_HEALTH__TIMEOUTS__<SUBSYSTEM>",
  },
};

function upperSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

function envName(path: string[]): string {
  const alias = Object.entries(ENV_ALIASES).find(([, p]) => p.join(".") === path.join("."));
  if (alias) return alias[0];
  return `SUBHOUND_${path.map((p) => (p === "[]" ? "0" : upperSnake(p))).join("__")}`;
}

/** A table of name → value is set one entry per variable (`…__<NAME>`, and `__<FIELD>` when entries are tables). */
function recordEnvName(node: JsonNode, path: string[]): string {
  const entry =
    node.type === "object" && typeof node.additionalProperties === "object"
      ? node.additionalProperties
      : null;
  if (!entry) return envName(path);
  return `${envName(path)}__<NAME>${entry.type === "object" ? "__<FIELD>" : ""}`;
}

function typeOf(node: JsonNode): string {
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(" \\| ");
  const alt = node.anyOf ?? node.allOf;
  if (alt) {
    const types = [...new Set(alt.map(typeOf))].filter((t) => t !== "string" || alt.length === 1);
    return types.join(" \\| ") || "string";
  }
  if (Array.isArray(node.type)) return node.type.includes("boolean") ? "boolean" : node.type.join(" \\| ");
  if (node.type === "array") return `list of ${node.items ? typeOf(node.items) : "values"}`;
  if (node.type === "integer") {
    const max =
      node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
    return max === undefined ? `integer ≥ ${node.minimum ?? 0}` : `integer ${node.minimum}–${max}`;
  }
  if (node.format === "uri") return "URL";
  if (node.type === "object" && typeof node.additionalProperties === "object")
    return `table of name → ${typeOf(node.additionalProperties)}`;
  return node.type ?? "value";
}

function formatDefault(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value === "" ? '`""`' : `\`${value}\``;
  return `\`${JSON.stringify(value)}\``;
}

/**
 * The rows of a list whose tables are told apart by `type` (`[[notifications]]`): one row per key,
 * or one per group of types where the same key means something else, its meaning naming those types.
 */
function variantRows(variants: JsonNode[], path: string[]): string[] {
  const typeName = (v: JsonNode) => String(v.properties!.type!.const);
  const section = configSchema.shape[path[0] as keyof typeof configSchema.shape] as z.ZodType;
  const samples = VARIANT_SAMPLES[path[0]!] ?? [];
  const parsed = section.parse(samples) as Record<string, unknown>[];
  const defaultOf = (key: string, types: string[]) => {
    // A value the sample sets is no default (Apprise's `key`: optional, but it needs key or urls).
    if (types.some((t) => samples.find((s) => s.type === t)?.[key] !== undefined)) return undefined;
    const values = types.map((t) => JSON.stringify(parsed.find((p) => p.type === t)?.[key]));
    return values.every((v) => v === values[0]) && values[0] !== undefined
      ? JSON.parse(values[0])
      : undefined;
  };
  const rows: string[] = [];
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v.properties!)))];
  for (const key of keys) {
    const groups = new Map<string, { node: JsonNode; required: boolean; types: string[] }>();
    for (const variant of variants) {
      const node = variant.properties![key];
      if (!node) continue;
      const required = variant.required?.includes(key) ?? false;
      const id = key === "type" ? "type" : JSON.stringify([node, required]);
      const group = groups.get(id) ?? { node, required, types: [] };
      group.types.push(typeName(variant));
      groups.set(id, group);
    }
    const name = [...path, key].join(".").replaceAll(".[]", "[]");
    for (const { node, required, types } of groups.values()) {
      const env = `\`${recordEnvName(node, [...path, key])}\``;
      if (key === "type") {
        rows.push(
          `| \`${name}\` | ${variants.map((v) => `\`${typeName(v)}\``).join(" \\| ")} | required | ${env} | Which service this table is for |`,
        );
        continue;
      }
      const only = types.length === variants.length ? "" : `${types.join(", ")}: `;
      const shownDefault = required ? "required" : formatDefault(defaultOf(key, types));
      rows.push(
        `| \`${name}\` | ${typeOf(node)} | ${shownDefault} | ${env} | ${only}${node.description ?? ""} |`,
      );
    }
  }
  return rows;
}

export function renderConfigReference(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonNode;
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const rows: string[] = [];
  const walk = (node: JsonNode, path: string[], defaultValue: unknown, required = false) => {
    const isObjectArray = node.type === "array" && node.items?.properties;
    if (node.properties) {
      for (const [key, child] of Object.entries(node.properties)) {
        const value = (defaultValue as Record<string, unknown> | undefined)?.[key];
        walk(child, [...path, key], value, node.required?.includes(key) ?? false);
      }
      return;
    }
    const variants = node.type === "array" ? node.items?.oneOf : undefined;
    if (variants?.every((v) => v.properties?.type?.const !== undefined)) {
      const key = path.join(".").replaceAll(".[]", "[]");
      rows.push(`| \`${key}\` | list of tables | \`[]\` | — | ${node.description ?? ""} |`);
      rows.push(...variantRows(variants, [...path, "[]"]));
      return;
    }
    if (isObjectArray) {
      const sample = ITEM_SAMPLES[path.join(".")];
      const itemDefaults = sample
        ? (configSchema.shape[path[0] as keyof typeof configSchema.shape] as z.ZodType).parse([sample])
        : [];
      const key = path.join(".").replaceAll(".[]", "[]");
      rows.push(`| \`${key}\` | list of tables | \`[]\` | — | ${node.description ?? ""} |`);
      walk(node.items!, [...path, "[]"], (itemDefaults as unknown[])[0]);
      return;
    }
    const key = path.join(".").replaceAll(".[]", "[]");
    const derived = DERIVED[key];
    const shownDefault = required ? "required" : formatDefault(derived ? derived.default : defaultValue);
    rows.push(
      `| \`${key}\` | ${derived?.type ?? typeOf(node)} | ${shownDefault} | \`${derived?.env ?? recordEnvName(node, path)}\` | ${node.description ?? ""} |`,
    );
  };
  walk(schema, [], defaults);
  return [
    "| key | type | default | environment variable | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** One row per registered check, in report order. */
export function renderHealthChecks(): string {
  return [
    "| subsystem | critical by default | what it checks |",
    "| --- | --- | --- |",
    ...HEALTH_CHECKS.map((c) => `| \`${c.name}\` | ${c.critical ? "yes" : "no"} | ${c.summary} |`),
  ].join("\n");
}

function replaceBlock(readme: string, start: string, end: string, body: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} and ${end} markers`);
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}

export function updateReadme(readme: string): string {
  const withConfig = replaceBlock(readme, START, END, renderConfigReference());
  return replaceBlock(withConfig, HEALTH_START, HEALTH_END, renderHealthChecks());
}
