import { afterEach, describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { checkProviders } from "../../src/health/checks/providers.ts";
import { silentLogger } from "../../src/log.ts";
import { createOpenSubtitlesProvider } from "../../src/providers/opensubtitles.ts";
import { createProviderRegistry } from "../../src/providers/registry.ts";
import { rankCandidates, scoreCandidate } from "../../src/providers/scoring.ts";
import {
  type ProviderCandidate,
  type ProviderContext,
  ProviderError,
  type ProviderName,
  type SubtitleProvider,
} from "../../src/providers/types.ts";
import { openSubtitlesConfig, osSubtitle, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { candidate, episodeQuery } from "./fixtures.ts";

/** A provider whose answers the test scripts, one function call per search. */
function scripted(
  name: ProviderName,
  search: (ctx: ProviderContext) => Promise<ProviderCandidate[]>,
): SubtitleProvider {
  return {
    name,
    rateLimit: { requests: 5, perMs: 1000 },
    search: (_q, ctx) => search(ctx),
    download: async () => ({ fileName: "x.srt", bytes: new Uint8Array() }),
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

let db: DbHandle | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

function registry(providers: SubtitleProvider[], clock = manualClock()) {
  db ??= openDatabase({ path: ":memory:" });
  migrate(db!.sqlite);
  const sleeps: number[] = [];
  const reg = createProviderRegistry({
    providers: providers.map((provider, i) => ({ provider, priority: i * 100 })),
    db: db!.db,
    clock,
    log: silentLogger,
    requestTimeoutMs: 150,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    failureThreshold: 3,
    cooldownMs: 60_000,
  });
  return { reg, sleeps, clock };
}

describe("provider registry", () => {
  test("a 429 pauses the provider for its Retry-After and the search is retried, not dropped", async () => {
    let calls = 0;
    const stamps: number[] = [];
    const clock = manualClock();
    const { reg, sleeps } = registry(
      [
        scripted("opensubtitles", async (ctx) => {
          stamps.push(ctx.now().getTime());
          if (calls++ === 0)
            throw new ProviderError("opensubtitles", "rate-limited", "429", { retryAfterMs: 1000 });
          await ctx.fetch("data:text/plain,ok");
          return [candidate("opensubtitles", "1")];
        }),
      ],
      clock,
    );
    const { candidates, outcomes } = await reg.searchAll(episodeQuery(), new AbortController().signal);
    expect(candidates).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: true, candidates: 1 });
    expect(sleeps).toEqual([1000]);
    expect(stamps[1]! - stamps[0]!).toBe(0);
    // The second attempt's request went out only after the advised second.
    expect(clock.now().getTime() - stamps[0]!).toBe(1000);
  });

  test("the last 429 of a search still pauses the provider: the next search waits instead of being refused again", async () => {
    const stamps: number[] = [];
    const clock = manualClock();
    const { reg } = registry(
      [
        scripted("opensubtitles", async (ctx) => {
          await ctx.fetch("data:text/plain,ok");
          stamps.push(clock.now().getTime());
          throw new ProviderError("opensubtitles", "rate-limited", "429", { retryAfterMs: 5000 });
        }),
      ],
      clock,
    );
    const signal = new AbortController().signal;
    const first = await reg.searchAll(episodeQuery(), signal);
    expect(first.outcomes[0]).toMatchObject({ ok: false, skipped: false });
    expect(stamps).toHaveLength(3);
    expect(reg.status()[0]!.rateLimit.pausedUntil).toBe(new Date(stamps[2]! + 5000).toISOString());
    await reg.searchAll(episodeQuery(), signal);
    expect(stamps[3]! - stamps[2]!).toBeGreaterThanOrEqual(5000);
  });

  test("a quota error pauses the provider until the reset, and the pause survives a restart", async () => {
    const clock = manualClock("2026-11-24T10:00:00Z");
    const resumeAt = new Date("2026-11-25T00:00:00Z");
    const quota = scripted("opensubtitles", async () => {
      throw new ProviderError("opensubtitles", "quota", "download quota spent", { resumeAt });
    });
    const { reg } = registry([quota], clock);
    const first = await reg.searchAll(episodeQuery(), new AbortController().signal);
    expect(first.outcomes[0]).toMatchObject({ ok: false, skipped: true });
    expect(reg.status()[0]).toMatchObject({ healthy: false, quota: { pausedUntil: resumeAt.toISOString() } });

    let asked = 0;
    const after = registry(
      [
        scripted("opensubtitles", async () => {
          asked++;
          return [];
        }),
      ],
      clock,
    ).reg;
    await after.searchAll(episodeQuery(), new AbortController().signal);
    expect(asked).toBe(0);
    clock.set("2026-11-25T00:00:01Z");
    // Run out: no pause shown, nor its reason, before any request and after a restart alike.
    const restarted = registry([scripted("opensubtitles", async () => [])], clock).reg;
    expect(restarted.status()[0]!.quota).toMatchObject({ pausedUntil: null, reason: null });
    expect(after.status()[0]!.quota).toMatchObject({ pausedUntil: null, reason: null });
    await after.searchAll(episodeQuery(), new AbortController().signal);
    expect(asked).toBe(1);
    expect(after.status()[0]!.quota.pausedUntil).toBeNull();
  });

  test("a spent quota's pause is lifted by a Test that finds downloads left again (account upgraded)", async () => {
    const fake = await startFakeOpenSubtitles();
    try {
      fake.subtitles.push(osSubtitle(7));
      fake.files.set(7, "1\n00:00:01,000 --> 00:00:02,000\nSay my name.\n");
      fake.remaining = 0;
      const clock = manualClock("2026-11-24T10:00:00Z");
      const provider = createOpenSubtitlesProvider({
        ...openSubtitlesConfig(fake),
        priority: 100,
        userAgent: "Subhound v0.1.0",
      });
      const { reg } = registry([provider], clock);
      const signal = new AbortController().signal;
      const { candidates } = await reg.searchAll(episodeQuery(), signal);
      expect(candidates).toHaveLength(1);
      expect((await reg.download(candidates[0]!, signal).catch((e) => e)).kind).toBe("quota");
      expect(reg.status()[0]!.quota.pausedUntil).toBe("2026-11-25T00:00:00.000Z");

      // The user upgrades to VIP and presses Test: the account now has downloads left.
      fake.remaining = 1000;
      fake.allowedDownloads = 1000;
      const tested = await reg.test("opensubtitles", signal);
      expect(tested).toMatchObject({ ok: true });
      expect(tested!.message).toContain("1000 of 1000 downloads left");
      expect(reg.status()[0]).toMatchObject({ healthy: true, quota: { pausedUntil: null, remaining: 1000 } });
      const file = await reg.download(candidates[0]!, signal);
      expect(file.bytes.length).toBeGreaterThan(0);
    } finally {
      await fake.stop();
    }
  });

  test("repeated failures open the breaker; after the cooldown one probe closes it again", async () => {
    let fail = true;
    let asked = 0;
    const { reg, clock } = registry([
      scripted("subdl", async () => {
        asked++;
        if (fail) throw new ProviderError("subdl", "unavailable", "502");
        return [];
      }),
    ]);
    const signal = new AbortController().signal;
    for (let i = 0; i < 4; i++) await reg.searchAll(episodeQuery(), signal);
    const turnedAway = await reg.searchAll(episodeQuery(), signal);
    expect(asked).toBe(3);
    // The search says why it was not asked, what failed, and when it is tried again.
    const retryAt = new Date(clock.now().getTime() + 60_000).toISOString();
    expect(turnedAway.outcomes[0]).toMatchObject({
      ok: false,
      reason: `circuit breaker open after repeated failures (3 in a row, last: 502); next try at ${retryAt}`,
    });
    expect(reg.status()[0]).toMatchObject({ breaker: "open", healthy: false, consecutiveFailures: 3 });
    clock.advance(60_000);
    fail = false;
    await Promise.all([reg.searchAll(episodeQuery(), signal), reg.searchAll(episodeQuery(), signal)]);
    expect(asked).toBe(4);
    expect(reg.status()[0]!.breaker).toBe("closed");
  });

  test("a provider that hangs costs at most the request timeout; the others still answer", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Promise<Response>(() => {}),
    });
    try {
      const { reg } = registry([
        scripted("podnapisi", async (ctx) => {
          await ctx.fetch(`http://127.0.0.1:${server.port}/hang`);
          return [];
        }),
        scripted("gestdown", async () => [candidate("gestdown", "g1")]),
      ]);
      const { candidates, outcomes } = await reg.searchAll(episodeQuery(), new AbortController().signal);
      expect(candidates.map((c) => c.id)).toEqual(["g1"]);
      expect(outcomes.find((o) => o.provider === "podnapisi")).toMatchObject({ ok: false, skipped: false });
      expect(reg.status().find((s) => s.name === "podnapisi")!.lastError!.message).toContain(
        "no answer within 150 ms",
      );
    } finally {
      server.stop(true);
    }
  });

  test("a provider whose config keeps it from delivering is degraded, named why, and not searched", async () => {
    let searched = 0;
    const limited: SubtitleProvider = {
      ...scripted("opensubtitles", async () => {
        searched++;
        return [candidate("opensubtitles", "1")];
      }),
      limitation: () => "downloads need a username and password",
    };
    const { reg } = registry([limited, scripted("podnapisi", async () => [candidate("podnapisi", "2")])]);
    const { candidates, outcomes } = await reg.searchAll(episodeQuery(), new AbortController().signal);
    expect(searched).toBe(0);
    expect(candidates.map((c) => c.provider)).toEqual(["podnapisi"]);
    expect(outcomes[0]).toEqual({
      provider: "opensubtitles",
      ok: false,
      skipped: true,
      reason: "downloads need a username and password",
    });
    const [os, pod] = reg.status();
    expect(os).toMatchObject({ healthy: false, limitation: "downloads need a username and password" });
    expect(os?.stats.searchFailures).toBe(0);
    expect(os?.breaker).toBe("closed");
    expect(pod).toMatchObject({ healthy: true, limitation: null });
    expect(checkProviders(reg)).toMatchObject({
      healthy: true,
      message: "1 of 2 providers answering",
      providers: [
        { name: "opensubtitles", healthy: false, message: "downloads need a username and password" },
        { name: "podnapisi", healthy: true, message: "answering" },
      ],
    });
  });

  test("stats: searches, hit rate and latency", async () => {
    let n = 0;
    const { reg } = registry([scripted("jimaku", async () => (n++ % 2 ? [] : [candidate("jimaku", "j")]))]);
    for (let i = 0; i < 4; i++) await reg.searchAll(episodeQuery(), new AbortController().signal);
    expect(reg.status()[0]!.stats).toMatchObject({ searches: 4, searchesWithResults: 2, hitRate: 0.5 });
  });
});

