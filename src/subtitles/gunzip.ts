import { Gunzip } from "fflate";
import { concatChunks } from "../bytes.ts";
import { pushInSteps } from "./inflate-chunks.ts";
import type { MemberBudget } from "./member-budget.ts";
import { ExtractError } from "./types.ts";

/**
 * Streams in budget-sized steps so that a bomb is stopped before its output is allocated; the
 * size trailer is never trusted for allocation. fflate checks neither the trailer's CRC nor its size,
 * so both are verified here (for the last member of a concatenated stream).
 */
export function gunzipPayload(bytes: Uint8Array, budget: MemberBudget): Uint8Array {
  const chunks: Uint8Array[] = [];
  let ended = false;
  let produced = 0;
  let lastMemberStart = 0;
  const gunzip = new Gunzip((chunk, final) => {
    budget.grow(chunk.length);
    chunks.push(chunk);
    produced += chunk.length;
    if (final) ended = true;
  });
  gunzip.onmember = () => {
    lastMemberStart = produced;
  };
  try {
    pushInSteps(gunzip, bytes, budget);
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError("corrupt", `gzip: ${(error as Error).message}`);
  }
  if (!ended) throw new ExtractError("corrupt", "gzip: truncated stream");
  const payload = concatChunks(chunks);
  verifyTrailer(bytes, payload.subarray(lastMemberStart));
  return payload;
}

/** The last trailer describes the last member (the whole payload when there is one, as usual). */
function verifyTrailer(bytes: Uint8Array, payload: Uint8Array): void {
  if (bytes.length < 18) throw new ExtractError("corrupt", "gzip: truncated stream");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const crc = view.getUint32(bytes.length - 8, true);
  const size = view.getUint32(bytes.length - 4, true);
  if (size !== payload.length % 2 ** 32 || crc !== Bun.hash.crc32(payload)) {
    throw new ExtractError("corrupt", "gzip: CRC or size check failed");
  }
}
