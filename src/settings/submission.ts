import { type Config, configSchema } from "../config/schema.ts";
import { ENTRY_LISTS } from "./document.ts";
import { parseHeaderLines } from "./header-lines.ts";
import { holdsMask, MASK, maskedEqual, maskedFrom } from "./masked.ts";
import { isListSecretPath, isSecretPath, isTableSecretPath } from "./secret-keys.ts";
import {
  clone,
  deepEqual,
  getAt,
  isPlainObject,
  type KeyPath,
  parseKey,
  pruneEmpty,
  setAt,
  type Tree,
} from "./tree.ts";

/** A save from the settings page (or any API client): the document's values, edited. */
export interface SettingsSubmission {
  revision: string;
  /** Top-level sections left out stay as they are; a section sent replaces the file's. */
  values: Record<string, unknown>;
  /**
   * Secrets typed anew, by key (list entries by their index in `values`); null removes one. A secret
   * table (`notifications.N.headers`) is typed as `Name: value` lines and replaces the whole table.
   */
  secrets?: Record<string, string | null>;
}

export interface FieldError {
  path: string;
  message: string;
}

/** Kept as the file has them: the login and the key have their own routes, the data dir holds the file. */
const NOT_EDITABLE_HERE = new Set(["dataDir", "auth.apiKey", "auth.username", "auth.password"]);
const CREDENTIALS_IN_URL = /^([a-z][a-z0-9+.-]*:\/\/)\*\*\*@/i;

type EntryList = (typeof ENTRY_LISTS)[number];
const isEntryList = (key: string): key is EntryList => (ENTRY_LISTS as readonly string[]).includes(key);

/** An entry's defaults, to leave them out of the file; notifiers differ by type, so theirs are all written. */
let defaultsCache: { config: Tree; entries: Partial<Record<EntryList, Tree>> } | undefined;
function defaults() {
  defaultsCache ??= {
    config: configSchema.parse({}) as unknown as Tree,
    entries: {
      sonarr: configSchema.parse({ sonarr: [{ url: "http://x", apiKey: "x" }] }).sonarr[0] as unknown as Tree,
      radarr: configSchema.parse({ radarr: [{ url: "http://x", apiKey: "x" }] }).radarr[0] as unknown as Tree,
      mediaServers: configSchema.parse({ mediaServers: [{ type: "plex", url: "http://x", apiKey: "x" }] })
        .mediaServers[0] as unknown as Tree,
    },
  };
  return defaultsCache;
}

interface Context {
  old: Tree;
  errors: FieldError[];
  /** Keys an environment variable sets: the file keeps its own value there, whatever was sent. */
  env: Map<string, string>;
}

/** A URL shown as `http://***@host` keeps the credentials the file had at the same place. */
function restoreUrlCredentials(value: unknown, previous: unknown, key: string, ctx: Context): unknown {
  if (typeof value !== "string" || !CREDENTIALS_IN_URL.test(value)) return value;
  const match = typeof previous === "string" ? /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(previous) : null;
  if (!match) {
    ctx.errors.push({ path: key, message: "holds *** in place of credentials; type them, or remove them" });
    return value;
  }
  return value.replace(CREDENTIALS_IN_URL, `$1${match[1]}@`);
}

/**
 * The answer scrubber shows `***` wherever a secret appears, also inside other values (a password
 * that is a host or folder name too). Sent back unchanged, such a value keeps what the file had; one
 * edited around the mask cannot be restored and is refused rather than saved with `***` in it.
 */