describe("scoring", () => {
  const profile = { hearingImpaired: "include" as const, formats: ["ass" as const, "srt" as const] };

  test("a hash match outweighs a good release-name match", () => {
    const byHash = scoreCandidate(
      candidate("opensubtitles", "h", { matches: ["hash"] }),
      episodeQuery(),
      profile,
    );
    const byName = scoreCandidate(
      candidate("subdl", "n", { releaseNames: ["Breaking.Bad.S01E01.720p.HDTV.x264-OTHER"] }),
      episodeQuery(),
      profile,
    );
    expect(byHash.score).toBeGreaterThan(byName.score);
    expect(byName.breakdown).toMatchObject({ "match:title": 180, "match:season": 30, "match:episode": 30 });
  });

  test("release details: group, source, resolution and codec from the names", () => {
    const s = scoreCandidate(
      candidate("subdl", "x", { releaseNames: ["Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"] }),
      episodeQuery(),
      profile,
    );
    expect(s.matches.sort()).toEqual([
      "episode",
      "releaseGroup",
      "resolution",
      "season",
      "source",
      "title",
      "videoCodec",
      // A series Sonarr names without a year is the only one of its name: its title says the year.
      "year",
    ]);
  });

  test("format preference, hearing-impaired and forced rules", () => {
    const ass = scoreCandidate(candidate("subdl", "a", { format: "ass" }), episodeQuery(), profile);
    const srt = scoreCandidate(candidate("subdl", "s", { format: "srt" }), episodeQuery(), profile);
    expect(ass.breakdown["format:ass"]).toBe(50);
    expect(srt.breakdown["format:srt"]).toBe(25);
    const hi = candidate("subdl", "hi", { hearingImpaired: true });
    expect(scoreCandidate(hi, episodeQuery(), { ...profile, hearingImpaired: "exclude" }).rejected).toContain(
      "excluded",
    );
    expect(
      scoreCandidate(hi, episodeQuery(), { ...profile, hearingImpaired: "prefer" }).breakdown[
        "hearingImpaired:prefer"
      ],
    ).toBe(30);
    expect(
      scoreCandidate(candidate("subdl", "f", { forced: true }), episodeQuery(), profile).rejected,
    ).toContain("forced");
  });

  test("ranking drops rejected and low scores, best first", () => {
    const ranked = rankCandidates(
      [
        candidate("subdl", "low"),
        candidate("subdl", "forced", { forced: true, matches: ["hash"] }),
        candidate("opensubtitles", "best", { matches: ["hash"] }),
      ],
      episodeQuery(),
      profile,
      { minScore: 50, priorityOf: () => 100 },
    );
    expect(ranked.map((r) => r.candidate.id)).toEqual(["best"]);
  });

  test("a candidate the provider says is for another episode, season or film is never taken", () => {
    const rank = (candidates: ProviderCandidate[], query = episodeQuery()) =>
      rankCandidates(candidates, query, profile, { minScore: 0, priorityOf: () => 100 }).map(
        (s) => s.candidate.id,
      );
    // Only other episodes are listed: with minScore 0 the best of them used to be downloaded.
    const wrongEpisode = candidate("subdl", "e2", {
      matches: ["imdb", "title", "season"],
      episodes: [2],
      releaseNames: ["Breaking.Bad.S01E02.1080p.BluRay.x264-ROVERS"],
    });
    const wrongSeason = candidate("opensubtitles", "s2", { matches: ["imdb", "title"], season: 2 });
    expect(rank([wrongEpisode, wrongSeason])).toEqual([]);
    expect(scoreCandidate(wrongEpisode, episodeQuery(), profile).rejected).toBe("for S01E02, not S01E01");
    expect(scoreCandidate(wrongSeason, episodeQuery(), profile).rejected).toBe("for season 2, not S01E01");
    // What the file holds, a part of a double episode, a pack or an unnumbered one still count.
    const packs = [
      candidate("subdl", "right", { matches: ["imdb", "season", "episode"] }),
      candidate("subdl", "half", { episodes: [2] }),
      candidate("subdl", "pack", { episodes: [1, 2, 3], seasonPack: true }),
      candidate("subdl", "whole", { episodes: null, seasonPack: true }),
      candidate("jimaku", "unnumbered", { season: null, episodes: null }),
    ];
    expect(rank(packs, episodeQuery({ episodes: [1, 2] })).sort()).toEqual(
      ["half", "pack", "right", "unnumbered", "whole"].sort(),
    );
    // Movies: the 1984 film is not the 2021 one; a year off by one is the same film.
    const dune = episodeQuery({ kind: "movie", title: "Dune", year: 2021, season: null, episodes: [] });
    const movie = (id: string, year: number | null) =>
      candidate("subdl", id, { season: null, episodes: null, matches: ["title"], year });
    const films = [movie("1984", 1984), movie("2021", 2021), movie("2020", 2020), movie("none", null)];
    expect(rank(films, dune).sort()).toEqual(["2020", "2021", "none"]);
    expect(scoreCandidate(movie("1984", 1984), dune, profile).rejected).toBe(
      "for the 1984 film, not the 2021 one",
    );
  });

  test("equal scores go to the provider with the lower priority number, even within one hundred", () => {
    // Priorities 1 and 2 both earn the full 10 priority points: only the order can honour them.
    const priorities: Partial<Record<ProviderName, number>> = { podnapisi: 1, subdl: 2, gestdown: 150 };
    const ranked = rankCandidates(
      [
        candidate("gestdown", "g", { matches: ["title"], downloads: 900 }),
        candidate("subdl", "s", { matches: ["title"], downloads: 500 }),
        candidate("podnapisi", "p", { matches: ["title"], downloads: 3 }),
      ],
      episodeQuery({ releaseName: null, releaseGroup: null }),
      profile,
      { minScore: 0, priorityOf: (c) => priorities[c.provider] ?? 100 },
    );
    expect(ranked.map((r) => [r.candidate.id, r.score])).toEqual([
      ["p", ranked[0]!.score],
      ["s", ranked[0]!.score],
      ["g", ranked[0]!.score - 1],
    ]);
  });
});
