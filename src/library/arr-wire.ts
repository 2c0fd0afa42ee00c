import { createYielder } from "../event-loop.ts";
import { type ArrError, type ArrHttpClient, type ArrResult, buildQuery, type Query } from "./arr-http.ts";
import type { SkippedRecords } from "./types.ts";
import {
  flagOr,
  int,
  intItem,
  items,
  list,
  nested,
  optionalString,
  record,
  slashList,
  string,
  WireError,
  type WireRecord,
} from "./wire-read.ts";

export type { SkippedRecords } from "./types.ts";

/** Reads one record of a reply (see wire-read.ts); throws a `WireError` for a field it cannot use. */
export type WireReader<T> = (value: unknown) => T;

// Record pieces Sonarr and Radarr share. Both omit null fields, so every optional field may be absent.

const readMediaInfo = (info: WireRecord) => ({
  subtitles: slashList(info, "subtitles"),
  audio: slashList(info, "audioLanguages"),
});
const NOT_PROBED = { subtitles: null, audio: null } as const;

/**
 * `mediaInfo.subtitles` and `mediaInfo.audioLanguages` are `/`-joined ISO 639-2 tags; no
 * `mediaInfo` means "not probed yet", so both are unknown (null).
 */
function mediaInfoLanguages(file: WireRecord): { subtitles: string[] | null; audio: string[] | null } {
  return nested(file, "mediaInfo", readMediaInfo) ?? NOT_PROBED;
}

/** A series' or movie's tag ids (resolved to labels through `/tag`). */
export const tagIds = (r: WireRecord): number[] => list(r, "tags", intItem);

export const monitoredFlag = (r: WireRecord): boolean => flagOr(r, "monitored", true);

const readTag = (value: unknown) => {
  const r = record(value);
  return { id: int(r, "id"), label: string(r, "label") };
};
const readTags = (value: unknown) => items(value, readTag);

/** Tag id → label, from `GET /tag`; asked only when something listed carries tags. */
export async function getTagLabels(
  http: ArrHttpClient,
  signal?: AbortSignal,
): Promise<ArrResult<Map<number, string>>> {
  const result = await getParsed(http, "/tag", readTags, undefined, signal);
  if (!result.ok) return result;
  return { ok: true, value: new Map(result.value.map((t) => [t.id, t.label])) };
}

export function labelsOf(ids: readonly number[], labels: ReadonlyMap<number, string>): string[] {
  return ids.flatMap((id) => {
    const label = labels.get(id);
    return label === undefined ? [] : [label];
  });
}

const languageName = (value: unknown): string | null =>
  value === undefined || value === null ? null : optionalString(record(value), "name");
const nameOf = (language: WireRecord) => optionalString(language, "name");

/** Sonarr v4 and Radarr send `languages[]`; the Sonarr v3 app sends a single `language`. */
function fileLanguageNames(file: WireRecord): string[] {
  const names =
    file.languages !== undefined && file.languages !== null
      ? list(file, "languages", languageName)
      : [nested(file, "language", nameOf)];
  return names.filter((n): n is string => typeof n === "string" && n !== "");
}

export interface ArrFileLanguages {
  /** `mediaInfo.subtitles`; null when the arr has not probed the file. */
  subtitleLanguages: string[] | null;
  audioLanguages: string[] | null;
  /** The languages the arr parsed for the release, by name. */
  languages: string[];
}

/** The languages an episode or movie file record names: its `mediaInfo`'s, then the release's. */
export function fileLanguages(file: WireRecord): ArrFileLanguages {
  const { subtitles, audio } = mediaInfoLanguages(file);
  return { subtitleLanguages: subtitles, audioLanguages: audio, languages: fileLanguageNames(file) };
}

