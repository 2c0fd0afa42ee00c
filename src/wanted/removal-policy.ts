import type { VanishedFile } from "./store/index.ts";

/**
 * What a full scan does with the files of one instance it no longer saw. Only called when the
 * instance's listing fully succeeded and passed its sanity checks; a listing that shrank by more
 * than `maxShare` of the stored files is still suspicious (a half-synced arr, a wrong root
 * folder), so those files wait for the next full scan to agree before anything is removed.
 * Files an earlier scan already held back are confirmed by this one and go. `force` (an explicit
 * request from the API or CLI) removes everything at once.
 */
export interface RemovalPlan {
  remove: number[];
  hold: number[];
  /** Share of the stored files this scan missed for the first time. */
  share: number;
}

export function planRemoval(
  vanished: readonly VanishedFile[],
  storedCount: number,
  maxShare: number,
  force: boolean,
): RemovalPlan {
  const confirmed = vanished.filter((f) => f.missingSince !== null).map((f) => f.id);
  const fresh = vanished.filter((f) => f.missingSince === null).map((f) => f.id);
  const share = storedCount === 0 ? 0 : fresh.length / storedCount;
  if (force || share <= maxShare) return { remove: [...confirmed, ...fresh], hold: [], share };
  return { remove: confirmed, hold: fresh, share };
}

/** The sentence a scan result and the health report show for held-back files. */
export function heldMessage(held: number, storedCount: number, maxShare: number): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `${held} of ${storedCount} files (${pct(held / storedCount)}) are no longer listed, more than scan.maxRemovalShare (${pct(maxShare)}): kept until the next full scan agrees (or a full scan with forceRemoval)`;
}
