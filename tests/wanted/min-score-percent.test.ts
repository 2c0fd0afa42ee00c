import { afterEach, describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { rankCandidates } from "../../src/providers/scoring.ts";
import type { ProviderCandidate, SubtitleProvider, SubtitleQuery } from "../../src/providers/types.ts";
import { bestScoreByName, minScoreFor } from "../../src/wanted/min-score.ts";
import type { UpgradeRunResult } from "../../src/wanted/upgrade.ts";
import { startFakeOllama } from "../fakes/ollama.ts";
import { candidate } from "../providers/fixtures.ts";
import { goodProvider, items, searchHarness, srt } from "./search-harness.ts";

// search.minScorePercent: Bazarr's minimum score per kind, as a share of what the item could score.

const { library } = searchHarness();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const defaults = configSchema.parse({});
const profile = { hearingImpaired: defaults.profile.hearingImpaired, formats: defaults.profile.formats };
const search = (over: { minScore?: number; episodes?: number; movies?: number }) => ({
  minScore: over.minScore ?? 0,
  minScorePercent: { episodes: over.episodes ?? 0, movies: over.movies ?? 0 },
});
/** One provider at priority 100, as config.example.toml has them. */
const registry = { names: () => ["opensubtitles" as const], priorityOf: () => 100 };
const episode = { kind: "episode" as const, file: { year: 2008 } };
const movie = { kind: "movie" as const, file: { year: 2021 } };

describe("the minimum for an item", () => {
  test("is a share of the best score without a hash match, on each kind's own scale", () => {
    // Episodes: every match but the hash (358), the first format (50), priority 100 (9).
    expect(bestScoreByName({ kind: "episode", hasYear: true }, profile, 100)).toBe(417);
    expect(minScoreFor(episode, profile, search({ episodes: 90 }), registry)).toBe(376);
    // Movies score on a third of that scale: 117 + 50 + 9.
    expect(bestScoreByName({ kind: "movie", hasYear: true }, profile, 100)).toBe(176);
    expect(minScoreFor(movie, profile, search({ movies: 70 }), registry)).toBe(124);
    // Each kind its own: the movies' share is no minimum for an episode, and the other way round.
    expect(minScoreFor(episode, profile, search({ movies: 70 }), registry)).toBe(0);
    expect(minScoreFor(movie, profile, search({ episodes: 90 }), registry)).toBe(0);
    // An item without a year cannot match one, so its best is 90 (episodes) or 30 (movies) lower.
    expect(
      minScoreFor({ kind: "movie", file: { year: null } }, profile, search({ movies: 100 }), registry),
    ).toBe(146);
  });

  test("with points and a share both set, the stricter applies", () => {
    expect(minScoreFor(episode, profile, search({ minScore: 400, episodes: 90 }), registry)).toBe(400);
    expect(minScoreFor(episode, profile, search({ minScore: 100, episodes: 90 }), registry)).toBe(376);
    expect(minScoreFor(movie, profile, search({ minScore: 50 }), registry)).toBe(50);
  });

  test("a movie at 70 %: title and year pass, the title alone does not", () => {
    const query: SubtitleQuery = {
      kind: "movie",
      title: "Dune",
      year: 2021,
      season: null,
      episodes: [],
      imdbId: null,
      tvdbId: null,
      tmdbId: null,
      anidbEpisodeId: null,
      anilistId: null,
      releaseName: null,
      releaseGroup: null,
      languages: ["de"],
      forced: false,
      hearingImpaired: "include",
      movieHash: null,
      fileSize: 1,
    };
    const offered = (id: string, matches: ProviderCandidate["matches"]) =>
      candidate("opensubtitles", id, { language: "de", season: null, episodes: [], matches });
    const minScore = minScoreFor(movie, profile, search({ movies: 70 }), registry);
    const ranked = rankCandidates(
      [offered("title-and-year", ["title", "year"]), offered("title-only", ["title"])],
      query,
      profile,
      { minScore, priorityOf: () => 100 },
    );
    // 60 + 30 + SRT 25 + priority 9 = 124: exactly the 124 needed.
    expect(ranked.map((s) => [s.candidate.id, s.score])).toEqual([["title-and-year", 124]]);
  });
});

/** The harness's episode with one German subtitle of the same release: 388 points of the 418 it could score. */
function releaseProvider(): SubtitleProvider {
  return {
    ...goodProvider(),
    search: async (q) =>
      q.languages.includes("de")
        ? [
            candidate("opensubtitles", "good", {
              language: "de",
              releaseNames: ["Breaking.Bad.S01E01.720p-GRP"],
            }),
          ]
        : [],
  };
}

describe("a search with search.minScorePercent", () => {
  test("refuses an episode's candidate under its kind's share, and says so in points", async () => {
    // Best for this episode: 358 + ASS first (50) + priority 0 (10) = 418; 95 % of it is 398.
    const rt = await library(1, releaseProvider(), {
      search: { concurrency: 1, minScorePercent: { episodes: 95, movies: 0 } },
    });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).notFound).toBe(1);
    expect(items(rt)[0]!.last_error).toBe(
      "1 found, none taken: best scored 388 of the 398 needed (opensubtitles)",
    );
  });

  test("takes it at a share it reaches; the movies' share does not apply to an episode", async () => {
    const rt = await library(1, releaseProvider(), {
      search: { concurrency: 1, minScorePercent: { episodes: 90, movies: 100 } },
    });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
  });

  test("with minScore and a share, the stricter one refuses and is the one named", async () => {
    const rt = await library(1, releaseProvider(), {
      search: { concurrency: 1, minScore: 300, minScorePercent: { episodes: 95, movies: 0 } },
    });
    const searchIt = async () =>
      (await rt.deps.searcher.start({ trigger: "api", scope: { ids: [items(rt)[0]!.id] } }).done).notFound;
    expect(await searchIt()).toBe(1);
    expect(items(rt)[0]!.last_error).toBe(
      "1 found, none taken: best scored 388 of the 398 needed (opensubtitles)",
    );
    Object.assign(rt.deps.config.search, { minScore: 390, minScorePercent: { episodes: 90, movies: 0 } });
    expect(await searchIt()).toBe(1);
    expect(items(rt)[0]!.last_error).toBe(
      "1 found, none taken: best scored 388 of the 390 needed (opensubtitles)",
    );
  });

  test("the translation fallback takes a source subtitle only above the same minimum", async () => {
    const ollama = await startFakeOllama();
    cleanups.push(() => ollama.stop());
    // English only, with no release match: SRT 25 + priority 10, 8 % of the episode's best.
    const englishOnly: SubtitleProvider = {
      ...goodProvider(new Map(), () => srt("Hello")),
      search: async (q) =>
        q.languages.includes("en") ? [candidate("opensubtitles", "en-1", { language: "en" })] : [],
    };
    const translation = {
      chain: ["ollama"],
      sourceLanguages: ["en"],
      ollama: { url: ollama.url, model: "llama3.2" },
    };
    const rt = await library(1, englishOnly, {
      search: { concurrency: 1, minScorePercent: { episodes: 50, movies: 0 } },
      translation,
    });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).notFound).toBe(1);
    expect(items(rt)[0]!.last_error).toContain("no en subtitle from the providers");
    expect(ollama.requests).toHaveLength(0);
  });
});

