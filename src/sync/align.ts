import type { Cue } from "./cue-times.ts";
import { correlateSpectra, type HalfSpectrum, nextPowerOfTwo, realFft } from "./fft.ts";
import { activitySignal, subtitleTimeline } from "./timeline.ts";
import { FRAME_MS } from "./vad.ts";

/** The framerate conversions a subtitle made for another release may need (new time = old × ratio). */
export const FRAMERATE_RATIOS: readonly { label: string; ratio: number }[] = [
  { label: "1", ratio: 1 },
  ...(
    [
      ["23.976", "24"],
      ["24", "23.976"],
      ["24", "25"],
      ["25", "24"],
      ["23.976", "25"],
      ["25", "23.976"],
      ["29.97", "25"],
      ["25", "29.97"],
      ["23.976", "29.97"],
      ["29.97", "23.976"],
    ] as const
  ).map(([from, to]) => ({ label: `${from}/${to}`, ratio: fps(from) / fps(to) })),
];

/** The exact NTSC rates behind their usual names. */
function fps(name: string): number {
  if (name === "23.976") return 24_000 / 1001;
  if (name === "29.97") return 30_000 / 1001;
  return Number(name);
}

export interface AlignOptions {
  /** Offsets beyond this are not considered. */
  maxOffsetMs: number;
  /** The runner-up is the best peak at least this far from the winner (same ratio). */
  runnerUpWindowMs: number;
  /**
   * A framerate conversion wins only when it beats ratio 1 by this much: on a short file a ratio 0.1%
   * off costs almost nothing, and such a tie is noise, not a conversion. On bench/sync-corpus every
   * true conversion beats ratio 1 by 0.0074 or more, while a wrong one came within 0.0026 of it on the
   * 60 s test clip once its audio was read at its container times: 0.004 sits between the two.
   */
  ratioMargin: number;
  /** Called before each ratio; the worker collects garbage there, holding memory to one ratio's spectra. */
  betweenRatios?: () => void;
  /** Only these ratios (by label); all by default. */
  ratios?: readonly string[];
}

export const DEFAULT_ALIGN: AlignOptions = {
  maxOffsetMs: 60_000,
  runnerUpWindowMs: 1_000,
  ratioMargin: 0.004,
};

export interface Alignment {
  /** New time = old time × ratio + offsetMs. */
  offsetMs: number;
  ratio: number;
  ratioLabel: string;
  /**
   * Scores are (frames that agree − frames that disagree) / frames of the subtitle: 1 is a perfect
   * match, 0 chance.
   */
  score: number;
  /** The best score at least `runnerUpWindowMs` away from the winner. */
  runnerUpScore: number;
  /** The score of the file as it is (offset 0, ratio 1). */
  asIsScore: number;
}

/**
 * The linear retiming (framerate ratio and offset) of `cues` that best matches `reference` — speech
 * activity, or another subtitle's activity, per 10 ms — by FFT cross-correlation, one per ratio.
 */
export function alignCues(
  reference: Uint8Array,
  cues: readonly Cue[],
  options: AlignOptions = DEFAULT_ALIGN,
): Alignment {
  const signal = activitySignal(reference);
  const spectra = new Map<number, HalfSpectrum>();
  const maxLag = Math.round(options.maxOffsetMs / FRAME_MS);
  const window = Math.round(options.runnerUpWindowMs / FRAME_MS);
  const norm = Math.max(1, subtitleTimeline(cues, 1).length);
  let best: Alignment | null = null;
  let unconverted: Alignment | null = null;
  let asIsScore = 0;
  for (const { label, ratio } of FRAMERATE_RATIOS) {
    options.betweenRatios?.();
    if (options.ratios && !options.ratios.includes(label)) continue;
    const timeline = subtitleTimeline(cues, ratio);
    if (timeline.length === 0) continue;
    // Lags beyond maxLag are never read, so the circular correlation only has to be exact within ±maxLag.
    const n = nextPowerOfTwo(Math.max(signal.length, timeline.length) + maxLag + 1);
    let spectrum = spectra.get(n);
    if (!spectrum) {
      spectrum = realFft(signal, n);
      spectra.set(n, spectrum);
    }
    const correlation = correlateSpectra(spectrum, realFft(timeline, n));
    const at = (lag: number) => correlation[lag >= 0 ? lag : n + lag]!;
    const low = -Math.min(maxLag, timeline.length - 1);
    const high = Math.min(maxLag, signal.length - 1);
    if (label === "1") asIsScore = at(0) / norm;
    let peak = low;
    for (let lag = low; lag <= high; lag++) if (at(lag) > at(peak)) peak = lag;
    let runnerUp = Number.NEGATIVE_INFINITY;
    for (let lag = low; lag <= high; lag++) {
      if (Math.abs(lag - peak) > window && at(lag) > runnerUp) runnerUp = at(lag);
    }
    const score = at(peak) / norm;
    if (best && score <= best.score) continue;
    const candidate = {
      offsetMs: (peak + subFrame(at(peak - 1), at(peak), at(peak + 1))) * FRAME_MS,
      ratio,
      ratioLabel: label,
      score,
      runnerUpScore: Number.isFinite(runnerUp) ? runnerUp / norm : -1,
      asIsScore,
    };
    if (label === "1") unconverted = candidate;
    if (label === "1" || !unconverted || score > unconverted.score + options.ratioMargin) best = candidate;
  }
  if (!best) return { offsetMs: 0, ratio: 1, ratioLabel: "1", score: 0, runnerUpScore: 0, asIsScore: 0 };
  return { ...best, asIsScore };
}

/** Where between frames the peak lies: the vertex of the parabola through it and its neighbours. */
function subFrame(left: number, centre: number, right: number): number {
  const curvature = left - 2 * centre + right;
  if (!(curvature < 0)) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / curvature));
}
