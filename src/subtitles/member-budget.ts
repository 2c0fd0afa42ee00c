import { formatBytes } from "../net/capped-body.ts";
import { ExtractError, type ExtractLimits, RATIO_FLOOR_BYTES } from "./types.ts";

/**
 * The running budget of one download, nested archives included: how many members, how many bytes
 * the decoders have handed over, and how many bytes the archives' headers promise. Declared sizes
 * only ever refuse early; the bytes actually produced are what is enforced.
 */
export class MemberBudget {
  /** The byte ceiling: the total cap, or less when the ratio to the download binds. */
  readonly maxBytes: number;
  private members = 0;
  private produced = 0;
  private declared = 0;

  constructor(
    readonly limits: ExtractLimits,
    downloadSize: number,
  ) {
    const byRatio = Math.max(RATIO_FLOOR_BYTES, limits.maxRatio * downloadSize);
    this.maxBytes = Math.min(limits.maxTotalBytes, byRatio);
  }

  /** Bytes the decoders produced so far, the chunk that crossed the ceiling included. */
  get producedBytes(): number {
    return this.produced;
  }

  /** What may still be produced before the ceiling. */
  get remainingBytes(): number {
    return Math.max(0, this.maxBytes - this.produced);
  }

  /** One more entry in an archive's listing, subtitle or not. Throws ExtractError. */
  member(): void {
    this.members += 1;
    if (this.members > this.limits.maxMembers) {
      throw new ExtractError("too-many-members", `more than ${this.limits.maxMembers} members`);
    }
  }

  /** What a header says an entry will unpack to; refused when the promises alone exceed the ceiling. */
  declare(label: string, size: number): void {
    this.declared += size;
    if (size > this.maxBytes || this.declared > this.maxBytes) {
      throw new ExtractError(
        "too-large",
        `${label}: declares more than ${this.ceilingText()} once decompressed`,
      );
    }
  }

  /** Bytes just produced by a decoder; throws as soon as the total passes the ceiling. */
  grow(size: number): void {
    this.produced += size;
    if (this.produced > this.maxBytes) {
      throw new ExtractError("too-large", `more than ${this.ceilingText()} once decompressed`);
    }
  }

  private ceilingText(): string {
    if (this.maxBytes >= this.limits.maxTotalBytes) return formatBytes(this.maxBytes);
    return `${formatBytes(this.maxBytes)} (${this.limits.maxRatio}× the download, at least ${formatBytes(RATIO_FLOOR_BYTES)})`;
  }
}
