/** What a liveness answer says about the process that gave it. */
export interface Liveness {
  time: string;
  uptimeSeconds: number;
}

export interface RestartWait {
  /** The `startedAt` of the process that was asked to restart. */
  before: string;
  /** Gives up (`"late"`) after this long without an answer from a new process. */
  deadlineMs: number;
  /** The liveness answer, or null while nothing answers. */
  liveness: () => Promise<Liveness | null>;
  intervalMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  pause?: (ms: number) => Promise<void>;
}

/**
 * Asks `liveness` until a process that started after `before` answers (`"back"`), or the deadline
 * passes (`"late"`). A process's start is its answer's time less its uptime, so a restart quicker
 * than one poll is still told apart from the old process answering.
 */
export async function waitForRestart(wait: RestartWait): Promise<"back" | "late" | "aborted"> {
  const now = wait.now ?? Date.now;
  const pause = wait.pause ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const before = Date.parse(wait.before);
  const until = now() + wait.deadlineMs;
  while (!wait.signal?.aborted) {
    const answer = await wait.liveness();
    // Uptime is rounded to 0.1 s: a second's margin keeps the old process from passing for a new one.
    if (answer && Date.parse(answer.time) - answer.uptimeSeconds * 1000 > before + 1000) return "back";
    if (now() >= until) return "late";
    await pause(wait.intervalMs ?? 1000);
  }
  return "aborted";
}
