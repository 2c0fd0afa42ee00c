import { describe, expect, test } from "bun:test";
import { ProviderError, type SubtitleProvider } from "../../src/providers/types.ts";
import { addBlacklist } from "../../src/wanted/history-store.ts";
import { missReason, noneFoundReason } from "../../src/wanted/miss-reason.ts";
import { candidate } from "../providers/fixtures.ts";
import { goodProvider, items, searchHarness } from "./search-harness.ts";

// "Why is this episode still without subtitles?" A search that found subtitles in the language but
// took none says why on the item (its last error, shown on the Wanted row), not just that none was
// acceptable.

const { library } = searchHarness();

/** German subtitles for the episode: one of another release (few points), two hearing-impaired. */
const mixedProvider: SubtitleProvider = {
  ...goodProvider(),
  search: async (q) => [
    candidate("opensubtitles", "other-release", {
      language: "de",
      releaseNames: ["Something.Else.2019.1080p.BluRay-XYZ"],
    }),
    ...["hi-1", "hi-2"].map((id) =>
      candidate("opensubtitles", id, {
        language: "de",
        season: q.season,
        episodes: q.episodes,
        hearingImpaired: true,
        releaseNames: [`Breaking.Bad.S01E0${q.episodes[0]}.720p-GRP`],
      }),
    ),
  ],
};

describe("a search that found subtitles but took none", () => {
  test("names the best score against the minimum, the refused and the blacklisted", async () => {
    const rt = await library(1, mixedProvider, {
      search: { concurrency: 1, backoffBaseMinutes: 60, minScore: 300 },
      profile: { hearingImpaired: "exclude" },
    });
    // One of the hearing-impaired ones was blacklisted by hand.
    addBlacklist(
      rt.deps.db.db,
      { provider: "opensubtitles", candidateId: "hi-2", reason: null },
      "2026-11-24T10:00:00Z",
    );

    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done.notFound).toBe(1);
    const error = items(rt)[0]!.last_error!;
    expect(error).toMatch(/^3 found, none taken: best scored \d+ of the 300 needed \(opensubtitles\); /);
    expect(error).toContain("1 refused: hearing-impaired subtitles are excluded by the profile");
    expect(error).toContain("1 blacklisted");
  });
});

describe("missReason", () => {
  const scored = (id: string, score: number, rejected: string | null = null) => ({
    candidate: candidate("podnapisi", id, { language: "de" }),
    score,
    breakdown: {},
    matches: [],
    rejected,
  });

  test("the best of those under the minimum speaks for them", () => {
    expect(
      missReason({
        scored: [scored("a", 120), scored("b", 180), scored("c", 90)],
        blacklisted: 0,
        minScore: 200,
        triedBefore: 0,
      }),
    ).toBe("3 found, none taken: best scored 180 of the 200 needed (podnapisi)");
  });

  test("refusals are counted under their most common reason", () => {
    expect(
      missReason({
        scored: [
          scored("a", 300, "for S01E02, not S01E01"),
          scored("b", 300, "a forced (foreign parts only) subtitle"),
          scored("c", 300, "a forced (foreign parts only) subtitle"),
          scored("d", 300, "for S01E03, not S01E01"),
        ],
        blacklisted: 0,
        minScore: 200,
        triedBefore: 0,
      }),
    ).toBe("4 found, none taken: 4 refused: a forced (foreign parts only) subtitle, and 2 other reasons");
  });

  test("acceptable ones already tried say so, and where they are still listed", () => {
    expect(missReason({ scored: [scored("a", 300)], blacklisted: 2, minScore: 200, triedBefore: 1 })).toBe(
      "3 found, none taken: 1 gave no usable subtitle when downloaded before (interactive search lists it); 2 blacklisted",
    );
  });
});

describe("a search that found nothing in the language", () => {
  test("names the providers asked and those that could not answer", async () => {
    const empty: SubtitleProvider = { ...goodProvider(), search: async () => [] };
    const down: SubtitleProvider = {
      ...goodProvider(),
      name: "podnapisi",
      search: async () => {
        throw new ProviderError("podnapisi", "unavailable", "503 Service Unavailable");
      },
    };
    const rt = await library(1, [
      { provider: empty, priority: 0 },
      { provider: down, priority: 1 },
    ]);
    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done.notFound).toBe(1);
    expect(items(rt)[0]!.last_error).toBe(
      "no subtitle found by opensubtitles (podnapisi failed: 503 Service Unavailable)",
    );
  });

  test("providers that took no part are left out", () => {
    expect(
      noneFoundReason([
        { provider: "opensubtitles", ok: true, candidates: 0, ms: 5 },
        { provider: "gestdown", ok: false, skipped: true, reason: "not for movies" },
        { provider: "podnapisi", ok: true, candidates: 2, ms: 5 },
      ]),
    ).toBe("no subtitle found by opensubtitles, podnapisi");
  });
});
