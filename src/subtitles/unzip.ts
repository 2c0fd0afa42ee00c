import { unzipSync } from "fflate";
import type { MemberBudget } from "./member-budget.ts";
import { acceptedMemberName } from "./member-name.ts";
import { ExtractError, type SubtitleFile } from "./types.ts";

/**
 * Budgets by the declared sizes before inflating anything: fflate allocates exactly the declared
 * size per member (and truncates a member that lies about it), so the budget bounds memory.
 */
export function unzipSubtitles(bytes: Uint8Array, budget: MemberBudget): SubtitleFile[] {
  const names = new Map<string, string>();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        const name = acceptedMemberName(entry.name);
        budget.admit(name === null ? 0 : entry.originalSize);
        if (name !== null) names.set(entry.name, name);
        return name !== null;
      },
    });
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError("corrupt", `zip: ${(error as Error).message}`);
  }
  return Object.entries(entries).map(([rawName, data]) => ({
    name: names.get(rawName) ?? rawName,
    bytes: data,
  }));
}
