import { XzReadableStream } from "xz-decompress";
import { concatChunks } from "./inflate-chunks.ts";
import type { MemberBudget } from "./member-budget.ts";
import { ExtractError } from "./types.ts";

/** xz-embedded hands its output over in fixed-size buffers: the budget is checked after each. */
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
    throw new ExtractError("corrupt", `xz: ${String((error as Error)?.message ?? error)}`);
  }
  return concatChunks(chunks);
}