/** The most alternate titles kept of a series or movie: Sonarr and Radarr list a few, rarely a dozen. */
export const MAX_ALTERNATE_TITLES = 20;
/** Longer than any real title: no release is named so, and it would only bloat every stored file. */
const MAX_TITLE_LENGTH = 200;
/**
 * Release names are written in Latin letters: a title without one or a digit (Radarr lists TMDb's
 * Cyrillic, Greek, Japanese… titles) never names one, and is skipped so as not to crowd out of
 * the cap those that do. Read after NFKD, as the scoring reads titles (fullwidth "Ｌｅｏｎ" is "Leon").
 */
const LATIN = /[a-z0-9]/i;

/** Another title a series or movie goes by, and the seasons it is for (Sonarr's scene titles). */
export interface AlternateTitle {
  title: string;
  /** Season numbers it names a season by; null for every season. */
  seasons: number[] | null;
}

/** A season field of an entry: null for absent or -1 ("every season"), undefined when it does not read. */
function entrySeason(entry: WireRecord, key: string): number | null | undefined {
  const v = entry[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v)) return undefined;
  return v < 0 ? null : v;
}

function readAlternateEntry(value: unknown): AlternateTitle | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entry = value as WireRecord;
  const title = typeof entry.title === "string" ? entry.title.trim() : "";
  if (title.length > MAX_TITLE_LENGTH || !LATIN.test(title.normalize("NFKD"))) return null;
  // Sonarr's `seasonNumber` is its own season, `sceneSeasonNumber` the scene's; Radarr sends neither.
  const season = entrySeason(entry, "seasonNumber");
  const sceneSeason = entrySeason(entry, "sceneSeasonNumber");
  if (season === undefined || sceneSeason === undefined) return null;
  const seasons = [...new Set([season, sceneSeason].filter((n): n is number => n !== null))];
  return { title, seasons: seasons.length > 0 ? seasons : null };
}

/**
 * A series' or movie's `alternateTitles` (plus `extra` ones: Radarr's `originalTitle`, first), trimmed,
 * each once whatever its case, none that is the main title, at most {@link MAX_ALTERNATE_TITLES}.
 * Read leniently, unlike the fields the listing stands on: they only add names a release may carry,
 * so an entry that does not read (no title, a season that is no number) is skipped, never the
 * listing's failure. A title listed for several seasons names each of them; for every season once any
 * entry says so.
 */
export function alternateTitles(
  r: WireRecord,
  mainTitle: string,
  extra: readonly string[] = [],
): AlternateTitle[] {
  const raw = r.alternateTitles;
  const entries: unknown[] = [...extra.map((title) => ({ title })), ...(Array.isArray(raw) ? raw : [])];
  const main = mainTitle.trim().toLowerCase();
  const byKey = new Map<string, AlternateTitle>();
  const out: AlternateTitle[] = [];
  for (const value of entries) {
    const entry = readAlternateEntry(value);
    if (entry === null) continue;
    const key = entry.title.toLowerCase();
    if (key === main) continue;
    const known = byKey.get(key);
    if (known) {
      if (known.seasons !== null)
        known.seasons = entry.seasons === null ? null : [...new Set([...known.seasons, ...entry.seasons])];
      continue;
    }
    if (out.length >= MAX_ALTERNATE_TITLES) continue;
    byKey.set(key, entry);
    out.push(entry);
  }
  return out;
}

export interface ArrSystemStatus {
  appName: string | null;
  instanceName: string | null;
  version: string;
  /** Major version of the app itself (Sonarr 3/4, Radarr 4/5/6); the API path stays `/api/v3`. */
  major: number;
}

const readSystemStatus = (value: unknown) => {
  const r = record(value);
  return {
    appName: optionalString(r, "appName"),
    instanceName: optionalString(r, "instanceName"),
    version: string(r, "version"),
  };
};

