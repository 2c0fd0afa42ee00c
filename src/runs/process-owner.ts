import { randomBytes } from "../hash.ts";
import { isAlive } from "../process-alive.ts";

/**
 * Who records a run or holds a lease: `<pid>.<nonce>`. The pid says whether the holder can still
 * be alive; the nonce tells a restarted process from its predecessor when the pid repeats (a
 * container's pid 1 is pid 1 after every restart).
 */
export function createProcessOwner(pid: number = process.pid): string {
  return `${pid}.${randomBytes(4).toString("hex")}`;
}

/** A lease names its process and, after a slash, the run or request inside it. */
export function leaseOwnerFor(processOwner: string, holder: string): string {
  return `${processOwner}/${holder}`;
}

export interface OwnerCheck {
  /** This process's owner id. */
  self: string;
  selfPid?: number;
  alive?: (pid: number) => boolean;
}

/**
 * Whether the process behind `owner` (a run's owner or a lease owner) is gone. Rows from before
 * owners were recorded have none and count as gone. A live pid that is not ours is left alone
 * (a CLI `scan` or `search` next to the server); if it is only a reused pid, the lease still
 * runs out.
 */
export function isOwnerGone(owner: string | null, check: OwnerCheck): boolean {
  if (owner === null) return true;
  const processPart = owner.split("/", 1)[0]!;
  if (processPart === check.self) return false;
  const pid = Number(processPart.split(".", 1)[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  if (pid === (check.selfPid ?? process.pid)) return true;
  return !(check.alive ?? isAlive)(pid);
}
