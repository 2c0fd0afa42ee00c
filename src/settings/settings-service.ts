import { stringify } from "smol-toml";
import { ConfigError, configFilePath, envSources, resolveConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { ArrHttpDeps } from "../library/index.ts";
import type { Logger } from "../log.ts";
import type { RemoteDeps } from "../net/remote.ts";
import { type ArrTestInput, testArrInstance } from "./arr-test.ts";
import { backupPath, ConfigFileNotWritable, readConfigFile, writeConfigFile } from "./config-file.ts";
import { buildSettingsDocument, type SettingsDocument } from "./document.ts";
import { type MediaServerTestInput, testMediaServer } from "./mediaserver-test.ts";
import { buildFileTree, type FieldError, type SettingsSubmission } from "./submission.ts";
import { patchConfigText } from "./toml-patch.ts";
import { deepEqual, getAt, isPlainObject, type Tree } from "./tree.ts";

export type ReloadOutcome = { ok: true; restartNeeded: string[] } | { ok: false; error: string };

export interface SettingsServiceOptions {
  /** `--config` as serve was started with; otherwise SUBHOUND_CONFIG, otherwise config.toml in the data dir. */
  configPath?: string;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The configuration the server runs with. */
  running: Config;
  /** Reads the file again through the loader and applies what it can. */
  reload: () => ReloadOutcome;
  /** The HTTP layer of the arr Test (tests inject theirs). */
  arrDeps?: ArrHttpDeps;
  /** The HTTP layer of the media-server Test; without it, the arr Test's fetch (one per-host cap). */
  remoteDeps?: RemoteDeps;
  /** Tells (at debug) why a save wrote the file anew instead of editing it. */
  log?: Logger;
}

export type SaveOutcome =
  | { ok: true; document: SettingsDocument; restartNeeded: string[]; backup: string | null }
  | { ok: false; status: 409; detail: string }
  | { ok: false; status: 422; detail: string; errors: FieldError[] };

const HEADER = [
  "# Subhound configuration, saved by the settings page; the version before this save is config.toml.bak.",
  "# Keys set by SUBHOUND_* environment variables are not written here. Reference: the README's Configuration.",
  "",
  "",
].join("\n");

/**
 * The settings page's backend: one reader (the config loader) and one writer (this), so a value
 * saved here and the same value typed into config.toml end in the same state.
 */
export function createSettingsService(options: SettingsServiceOptions) {
  const target = () =>
    configFilePath({ configPath: options.configPath, env: options.env, cwd: options.cwd }).path;
  const sources = () => envSources(options.env);

  function current(): { file: ReturnType<typeof readConfigFile>; configured: Config } {
    const file = readConfigFile(target());
    const resolved = resolveConfig(file.tree, options.env, {
      cwd: options.cwd,
      file: file.exists ? file.path : undefined,
      fileText: file.text,
    });
    if (!resolved.ok)
      throw new ConfigError(resolved.issues.map((i) => `${i.key}: ${i.message}${i.origin}`).join("; "));
    return { file, configured: resolved.config };
  }

  function document(): SettingsDocument {
    const { file, configured } = current();
    return buildSettingsDocument({
      configured,
      running: options.running,
      env: sources(),
      configFile: file.path,
      fileExists: file.exists,
      revision: file.revision,
    });
  }

  /**
   * The file's new text: the user's own with only the changed values edited, so their comments
   * and layout stay. A file without any is written from the tree, as is one the patch got wrong.
   */
  function fileText(previous: string, tree: Tree): string {
    if (previous.replace(/^\uFEFF/, "").trim() === "") return HEADER + stringify(tree);
    const patched = patchConfigText(previous, tree);
    if (patched.ok) return patched.text;
    options.log?.debug("config.toml written anew: its comments and layout could not be kept", {
      file: target(),
      reason: patched.reason,
    });
    return HEADER + stringify(tree);
  }

  /** Writes a tree as the config file when it validates; then the reload reads it back. */
  function writeTree(tree: Tree, previous: string): SaveOutcome {
    const path = target();
    // A value the file held is shown to the user in the form they are saving, beside its field: no
    // "(in config.toml)" there. A value an environment variable sets still says so.
    const checked = resolveConfig(tree, options.env, { cwd: options.cwd, file: undefined });
    if (!checked.ok) {
      const errors = checked.issues.map((i) => ({ path: i.key, message: `${i.message}${i.origin}` }));
      return { ok: false, status: 422, detail: describe(errors), errors };
    }
    let backup: string | null;
    try {
      ({ backup } = writeConfigFile(path, fileText(previous, tree)));
    } catch (e) {
      if (!(e instanceof ConfigFileNotWritable)) throw e;
      return { ok: false, status: 409, detail: `the settings were not saved: ${e.message}` };
    }
    const reloaded = options.reload();
    if (!reloaded.ok) return { ok: false, status: 422, detail: reloaded.error, errors: [] };
    return { ok: true, document: document(), restartNeeded: reloaded.restartNeeded, backup };
  }

  return {
    document,
    configFile: target,
    backupFile: () => backupPath(target()),

    save(submission: SettingsSubmission): SaveOutcome {
      let state: ReturnType<typeof current>;
      try {
        state = current();
      } catch (e) {
        return {
          ok: false,
          status: 409,
          detail: `${target()} does not load, so it cannot be edited here: ${(e as Error).message}`,
        };
      }
      if (submission.revision !== state.file.revision)
        return {
          ok: false,
          status: 409,
          detail: `${state.file.path} changed since these settings were loaded; load them again and redo the change`,
        };
      const built = buildFileTree({
        submission,
        old: state.file.tree,
        configured: state.configured,
        env: sources(),
      });
      const errors = [...built.errors, ...fileOnlyChanges(state.file.tree, built.tree, state.file.path)];
      if (errors.length > 0) return { ok: false, status: 422, detail: describe(errors), errors };
      return writeTree(built.tree, state.file.text);
    },

    /** One key of the file set (or removed, with undefined) through the same writer: the login's password, the API key. */
    saveKey(path: string[], value: string | undefined): SaveOutcome {
      const file = readConfigFile(target());
      const tree = structuredClone(file.tree);
      let node: Tree = tree;
      for (const part of path.slice(0, -1)) {
        if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
        node = node[part] as Tree;
      }
      if (value === undefined) delete node[path.at(-1)!];
      else node[path.at(-1)!] = value;
      return writeTree(tree, file.text);
    },

    /** Whether the file itself (not the environment) holds a key. */
    fileHas(path: string[]): boolean {
      let node: unknown = readConfigFile(target()).tree;
      for (const part of path) node = node && typeof node === "object" ? (node as Tree)[part] : undefined;
      return node !== undefined;
    },
    envVariable: (key: string) => sources().get(key),
    testArr: (input: ArrTestInput, signal: AbortSignal) =>
      testArrInstance(input, current().configured, options.arrDeps ?? {}, signal),
    testMediaServer: (input: MediaServerTestInput, signal: AbortSignal) =>
      testMediaServer(
        input,
        current().configured,
        options.remoteDeps ?? (options.arrDeps?.fetch ? { fetch: options.arrDeps.fetch } : {}),
        signal,
      ),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

/**
 * Sections only config.toml on the server changes, never a save here: they choose a program the
 * server runs, and an API key or a login must not be enough for that.
 */
const FILE_ONLY_SECTIONS = ["postProcessing"] as const;

/** One error per key of those sections that a save would change in the file. */
function fileOnlyChanges(before: Tree, after: Tree, file: string): FieldError[] {
  return FILE_ONLY_SECTIONS.flatMap((section) => {
    const was = before[section];
    const now = after[section];
    if (deepEqual(was, now)) return [];
    const keys = new Set([
      ...Object.keys(isPlainObject(was) ? was : {}),
      ...Object.keys(isPlainObject(now) ? now : {}),
    ]);
    const changed = [...keys].filter((k) => !deepEqual(getAt(was, [k]), getAt(now, [k])));
    return (changed.length > 0 ? changed.map((k) => `${section}.${k}`) : [section]).map((path) => ({
      path,
      message: `runs a program on the server, so it cannot be changed here: edit ${file} on the server, then reload the configuration`,
    }));
  });
}

function describe(errors: FieldError[]): string {
  return `the settings were not saved: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`;
}
