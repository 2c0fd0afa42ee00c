import { z } from "zod";

/**
 * Field types every config section shares. Values coming from the environment are strings, so
 * scalar fields accept both forms.
 */

export const bool = z.union([z.boolean(), z.stringbool()], {
  error: (issue) => `expected true or false (also 1/0, yes/no, on/off), got ${JSON.stringify(issue.input)}`,
});
/** One schema per range, shared by every field that has it: each costs ~6 zod instances to build. */
const ints = new Map<string, ReturnType<typeof buildInt>>();
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const key = `${min}:${max}`;
  const known = ints.get(key);
  if (known) return known;
  const schema = buildInt(min, max);
  ints.set(key, schema);
  return schema;
};
const buildInt = (min: number, max: number) => {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  const error = (issue: { input?: unknown }) =>
    `expected a whole number ${range}, got ${JSON.stringify(issue.input)}`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
};
/** A decimal number in a range; a string (env) is read as one only when it is a number. */
export const num = (min: number, max: number) => {
  const error = (issue: { input?: unknown }) =>
    `expected a number from ${min} to ${max}, got ${JSON.stringify(issue.input)}`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v) ? Number(v) : v),
    z.number({ error }).min(min, { error }).max(max, { error }),
  );
};
/** A list that may arrive as an array (TOML) or as a comma-separated string (env). */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : value,
    z.array(item),
  );
export const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));
/** Its key name (see config/redact.ts) is what marks a value secret; this only refuses an empty one. */
export const secret = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : "expected a string") })
  .min(1, { error: "must not be empty" });
