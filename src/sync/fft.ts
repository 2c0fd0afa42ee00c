/**
 * Radix-2 FFT on Float64Arrays: a complex transform in place, a real transform of length N done as a
 * complex one of length N/2, and the cross-correlation the aligner needs, in O(N log N).
 */

export const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** In-place iterative complex FFT (unscaled both ways); `re.length` must be a power of two. */
export function complexFft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (!isPowerOfTwo(n) || im.length !== n) throw new Error(`FFT length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  // One table for the largest stage; smaller stages step through it. Direct cos/sin keeps the error flat.
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = sign * Math.sin((2 * Math.PI * k) / n);
  }
  for (let size = 2; size <= n; size *= 2) {
    const halfSize = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < halfSize; k++, t += step) {
        const a = start + k;
        const b = a + halfSize;
        const wr = cos[t]!;
        const wi = sin[t]!;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/** A real signal's spectrum, bins 0..N/2 (the rest are their conjugates). */
export interface HalfSpectrum {
  n: number;
  re: Float64Array;
  im: Float64Array;
}

/** Spectrum of real `x` zero-padded to `n` (a power of two, at least 2). */
export function realFft(x: Float64Array, n: number): HalfSpectrum {
  if (!isPowerOfTwo(n) || n < 2 || x.length > n) throw new Error(`bad real FFT length ${n} for ${x.length}`);
  const m = n >> 1;
  const zr = new Float64Array(m);
  const zi = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    zr[k] = x[2 * k] ?? 0;
    zi[k] = x[2 * k + 1] ?? 0;
  }
  complexFft(zr, zi);
  const re = new Float64Array(m + 1);
  const im = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) {
    const a = k % m;
    const b = (m - k) % m;
    // Even and odd halves: Fe = (Z[k] + conj Z[m-k]) / 2, Fo = (Z[k] - conj Z[m-k]) / 2i.
    const er = (zr[a]! + zr[b]!) / 2;
    const ei = (zi[a]! - zi[b]!) / 2;
    const or = (zi[a]! + zi[b]!) / 2;
    const oi = -(zr[a]! - zr[b]!) / 2;
    const wr = Math.cos((2 * Math.PI * k) / n);
    const wi = -Math.sin((2 * Math.PI * k) / n);
    re[k] = er + (or * wr - oi * wi);
    im[k] = ei + (or * wi + oi * wr);
  }
  return { n, re, im };
}

/** The real signal of length `spectrum.n` whose half spectrum this is (scaled, so it inverts realFft). */
export function inverseRealFft(spectrum: HalfSpectrum): Float64Array {
  const { n, re, im } = spectrum;
  const m = n >> 1;
  const zr = new Float64Array(m);
  const zi = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    // X[k+m] = conj X[m-k] for a real signal; Fe = (X[k] + X[k+m]) / 2, Fo = (X[k] - X[k+m]) / (2 W^k).
    const xr = re[k]!;
    const xi = im[k]!;
    const yr = re[m - k]!;
    const yi = -im[m - k]!;
    const er = (xr + yr) / 2;
    const ei = (xi + yi) / 2;
    const dr = (xr - yr) / 2;
    const di = (xi - yi) / 2;
    const wr = Math.cos((2 * Math.PI * k) / n);
    const wi = Math.sin((2 * Math.PI * k) / n);
    const or = dr * wr - di * wi;
    const oi = dr * wi + di * wr;
    zr[k] = er - oi;
    zi[k] = ei + or;
  }
  complexFft(zr, zi, true);
  const x = new Float64Array(n);
  for (let k = 0; k < m; k++) {
    x[2 * k] = zr[k]! / m;
    x[2 * k + 1] = zi[k]! / m;
  }
  return x;
}

/**
 * Circular cross-correlation `c[k] = Σ_t a[t + k] · b[t]` of two spectra of the same length; with
 * both signals zero-padded to at least `a.length + b.length - 1`, `c[k]` is the plain correlation at
 * lag k for k ≥ 0 and at lag k − n for the top indexes.
 */
export function correlateSpectra(a: HalfSpectrum, b: HalfSpectrum): Float64Array {
  if (a.n !== b.n) throw new Error("spectra of different lengths");
  const re = new Float64Array(a.re.length);
  const im = new Float64Array(a.re.length);
  for (let k = 0; k < re.length; k++) {
    re[k] = a.re[k]! * b.re[k]! + a.im[k]! * b.im[k]!;
    im[k] = a.im[k]! * b.re[k]! - a.re[k]! * b.im[k]!;
  }
  return inverseRealFft({ n: a.n, re, im });
}
