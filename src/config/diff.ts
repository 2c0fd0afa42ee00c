function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The dotted keys whose values differ, down to a section's own keys (`standalone.roots`,
 * `providers.podnapisi`): what a reload can name when it cannot apply a change.
 */
export function changedKeys(before: unknown, after: unknown, prefix = "", depth = 2): string[] {
  if (depth > 0 && isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changedKeys(before[k], after[k], prefix ? `${prefix}.${k}` : k, depth - 1));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}
