// From the generated types, not api/wanted.ts: the server's tests read these texts, and the API
// client module needs the browser's types.
import type { components } from "../../../generated/api-types.d.ts";
import { episodeCode } from "../../app/format.ts";

type WantedItem = components["schemas"]["WantedItem"];

/** "S01E02", "S01E02-E03", or the year of a movie. */
export function episodeLabel(item: Pick<WantedItem, "kind" | "season" | "episodes" | "year">): string {
  if (item.kind === "movie") return item.year ? String(item.year) : "";
  return episodeCode(item.season, item.episodes);
}

type SearchFacts = Pick<WantedItem, "autoSearch" | "status" | "nextRetryAt" | "attempts" | "maxAttempts">;

/**
 * Out of its attempts, yet still searched automatically: every `search.afterAttemptsEveryDays`
 * (the server says due or waiting only then; with the setting at 0 it says exhausted).
 */
export function searchedAfterAttempts(item: SearchFacts): boolean {
  return item.attempts >= item.maxAttempts && (item.autoSearch === "due" || item.autoSearch === "waiting");
}

/** "weekly", "daily", "every 3 days". */
export function everyDaysText(days: number): string {
  return days === 7 ? "weekly" : days === 1 ? "daily" : `every ${days} days`;
}

/** "3 of 10 attempts"; past the limit, where the count goes on, "12 attempts". */
export function attemptsText(item: Pick<WantedItem, "attempts" | "maxAttempts">, short = false): string {
  if (item.attempts > item.maxAttempts) return `${item.attempts} attempts`;
  return short
    ? `${item.attempts}/${item.maxAttempts} attempts`
    : `${item.attempts} of ${item.maxAttempts} attempts`;
}

/** "weekly from now on": the pace of an item's searches after its attempts; without the setting, no pace is made up. */
export function afterAttemptsPace(everyDays: number | null): string {
  return `${everyDays ? everyDaysText(everyDays) : "less often"} from now on`;
}

/**
 * What the automatic search will do next, in words (the time itself is shown beside it).
 * `everyDays`: search.afterAttemptsEveryDays, null while unknown (the settings not loaded).
 */
export function autoSearchText(item: SearchFacts, everyDays: number | null = null): string {
  if (searchedAfterAttempts(item))
    return `${afterAttemptsPace(everyDays)}, ${item.autoSearch === "due" && !item.nextRetryAt ? "due now" : "next"}`;
  switch (item.autoSearch) {
    case "due":
      return item.nextRetryAt ? "next run" : "due now";
    case "waiting":
      return "retry";
    case "exhausted":
      return "out of attempts";
    default:
      return item.status === "ignored"
        ? "ignored"
        : item.status === "failed"
          ? "not retried automatically"
          : item.status === "searching"
            ? "searching now"
            : "none needed";
  }
}
