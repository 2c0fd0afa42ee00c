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
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxTotalBytes: 50 * 1024 * 1024, maxMembers: 2000 };
