import { describe, expect, test } from "bun:test";
import { outcomeEvents } from "../../src/wanted/outcome-events.ts";
import type { WantedRecord } from "../../src/wanted/store/index.ts";

// Only the fields the events read; the rest of the row does not matter here.
const item = {
  id: 3,
  status: "searching",
  language: "de",
  variant: "full",
  attempts: 9,
  file: {
    kind: "episode",
    instance: "main",
    source: "sonarr",
    title: "Breaking Bad",
    season: 1,
    episodesJson: "[4,5]",
    year: 2008,
    path: "/tv/bb/S01E04.mkv",
  },
} as WantedRecord;

const limits = { maxAttempts: 10, afterAttemptsEveryDays: 7 };

describe("what a settled search publishes", () => {
  test("a saved subtitle is subtitle.saved with the item's media and the provider", () => {
    const [event] = outcomeEvents(
      item,
      { status: "found", path: "/tv/bb/S01E04.de.srt", provider: "subdl", score: 71 },
      10,
      limits,
    );
    expect(event).toEqual({
      type: "subtitle.saved",
      data: {
        itemId: 3,
        instance: "main",
        kind: "episode",
        title: "Breaking Bad",
        season: 1,
        episodes: [4, 5],
        year: 2008,
        language: "de",
        variant: "full",
        videoPath: "/tv/bb/S01E04.mkv",
        path: "/tv/bb/S01E04.de.srt",
        provider: "subdl",
        score: 71,
        manual: false,
      },
    });
  });

  test("the attempt that reaches search.maxAttempts without a subtitle is item.exhausted, once", () => {
    expect(
      outcomeEvents(item, { status: "not_found", reason: "no subtitle found" }, 10, limits),
    ).toMatchObject([
      { type: "item.exhausted", data: { itemId: 3, attempts: 10, reason: "no subtitle found" } },
    ]);
    expect(outcomeEvents(item, { status: "failed", reason: "io-error" }, 10, limits)).toHaveLength(1);
    // An earlier attempt, an attempt not spent, a later manual search: nothing.
    expect(outcomeEvents({ ...item, attempts: 3 }, { status: "not_found", reason: "x" }, 4, limits)).toEqual(
      [],
    );
    expect(
      outcomeEvents(item, { status: "failed", reason: "video file not found locally" }, 9, limits),
    ).toEqual([]);
    expect(
      outcomeEvents({ ...item, attempts: 10 }, { status: "not_found", reason: "x" }, 11, limits),
    ).toEqual([]);
    expect(outcomeEvents(item, { status: "released", reason: "cancelled" }, 9, limits)).toEqual([]);
    expect(outcomeEvents(item, { status: "resolved", path: "/x.srt" }, 10, limits)).toEqual([]);
  });

  test("a subtitle picked by hand is marked manual", () => {
    const [event] = outcomeEvents(
      item,
      { status: "found", path: "/p.srt", provider: "jimaku", score: 50 },
      0,
      {
        ...limits,
        manual: true,
      },
    );
    expect(event).toMatchObject({ type: "subtitle.saved", data: { manual: true } });
  });
});
