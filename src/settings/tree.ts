/** A parsed TOML document or a config value: plain objects, arrays and scalars. */
export type Tree = Record<string, unknown>;
export type KeyPath = (string | number)[];

export function isPlainObject(v: unknown): v is Tree {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `sonarr.0.url` → `["sonarr", 0, "url"]`. */
export function parseKey(key: string): KeyPath {
  return key.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function getAt(tree: unknown, path: KeyPath): unknown {
  let node = tree;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** Sets a value, creating objects (or arrays before an index) on the way; `undefined` deletes. */
export function setAt(tree: Tree, path: KeyPath, value: unknown): void {
  let node: Record<string | number, unknown> = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    if (node[part] === null || typeof node[part] !== "object") {
      if (value === undefined) return;
      node[part] = typeof path[i + 1] === "number" ? [] : {};
    }
    node = node[part] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Lists and tables compared item by item and key by key; everything else by `leaf`. */
export function deepEqualBy(a: unknown, b: unknown, leaf: (a: unknown, b: unknown) => boolean): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqualBy(v, b[i], leaf));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqualBy(a[k], b[k], leaf)) return false;
    return true;
  }
  return leaf(a, b);
}

export const deepEqual = (a: unknown, b: unknown): boolean => a === b || deepEqualBy(a, b, (x, y) => x === y);

export function clone<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}

/** Drops empty tables (a section whose every key went back to its default). */
export function pruneEmpty(tree: Tree): Tree {
  for (const [k, v] of Object.entries(tree)) {
    if (isPlainObject(v)) {
      pruneEmpty(v);
      if (Object.keys(v).length === 0) delete tree[k];
    } else if (Array.isArray(v)) for (const item of v) if (isPlainObject(item)) pruneEmpty(item);
  }
  return tree;
}
