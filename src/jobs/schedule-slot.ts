import type { Cron } from "croner";

/** The newest time `cron` was due at or before `at`; null when it never was. */
export function lastSlot(cron: Cron, at: Date): Date | null {
  // croner's previous runs are strictly before the reference: one millisecond on includes `at`.
  return cron.previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/**
 * Whether a run that started at `startedAt` was the run for `slot`: it started on or after it and
 * before the time after it. A start past that one means the clock was set back since (a wrong RTC
 * corrected): it must not hold the schedule back until the clock catches up.
 */
export function ranForSlot(cron: Cron, slot: Date, startedAt: Date): boolean {
  if (startedAt.getTime() < slot.getTime()) return false;
  const following = cron.nextRun(slot);
  return following === null || startedAt.getTime() < following.getTime();
}
