import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { unlessAborted } from "../concurrency.ts";

/**
 * Whether the filesystem holding a media path answers, asked before the scan and the library pages
 * read its folders. Those reads are synchronous (the scan's speed rests on them), and on a network
 * share whose server went away (an NFS hard mount, SMB while it reconnects) a synchronous stat or
 * read blocks the server's thread until the share returns: no request, not even liveness, would be
 * answered. So each filesystem is first asked off the thread (a stat in the thread pool) with a
 * deadline. One that does not answer in time is reported as not answering, and while that question
 * is still out it is not asked again (each would hold a pool thread for as long): everything on it
 * is left alone until it answers. An answer vouches for the filesystem for `freshMs`.
 */
export interface MountGuard {
  /**
   * Null when the filesystem holding `folder` (one the caller is about to read) answers; otherwise
   * why what is on it is left alone.
   */
  check(folder: string): Promise<string | null>;
  /** `check` for many folders, one question per filesystem: each folder's answer. */
  checkAll(folders: Iterable<string>): Promise<Map<string, string | null>>;
}

export interface MountGuardOptions {
  /** Asks the filesystem (default: `stat` in the thread pool); a rejection is an answer too. */
  ask?: (path: string) => Promise<unknown>;
  /** The mount point holding `path` (default: the longest match in /proc/self/mountinfo). */
  mountOf?: (path: string) => string;
  timeoutMs?: number;
  freshMs?: number;
  now?: () => number;
}

interface MountState {
  /** The question still out, and since when. */
  pending: Promise<void> | null;
  askedAt: number;
  answeredAt: number | null;
}

export const MOUNT_TIMEOUT_MS = 10_000;
const FRESH_MS = 2_000;

export function createMountGuard(options: MountGuardOptions = {}): MountGuard {
  const ask = options.ask ?? ((path: string) => stat(path));
  const mountOf = options.mountOf ?? createMountTable().mountOf;
  const timeoutMs = options.timeoutMs ?? MOUNT_TIMEOUT_MS;
  const freshMs = options.freshMs ?? FRESH_MS;
  const now = options.now ?? Date.now;
  const mounts = new Map<string, MountState>();

  const silence = (mount: string, since: number) =>
    `${mount} has not answered for ${Math.max(1, Math.round((now() - since) / 1000))} s (a network share that is down?); its files are left alone until it answers`;

  async function check(folder: string): Promise<string | null> {
    const mount = mountOf(folder);
    let state = mounts.get(mount);
    if (!state) {
      state = { pending: null, askedAt: 0, answeredAt: null };
      mounts.set(mount, state);
    }
    if (state.answeredAt !== null && now() - state.answeredAt < freshMs) return null;
    let pending = state.pending;
    if (pending === null) {
      const asked: MountState = state;
      asked.askedAt = now();
      // The folder itself: a mount point's own attributes may come from a cache the share's files do not.
      pending = ask(folder).then(
        () => {},
        () => {},
      );
      asked.pending = pending;
      pending.then(() => {
        asked.pending = null;
        asked.answeredAt = now();
      });
    }
    const askedAt = state.askedAt;
    const waited = now() - askedAt;
    if (waited >= timeoutMs) return silence(mount, askedAt);
    const answer = await unlessAborted(
      pending.then(() => "answered" as const),
      AbortSignal.timeout(timeoutMs - waited),
      "late",
    );
    return answer === "late" ? silence(mount, askedAt) : null;
  }

  return {
    check,
    // One question per filesystem: a second folder of one asked meanwhile waits on the first's.
    async checkAll(folders) {
      const unique = [...new Set(folders)];
      const answers = await Promise.all(unique.map(check));
      return new Map(unique.map((folder, i) => [folder, answers[i]!]));
    },
  };
}

/** Mount points from /proc/self/mountinfo (read again at most once a minute: automounts come and go). */
function createMountTable(): { mountOf(path: string): string } {
  let points: string[] | null = null;
  let readAt = 0;
  const load = (): string[] => {
    try {
      // procfs is answered by the kernel itself: reading it never waits on a share.
      return readFileSync("/proc/self/mountinfo", "utf8")
        .split("\n")
        .flatMap((line) => {
          const field = line.split(" ")[4];
          return field
            ? [field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))]
            : [];
        })
        .sort((a, b) => b.length - a.length);
    } catch {
      return [];
    }
  };
  return {
    mountOf(path) {
      if (points === null || Date.now() - readAt > 60_000) {
        points = load();
        readAt = Date.now();
      }
      const found = points.find((p) => p === "/" || path === p || path.startsWith(`${p}/`));
      // Without a mount table (not Linux): the path's top two folders stand for its filesystem.
      return found ?? path.split("/").slice(0, 3).join("/");
    },
  };
}
