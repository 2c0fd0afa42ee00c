/**
 * Voice activity from 16 kHz mono PCM, one decision per 10 ms frame, fed in chunks as ffmpeg writes
 * them: an energy detector with an adaptive noise floor and a hangover.
 *
 * Why not a package: the maintained VADs for JavaScript are a WebRTC native addon (no prebuilt for a
 * `bun build --compile` binary) or Silero via onnxruntime (tens of MB for the runtime and model).
 * Alignment needs a speech/no-speech timeline to correlate, not word-accurate decisions: a wrong
 * frame here and there only lowers the correlation peak a little. Energy above a floor that follows
 * steady background (music, hum) upward a few dB per second and drops at once to any quieter frame
 * finds dialogue well enough; pre-emphasis weights the 1–4 kHz band where speech lives over the bass
 * of a soundtrack. bench/sync.ts measures what this buys on the corpus.
 */

export const SAMPLE_RATE = 16_000;
export const FRAME_MS = 10;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

export interface VadOptions {
  /** A frame is speech when its energy is this far above the noise floor. */
  thresholdDb: number;
  /** How fast the floor climbs toward louder frames, per frame (0.2 dB ≈ 20 dB/s). */
  floorRiseDb: number;
  /** The floor never goes below this (dBFS): near-digital silence is not a floor to measure speech from. */
  minFloorDb: number;
  /** Frames still counted as speech after the last loud one: the ends of words and short gaps. */
  hangoverFrames: number;
}

export const DEFAULT_VAD: VadOptions = {
  thresholdDb: 10,
  floorRiseDb: 0.2,
  minFloorDb: -65,
  hangoverFrames: 12,
};

/** Frame-by-frame speech detection; memory grows by one byte per 10 ms of audio. */
export class SpeechDetector {
  private readonly options: VadOptions;
  private activity = new Uint8Array(8192);
  private frames = 0;
  private carry = new Int16Array(FRAME_SAMPLES);
  private carried = 0;
  private previousSample = 0;
  private floorDb = Number.NaN;
  private hangover = 0;

  constructor(options: Partial<VadOptions> = {}) {
    this.options = { ...DEFAULT_VAD, ...options };
  }

  /** Adds samples; a partial frame waits for the next chunk. */
  push(samples: Int16Array): void {
    let i = 0;
    if (this.carried > 0) {
      const take = Math.min(FRAME_SAMPLES - this.carried, samples.length);
      this.carry.set(samples.subarray(0, take), this.carried);
      this.carried += take;
      i = take;
      if (this.carried < FRAME_SAMPLES) return;
      this.frame(this.carry, 0);
      this.carried = 0;
    }
    for (; i + FRAME_SAMPLES <= samples.length; i += FRAME_SAMPLES) this.frame(samples, i);
    if (i < samples.length) {
      this.carry.set(samples.subarray(i), 0);
      this.carried = samples.length - i;
    }
  }

  /** 1 for speech, 0 for not, per complete 10 ms frame so far. */
  result(): Uint8Array {
    return this.activity.slice(0, this.frames);
  }

  get frameCount(): number {
    return this.frames;
  }

  private frame(samples: Int16Array, at: number): void {
    let previous = this.previousSample;
    let sum = 0;
    for (let k = at; k < at + FRAME_SAMPLES; k++) {
      const x = samples[k]!;
      const emphasised = x - 0.95 * previous;
      previous = x;
      sum += emphasised * emphasised;
    }
    this.previousSample = previous;
    const energyDb = 10 * Math.log10(sum / FRAME_SAMPLES / (32768 * 32768) + 1e-12);
    const { thresholdDb, floorRiseDb, minFloorDb, hangoverFrames } = this.options;
    if (Number.isNaN(this.floorDb) || energyDb < this.floorDb) this.floorDb = energyDb;
    else this.floorDb += floorRiseDb;
    const floor = Math.max(this.floorDb, minFloorDb);
    if (energyDb > floor + thresholdDb) this.hangover = hangoverFrames + 1;
    const speech = this.hangover > 0;
    if (this.hangover > 0) this.hangover--;
    if (this.frames === this.activity.length) {
      const grown = new Uint8Array(this.activity.length * 2);
      grown.set(this.activity);
      this.activity = grown;
    }
    this.activity[this.frames++] = speech ? 1 : 0;
  }
}
