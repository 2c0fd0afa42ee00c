import type { SettingsDocument } from "../../api/settings.ts";
import { createStore, useStore } from "../../app/store.ts";

export type Tree = Record<string, unknown>;
export type Path = (string | number)[];
export interface FieldError {
  path: string;
  message: string;
}

/** Lists whose entries carry secrets; each entry keeps a client key so typed secrets move with it. */
export const ENTRY_LISTS = ["sonarr", "radarr", "mediaServers", "notifications"] as const;
export type EntryList = (typeof ENTRY_LISTS)[number];
export const ENTRY_KEY = "_key";

interface Draft {
  /** The document revision the draft started from; null while there is no draft. */
  revision: string | null;
  values: Tree | null;
  /** Secrets typed anew: fixed keys as is, list entries as `list:entryKey:field`; null removes. */
  secrets: Record<string, string | null>;
  errors: FieldError[];
}

const empty: Draft = { revision: null, values: null, secrets: {}, errors: [] };
/** Kept outside the page, so switching sections (or pages) never loses what was typed. */
export const draftStore = createStore<Draft>(empty);
let newEntries = 0;

const hasChanges = (d: Draft) => d.values !== null || Object.keys(d.secrets).length > 0;

/** A reload, a closed tab or another site would lose the draft: the browser asks first. */
function askBeforeLeaving(event: BeforeUnloadEvent) {
  event.preventDefault();
}
draftStore.subscribe((d) => {
  if (hasChanges(d)) addEventListener("beforeunload", askBeforeLeaving);
  else removeEventListener("beforeunload", askBeforeLeaving);
});

export function keyOf(path: Path): string {
  return path.join(".");
}

function withEntryKeys(values: Tree): Tree {
  const copy = structuredClone(values);
  for (const list of ENTRY_LISTS) {
    const entries = copy[list];
    if (Array.isArray(entries))
      for (const entry of entries as Tree[])
        entry[ENTRY_KEY] = (entry.id as string | undefined) ?? `new-${++newEntries}`;
  }
  return copy;
}

export function getIn(tree: unknown, path: Path): unknown {
  let node = tree;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

function setIn(tree: Tree, path: Path, value: unknown): Tree {
  const copy = structuredClone(tree);
  let node: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object") node[part] = {};
    node = node[part] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}

export function newEntryKey(): string {
  return `new-${++newEntries}`;
}

/** The draft if there is one, else the document's values; setters start a draft. */
export function useSettingsForm(doc: SettingsDocument) {
  const draft = useStore(draftStore);
  const values = draft.values ?? withEntryKeys(doc.values as Tree);
  const start = (d: Draft): Draft =>
    d.values ? d : { ...d, revision: doc.revision, values: withEntryKeys(doc.values as Tree) };
  return {
    values,
    dirty: hasChanges(draft),
    errors: draft.errors,
    get: (path: Path) => getIn(values, path),
    set(path: Path, value: unknown) {
      draftStore.set((d) => {
        const started = start(d);
        return { ...started, values: setIn(started.values!, path, value) };
      });
    },
    typedSecret: (key: string) => draft.secrets[key],
    setSecret(key: string, value: string | null | undefined) {
      draftStore.set((d) => {
        const started = start(d);
        const secrets = { ...started.secrets };
        if (value === undefined) delete secrets[key];
        else secrets[key] = value;
        return { ...started, secrets };
      });
    },
    errorAt: (path: Path) => draft.errors.find((e) => e.path === keyOf(path))?.message,
    /** A list's own error and its entries' (`languages.1`), which name the value refused, as one line. */
    listErrorAt(path: Path) {
      const key = keyOf(path);
      const messages = draft.errors
        .filter((e) => e.path === key || e.path.startsWith(`${key}.`))
        .map((e) => e.message);
      return messages.length > 0 ? messages.join("; ") : undefined;
    },
    /** The variable that sets a key, which makes it read-only here. */
    envAt: (key: string) => doc.env[key],
    restartAt: (path: Path) =>
      doc.restartKeys.some((k) => keyOf(path) === k || keyOf(path).startsWith(`${k}.`)),
  };
}

export type SettingsForm = ReturnType<typeof useSettingsForm>;

/** The PUT body: entry client keys dropped, typed secrets addressed by their entry's position. */
export function submission(doc: SettingsDocument): {
  revision: string;
  values: Tree;
  secrets: Record<string, string | null>;
} {
  const draft = draftStore.get();
  const values = structuredClone(draft.values ?? (doc.values as Tree));
  const secrets: Record<string, string | null> = {};
  const positions = new Map<string, string>();
  for (const list of ENTRY_LISTS) {
    const entries = (values[list] as Tree[] | undefined) ?? [];
    entries.forEach((entry, i) => {
      positions.set(`${list}:${entry[ENTRY_KEY] as string}`, `${list}.${i}`);
      delete entry[ENTRY_KEY];
    });
  }
  for (const [key, value] of Object.entries(draft.secrets)) {
    const [list, entryKey, field] = key.split(":");
    if (field === undefined) secrets[key] = value;
    else {
      const at = positions.get(`${list}:${entryKey}`);
      if (at) secrets[`${at}.${field}`] = value;
    }
  }
  return { revision: draft.revision ?? doc.revision, values, secrets };
}

export function discardDraft(): void {
  draftStore.set(empty);
}

export function setErrors(errors: FieldError[]): void {
  draftStore.set((d) => ({ ...d, errors }));
}
