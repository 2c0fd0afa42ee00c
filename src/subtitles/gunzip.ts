import { Gunzip } from "fflate";
import type { MemberBudget } from "./member-budget.ts";
import { ExtractError } from "./types.ts";

/** Streams so that a lying size trailer cannot make us allocate or truncate. */
export function gunzipPayload(bytes: Uint8Array, budget: MemberBudget): Uint8Array {
  const chunks: Uint8Array[] = [];
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    budget.grow(chunk.length);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    gunzip.push(bytes, true);
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError("corrupt", `gzip: ${(error as Error).message}`);
  }
  if (!ended) throw new ExtractError("corrupt", "gzip: truncated stream");
  return concatChunks(chunks);
}

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