describe("the subtitle-upgrade job with search.minScorePercent", () => {
  test("replaces a download only with a candidate above the minimum", async () => {
    const offers: ProviderCandidate[] = [candidate("opensubtitles", "low", { language: "de" })];
    const provider: SubtitleProvider = { ...goodProvider(), search: async () => offers };
    const rt = await library(1, provider);
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
    offers.push(
      candidate("opensubtitles", "good", { language: "de", releaseNames: ["Breaking.Bad.S01E01.720p-GRP"] }),
    );
    const upgradeRun = async () => {
      const started = rt.deps.scheduler.runNow("subtitle-upgrade");
      if (!started.ok) throw new Error(`upgrade job did not start: ${started.reason}`);
      await rt.deps.scheduler.whenIdle("subtitle-upgrade");
      return rt.deps.scheduler.history("subtitle-upgrade", 1)[0]!.summary as UpgradeRunResult;
    };
    // 388 is under 95 % (398) of the episode's 418: nothing better as far as the minimum goes.
    rt.deps.config.search.minScorePercent.episodes = 95;
    expect(await upgradeRun()).toMatchObject({ upgraded: 0, noBetter: 1 });
    rt.deps.config.search.minScorePercent.episodes = 90;
    expect(await upgradeRun()).toMatchObject({ upgraded: 1 });
  });
});
