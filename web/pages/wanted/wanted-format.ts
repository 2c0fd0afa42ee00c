import type { WantedItem } from "../../api/wanted.ts";
import { episodeCode } from "../../app/format.ts";

/** "S01E02", "S01E02-E03", or the year of a movie. */
export function episodeLabel(item: Pick<WantedItem, "kind" | "season" | "episodes" | "year">): string {
  if (item.kind === "movie") return item.year ? String(item.year) : "";
  return episodeCode(item.season, item.episodes);
}

/** What the automatic search will do next, in words (the time itself is shown beside it). */
export function autoSearchText(item: Pick<WantedItem, "autoSearch" | "status" | "nextRetryAt">): string {
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
