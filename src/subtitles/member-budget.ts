import { ExtractError, type ExtractLimits } from "./types.ts";

/** Counts members and decompressed bytes across one download, nested archives included. */
export class MemberBudget {
  private members = 0;
  private bytes = 0;

  constructor(readonly limits: ExtractLimits) {}

  /** Throws ExtractError; the archive readers abort from deep inside library callbacks. */
  admit(size: number): void {
    this.members += 1;
    this.bytes += size;
    if (this.members > this.limits.maxMembers) {
      throw new ExtractError("too-many-members", `more than ${this.limits.maxMembers} members`);
    }
    this.assertBytes();
  }

  /** For streams whose size is only known while reading. */
  grow(size: number): void {
    this.bytes += size;
    this.assertBytes();
  }

  private assertBytes(): void {
    if (this.bytes > this.limits.maxTotalBytes) {
      throw new ExtractError("too-large", `more than ${this.limits.maxTotalBytes} bytes once decompressed`);
    }
  }
}
