import type { MemberBudget } from "./member-budget.ts";

/** Deflate expands a byte of input to at most ~1032 bytes of output. */
export const DEFLATE_MAX_RATIO = 1032;
/** The smallest input step: near the ceiling a step may overshoot it by at most ~1 MiB. */
export const MIN_INPUT_STEP = 1024;
/** Bounds what one step can allocate (~16 MiB of output, transiently doubled by the decoder). */
const MAX_INPUT_STEP = 16 * 1024;

/**
 * Feeds compressed input to a streaming decoder in steps sized so that even a worst-case step
 * cannot produce more than what is left of the budget (or ~1 MiB near its end): the decoder's
 * callbacks count and throw, and a bomb is stopped before its output is allocated, whatever its
 * headers say. Big steps while far from the ceiling keep ordinary downloads fast.
 */
export function pushInSteps(
  decoder: { push(chunk: Uint8Array, final?: boolean): void },
  input: Uint8Array,
  budget: MemberBudget,
): void {
  if (input.length === 0) decoder.push(input, true);
  for (let offset = 0; offset < input.length; ) {
    const fits = Math.floor(budget.remainingBytes / DEFLATE_MAX_RATIO);
    const step = Math.max(MIN_INPUT_STEP, Math.min(MAX_INPUT_STEP, fits));
    const end = Math.min(input.length, offset + step);
    decoder.push(input.subarray(offset, end), end === input.length);
    offset = end;
  }
}
