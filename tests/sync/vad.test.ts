import { describe, expect, test } from "bun:test";
import { FRAME_SAMPLES, SpeechDetector } from "../../src/sync/vad.ts";

/** Seeded noise so a failure repeats. */
function noise(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** 10 s of quiet hiss with "speech" (loud modulated noise) at 1–3 s and 5.5–6 s, and a steady hum from 7 s. */
function syntheticPcm(): Int16Array {
  const next = noise(7);
  const pcm = new Int16Array(16_000 * 10);
  for (let i = 0; i < pcm.length; i++) {
    const t = i / 16_000;
    let x = next() * 60;
    const speaking = (t >= 1 && t < 3) || (t >= 5.5 && t < 6);
    if (speaking) x += next() * 12_000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t));
    if (t >= 7) x += 3_000 * Math.sin(2 * Math.PI * 1_000 * t);
    pcm[i] = Math.round(x);
  }
  return pcm;
}

const framesAt = (activity: Uint8Array, fromS: number, toS: number) =>
  activity.subarray(Math.round(fromS * 100), Math.round(toS * 100));
const share = (a: Uint8Array) => a.reduce((n, v) => n + v, 0) / a.length;

describe("SpeechDetector", () => {
  test("marks loud stretches as speech and quiet hiss as not, one decision per 10 ms", () => {
    const detector = new SpeechDetector();
    detector.push(syntheticPcm());
    const activity = detector.result();
    expect(activity.length).toBe(1000);
    expect(share(framesAt(activity, 1.05, 2.95))).toBeGreaterThan(0.95);
    expect(share(framesAt(activity, 5.55, 5.95))).toBeGreaterThan(0.95);
    expect(share(framesAt(activity, 0.2, 0.95))).toBe(0);
    expect(share(framesAt(activity, 3.3, 5.4))).toBe(0);
  });

  test("a steady hum becomes the floor within two seconds instead of being speech", () => {
    const detector = new SpeechDetector();
    detector.push(syntheticPcm());
    expect(share(framesAt(detector.result(), 9, 10))).toBe(0);
  });

  test("the hangover keeps speech on for its frames after the last loud one", () => {
    const lastSpeech = (hangoverFrames: number) => {
      const detector = new SpeechDetector({ hangoverFrames });
      detector.push(syntheticPcm());
      return framesAt(detector.result(), 0, 4).lastIndexOf(1);
    };
    expect(lastSpeech(12)).toBe(lastSpeech(0) + 12);
  });

  test("the result does not depend on how the stream was cut into chunks", () => {
    const pcm = syntheticPcm();
    const whole = new SpeechDetector();
    whole.push(pcm);
    const pieces = new SpeechDetector();
    for (let at = 0, size = 1; at < pcm.length; at += size, size = (size * 7 + 3) % 997) {
      pieces.push(pcm.subarray(at, Math.min(pcm.length, at + size)));
    }
    expect(pieces.result()).toEqual(whole.result());
  });

  test("a partial frame waits for the rest", () => {
    const detector = new SpeechDetector();
    detector.push(new Int16Array(FRAME_SAMPLES - 1));
    expect(detector.frameCount).toBe(0);
    detector.push(new Int16Array(1));
    expect(detector.frameCount).toBe(1);
  });
});
