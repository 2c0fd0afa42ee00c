import { changedKeys } from "../config/diff.ts";
import { redactUrlUserinfo } from "../config/redact.ts";
import type { Config } from "../config/schema.ts";
import { appliesLive, RESTART_KEYS } from "./live-keys.ts";
import { isSecretPath, secretKeyPatterns } from "./secret-keys.ts";
import { isPlainObject, type KeyPath } from "./tree.ts";

/** Lists whose entries carry secrets; the document gives each entry an `id` so a save can keep them. */
export const ENTRY_LISTS = ["sonarr", "radarr", "mediaServers", "notifications"] as const;

export interface SecretState {
  set: boolean;
}

/** What the settings page reads: every value but no secret, and where each value comes from. */
export interface SettingsDocument {
  /** Names the config file version these values came from; a save must name it back. */
  revision: string;
  configFile: string;
  fileExists: boolean;
  /** The configuration without any secret (URL credentials as `***`); list entries carry an `id`. */
  values: Record<string, unknown>;
  /** Every secret key (list entries by index): whether it has a value. */
  secrets: Record<string, SecretState>;
  /** Keys set by an environment variable, with its name; the page shows them read-only. */
  env: Record<string, string>;
  /** Keys changed in the file whose new value runs only after a restart. */
  pendingRestart: string[];
  /** Sections and keys that need a restart when changed. */
  restartKeys: string[];
}

function withoutSecrets(value: unknown, path: KeyPath, secrets: Record<string, SecretState>): unknown {
  if (typeof value === "string") return redactUrlUserinfo(value);
  if (Array.isArray(value)) {
    const entryList = path.length === 1 && (ENTRY_LISTS as readonly string[]).includes(String(path[0]));
    return value.map((v, i) => {
      const clean = withoutSecrets(v, [...path, i], secrets);
      return entryList && isPlainObject(clean) ? { id: String(i), ...clean } : clean;
    });
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = [...path, k].join(".");
      if (isSecretPath(key)) {
        // A secret table (a notifier's `headers`) or list (Apprise's `urls`) is set when it holds anything.
        secrets[key] = {
          set:
            typeof v === "string"
              ? v !== ""
              : Array.isArray(v)
                ? v.length > 0
                : isPlainObject(v) && Object.keys(v).length > 0,
        };
        continue;
      }
      out[k] = withoutSecrets(v, [...path, k], secrets);
    }
    return out;
  }
  return value;
}

/** Secret keys the configuration could have but does not (an unset optional key is absent from it). */
function unsetSecrets(config: Config, secrets: Record<string, SecretState>): void {
  for (const pattern of secretKeyPatterns()) {
    const [list, , field] = pattern.split(".");
    if (pattern.includes("*")) {
      const entries = (config as unknown as Record<string, unknown[]>)[list!] ?? [];
      entries.forEach((_, i) => {
        secrets[`${list}.${i}.${field}`] ??= { set: false };
      });
    } else secrets[pattern] ??= { set: false };
  }
}

export function buildSettingsDocument(args: {
  /** What the file and the environment configure now (the loader's result). */
  configured: Config;
  /** What the server runs with. */
  running: Config;
  env: Map<string, string>;
  configFile: string;
  fileExists: boolean;
  revision: string;
}): SettingsDocument {
  const secrets: Record<string, SecretState> = {};
  const values = withoutSecrets(args.configured, [], secrets) as Record<string, unknown>;
  unsetSecrets(args.configured, secrets);
  return {
    revision: args.revision,
    configFile: args.configFile,
    fileExists: args.fileExists,
    values,
    secrets,
    env: Object.fromEntries(args.env),
    pendingRestart: changedKeys(args.running, args.configured).filter((k) => !appliesLive(k)),
    restartKeys: [...RESTART_KEYS],
  };
}
