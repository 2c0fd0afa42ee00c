import { parse, stringify } from "smol-toml";
import { attachTableComments, detachTableComments } from "./table-comments.ts";
import { isPlainObject, type Tree } from "./tree.ts";

export type PatchedText = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The config file holding `tree`, edited from its `previous` text: what the user wrote by hand
 * (comments, blank lines, key order, quoting, line endings, a BOM) stays, and only the lines whose
 * values changed are rewritten. The result is read back, and anything but `tree` exactly is
 * refused: a patcher bug may cost the comments, never a setting.
 */
export function patchConfigText(previous: string, tree: Tree): PatchedText {
  let before: Tree;
  let intended: Tree;
  let text: string;
  try {
    before = parse(withoutBom(previous)) as Tree;
    intended = withEmptyTablesKept(tree, before);
    text = patchKeepingComments(previous, before, intended);
  } catch (e) {
    // Its message may quote the file, secrets and all: only the kind of error is told.
    return { ok: false, reason: `the patcher failed (${(e as Error).name})` };
  }
  let written: unknown;
  try {
    written = parse(withoutBom(text));
  } catch {
    return { ok: false, reason: "the patched file does not read as TOML" };
  }
  const differs = firstDifference(written, intended, "");
  if (differs === null) return { ok: true, text };
  return { ok: false, reason: `the patched file reads differently at ${differs || "its top level"}` };
}

const withoutBom = (text: string) => text.replace(/^\uFEFF/, "");

type TomlPatch = typeof import("@decimalturn/toml-patch");
let tomlPatch: TomlPatch | undefined;
/** Loaded on the first save: ~160 KB of code that a start, a scan or the CLI never needs. */
const patch: TomlPatch["patch"] = (...args) => {
  tomlPatch ??= require("@decimalturn/toml-patch") as TomlPatch;
  return tomlPatch.patch(...args);
};

function patchKeepingComments(previous: string, before: Tree, tree: Tree): string {
  // A section the file lacks is written whole after the rest, as a file written anew has it:
  // toml-patch 3.3.0 throws "Node not found" adding a `[[list]]` (a first Sonarr instance, a first
  // notifier) and writes a new table's subtables inline. Top-level tables are valid anywhere.
  const now: Tree = {};
  const appended: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    if (before[key] === undefined && (isPlainObject(value) || isTableList(value))) appended[key] = value;
    else now[key] = value;
  }
  const text = detachTableComments(patch(attachTableComments(previous), now));
  if (Object.keys(appended).length === 0) return text;
  const newline = previous.includes("\r\n") ? "\r\n" : "\n";
  const end = text === "" || text.endsWith("\n") ? "" : newline;
  const last = previous.endsWith("\n") ? newline : "";
  return `${text}${end}${newline}${stringify(appended).replaceAll("\n", newline)}${last}`;
}

const isTableList = (value: unknown) =>
  Array.isArray(value) && value.length > 0 && value.every((entry) => isPlainObject(entry));

/**
 * The tree with the tables the file had empty, which the settings drop as unset: such a table is
 * the user's (`[translation.deepl]` holding only commented-out keys) and means the same as none.
 */
function withEmptyTablesKept(tree: Tree, before: Tree): Tree {
  const out: Tree = { ...tree };
  for (const [key, old] of Object.entries(before)) {
    if (!isPlainObject(old) || old instanceof Date) continue;
    const now = out[key];
    if (now === undefined && Object.keys(old).length === 0) out[key] = {};
    else if (isPlainObject(now) && !(now instanceof Date)) out[key] = withEmptyTablesKept(now, old);
  }
  return out;
}

/** The dotted key where two trees differ ("" for the top), or null when they are the same. */
function firstDifference(a: unknown, b: unknown, at: string): string | null {
  const inner = (key: string | number) => (at === "" ? String(key) : `${at}.${key}`);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return at;
    for (const [i, item] of a.entries()) {
      const differs = firstDifference(item, b[i], inner(i));
      if (differs !== null) return differs;
    }
    return null;
  }
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date &&
      b instanceof Date &&
      a.constructor === b.constructor &&
      a.getTime() === b.getTime()
      ? null
      : at;
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return at;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const differs = firstDifference(a[key], b[key], inner(key));
      if (differs !== null) return differs;
    }
    return null;
  }
  return a === b || Object.is(a, b) ? null : at;
}
