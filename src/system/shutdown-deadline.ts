/**
 * A server's stop has a deadline. systemd kills the service without a word once TimeoutStopSec has
 * passed (30 s in deploy/subhound.service, 90 s for a unit that sets none), and work that no cancel
 * reaches (a directory read on a dead NFS mount never returns) would otherwise hold the stop until
 * then. Past the deadline the server names what had not stopped, closes the database as it stands
 * and exits non-zero.
 */

/** From the signal to the exit: well inside the unit's TimeoutStopSec of 30 s. */
export const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * Of the deadline, the share kept for what a graceful wait (in-flight requests, running jobs) ends
 * in: the work it then cancels gets this long to wind down before the deadline passes.
 */
const CANCEL_SHARE = 0.25;

export interface StopTracker {
  /** How long a graceful wait may take: at most `wantedMs`, and short of the cancelling share. */
  grace(wantedMs: number): number;
  /** Runs one named part of the stop; until it settles it is named as not stopped. */
  part<T>(name: string, stop: () => T | Promise<T>): Promise<T>;
  /** The parts started and not settled, in the order they started. */
  unfinished(): string[];
}

/** Without a deadline (a CLI run closing its runtime) every graceful wait gets what it asks for. */
export function createStopTracker(options: { deadlineMs?: number; now?: () => number } = {}): StopTracker {
  const now = options.now ?? (() => performance.now());
  const graceEnds = now() + (options.deadlineMs ?? Number.POSITIVE_INFINITY) * (1 - CANCEL_SHARE);
  const running: string[] = [];
  return {
    grace: (wantedMs) => Math.max(0, Math.min(wantedMs, graceEnds - now())),
    async part(name, stop) {
      running.push(name);
      try {
        return await stop();
      } finally {
        running.splice(running.indexOf(name), 1);
      }
    },
    unfinished: () => [...running],
  };
}

/** Starts the deadline's timer; tests pass one they fire by hand. */
export type DeadlineTimer = (ms: number) => { expired: Promise<void>; clear(): void };

const realTimer: DeadlineTimer = (ms) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { expired, clear: () => clearTimeout(timer) };
};

export type StopOutcome = { stopped: true } | { stopped: false; unfinished: string[] };

/** Runs `stop` until it settles or `deadlineMs` passes, whichever comes first. */
export async function stopWithin(
  stop: () => Promise<void>,
  tracker: StopTracker,
  options: { deadlineMs: number; timer?: DeadlineTimer },
): Promise<StopOutcome> {
  const timer = (options.timer ?? realTimer)(options.deadlineMs);
  try {
    const finished = await Promise.race([stop().then(() => true), timer.expired.then(() => false)]);
    return finished ? { stopped: true } : { stopped: false, unfinished: tracker.unfinished() };
  } finally {
    timer.clear();
  }
}
