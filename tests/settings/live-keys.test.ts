import { expect, test } from "bun:test";
import { z } from "zod";
import { configSchema } from "../../src/config/schema.ts";
import { appliesLive, RESTART_KEYS } from "../../src/settings/live-keys.ts";

interface Node {
  properties?: Record<string, Node>;
}

/** Every key as a reload names a change (config/diff.ts: a section's own keys, else the top-level key). */
function reloadKeys(): string[] {
  const root = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Node;
  return Object.entries(root.properties ?? {}).flatMap(([section, node]) =>
    node.properties ? Object.keys(node.properties).map((key) => `${section}.${key}`) : [section],
  );
}

test("every key is either applied by a reload or marked restart in the settings page, never neither", () => {
  const marked = (key: string) => RESTART_KEYS.some((k) => key === k || key.startsWith(`${k}.`));
  const keys = reloadKeys();
  expect(keys.length).toBeGreaterThan(50);
  expect(keys.filter((key) => !appliesLive(key) && !marked(key))).toEqual([]);
  expect(keys.filter((key) => appliesLive(key) && marked(key))).toEqual([]);
});