function invalidPayload(
  http: ArrHttpClient,
  path: string,
  query: Query | undefined,
  where: string,
): { ok: false; error: ArrError } {
  const shownPath = `/api/v3${path}${buildQuery(query)}`;
  return {
    ok: false,
    error: {
      kind: "invalid-response",
      app: http.app,
      instance: http.instance,
      method: "GET",
      path: shownPath,
      status: 200,
      attempts: 1,
      message: `${http.app} "${http.instance}": GET ${shownPath} returned an unexpected payload at ${where}`,
    },
  };
}

/** `where` of a record's error: its path (led by the item's index in a list) and what was wrong. */
function describe(e: unknown, index?: number): string {
  if (!(e instanceof WireError)) throw e;
  const path = index === undefined ? e.path : [index, ...e.path];
  return `${path.join(".") || "(root)"}: ${e.message}`;
}

/** GET a resource and read it; a payload that does not read is a failure, not a guess. */
export async function getParsed<T>(
  http: ArrHttpClient,
  path: string,
  read: WireReader<T>,
  query?: Query,
  signal?: AbortSignal,
): Promise<ArrResult<T>> {
  const result = await http.get(path, query, signal);
  if (!result.ok) return result;
  try {
    return { ok: true, value: read(result.value) };
  } catch (e) {
    return invalidPayload(http, path, query, describe(e));
  }
}

export function mergeSkipped(
  a: SkippedRecords | null,
  b: SkippedRecords | null | undefined,
): SkippedRecords | null {
  if (!b) return a;
  return a ? { count: a.count + b.count, example: a.example } : b;
}

export type ArrListResult<T> =
  | { ok: true; value: T[]; skipped: SkippedRecords | null }
  | { ok: false; error: ArrError };

/**
 * GET a list and read it item by item, handing the event loop back now and then: a 20,000
 * movie `/movie` answer read in one go would stall every HTTP handler for a while. One record
 * the specs allow to be odd (a null `title`) is skipped and counted, not the whole listing's
 * failure; a list of which no record reads is not what we asked for, and fails.
 */
export async function getParsedList<T>(
  http: ArrHttpClient,
  path: string,
  readItem: WireReader<T>,
  query?: Query,
  signal?: AbortSignal,
): Promise<ArrListResult<T>> {
  const result = await http.get(path, query, signal);
  if (!result.ok) return result;
  const invalid = (where: string) => invalidPayload(http, path, query, where);
  if (!Array.isArray(result.value)) return invalid("(root): expected an array");
  const records: unknown[] = result.value;
  const pause = createYielder();
  const items: T[] = [];
  let skipped: SkippedRecords | null = null;
  let firstFailure = "";
  for (let i = 0; i < records.length; i++) {
    const paused = pause();
    if (paused) await paused;
    const item: unknown = records[i];
    try {
      items.push(readItem(item));
    } catch (e) {
      const where = describe(e, i);
      if (skipped === null) {
        const id = (item as { id?: unknown } | null)?.id;
        const named = typeof id === "number" ? ` (id ${id})` : "";
        skipped = { count: 1, example: `${path}${named} at ${where}` };
        firstFailure = where;
      } else skipped.count++;
    }
  }
  if (items.length === 0 && skipped !== null) return invalid(firstFailure);
  return { ok: true, value: items, skipped };
}

export async function getSystemStatus(
  http: ArrHttpClient,
  signal?: AbortSignal,
): Promise<ArrResult<ArrSystemStatus>> {
  const result = await getParsed(http, "/system/status", readSystemStatus, undefined, signal);
  if (!result.ok) return result;
  const { appName, instanceName, version } = result.value;
  const major = Number.parseInt(version.split(".")[0] ?? "", 10);
  return {
    ok: true,
    value: {
      appName: appName ?? null,
      instanceName: instanceName ?? null,
      version,
      major: Number.isNaN(major) ? 0 : major,
    },
  };
}

export function joinArrPath(folder: string, relativePath: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return `${folder.replace(/[\\/]+$/, "")}${sep}${relativePath.replace(/^[\\/]+/, "")}`;
}
