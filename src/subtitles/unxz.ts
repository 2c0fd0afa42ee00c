import { XzReadableStream } from "xz-decompress";
import { concatChunks } from "../bytes.ts";
import type { MemberBudget } from "./member-budget.ts";
import { ExtractError } from "./types.ts";

/** xz-embedded's XZ_MEMLIMIT_ERROR: the header asks for a dictionary past the decoder's own limit. */
const MEMLIMIT = /error code 4$/;

/**
 * xz-embedded hands its output over in fixed-size buffers: the budget is checked after each. Its
 * dictionary is allocated by the header's word but capped by the decoder (a larger one is refused).
 */
export async function unxzPayload(bytes: Uint8Array, budget: MemberBudget): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = new XzReadableStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      budget.grow(value.length);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof ExtractError) throw error;
    const message = String((error as Error)?.message ?? error);
    if (MEMLIMIT.test(message))
      throw new ExtractError("too-large", "xz: asks for a larger dictionary than the decoder allows");
    throw new ExtractError("corrupt", `xz: ${message}`);
  }
  return concatChunks(chunks);
}
