/**
 * Compressed input is fed to the streaming decoders this many bytes at a time. Deflate expands at
 * most ~1032×, so one step yields at most ~1 MiB: the budget is checked after every step and a
 * bomb is stopped within a megabyte of its ceiling, whatever its headers say.
 */
export const INPUT_STEP = 1024;

export function concatChunks(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** Pushes `input` in INPUT_STEP slices; the decoder's callbacks do the counting and may throw. */
export function pushInSteps(
  decoder: { push(chunk: Uint8Array, final?: boolean): void },
  input: Uint8Array,
): void {
  if (input.length === 0) decoder.push(input, true);
  for (let offset = 0; offset < input.length; offset += INPUT_STEP) {
    const end = Math.min(input.length, offset + INPUT_STEP);
    decoder.push(input.subarray(offset, end), end === input.length);
  }
}
