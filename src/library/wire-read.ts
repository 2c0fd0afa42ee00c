/**
 * Readers for the fields Subhound uses of a Sonarr/Radarr record. Each checks one field's type
 * and applies the arrs' conventions (null fields omitted, 0 for "unknown"); a field of the wrong
 * type throws a {@link WireError} naming its path, so a malformed record is never guessed at.
 * Fields nobody reads are never looked at: a new or odd field in an arr release cannot fail a
 * listing. Hand-written rather than zod: listings run to 10^5 records, and these read a record
 * in a fraction of a zod parse without allocating anything but the result.
 */

export type WirePath = readonly (string | number)[];

/** A field that is not what the arr documents; `path` leads from the record to it. */
export class WireError extends Error {
  constructor(
    readonly path: WirePath,
    message: string,
  ) {
    super(message);
    this.name = "WireError";
  }
}

export type WireRecord = Readonly<Record<string, unknown>>;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function expected(path: WirePath, type: string, value: unknown): never {
  throw new WireError(path, `Invalid input: expected ${type}, received ${kindOf(value)}`);
}

const isRecord = (value: unknown): value is WireRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A record (a JSON object); a list item of another shape fails at its index. */
export function record(value: unknown): WireRecord {
  return isRecord(value) ? value : expected([], "object", value);
}

/** Rethrows `e` with its path under `key` (a nested object or list item); any other error as it is. */
function under(key: string | number, e: unknown): never {
  if (e instanceof WireError) throw new WireError([key, ...e.path], e.message);
  throw e;
}

export function int(r: WireRecord, key: string): number {
  const v = r[key];
  if (typeof v === "number" && Number.isInteger(v)) return v;
  return expected([key], typeof v === "number" ? "int" : "number", v);
}

/** A whole number, `fallback` when absent or null. */
export function intOr<T>(r: WireRecord, key: string, fallback: T): number | T {
  const v = r[key];
  return v === undefined || v === null ? fallback : int(r, key);
}

/** A finite number, `fallback` when absent or null. */
export function numberOr(r: WireRecord, key: string, fallback: number): number {
  const v = r[key];
  if (v === undefined || v === null) return fallback;
  return typeof v === "number" && Number.isFinite(v) ? v : expected([key], "number", v);
}

/** Ids and years where the arr writes 0 for "unknown": null for absent, null or ≤ 0. */
export function positiveOrNull(r: WireRecord, key: string): number | null {
  const v = numberOr(r, key, 0);
  return v <= 0 ? null : v;
}

export function string(r: WireRecord, key: string): string {
  const v = r[key];
  return typeof v === "string" ? v : expected([key], "string", v);
}

/** A string or null when absent or null. */
export function optionalString(r: WireRecord, key: string): string | null {
  const v = r[key];
  return v === undefined || v === null ? null : string(r, key);
}

/** A string, null when absent, null or blank. */
export function text(r: WireRecord, key: string): string | null {
  const v = optionalString(r, key);
  return v === null || v.trim() === "" ? null : v;
}

export function flagOr(r: WireRecord, key: string, fallback: boolean): boolean {
  const v = r[key];
  if (v === undefined || v === null) return fallback;
  return typeof v === "boolean" ? v : expected([key], "boolean", v);
}

/** An ISO timestamp normalized to `toISOString()`; a string that is no date is kept as sent. */
export function timestamp(r: WireRecord, key: string): string | null {
  const v = optionalString(r, key);
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
}

/** A JSON array read item by item, an item's errors under its index. */
export function items<T>(value: unknown, read: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) return expected([], "array", value);
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = read(value[i]);
    } catch (e) {
      under(i, e);
    }
  }
  return out;
}

/** A list field read item by item; [] when absent or null. */
export function list<T>(r: WireRecord, key: string, read: (item: unknown) => T): T[] {
  const v = r[key];
  if (v === undefined || v === null) return [];
  try {
    return items(v, read);
  } catch (e) {
    return under(key, e);
  }
}

/** A nested object read with `read`; null when absent or null. */
export function nested<T>(r: WireRecord, key: string, read: (inner: WireRecord) => T): T | null {
  const v = r[key];
  if (v === undefined || v === null) return null;
  try {
    return read(record(v));
  } catch (e) {
    return under(key, e);
  }
}

/** A whole number in a list (tag ids). */
export function intItem(item: unknown): number {
  return typeof item === "number" && Number.isInteger(item)
    ? item
    : expected([], typeof item === "number" ? "int" : "number", item);
}

/** A `/`-joined list (the REST API) or an array of strings (webhook payloads); null when absent or null. */
export function slashList(r: WireRecord, key: string): string[] | null {
  const v = r[key];
  if (v === undefined || v === null) return null;
  const parts = typeof v === "string" ? v.split("/") : Array.isArray(v) ? v : expected([key], "string", v);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part !== "string") return expected([key, i], "string", part);
    const trimmed = part.trim();
    if (trimmed !== "") out.push(trimmed);
  }
  return out;
}
