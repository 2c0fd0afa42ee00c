import type { ProviderCandidate } from "../providers/types.ts";

export type SubtitleFormat = NonNullable<ProviderCandidate["format"]>;

/** One subtitle taken out of a download, kept in memory; `name` is its path inside the archive. */
export interface SubtitleFile {
  name: string;
  bytes: Uint8Array;
}

export type ExtractFailure = "too-large" | "too-many-members" | "corrupt" | "encrypted" | "unsupported";

/** Returned, not thrown: a download that cannot be unpacked is an ordinary outcome. */
export class ExtractError extends Error {
  override name = "ExtractError";
  constructor(
    readonly reason: ExtractFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export interface ExtractLimits {
  /** Sum of the decompressed sizes of every member, nested ones included. */
  maxTotalBytes: number;
  maxMembers: number;
  /**
   * Decompressed bytes per downloaded byte. Subtitles compress about 3–10×; bombs 1000× and more.
   * Never binds below `RATIO_FLOOR_BYTES`, so a tiny download of a normal subtitle always fits.
   */
  maxRatio: number;
}

export const RATIO_FLOOR_BYTES = 4 * 1024 * 1024;

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxTotalBytes: 50 * 1024 * 1024,
  maxMembers: 2000,
  maxRatio: 200,
};