function unmask(value: unknown, previous: unknown, key: string, ctx: Context): unknown {
  if (ctx.env.has(key) || !holdsMask(value)) return value;
  if (typeof value === "string") {
    if (typeof previous === "string" && maskedFrom(value, previous)) return previous;
    const errors = ctx.errors.length;
    const restored = restoreUrlCredentials(value, previous, key, ctx) as string;
    if (ctx.errors.length === errors && restored.includes(MASK))
      ctx.errors.push({ path: key, message: "holds *** where a secret was hidden; type the whole value" });
    return restored;
  }
  if (Array.isArray(value)) {
    const before = Array.isArray(previous) ? previous : [];
    // Entries may have been added, removed or moved: a masked one is found by what it still shows.
    return value.map((v, i) => {
      const same = holdsMask(v) ? before.find((p) => maskedEqual(v, p)) : undefined;
      return same !== undefined ? clone(same) : unmask(v, before[i], `${key}.${i}`, ctx);
    });
  }
  if (isPlainObject(value)) {
    const out: Tree = {};
    for (const [k, v] of Object.entries(value))
      out[k] = unmask(v, isPlainObject(previous) ? previous[k] : undefined, `${key}.${k}`, ctx);
    return out;
  }
  return value;
}

/**
 * One value as the file will hold it. A value equal to its default is written only when the file
 * had the key already, so the file stays what the user wrote plus what they changed.
 */
function fileValue(value: unknown, previous: unknown, fallback: unknown, key: string, ctx: Context): unknown {
  // TOML has no null: a field the user cleared is sent as null, and the key leaves the file (its
  // default applies). Left out, a key keeps what the file had: `values` may hold only some keys.
  if (value === null) return undefined;
  // Sections (their default is a table) merge key by key; maps such as health.timeouts are one value.
  if (isPlainObject(value) && isPlainObject(fallback)) {
    const out: Tree = isPlainObject(previous) ? clone(previous) : {};
    for (const [k, v] of Object.entries(value)) {
      const childKey = `${key}.${k}`;
      if (isSecretPath(childKey) || NOT_EDITABLE_HERE.has(childKey)) continue;
      const child = fileValue(
        v,
        isPlainObject(previous) ? previous[k] : undefined,
        isPlainObject(fallback) ? fallback[k] : undefined,
        childKey,
        ctx,
      );
      if (child === undefined) delete out[k];
      else out[k] = child;
    }
    return out;
  }
  // A key the file lacks showed its default, which may be masked as well.
  const restored = unmask(value, previous ?? fallback, key, ctx);
  if (previous === undefined && deepEqual(restored, fallback)) return undefined;
  return restored;
}

/** List entries: `id` names the entry the document showed, so its secrets move with it. */
function entryList(list: EntryList, value: unknown, ctx: Context): unknown[] | undefined {
  if (!Array.isArray(value)) {
    ctx.errors.push({ path: list, message: "expected a list" });
    return undefined;
  }
  const previousList = Array.isArray(ctx.old[list]) ? (ctx.old[list] as unknown[]) : [];
  return value.map((entry, i) => {
    if (!isPlainObject(entry)) return entry;
    const { id, ...fields } = entry;
    const previous =
      typeof id === "string" && /^\d+$/.test(id) && isPlainObject(previousList[Number(id)])
        ? (previousList[Number(id)] as Tree)
        : undefined;
    const out: Tree = {};
    for (const [k, v] of Object.entries(fields)) {
      if (isSecretPath(`${list}.${i}.${k}`)) continue;
      const written = fileValue(v, previous?.[k], defaults().entries[list]?.[k], `${list}.${i}.${k}`, ctx);
      if (written !== undefined) out[k] = written;
    }
    // A notifier switched to another service keeps none of the old one's secrets (a bot token is no webhook's).
    const sameService = list !== "notifications" || previous?.type === fields.type;
    for (const [k, v] of Object.entries(sameService ? (previous ?? {}) : {}))
      if (isSecretPath(`${list}.${i}.${k}`)) out[k] = clone(v);
    return out;
  });
}

/**
 * The file a save writes: the old file, each submitted section replacing its part, secrets kept
 * unless typed anew, and env-set keys left exactly as the file had them (the environment is not
 * the file's to record). Errors name each key that cannot be saved.
 */
