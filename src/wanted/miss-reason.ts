import type { SearchOutcome } from "../providers/provider-status.ts";
import type { ScoredCandidate } from "../providers/scoring.ts";

export interface MissFacts {
  /** Every candidate in the item's language that is not blacklisted, scored for the item. */
  scored: readonly ScoredCandidate[];
  /** Candidates in the item's language left out because they are blacklisted. */
  blacklisted: number;
  /** The item's minimum in points: search.minScore or its kind's minScorePercent, the stricter (min-score.ts). */
  minScore: number;
  /** Acceptable candidates not downloaded again: each gave no usable subtitle when it was tried. */
  triedBefore: number;
}

/**
 * Why a search that found subtitles in the item's language took none, as the Wanted row's last error
 * says it: "why is this episode still without subtitles?" answered without opening the interactive
 * search ("3 found, none taken: best scored 180 of the 200 needed (podnapisi); 2 refused: hearing-impaired…").
 * Its first words carry the point: the Wanted row shows two lines of it.
 */
export function missReason({ scored, blacklisted, minScore, triedBefore }: MissFacts): string {
  const parts: string[] = [];
  const below = scored
    .filter((s) => s.rejected === null && s.score < minScore)
    .sort((a, b) => b.score - a.score);
  const best = below[0];
  if (best) parts.push(`best scored ${best.score} of the ${minScore} needed (${best.candidate.provider})`);
  const refused = new Map<string, number>();
  for (const s of scored)
    if (s.rejected !== null) refused.set(s.rejected, (refused.get(s.rejected) ?? 0) + 1);
  const refusedCount = [...refused.values()].reduce((a, b) => a + b, 0);
  if (refusedCount > 0) {
    // The most common reason speaks for them; per-episode ones ("for S01E02, not S01E01") vary.
    const [reason] = [...refused.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const others =
      refused.size > 1 ? `, and ${refused.size - 1} other reason${refused.size > 2 ? "s" : ""}` : "";
    parts.push(`${refusedCount} refused: ${reason}${others}`);
  }
  if (triedBefore > 0)
    parts.push(
      `${triedBefore} gave no usable subtitle when downloaded before (interactive search lists ${triedBefore === 1 ? "it" : "them"})`,
    );
  if (blacklisted > 0) parts.push(`${blacklisted} blacklisted`);
  const total = scored.length + blacklisted;
  return `${total} found, none taken: ${parts.join("; ")}`;
}

/**
 * A search that found no subtitle in the item's language: who was asked, and who could not answer
 * ("no subtitle found by opensubtitles, podnapisi (gestdown failed: 503 Service Unavailable)").
 * Providers that did not take part (paused, not for this kind of item) are left out.
 */
export function noneFoundReason(outcomes: readonly SearchOutcome[]): string {
  const answered = outcomes.filter((o) => o.ok).map((o) => o.provider);
  const failed = outcomes.flatMap((o) => (!o.ok && !o.skipped ? [`${o.provider} failed: ${o.reason}`] : []));
  if (answered.length === 0) return "no subtitle found";
  return `no subtitle found by ${answered.join(", ")}${failed.length > 0 ? ` (${failed.join("; ")})` : ""}`;
}
