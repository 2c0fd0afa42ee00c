import type { Cue } from "./cue-times.ts";
import { FRAME_MS } from "./vad.ts";

/**
 * A subtitle as a signal the audio can be correlated with: per 10 ms frame from time zero to its last
 * cue, +1 while a cue is shown and −1 while none is, with every time first scaled by `ratio` (a
 * framerate conversion). Both signals being ±1 makes the correlation count frames that agree minus
 * frames that disagree, so silence matters as much as speech.
 */
export function subtitleTimeline(cues: readonly Cue[], ratio = 1): Float64Array {
  let lastEnd = 0;
  for (const cue of cues) lastEnd = Math.max(lastEnd, cue.endMs * ratio);
  const timeline = new Float64Array(Math.ceil(lastEnd / FRAME_MS)).fill(-1);
  for (const cue of cues) {
    const from = Math.max(0, Math.round((cue.startMs * ratio) / FRAME_MS));
    const to = Math.min(timeline.length, Math.round((cue.endMs * ratio) / FRAME_MS));
    timeline.fill(1, from, to);
  }
  return timeline;
}

/** Speech activity (1/0 per frame) as the matching ±1 signal. */
export function activitySignal(activity: Uint8Array): Float64Array {
  const signal = new Float64Array(activity.length);
  for (let i = 0; i < activity.length; i++) signal[i] = activity[i] ? 1 : -1;
  return signal;
}
