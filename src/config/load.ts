import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import type { z } from "zod";
import { type Config, configSchema } from "./schema.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Flat names for the settings people set most; everything else is `SUBHOUND_SECTION__KEY`. */
export const ENV_ALIASES: Record<string, string[]> = {
  SUBHOUND_HOST: ["server", "host"],
  SUBHOUND_PORT: ["server", "port"],
  SUBHOUND_URL_BASE: ["server", "urlBase"],
  SUBHOUND_API_KEY: ["auth", "apiKey"],
  SUBHOUND_DATA_DIR: ["dataDir"],
  SUBHOUND_LOG_LEVEL: ["log", "level"],
  SUBHOUND_LANGUAGES: ["languages"],
};
/** Read by the loader itself, not part of the schema. */
const ENV_RESERVED = new Set(["SUBHOUND_CONFIG"]);
const PREFIX = "SUBHOUND_";

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** `--config PATH`; otherwise `SUBHOUND_CONFIG`, otherwise `config.toml` in the data dir when present. */
  configPath?: string;
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  /** The TOML file that was read, if any. */
  configFile: string | undefined;
}

type Tree = Record<string, unknown>;

/** `FULL_EVERY` → `fullEvery`; numeric segments stay array indexes. */
function segmentToKey(segment: string): string | number {
  if (/^\d+$/.test(segment)) return Number(segment);
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function setPath(tree: Tree, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const nextIsIndex = typeof path[i + 1] === "number";
    const existing = node[key];
    if (existing === undefined || existing === null || typeof existing !== "object") {
      node[key] = nextIsIndex ? [] : {};
    }
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function envOverrides(env: Record<string, string | undefined>): { tree: Tree; sources: Map<string, string> } {
  const tree: Tree = {};
  const sources = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || value === undefined || ENV_RESERVED.has(name)) continue;
    const path = ENV_ALIASES[name] ?? name.slice(PREFIX.length).split("__").map(segmentToKey);
    if (path.length === 0 || path.some((p) => p === "")) {
      throw new ConfigError(`${name}: cannot be mapped to a config key`);
    }
    setPath(tree, path, value);
    sources.set(path.join("."), name);
  }
  return { tree, sources };
}

/** Env values win over the file; arrays merge by index so `SUBHOUND_SONARR__0__URL` can patch one instance. */
function merge(base: unknown, over: unknown): unknown {
  if (Array.isArray(over) && Array.isArray(base)) {
    const out = [...base];
    over.forEach((v, i) => {
      if (v !== undefined) out[i] = merge(base[i], v);
    });
    return out;
  }
  if (isPlainObject(over) && isPlainObject(base)) {
    const out: Tree = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is Tree {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  sources: Map<string, string>,
  file: string | undefined,
): string {
  const path = issue.path.map(String);
  let key = path.join(".") || "(root)";
  let message = issue.message;
  if (issue.code === "invalid_type" && / received undefined$/.test(message)) message = "is required";
  if (issue.code === "unrecognized_keys") {
    key = [...path, ...issue.keys].join(".");
    message = issue.keys.length === 1 ? "unknown key" : `unknown keys ${issue.keys.join(", ")}`;
  }
  const envName = sources.get(key) ?? [...sources.entries()].find(([p]) => p.startsWith(`${key}.`))?.[1];
  const origin = envName ? ` (from ${envName})` : file ? ` (in ${file})` : "";
  return `${key}: ${message}${origin}`;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const { tree: fromEnv, sources } = envOverrides(env);

  const dataDirGuess = resolve(cwd, env.SUBHOUND_DATA_DIR ?? "./data");
  const explicit = options.configPath ?? env.SUBHOUND_CONFIG;
  const configFile = explicit ? resolve(cwd, explicit) : join(dataDirGuess, "config.toml");
  let fromFile: Tree = {};
  if (explicit && !existsSync(configFile)) {
    throw new ConfigError(`config file ${configFile}: not found`);
  }
  const fileUsed = existsSync(configFile) ? configFile : undefined;
  if (fileUsed) {
    let text: string;
    try {
      text = readFileSync(fileUsed, "utf8");
    } catch (e) {
      throw new ConfigError(`config file ${fileUsed}: cannot be read (${(e as Error).message})`);
    }
    try {
      fromFile = parseToml(text) as Tree;
    } catch (e) {
      const where = e instanceof TomlError ? ` line ${e.line}, column ${e.column}` : "";
      const reason = (e as Error).message.split("\n")[0];
      throw new ConfigError(`config file ${fileUsed}:${where}: invalid TOML: ${reason}`);
    }
  }

  const parsed = configSchema.safeParse(merge(fromFile, fromEnv));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => describeIssue(i, sources, fileUsed)).join("\n"));
  }
  const config = parsed.data;
  config.dataDir = resolve(cwd, config.dataDir);
  return { config, configFile: fileUsed };
}

const SECRET_KEY = /(apikey|password|token|secret)$/i;

/** A deep copy safe to print or return from the API: every secret that is set becomes "***". */
export function redactConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redactConfig) as T;
  if (isPlainObject(value)) {
    const out: Tree = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== "" ? "***" : redactConfig(v);
    }
    return out as T;
  }
  return value;
}

/** Every secret value in the config, so the logger can scrub them from anything it writes. */
export function secretValues(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) secretValues(v, out);
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && typeof v === "string" && v.length >= 4) out.push(v);
      else secretValues(v, out);
    }
  }
  return out;
}