export function buildFileTree(args: {
  submission: SettingsSubmission;
  old: Tree;
  /** The configuration the page was showing (file + env). */
  configured: Config;
  env: Map<string, string>;
}): { tree: Tree; errors: FieldError[] } {
  const { submission, env } = args;
  const ctx: Context = { old: args.old, errors: [], env };
  const tree: Tree = clone(args.old);
  for (const [section, value] of Object.entries(submission.values)) {
    if (NOT_EDITABLE_HERE.has(section)) continue;
    if (!(section in defaults().config)) {
      ctx.errors.push({ path: section, message: "unknown key" });
      continue;
    }
    const written = isEntryList(section)
      ? entryList(section, value, ctx)
      : fileValue(value, args.old[section], defaults().config[section], section, ctx);
    // An empty list the file never had is the default: writing `notifications = []` adds nothing.
    const defaultList = Array.isArray(written) && written.length === 0 && args.old[section] === undefined;
    if (written === undefined || defaultList) delete tree[section];
    else tree[section] = written;
  }

  for (const [key, value] of Object.entries(submission.secrets ?? {})) {
    const path = parseKey(key);
    if (!isSecretPath(key)) ctx.errors.push({ path: key, message: "is not a secret key" });
    else if (key.startsWith("auth."))
      ctx.errors.push({ path: key, message: "is changed on its own (Authentication: password, API key)" });
    else if (env.has(key))
      ctx.errors.push({ path: key, message: `is set by ${env.get(key)}; change it there` });
    else if (value !== null && (typeof value !== "string" || value === ""))
      ctx.errors.push({ path: key, message: "expected the new value, or null to remove it" });
    else if (
      typeof path[0] === "string" &&
      isEntryList(path[0]) &&
      getAt(tree, path.slice(0, 2)) === undefined
    )
      ctx.errors.push({ path: key, message: "no such entry" });
    else if (value !== null && isTableSecretPath(key)) {
      const parsed = parseHeaderLines(value);
      if (parsed.ok) setAt(tree, path, parsed.table);
      else ctx.errors.push({ path: key, message: parsed.message });
    } else if (value !== null && isListSecretPath(key)) {
      // One value per line, written to the file as a list.
      setAt(
        tree,
        path,
        value
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line !== ""),
      );
    } else setAt(tree, path, value ?? undefined);
  }

  for (const [key, variable] of env) {
    const path: KeyPath = parseKey(key);
    const sent = getAt(submission.values, path);
    if (String(path[0]) in submission.values) {
      // Shown with its secrets (and URL credentials) as ***: sent back unchanged, it still equals.
      const changed =
        sent === undefined
          ? entryRemoved(submission.values, path)
          : !isSecretPath(key) && !maskedEqual(sent, getAt(args.configured, path));
      if (changed) ctx.errors.push({ path: key, message: `is set by ${variable}; change it there` });
    }
    setAt(tree, path, clone(getAt(args.old, path)));
  }
  pruneEmpty(tree);
  for (const key of env.keys()) dropVariableOnlyEntries(tree, args.old, parseKey(key));
  return { tree: pruneEmpty(tree), errors: ctx.errors };
}

/** Whether a list entry on `path` (`sonarr.0.url`) is missing from the sent list: the entry was removed. */
function entryRemoved(values: Tree, path: KeyPath): boolean {
  return path.some((part, i) => {
    const list = getAt(values, path.slice(0, i));
    return typeof part === "number" && Array.isArray(list) && list.length <= part;
  });
}

/**
 * An entry only variables make (`SUBHOUND_SONARR__0__URL` with no `[[sonarr]]` in the file) ends
 * here as an empty table once their keys are left out; written, it would stop the file loading
 * without the variables. Trailing ones the file did not have are dropped, innermost list first;
 * one before an entry typed here stays, as the variables' index counts it.
 */
function dropVariableOnlyEntries(tree: Tree, old: Tree, path: KeyPath): void {
  for (let i = path.length - 1; i > 0; i--) {
    if (typeof path[i] !== "number") continue;
    const at = path.slice(0, i);
    const list = getAt(tree, at);
    const before = getAt(old, at);
    if (!Array.isArray(list)) continue;
    const had = Array.isArray(before) ? before.length : 0;
    while (list.length > had && isPlainObject(list.at(-1)) && Object.keys(list.at(-1) as Tree).length === 0)
      list.pop();
    if (list.length === 0 && before === undefined) setAt(tree, at, undefined);
  }
}
