import { z } from "zod";
import type { RateLimitHint } from "./types.ts";

/** Jimaku's JSON (external-apis.md §7): entries found by a search, and the files of one entry. */

export const jimakuEntriesSchema = z.array(
  z.object({
    id: z.number(),
    name: z.string(),
    japanese_name: z.string().nullish(),
    english_name: z.string().nullish(),
    anilist_id: z.number().nullish(),
    flags: z.object({ anime: z.boolean().optional(), movie: z.boolean().optional() }).partial().nullish(),
  }),
);
export type JimakuEntry = z.infer<typeof jimakuEntriesSchema>[number];

export const jimakuFilesSchema = z.array(
  z.object({ url: z.string(), name: z.string(), size: z.number().nullish() }),
);
export type JimakuFile = z.infer<typeof jimakuFilesSchema>[number];

const SUBTITLE_FORMATS: Readonly<Record<string, "ass" | "ssa" | "srt">> = {
  ass: "ass",
  ssa: "ssa",
  srt: "srt",
};
const ARCHIVES = new Set(["zip", "rar", "7z"]);

export type JimakuFileKind =
  | { archive: false; format: "ass" | "ssa" | "srt" }
  | { archive: true; format: null };

/** What a file name says about the file; null for anything that is neither a subtitle nor an archive. */
export function jimakuFileKind(name: string): JimakuFileKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  const format = SUBTITLE_FORMATS[ext];
  if (format) return { archive: false, format };
  return ARCHIVES.has(ext) ? { archive: true, format: null } : null;
}

/**
 * The longest wait a Jimaku header can ask for (as `Retry-After` is capped elsewhere): a header
 * that says hours or years is a broken or hostile answer, and believing it would silence the
 * provider until a restart.
 */
export const JIMAKU_MAX_WAIT_MS = 300_000;

const header = (headers: Headers, name: string) => Number(headers.get(name) ?? Number.NaN);

/**
 * How long until the window resets: `x-ratelimit-reset-after` (seconds, relative), else
 * `x-ratelimit-reset` (unix seconds, possibly fractional) against our clock; null when neither.
 * The relative one comes first: a host clock a few minutes off turns the absolute one into a
 * pause that long, or none at all.
 */
function resetInMs(headers: Headers, now: Date): number | null {
  const after = header(headers, "x-ratelimit-reset-after");
  if (Number.isFinite(after) && after >= 0) return Math.min(JIMAKU_MAX_WAIT_MS, Math.ceil(after * 1000));
  const reset = header(headers, "x-ratelimit-reset");
  if (Number.isFinite(reset))
    return Math.min(JIMAKU_MAX_WAIT_MS, Math.max(0, Math.ceil(reset * 1000 - now.getTime())));
  return null;
}

/** `x-ratelimit-remaining` and when the window resets, as a hint for the limiter. */
export function jimakuRateLimitHint(headers: Headers, now: Date): RateLimitHint | null {
  const remaining = header(headers, "x-ratelimit-remaining");
  const resetIn = resetInMs(headers, now);
  if (!Number.isFinite(remaining) || resetIn === null) return null;
  return { remaining, resetAt: new Date(now.getTime() + resetIn) };
}

/** How long a 429 asks us to wait (a minute when the headers do not say). */
export function jimakuRetryAfterMs(headers: Headers, now: Date): number {
  return resetInMs(headers, now) ?? 60_000;
}

/** "[Group] Show - 05.ass" → "Group". */
export function bracketGroup(name: string): string | null {
  return /^\s*\[([^\]]+)\]/.exec(name)?.[1]?.trim() ?? null;
}
