import { deepEqual, isPlainObject } from "./tree.ts";

/** What the response scrubber (config/scrub.ts) and URL redaction put where a secret stood. */
export const MASK = "***";

/**
 * Whether `shown` is `original` with one or more parts replaced by `***`, each standing for at least
 * one character: `http://***:8096` came from `http://homelab1:8096` when `homelab1` is a password.
 */
export function maskedFrom(shown: string, original: string): boolean {
  const parts = shown.split(MASK);
  if (parts.length === 1) return shown === original;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!original.startsWith(first) || !original.endsWith(last)) return false;
  // Leftmost matches of the parts between the masks leave the most room for the ones after them.
  let end = first.length;
  for (const part of parts.slice(1, -1)) {
    const at = original.indexOf(part, end + 1);
    if (at < 0) return false;
    end = at + part.length;
  }
  return original.length - last.length >= end + 1;
}

/** `deepEqual`, where a string with `***` in it also equals the value it was masked from. */
export function maskedEqual(shown: unknown, original: unknown): boolean {
  if (typeof shown === "string" && typeof original === "string") return maskedFrom(shown, original);
  if (Array.isArray(shown) && Array.isArray(original))
    return shown.length === original.length && shown.every((v, i) => maskedEqual(v, original[i]));
  if (isPlainObject(shown) && isPlainObject(original)) {
    const keys = new Set([...Object.keys(shown), ...Object.keys(original)]);
    for (const k of keys) if (!maskedEqual(shown[k], original[k])) return false;
    return true;
  }
  return deepEqual(shown, original);
}

/** Whether a value holds `***` anywhere. */
export function holdsMask(value: unknown): boolean {
  if (typeof value === "string") return value.includes(MASK);
  if (Array.isArray(value)) return value.some(holdsMask);
  if (isPlainObject(value)) return Object.values(value).some(holdsMask);
  return false;
}
