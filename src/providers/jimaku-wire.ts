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

/** `x-ratelimit-remaining` + `x-ratelimit-reset` (unix seconds, possibly fractional). */
export function jimakuRateLimitHint(headers: Headers): RateLimitHint | null {
  const remaining = Number(headers.get("x-ratelimit-remaining") ?? Number.NaN);
  const reset = Number(headers.get("x-ratelimit-reset") ?? Number.NaN);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return null;
  return { remaining, resetAt: new Date(Math.round(reset * 1000)) };
}

/** How long a 429 asks us to wait: `x-ratelimit-reset-after` seconds, else until `x-ratelimit-reset`. */
export function jimakuRetryAfterMs(headers: Headers, now: Date): number {
  const after = Number(headers.get("x-ratelimit-reset-after") ?? Number.NaN);
  if (Number.isFinite(after) && after >= 0) return Math.ceil(after * 1000);
  const reset = Number(headers.get("x-ratelimit-reset") ?? Number.NaN);
  if (Number.isFinite(reset)) return Math.max(0, Math.ceil(reset * 1000 - now.getTime()));
  return 60_000;
}

/** "[Group] Show - 05.ass" → "Group". */
export function bracketGroup(name: string): string | null {
  return /^\s*\[([^\]]+)\]/.exec(name)?.[1]?.trim() ?? null;
}
