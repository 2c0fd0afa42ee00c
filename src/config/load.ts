import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import type { z } from "zod";
import { lineOfKey } from "./key-line.ts";
import { redactUrlUserinfo } from "./redact.ts";
import { type Config, configSchema } from "./schema.ts";

export { redactConfig, secretValues } from "./redact.ts";

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
// Not config keys: the config file's path, and what the test suite reads (the browser it drives, whether it
// refreshes screenshots); a developer who exports those must still be able to `npm start`.
const ENV_RESERVED = new Set(["SUBHOUND_CONFIG", "SUBHOUND_CHROMIUM", "SUBHOUND_SCREENSHOTS"]);
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
  /** Where `config.dataDir` came from, for CLI commands to say which data dir they use. */
  dataDirSource: string;
}

export type Tree = Record<string, unknown>;

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

interface IssueContext {
  sources: Map<string, string>;
  file: string | undefined;
  fileTree: Tree;
  /** The file's text, to name the line a key is on. */
  fileText?: string;
}

function describeIssues(issue: z.core.$ZodIssue, context: IssueContext): ConfigIssue[] {
  const path = issue.path.map(String);
  // One issue per unknown key, each named by its own full path.
  if (issue.code === "unrecognized_keys")
    return issue.keys.map((k) => {
      const key = [...path, k].join(".");
      return { key, message: "unknown key", origin: originOf(key, context) };
    });
  const key = path.join(".") || "(root)";
  let message = issue.message;
  if (issue.code === "invalid_type" && / received undefined$/.test(message)) message = "is required";
  return [{ key, message, origin: originOf(key, context) }];
}

/**
 * Where the value at `key` came from: the `SUBHOUND_*` variable that sets it (or sets a key above
 * or below it), else the file. A key missing from a list entry or table that only variables made
 * (`SUBHOUND_SONARR__0__URL` without `…__API_KEY`) names those variables, not a file that lacks it.
 */
function originOf(key: string, { sources, file, fileTree, fileText }: IssueContext): string {
  const envName =
    sources.get(key) ??
    [...sources.entries()].find(([p]) => p.startsWith(`${key}.`) || key.startsWith(`${p}.`))?.[1];
  if (envName) return ` (from ${envName})`;
  const parent = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "";
  const siblings = parent
    ? [...sources.entries()].filter(([p]) => p.startsWith(`${parent}.`)).map(([, name]) => name)
    : [];
  if (siblings.length > 0 && !hasPath(fileTree, parent))
    return ` (${parent} is set by ${siblings.join(", ")})`;
  if (!file) return "";
  const line = fileText === undefined ? undefined : lineOfKey(fileText, key);
  return line === undefined ? ` (in ${file})` : ` (in ${file}, line ${line})`;
}

/** `(from SUBHOUND_X)` or `(in FILE)` for a key checked after loading (e.g. health check names). */
export function keyOrigin(
  key: string,
  env: Record<string, string | undefined>,
  file: string | undefined,
): string {
  let read: { text?: string; tree: Tree } = { tree: {} };
  try {
    if (file) read = readConfigTree(file);
  } catch {
    // It loaded a moment ago; if it no longer reads, the file is still where the key came from.
  }
  return originOf(key, { sources: envSources(env), file, fileTree: read.tree, fileText: read.text });
}

/** Whether the file's tree has the table or list entry at dotted `path`. */
function hasPath(tree: Tree, path: string): boolean {
  let node: unknown = tree;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined;
}

/** Where the config file is (or would be): `--config`, else `SUBHOUND_CONFIG`, else `config.toml` in the data dir. */
export function configFilePath(options: LoadConfigOptions = {}): { path: string; explicit: boolean } {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath ?? env.SUBHOUND_CONFIG;
  if (explicit) return { path: resolve(cwd, explicit), explicit: true };
  return { path: join(resolve(cwd, env.SUBHOUND_DATA_DIR ?? "./data"), "config.toml"), explicit: false };
}

/** The TOML text of a config file as a plain tree; names the file and the line when it does not read. */
export function readConfigTree(file: string): { text: string; tree: Tree } {
  // Reading a FIFO or a device would block startup forever; a directory gives a useless error.
  const kind = statSync(file);
  if (!kind.isFile()) {
    const what = kind.isFIFO()
      ? "a FIFO"
      : kind.isDirectory()
        ? "a directory"
        : kind.isCharacterDevice() || kind.isBlockDevice()
          ? "a device"
          : kind.isSocket()
            ? "a socket"
            : "not a regular file";
    throw new ConfigError(`config file ${file}: is ${what}, not a regular file`);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`config file ${file}: cannot be read (${(e as Error).message})`);
  }
  try {
    // Notepad and other Windows editors start a UTF-8 file with a byte-order mark; TOML has no room for it.
    return { text, tree: parseToml(text.replace(/^\uFEFF/, "")) as Tree };
  } catch (e) {
    const where = e instanceof TomlError ? ` line ${e.line}, column ${e.column}` : "";
    const reason = (e as Error).message.split("\n")[0];
    throw new ConfigError(`config file ${file}:${where}: invalid TOML: ${reason}`);
  }
}

/** Which key each `SUBHOUND_*` variable sets (dotted path → variable name). */
export function envSources(env: Record<string, string | undefined>): Map<string, string> {
  return envOverrides(env).sources;
}

export interface ConfigIssue {
  /** Dotted key, e.g. `sonarr.0.url`. */
  key: string;
  message: string;
  /** `(from SUBHOUND_X)` or `(in /path/config.toml)`, or "". */
  origin: string;
}

/**
 * Defaults < file tree < env, validated by the schema: the one way a configuration is made, shared
 * by the loader and by the settings writer (which validates a tree before it writes it).
 */
export function resolveConfig(
  fromFile: Tree,
  env: Record<string, string | undefined>,
  options: { cwd: string; file: string | undefined; fileText?: string },
): { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] } {
  const { tree: fromEnv, sources } = envOverrides(env);
  // Without zod's compiled fast path: compiling the config's object schemas for the one parse
  // a process (or a reload) makes cost more than it saved (a CLI start spent 25 ms here, now 12).
  const parsed = configSchema.safeParse(merge(fromFile, fromEnv), { jitless: true });
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.flatMap((i) =>
        describeIssues(i, { sources, file: options.file, fileTree: fromFile, fileText: options.fileText }),
      ),
    };
  const config = parsed.data;
  config.dataDir = resolve(options.cwd, config.dataDir);
  return { ok: true, config };
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const { path: configFile, explicit } = configFilePath(options);
  if (explicit && !existsSync(configFile)) {
    throw new ConfigError(`config file ${configFile}: not found`);
  }
  const fileUsed = existsSync(configFile) ? configFile : undefined;
  const read = fileUsed ? readConfigTree(fileUsed) : { text: undefined, tree: {} };
  const fromFile: Tree = read.tree;
  const resolved = resolveConfig(fromFile, env, { cwd, file: fileUsed, fileText: read.text });
  if (!resolved.ok) {
    throw new ConfigError(
      redactUrlUserinfo(resolved.issues.map((i) => `${i.key}: ${i.message}${i.origin}`).join("\n")),
    );
  }
  const { config } = resolved;
  const sources = envSources(env);
  const dataDirSource = sources.has("dataDir")
    ? `from ${sources.get("dataDir")}`
    : fromFile.dataDir !== undefined
      ? `from dataDir in ${fileUsed}`
      : `the default ./data in ${cwd}`;
  return { config, configFile: fileUsed, dataDirSource };
}
