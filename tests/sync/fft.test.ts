import { describe, expect, test } from "bun:test";
import { complexFft, correlateSpectra, inverseRealFft, nextPowerOfTwo, realFft } from "../../src/sync/fft.ts";

/** A seeded generator, so a failure repeats. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function directCorrelation(a: Float64Array, b: Float64Array, lag: number): number {
  let sum = 0;
  for (let t = 0; t < b.length; t++) {
    const i = t + lag;
    if (i >= 0 && i < a.length) sum += a[i]! * b[t]!;
  }
  return sum;
}

describe("FFT", () => {
  test("the complex transform matches the O(n²) DFT", () => {
    const next = random(1);
    const n = 64;
    const re = Float64Array.from({ length: n }, next);
    const im = Float64Array.from({ length: n }, next);
    const [xr, xi] = [re.slice(), im.slice()];
    complexFft(xr, xi);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let t = 0; t < n; t++) {
        const angle = (-2 * Math.PI * k * t) / n;
        sr += re[t]! * Math.cos(angle) - im[t]! * Math.sin(angle);
        si += re[t]! * Math.sin(angle) + im[t]! * Math.cos(angle);
      }
      expect(xr[k]!).toBeCloseTo(sr, 9);
      expect(xi[k]!).toBeCloseTo(si, 9);
    }
  });

  test("the real transform inverts to the signal, zero padding included", () => {
    const next = random(2);
    for (const [length, n] of [
      [2, 2],
      [5, 8],
      [300, 512],
      [1024, 1024],
    ] as const) {
      const x = Float64Array.from({ length }, next);
      const back = inverseRealFft(realFft(x, n));
      for (let i = 0; i < n; i++) expect(back[i]!).toBeCloseTo(i < length ? x[i]! : 0, 9);
    }
  });

  test("cross-correlation through spectra equals the direct sum at every lag, on random inputs", () => {
    const next = random(3);
    for (const [la, lb] of [
      [1, 1],
      [37, 11],
      [200, 333],
      [513, 2],
    ] as const) {
      const a = Float64Array.from({ length: la }, next);
      const b = Float64Array.from({ length: lb }, next);
      const n = nextPowerOfTwo(la + lb);
      const c = correlateSpectra(realFft(a, n), realFft(b, n));
      for (let lag = -(lb - 1); lag < la; lag++) {
        expect(c[lag >= 0 ? lag : n + lag]!).toBeCloseTo(directCorrelation(a, b, lag), 8);
      }
    }
  });

  test("a length that is not a power of two is refused", () => {
    expect(() => complexFft(new Float64Array(6), new Float64Array(6))).toThrow("power of two");
    expect(() => realFft(new Float64Array(9), 8)).toThrow();
  });
});
