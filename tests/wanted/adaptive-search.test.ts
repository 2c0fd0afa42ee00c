import { describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import type { ItemExhausted, SubhoundEvent } from "../../src/events/bus.ts";
import { messageFor } from "../../src/notifications/message.ts";
import type { Profile } from "../../src/profiles/profile.ts";
import type { Runtime } from "../../src/server.ts";
import {
  AFTER_ATTEMPTS_EVERY_DAYS_DEFAULT,
  createExplainer,
  type ItemFacts,
} from "../../src/wanted/wanted-reason.ts";
import { attemptsText, autoSearchText } from "../../web/pages/wanted/wanted-format.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { goodProvider, items, searchHarness } from "./search-harness.ts";

// search.afterAttemptsEveryDays (Bazarr's adaptive searching): an item out of attempts is searched
// again every that many days, without end, instead of never again.

const { clock, library } = searchHarness();
const START = "2026-11-24T10:00:00.000Z";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/** A library of one episode no provider has a subtitle for; the item.exhausted events it publishes. */
async function neverFound(afterAttemptsEveryDays: number) {
  clock.set(START);
  const empty = goodProvider();
  empty.search = async () => [];
  const rt = await library(1, empty, {
    search: { concurrency: 1, maxAttempts: 2, backoffBaseMinutes: 1, afterAttemptsEveryDays },
  });
  const exhausted: SubhoundEvent[] = [];
  rt.deps.events.subscribe(({ event }) => {
    if (event.type === "item.exhausted") exhausted.push(event);
  });
  return { rt, exhausted };
}

/** One scheduled search (its pick: backoff and attempts apply); how many items it took. */
const scheduledRun = async (rt: Runtime) =>
  (await rt.deps.searcher.start({ trigger: "schedule" }).done).total;

describe("searching after the attempts run out", () => {
  test("the item is taken again every afterAttemptsEveryDays, not before; attempts go on; exhausted is told once", async () => {
    const { rt, exhausted } = await neverFound(7);
    expect(await scheduledRun(rt)).toBe(1);
    clock.advance(MINUTE);
    expect(await scheduledRun(rt)).toBe(1);
    // The last attempt at the backoff pace: told once, and the next search is a week away.
    expect(items(rt)[0]).toMatchObject({
      status: "not_found",
      attempts: 2,
      retry_after: at(MINUTE + 7 * DAY),
    });
    expect(exhausted).toHaveLength(1);
    expect(exhausted[0]!.data).toMatchObject({ attempts: 2, searchEveryDays: 7 });

    clock.advance(7 * DAY - MINUTE);
    expect(await scheduledRun(rt)).toBe(0);
    expect(items(rt)[0]!.attempts).toBe(2);
    clock.advance(MINUTE);
    expect(await scheduledRun(rt)).toBe(1);
    expect(items(rt)[0]).toMatchObject({ attempts: 3, retry_after: at(MINUTE + 14 * DAY) });
    clock.advance(7 * DAY);
    expect(await scheduledRun(rt)).toBe(1);
    expect(items(rt)[0]!.attempts).toBe(4);
    expect(exhausted).toHaveLength(1);

    // The Wanted row: still searched automatically, next at the end of the week.
    const row = await jsonOf(request(rt, `/api/v1/wanted/${items(rt)[0]!.id}`));
    expect(row).toMatchObject({
      attempts: 4,
      maxAttempts: 2,
      autoSearch: "waiting",
      nextRetryAt: at(MINUTE + 21 * DAY),
    });
  });

  test("0 keeps the old end: out of attempts, the item is never taken automatically again", async () => {
    const { rt, exhausted } = await neverFound(0);
    expect(await scheduledRun(rt)).toBe(1);
    clock.advance(MINUTE);
    expect(await scheduledRun(rt)).toBe(1);
    clock.advance(365 * DAY);
    expect(await scheduledRun(rt)).toBe(0);
    expect(items(rt)[0]!.attempts).toBe(2);
    expect(exhausted).toHaveLength(1);
    expect(exhausted[0]!.data).toMatchObject({ attempts: 2, searchEveryDays: 0 });
    // The Wanted row says so: out of attempts, no next search.
    expect(await jsonOf(request(rt, `/api/v1/wanted/${items(rt)[0]!.id}`))).toMatchObject({
      attempts: 2,
      autoSearch: "exhausted",
      nextRetryAt: null,
    });
    // A search asked for by id still runs, and counts.
    expect(
      (await rt.deps.searcher.start({ trigger: "api", scope: { ids: [items(rt)[0]!.id] } }).done).total,
    ).toBe(1);
    expect(items(rt)[0]!.attempts).toBe(3);
  });
});

describe("the exhausted notification", () => {
  const media = {
    itemId: 1,
    instance: "main",
    kind: "episode" as const,
    title: "Breaking Bad",
    season: 1,
    episodes: [2],
    year: 2008,
    language: "de",
    variant: "full" as const,
    videoPath: "/tv/bb.mkv",
  };
  const body = (searchEveryDays: number) => {
    const data: ItemExhausted & { searchEveryDays: number } = {
      ...media,
      attempts: 10,
      reason: "no subtitle found",
      searchEveryDays,
    };
    return messageFor({ type: "item.exhausted", data }, START)!.body;
  };

  test("says the item is searched weekly from now on, not that the search gave up", () => {
    expect(body(7)).toBe(
      "German: none found in 10 attempts (no subtitle found). It is searched weekly from now on (search.afterAttemptsEveryDays); search it by hand to try sooner.",
    );
    expect(body(3)).toContain("It is searched every 3 days from now on");
    expect(body(0)).toBe(
      "German: none found in 10 attempts (no subtitle found). It is no longer searched automatically (search.afterAttemptsEveryDays = 0): search it by hand or raise search.maxAttempts.",
    );
    for (const days of [0, 1, 7]) expect(body(days)).not.toContain("gave up");
  });
});

describe("the Wanted row of an item out of attempts", () => {
  const profile = configSchema.parse({}).profile as unknown as Profile;
  const facts: ItemFacts = {
    status: "not_found",
    language: "de",
    variant: "full",
    satisfiedBy: null,
    upgradeCandidate: false,
    attempts: 10,
    retryAfter: "2026-11-29T10:00:00.000Z",
    subtitlesJson: "[]",
    source: "sonarr",
    instance: "main",
    seriesId: 1,
    movieId: null,
  };
  const explainer = (afterAttemptsEveryDays?: number) =>
    createExplainer({
      profileOf: () => profile,
      maxAttempts: 10,
      ...(afterAttemptsEveryDays === undefined ? {} : { afterAttemptsEveryDays }),
      now: START,
      nextSearchRun: "2026-11-24T11:00:00.000Z",
    });

  test("waits for its next weekly search, or is due at the next run; with 0 it is exhausted", () => {
    expect(explainer(7)(facts)).toMatchObject({
      autoSearch: "waiting",
      nextRetryAt: "2026-11-29T10:00:00.000Z",
    });
    expect(explainer(7)({ ...facts, attempts: 14, retryAfter: "2026-11-20T10:00:00.000Z" })).toMatchObject({
      autoSearch: "due",
      nextRetryAt: "2026-11-24T11:00:00.000Z",
    });
    expect(explainer(0)(facts)).toMatchObject({ autoSearch: "exhausted", nextRetryAt: null });
    // An explainer not told the setting assumes its default.
    expect(explainer()(facts).autoSearch).toBe("waiting");
    expect(AFTER_ATTEMPTS_EVERY_DAYS_DEFAULT).toBe(configSchema.parse({}).search.afterAttemptsEveryDays);
  });

  test("reads '10 of 10 attempts · weekly from now on, next' (the time beside it)", () => {
    const row = { ...facts, maxAttempts: 10, autoSearch: "waiting" as const, nextRetryAt: facts.retryAfter };
    expect(attemptsText(row)).toBe("10 of 10 attempts");
    expect(autoSearchText(row, 7)).toBe("weekly from now on, next");
    expect(autoSearchText(row, 1)).toBe("daily from now on, next");
    expect(autoSearchText(row, 3)).toBe("every 3 days from now on, next");
    // Settings not loaded yet: no pace is made up.
    expect(autoSearchText(row, null)).toBe("less often from now on, next");
    // The count goes on past the limit.
    expect(attemptsText({ attempts: 12, maxAttempts: 10 })).toBe("12 attempts");
    expect(attemptsText({ attempts: 12, maxAttempts: 10 }, true)).toBe("12 attempts");
    expect(attemptsText({ attempts: 3, maxAttempts: 10 }, true)).toBe("3/10 attempts");
    // Before the limit, and with the setting at 0, as before.
    expect(autoSearchText({ ...row, attempts: 3 }, 7)).toBe("retry");
    expect(autoSearchText({ ...row, autoSearch: "exhausted", nextRetryAt: null }, 0)).toBe("out of attempts");
  });
});
