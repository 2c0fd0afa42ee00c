import type { EventMedia, ItemExhausted, SubhoundEvent } from "../events/bus.ts";
import type { ItemOutcome } from "./search-types.ts";
import type { WantedRecord } from "./store/index.ts";

export function mediaOf(item: WantedRecord): EventMedia {
  let episodes: number[] = [];
  try {
    const parsed: unknown = JSON.parse(item.file.episodesJson);
    if (Array.isArray(parsed)) episodes = parsed.filter((n): n is number => typeof n === "number");
  } catch {
    // A malformed list only loses the episode numbers of a message.
  }
  return {
    itemId: item.id,
    instance: item.file.instance,
    kind: item.file.kind,
    title: item.file.title,
    season: item.file.season,
    episodes,
    year: item.file.year,
    language: item.language,
    variant: item.variant,
    videoPath: item.file.path,
  };
}

/**
 * What a settled search tells the rest of the server (notifications): a subtitle saved, or the
 * item's last attempt at the backoff pace spent without one. `attemptsNow` counts this attempt.
 */
export function outcomeEvents(
  item: WantedRecord,
  outcome: ItemOutcome,
  attemptsNow: number,
  options: { maxAttempts: number; afterAttemptsEveryDays: number; manual?: boolean },
): SubhoundEvent[] {
  if (outcome.status === "found") {
    const { path, provider, score } = outcome;
    const data = { ...mediaOf(item), path, provider, score, manual: options.manual === true };
    return [{ type: "subtitle.saved", data }];
  }
  // Once, when the attempt that reaches the limit is spent; later ones (the searches every
  // afterAttemptsEveryDays, a manual search) do not repeat it.
  const spent = attemptsNow > item.attempts;
  if (
    (outcome.status === "not_found" || outcome.status === "failed") &&
    spent &&
    attemptsNow === options.maxAttempts
  ) {
    const data: ItemExhausted = {
      ...mediaOf(item),
      attempts: attemptsNow,
      reason: outcome.reason,
      searchEveryDays: options.afterAttemptsEveryDays,
    };
    return [{ type: "item.exhausted", data }];
  }
  return [];
}
