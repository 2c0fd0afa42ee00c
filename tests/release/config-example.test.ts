import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { renderConfigReference } from "../../scripts/config-docs.ts";
import { ConfigError, loadConfig } from "../../src/config/load.ts";
import { configSchema } from "../../src/config/schema.ts";

const EXAMPLE = join(import.meta.dir, "..", "..", "deploy", "config.example.toml");
/** The secrets the example leaves commented out although their tables are there: set from the environment. */
const SECRETS_FROM_ENV = {
  SUBHOUND_SONARR__0__API_KEY: "sonarr-api-key",
  SUBHOUND_RADARR__0__API_KEY: "radarr-api-key",
  SUBHOUND_MEDIA_SERVERS__0__API_KEY: "jellyfin-api-key",
};
/** The list-of-tables settings, which have no default entries: the example shows realistic ones. */
const EXAMPLE_LISTS = ["sonarr", "radarr", "pathMappings", "mediaServers"];

/** Every `section.key` the file mentions, commented out or not; list tables as `name[]`. */
function mentionedKeys(text: string): Set<string> {
  const keys = new Set<string>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^#\s?/, "").trim();
    const header = line.match(/^(\[\[?)([A-Za-z0-9_.]+)\]\]?$/);
    if (header) {
      const parts = header[2]!.split(".");
      // [[sonarr.pathMappings]] is a list inside the last [[sonarr]] entry.
      section = header[1] === "[[" ? `${parts.join("[].")}[]` : parts.join(".");
      keys.add(section);
      continue;
    }
    const key = line.match(/^([A-Za-z][A-Za-z0-9]*)\s*=/);
    if (key) keys.add(section ? `${section}.${key[1]}` : key[1]!);
  }
  return keys;
}

test("deploy/config.example.toml loads once its commented-out secrets come from the environment", () => {
  const { config, configFile } = loadConfig({ configPath: EXAMPLE, env: SECRETS_FROM_ENV, cwd: "/srv" });
  expect(configFile).toBe(EXAMPLE);
  expect(config.sonarr).toEqual([
    expect.objectContaining({ name: "main", apiKey: "sonarr-api-key", pathMappings: [expect.anything()] }),
  ]);
  expect(config.radarr).toHaveLength(1);
  expect(config.pathMappings).toHaveLength(1);
  expect(config.mediaServers).toEqual([
    expect.objectContaining({ type: "jellyfin", apiKey: "jellyfin-api-key" }),
  ]);

  // Every other value in it is the schema's default.
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(config)) {
    if (EXAMPLE_LISTS.includes(key)) continue;
    expect({ key, value } as { key: string; value: unknown }).toEqual({
      key,
      value: key === "dataDir" ? "/srv/data" : defaults[key],
    });
  }
});

test("the example holds no secret: without the environment exactly the instance API keys are missing", () => {
  let error: unknown;
  try {
    loadConfig({ configPath: EXAMPLE, env: {} });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message.split("\n").map((l) => l.split(":")[0])).toEqual([
    "sonarr.0.apiKey",
    "radarr.0.apiKey",
    "mediaServers.0.apiKey",
  ]);
  const active = JSON.stringify(parseToml(readFileSync(EXAMPLE, "utf8")));
  expect(active).not.toMatch(/"(apiKey|password|token|secret)"/i);
});

test("the example mentions every top-level section and every key of the configuration reference", () => {
  const keys = mentionedKeys(readFileSync(EXAMPLE, "utf8"));
  for (const top of Object.keys(configSchema.shape)) {
    expect({
      top,
      present: keys.has(top) || keys.has(`${top}[]`) || [...keys].some((k) => k.startsWith(`${top}.`)),
    }).toEqual({ top, present: true });
  }
  const reference = [...renderConfigReference().matchAll(/^\| `([^`]+)` \| (list of tables)?/gm)];
  expect(reference.length).toBeGreaterThan(100);
  const missing = reference
    .map(([, key, table]) => (table ? `${key}[]` : key!))
    .filter((key) => !keys.has(key));
  expect(missing).toEqual([]);
});
