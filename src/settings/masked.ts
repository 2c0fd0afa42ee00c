import { deepEqualBy, isPlainObject } from "./tree.ts";

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
  return deepEqualBy(shown, original, (a, b) =>
    typeof a === "string" && typeof b === "string" ? maskedFrom(a, b) : a === b,
  );
}

/** Whether a value holds `***` anywhere. */
export function holdsMask(value: unknown): boolean {
  if (typeof value === "string") return value.includes(MASK);
  if (Array.isArray(value)) return value.some(holdsMask);
  if (isPlainObject(value)) return Object.values(value).some(holdsMask);
  return false;
}
