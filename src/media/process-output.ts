import { concatChunks } from "../bytes.ts";
import { BodyTooLargeError, formatBytes, readCappedBytes } from "../net/capped-body.ts";

/**
 * Reading what ffmpeg and ffprobe print. Their output comes from a media file, and a file is not
 * trusted: a crafted or broken one can make them print without end (a subtitle stream of gigabytes,
 * an error line per damaged packet). Output that is used is read up to a cap; stderr, of which only
 * the last line is shown, is drained keeping only its tail.
 */

export class ProcessOutputTooLargeError extends Error {
  override name = "ProcessOutputTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`printed more than ${formatBytes(maxBytes)}`);
  }
}

/**
 * The stream's bytes; past `maxBytes` it stops reading, calls `onOverflow` (which kills the
 * process) and throws ProcessOutputTooLargeError.
 */
export async function readCappedOutput(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  onOverflow: () => void,
): Promise<Uint8Array> {
  try {
    return await readCappedBytes(new Response(stream), maxBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    onOverflow();
    throw new ProcessOutputTooLargeError(maxBytes);
  }
}

/** As readCappedOutput, decoded as UTF-8 (BOM dropped, invalid bytes replaced). */
export async function readCappedOutputText(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  onOverflow: () => void,
): Promise<string> {
  return new TextDecoder().decode(await readCappedOutput(stream, maxBytes, onOverflow));
}

/** Reads the stream to its end, keeping only its last `keepBytes` or so; never throws. */
export async function readOutputTail(
  stream: ReadableStream<Uint8Array>,
  keepBytes = 64 * 1024,
): Promise<string> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      kept += value.length;
      while (chunks.length > 1 && kept - chunks[0]!.length >= keepBytes) kept -= chunks.shift()!.length;
    }
  } catch {
    // A pipe that breaks (the process was killed) leaves what was read.
  }
  const joined = concatChunks(chunks);
  return new TextDecoder().decode(
    joined.length > keepBytes ? joined.subarray(joined.length - keepBytes) : joined,
  );
}
