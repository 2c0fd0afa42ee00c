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

/** A Save's draft as it was at the click, to settle once the save succeeds. */
export interface SentDraft {
  draft: Draft;
  /** The values sent: the draft's, or the document's when only secrets were typed. */
  values: Tree;
}

export function sentDraft(doc: SettingsDocument): SentDraft {
  const draft = draftStore.get();
  return { draft, values: draft.values ?? withEntryKeys(doc.values as Tree) };
}

/**
 * After a successful save, what was typed while it ran stays, as a draft on top of the saved
 * document: its revision, and each sent entry with the id the save gave it at the position it was
 * sent in (a new one is not added twice). Secrets sent and saved drop out unless typed again.
 */
export function settleSavedDraft(sent: SentDraft, saved: SettingsDocument): void {
  const now = draftStore.get();
  if (now === sent.draft) {
    discardDraft();
    return;
  }
  const nowValues = now.values ?? sent.values;
  const values = structuredClone(replay(saved.values as Tree, sent.values, nowValues)) as Tree;
  for (const list of ENTRY_LISTS)
    if (saved.values[list] !== undefined || nowValues[list] !== undefined)
      values[list] = settleEntries(
        (saved.values[list] as Tree[] | undefined) ?? [],
        (sent.values[list] as Tree[] | undefined) ?? [],
        (nowValues[list] as Tree[] | undefined) ?? [],
      );
  const secrets = Object.fromEntries(
    Object.entries(now.secrets).filter(
      ([key, value]) => !(key in sent.draft.secrets && sent.draft.secrets[key] === value),
    ),
  );
  const unchanged = Object.keys(secrets).length === 0 && same(withoutEntryKeys(values), saved.values);
  draftStore.set(unchanged ? empty : { revision: saved.revision, values, secrets, errors: [] });
}

/** `saved` with the changes made from `sent` to `now`; a list is one value. */
function replay(saved: unknown, sent: unknown, now: unknown): unknown {
  if (same(sent, now)) return saved;
  if (!isTree(saved) || !isTree(sent) || !isTree(now)) return structuredClone(now);
  const out = { ...saved };
  for (const key of new Set([...Object.keys(sent), ...Object.keys(now)]))
    if (!same(sent[key], now[key])) out[key] = replay(saved[key], sent[key], now[key]);
  return out;
}

/**
 * The list as it is now; an entry sent at position i is now the saved document's entry i (kept as
 * saved when not edited since, else as edited with that entry's id). It keeps its client key, which
 * its typed secrets are addressed by.
 */
function settleEntries(saved: Tree[], sent: Tree[], now: Tree[]): Tree[] {
  return now.map((entry) => {
    const at = sent.findIndex((e) => e[ENTRY_KEY] === entry[ENTRY_KEY]);
    const savedEntry = saved[at];
    if (!savedEntry) return structuredClone(entry);
    if (same(sent[at], entry)) return { ...structuredClone(savedEntry), [ENTRY_KEY]: entry[ENTRY_KEY] };
    return { ...structuredClone(entry), id: savedEntry.id };
  });
}

function withoutEntryKeys(values: Tree): Tree {
  const copy = structuredClone(values);
  for (const list of ENTRY_LISTS)
    for (const entry of (copy[list] as Tree[] | undefined) ?? []) delete entry[ENTRY_KEY];
  return copy;
}

const isTree = (value: unknown): value is Tree =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Deep equality of JSON values; a key holding undefined counts as absent. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (!isTree(a) || !isTree(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => same(a[key], b[key]));
}

export function setErrors(errors: FieldError[]): void {
  draftStore.set((d) => ({ ...d, errors }));
}
