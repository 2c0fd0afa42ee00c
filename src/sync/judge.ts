import type { Alignment } from "./align.ts";
import type { Cue } from "./cue-times.ts";

/**
 * When a match is good enough to rewrite a subtitle. Scores are (agreeing − disagreeing frames) /
 * frames, so both thresholds are shares of the subtitle's length. Chosen from bench/sync.ts (see
 * BENCHMARKS.md): on its corpus every true match beat the best peak more than a second away by
 * 0.31–0.67 and the file as it was by 0.13–0.93, while no other alignment of a correctly timed file
 * gained more than 0.001. The thresholds sit well below the first two and well above the last, so a
 * noisy real soundtrack still syncs and a correct file is never moved on a fluke.
 */
export interface SyncThresholds {
  /** The winning peak must beat the best one more than a second away by this much. */
  minMargin: number;
  /** …and beat the file as it is by this much. */
  minGain: number;
  /** A retiming that moves no cue further than this leaves the file as it is. */
  inSyncMs: number;
}

export const DEFAULT_THRESHOLDS: SyncThresholds = { minMargin: 0.12, minGain: 0.02, inSyncMs: 100 };

export type SyncVerdict =
  | { apply: true; confidence: number; displacementMs: number }
  | { apply: false; reason: "in-sync" | "unconfident" | "no-gain"; detail: string; confidence: number };

/** How far the alignment would move the cue that moves most (the first or the last, being linear). */
export function displacementMs(alignment: Alignment, cues: readonly Cue[]): number {
  if (cues.length === 0) return 0;
  const first = Math.min(...cues.map((c) => c.startMs));
  const last = Math.max(...cues.map((c) => c.endMs));
  const move = (t: number) => Math.abs(t * (alignment.ratio - 1) + alignment.offsetMs);
  return Math.max(move(first), move(last));
}

export function judgeAlignment(
  alignment: Alignment,
  cues: readonly Cue[],
  thresholds: SyncThresholds = DEFAULT_THRESHOLDS,
): SyncVerdict {
  const confidence = round3(alignment.score - alignment.runnerUpScore);
  const gain = alignment.score - alignment.asIsScore;
  const moved = displacementMs(alignment, cues);
  if (confidence < thresholds.minMargin)
    return {
      apply: false,
      reason: "unconfident",
      detail: `no clear match: the best alignment beats the next best by ${confidence} (needs ${thresholds.minMargin})`,
      confidence,
    };
  if (moved < thresholds.inSyncMs)
    return {
      apply: false,
      reason: "in-sync",
      detail: `already in sync: the best match moves no cue more than ${Math.round(moved)} ms`,
      confidence,
    };
  if (gain < thresholds.minGain)
    return {
      apply: false,
      reason: "no-gain",
      detail: `the best alignment is not clearly better than the file as it is (gain ${round3(gain)}, needs ${thresholds.minGain})`,
      confidence,
    };
  return { apply: true, confidence, displacementMs: moved };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
