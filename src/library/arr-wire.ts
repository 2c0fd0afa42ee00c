import { z } from "zod";
import { createYielder } from "../event-loop.ts";
import { type ArrError, type ArrHttpClient, type ArrResult, buildQuery, type Query } from "./arr-http.ts";
import type { SkippedRecords } from "./types.ts";

export type { SkippedRecords } from "./types.ts";

/** Wire pieces Sonarr and Radarr share. Both omit null fields, so every optional field may be absent. */

export const nullableString = z
  .string()
  .nullish()
  .transform((s) => (s === undefined || s === null || s.trim() === "" ? null : s));

/** Ids and years where the arr writes 0 for "unknown". */
export const positiveOrNull = z
  .number()
  .nullish()
  .transform((n) => (n === undefined || n === null || n <= 0 ? null : n));

export const timestamp = z
  .string()
  .nullish()
  .transform((s) => {
    if (!s) return null;
    const t = Date.parse(s);
    return Number.isNaN(t) ? s : new Date(t).toISOString();
  });

const slashList = (value: string | string[] | null | undefined): string[] | null => {
  if (value === undefined || value === null) return null;
  // Webhook payloads send lists as arrays; the REST API joins them with "/".
  const parts = Array.isArray(value) ? value : value.split("/");
  return parts.map((s) => s.trim()).filter((s) => s !== "");
};

/**
 * `mediaInfo.subtitles` and `mediaInfo.audioLanguages` are `/`-joined ISO 639-2 tags; no
 * `mediaInfo` means "not probed yet", so both are unknown (null).
 */
export const mediaInfoLanguages = z
  .object({
    subtitles: z.union([z.string(), z.array(z.string())]).nullish(),
    audioLanguages: z.union([z.string(), z.array(z.string())]).nullish(),
  })
  .nullish()
  .transform((info): { subtitles: string[] | null; audio: string[] | null } => ({
    subtitles: slashList(info?.subtitles),
    audio: slashList(info?.audioLanguages),
  }));

/** A series' or movie's tag ids (resolved to labels through `/tag`). */
export const tagIds = z
  .array(z.number().int())
  .nullish()
  .transform((t) => t ?? []);

export const monitoredFlag = z
  .boolean()
  .nullish()
  .transform((b) => b ?? true);

const tagSchema = z.object({ id: z.number().int(), label: z.string() });

/** Tag id → label, from `GET /tag`; asked only when something listed carries tags. */
export async function getTagLabels(
  http: ArrHttpClient,
  signal?: AbortSignal,
): Promise<ArrResult<Map<number, string>>> {
  const result = await getParsed(http, "/tag", z.array(tagSchema), undefined, signal);
  if (!result.ok) return result;
  return { ok: true, value: new Map(result.value.map((t) => [t.id, t.label])) };
}

export function labelsOf(ids: readonly number[], labels: ReadonlyMap<number, string>): string[] {
  return ids.flatMap((id) => {
    const label = labels.get(id);
    return label === undefined ? [] : [label];
  });
}

const language = z.object({ name: z.string().nullish() }).nullish();

/** Sonarr v4 and Radarr send `languages[]`; the Sonarr v3 app sends a single `language`. */
export const fileLanguages = {
  languages: z.array(language).nullish(),
  language,
};

export function languageNames(file: {
  languages?: ({ name?: string | null } | null | undefined)[] | null;
  language?: { name?: string | null } | null;
}): string[] {
  const list = file.languages ?? (file.language ? [file.language] : []);
  return list.map((l) => l?.name).filter((n): n is string => typeof n === "string" && n !== "");
}

export const systemStatusSchema = z.object({
  appName: z.string().nullish(),
  instanceName: z.string().nullish(),
  version: z.string(),
});

export interface ArrSystemStatus {
  appName: string | null;
  instanceName: string | null;
  version: string;
  /** Major version of the app itself (Sonarr 3/4, Radarr 4/5/6); the API path stays `/api/v3`. */
  major: number;
}

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

/** GET a resource and validate it; a payload that does not match is a failure, not a guess. */
export async function getParsed<S extends z.ZodType>(
  http: ArrHttpClient,
  path: string,
  schema: S,
  query?: Query,
  signal?: AbortSignal,
): Promise<ArrResult<z.output<S>>> {
  const result = await http.get(path, query, signal);
  if (!result.ok) return result;
  const parsed = schema.safeParse(result.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return invalidPayload(
    http,
    path,
    query,
    issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unexpected shape",
  );
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
 * GET a list and validate it item by item, handing the event loop back between items: a 20,000
 * movie `/movie` answer validated in one go would stall every HTTP handler for a while. One
 * record the specs allow to be odd (a null `title`) is skipped and counted, not the whole
 * listing's failure; a list of which no record reads is not what we asked for, and fails.
 */
export async function getParsedList<S extends z.ZodType>(
  http: ArrHttpClient,
  path: string,
  itemSchema: S,
  query?: Query,
  signal?: AbortSignal,
): Promise<ArrListResult<z.output<S>>> {
  const result = await http.get(path, query, signal);
  if (!result.ok) return result;
  const invalid = (where: string) => invalidPayload(http, path, query, where);
  if (!Array.isArray(result.value)) return invalid("(root): expected an array");
  const pause = createYielder();
  const items: z.output<S>[] = [];
  let skipped: SkippedRecords | null = null;
  let firstFailure = "";
  for (let i = 0; i < result.value.length; i++) {
    await pause();
    const record: unknown = result.value[i];
    const parsed = itemSchema.safeParse(record);
    if (parsed.success) {
      items.push(parsed.data);
      continue;
    }
    const issue = parsed.error.issues[0];
    const where = issue ? `${[i, ...issue.path].join(".")}: ${issue.message}` : `${i}: unexpected shape`;
    if (skipped === null) {
      const id = (record as { id?: unknown } | null)?.id;
      const named = typeof id === "number" ? ` (id ${id})` : "";
      skipped = { count: 1, example: `${path}${named} at ${where}` };
      firstFailure = where;
    } else skipped.count++;
  }
  if (items.length === 0 && skipped !== null) return invalid(firstFailure);
  return { ok: true, value: items, skipped };
}

export async function getSystemStatus(
  http: ArrHttpClient,
  signal?: AbortSignal,
): Promise<ArrResult<ArrSystemStatus>> {
  const result = await getParsed(http, "/system/status", systemStatusSchema, undefined, signal);
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
