import type { ScoredCandidate } from "../providers/scoring.ts";

/**
 * What an interactive search showed, so a download can name a candidate the user saw. Bounded:
 * entries older than `ttlMs` are dropped, and past `maxItems` the oldest goes first.
 */
export function createInteractiveCache(
  now: () => number,
  options: { ttlMs?: number; maxItems?: number } = {},
) {
  const ttlMs = options.ttlMs ?? 60 * 60_000;
  const maxItems = options.maxItems ?? 200;
  const entries = new Map<number, { at: number; candidates: ScoredCandidate[] }>();

  function expire() {
    const oldest = now() - ttlMs;
    for (const [itemId, entry] of entries) if (entry.at < oldest) entries.delete(itemId);
  }

  return {
    set(itemId: number, candidates: ScoredCandidate[]) {
      expire();
      entries.delete(itemId);
      entries.set(itemId, { at: now(), candidates });
      while (entries.size > maxItems) entries.delete(entries.keys().next().value!);
    },
    find(itemId: number, provider: string, candidateId: string): ScoredCandidate | undefined {
      expire();
      return entries
        .get(itemId)
        ?.candidates.find((s) => s.candidate.provider === provider && s.candidate.id === candidateId);
    },
    size: () => entries.size,
  };
}
