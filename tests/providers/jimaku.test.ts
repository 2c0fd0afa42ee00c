import { afterEach, describe, expect, test } from "bun:test";
import { createJimakuProvider } from "../../src/providers/jimaku.ts";
import { identityConflict } from "../../src/providers/scoring.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { empty } from "../fakes/fake-service.ts";
import { type FakeJimaku, startFakeJimaku } from "../fakes/jimaku.ts";
import { providerRejection as rejection } from "../support/rejection.ts";
import { testContext } from "./context.ts";
import { episodeQuery as baseQuery } from "./fixtures.ts";

let fake: FakeJimaku | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

function episodeQuery(overrides: Partial<SubtitleQuery> = {}): SubtitleQuery {
  return baseQuery({
    title: "Sousou no Frieren",
    year: 2023,
    episodes: [5],
    imdbId: null,
    tvdbId: null,
    tmdbId: null,
    anilistId: 154587,
    releaseName: "[SubsPlease] Sousou no Frieren - 05 (1080p)",
    releaseGroup: "SubsPlease",
    languages: ["ja"],
    ...overrides,
  });
}

const CLOUDFLARE_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div id="challenge-body-text">api.example.com needs to review the security of your connection before proceeding.</div></body></html>';

async function setup(apiKey?: string) {
  fake = await startFakeJimaku();
  fake.addEntry({ id: 1234, name: "Sousou no Frieren", english_name: "Frieren", anilist_id: 154587 }, [
    { name: "[SubsPlease] Sousou no Frieren - 05.ass", content: "[Script Info]\nTitle: 05\n", episode: 5 },
    { name: "Frieren - 05.srt", content: "1\n00:00:01,000 --> 00:00:02,000\nこんにちは\n", episode: 5 },
    { name: "Frieren - 06.srt", content: "1\n00:00:01,000 --> 00:00:02,000\n六\n", episode: 6 },
    { name: "Frieren S1 (01-28).zip", content: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) },
    { name: "readme.txt", content: "thanks", episode: 5 },
  ]);
  const provider = createJimakuProvider({ apiKey: apiKey ?? fake.apiKey, baseUrl: fake.baseUrl });
  return { fake, provider };
}

describe("jimaku search", () => {
  test("answers only Japanese queries; others make no request", async () => {
    const { fake, provider } = await setup();
    const { ctx, requests } = testContext();
    expect(await provider.search(episodeQuery({ languages: ["en", "de"] }), ctx)).toEqual([]);
    expect(requests).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  test("finds the entry by AniList id, lists its files for the episode, with the raw key", async () => {
    const { fake, provider } = await setup();
    const { ctx } = testContext();
    const found = await provider.search(episodeQuery(), ctx);
    expect(fake.requests.map((r) => [r.path, r.query])).toEqual([
      ["/api/entries/search", { anilist_id: "154587" }],
      ["/api/entries/1234/files", { episode: "5" }],
    ]);
    expect(fake.requests.every((r) => r.headers.authorization === fake.apiKey)).toBe(true);
    expect(found.map((c) => [c.releaseNames[0], c.format, c.seasonPack, c.episodes])).toEqual([
      ["[SubsPlease] Sousou no Frieren - 05", "ass", false, [5]],
      ["Frieren - 05", "srt", false, [5]],
      ["Frieren S1 (01-28)", null, true, null],
    ]);
    const [ass, , pack] = found;
    expect(ass).toMatchObject({
      provider: "jimaku",
      id: "1234/[SubsPlease] Sousou no Frieren - 05.ass",
      language: "ja",
      forced: false,
      season: 1,
      matches: ["title", "season", "episode", "releaseGroup"],
      pageUrl: `${fake.url}/entry/1234`,
    });
    expect(pack?.matches).toEqual(["title", "season"]);
  });

  test("a long-running anime's files numbered absolutely (One Piece - 1071 for S21E80) are asked for too", async () => {
    fake = await startFakeJimaku();
    fake.addEntry({ id: 7, name: "One Piece", english_name: "One Piece", anilist_id: 21 }, [
      { name: "One Piece - 1071.srt", content: "1\n00:00:01,000 --> 00:00:02,000\nギア5\n", episode: 1071 },
      { name: "One Piece - 1072.srt", content: "1\n00:00:01,000 --> 00:00:02,000\n次\n", episode: 1072 },
    ]);
    const provider = createJimakuProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    const query = episodeQuery({
      title: "One Piece",
      anilistId: 21,
      season: 21,
      episodes: [80],
      absoluteEpisodes: [1071],
    });
    const found = await provider.search(query, testContext().ctx);
    expect(fake.requests.map((r) => r.query.episode ?? null)).toEqual([null, "80", "1071"]);
    expect(found.map((c) => [c.releaseNames[0], c.episodes])).toEqual([["One Piece - 1071", [1071]]]);
    expect(found[0]!.matches).toContain("episode");
    // Not a candidate for another episode: its absolute number is this file's.
    expect(identityConflict(found[0]!, query)).toBeNull();
  });

  test("an anime whose absolute number is its episode number is asked once", async () => {
    const { fake, provider } = await setup();
    await provider.search(episodeQuery({ absoluteEpisodes: [5] }), testContext().ctx);
    expect(fake.requests.filter((r) => r.path.endsWith("/files"))).toHaveLength(1);
  });

  test("also accepts a regional Japanese code in the profile", async () => {
    const { provider } = await setup();
    const found = await provider.search(episodeQuery({ languages: ["en", "ja-JP"] }), testContext().ctx);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((c) => c.language === "ja")).toBe(true);
  });

  test("without an AniList id, searches by title among anime and keeps the best three entries", async () => {
    const { fake, provider } = await setup();
    fake.addEntry({ id: 1, name: "Sousou no Frieren Specials" });
    fake.addEntry({ id: 2, name: "Sousou no Frieren: Movie", movie: true });
    fake.addEntry({ id: 3, name: "Sousou no Frieren Recap" });
    fake.addEntry({ id: 4, name: "Sousou no Frieren Shorts" });
    const { ctx } = testContext();
    await provider.search(episodeQuery({ anilistId: null }), ctx);
    const [search, ...files] = fake.requests;
    expect(search?.query).toEqual({ query: "Sousou no Frieren", anime: "true" });
    // The exact title first, then series entries in Jimaku's order; the movie entry ranks last.
    expect(files.map((r) => r.path)).toEqual([
      "/api/entries/1234/files",
      "/api/entries/1/files",
      "/api/entries/3/files",
    ]);
  });

  test("a title search leaves out Sonarr's disambiguating year, and the entry still counts as the title", async () => {
    const { fake, provider } = await setup();
    fake.addEntry({ id: 11, name: "Hunter x Hunter", anilist_id: 11061 }, [
      { name: "Hunter x Hunter - 05.srt", content: "1\n", episode: 5 },
    ]);
    const found = await provider.search(
      episodeQuery({ title: "Hunter x Hunter (2011)", year: 2011, anilistId: null }),
      testContext().ctx,
    );
    expect(fake.requests[0]?.query).toEqual({ query: "Hunter x Hunter", anime: "true" });
    expect(found.map((c) => [c.id, c.matches])).toEqual([
      ["11/Hunter x Hunter - 05.srt", ["title", "episode"]],
    ]);
  });

  test("movies list the entry's files without an episode filter", async () => {
    const { fake, provider } = await setup();
    fake.addEntry({ id: 77, name: "Kimi no Na wa", anilist_id: 21519, movie: true }, [
      { name: "Your Name (2016).srt", content: "1\n" },
    ]);
    const found = await provider.search(
      episodeQuery({ kind: "movie", title: "Kimi no Na wa", anilistId: 21519, season: null, episodes: [] }),
      testContext().ctx,
    );
    expect(fake.requests.at(-1)?.path).toBe("/api/entries/77/files");
    expect(fake.requests.at(-1)?.query).toEqual({});
    expect(found.map((c) => [c.releaseNames[0], c.episodes, c.season])).toEqual([
      ["Your Name (2016)", null, null],
    ]);
  });

  test("an empty search is no results", async () => {
    const { fake, provider } = await setup();
    const found = await provider.search(episodeQuery({ anilistId: 1 }), testContext().ctx);
    expect(found).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  test("every answer's rate-limit headers become hints", async () => {
    const { fake, provider } = await setup();
    fake.remaining = 14;
    const { ctx, hints } = testContext();
    await provider.search(episodeQuery(), ctx);
    // x-ratelimit-reset-after (0.98 s) counts from now, whatever the two clocks say.
    const resetAt = new Date(ctx.now().getTime() + 980);
    expect(hints).toEqual([
      { remaining: 13, resetAt },
      { remaining: 12, resetAt },
    ]);
  });

  test("a host clock off from Jimaku's, or a header asking for hours, pauses for the real window at most", async () => {
    const { fake, provider } = await setup();
    const { ctx, hints } = testContext();
    const now = ctx.now().getTime();
    // Our clock ten minutes behind Jimaku's: its absolute reset looks ten minutes away; reset-after says 1 s.
    fake.remaining = 1;
    fake.resetAt = now / 1000 + 600;
    fake.resetAfter = 1;
    await rejection(provider.search(episodeQuery(), ctx));
    expect(hints.at(-1)).toEqual({ remaining: 0, resetAt: new Date(now + 1000) });
    // A reset-after of years, or (without one) an absolute reset decades away: five minutes at most.
    fake.remaining = 0;
    fake.resetAfter = 1e9;
    const limited = await rejection(provider.search(episodeQuery(), ctx));
    expect(limited.details.retryAfterMs).toBe(300_000);
    expect(hints.at(-1)).toEqual({ remaining: 0, resetAt: new Date(now + 300_000) });
    fake.resetAfter = null;
    fake.resetAt = 4_102_444_800;
    const later = await rejection(provider.search(episodeQuery(), ctx));
    expect(later.details.retryAfterMs).toBe(300_000);
    expect(hints.at(-1)).toEqual({ remaining: 0, resetAt: new Date(now + 300_000) });
  });

  test("429 is rate-limited for x-ratelimit-reset-after, and still passes the hint on", async () => {
    const { fake, provider } = await setup();
    fake.remaining = 0;
    fake.resetAfter = 2.5;
    const { ctx, hints } = testContext();
    const error = await rejection(provider.search(episodeQuery(), ctx));
    expect(error.kind).toBe("rate-limited");
    expect(error.details).toEqual({ status: 429, retryAfterMs: 2500 });
    expect(hints).toEqual([{ remaining: 0, resetAt: new Date(ctx.now().getTime() + 2500) }]);
  });

  test("a rejected key is auth; a missing one is auth without a request", async () => {
    const { fake, provider } = await setup("wrong-key");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("auth");
    const keyless = createJimakuProvider({ baseUrl: fake.baseUrl });
    const { ctx, requests } = testContext();
    expect((await rejection(keyless.search(episodeQuery(), ctx))).kind).toBe("auth");
    expect(requests).toEqual([]);
  });

  test("a 403 web page from Cloudflare is not called a rejected key", async () => {
    const { fake, provider } = await setup();
    fake.injectFailures(
      1,
      () => new Response(CLOUDFLARE_PAGE, { status: 403, headers: { "Content-Type": "text/html" } }),
    );
    const error = await rejection(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("Just a moment...");
    expect(error.message).not.toContain("API key was rejected");
  });

  test("down, 5xx, garbage and slow answers", async () => {
    const { fake, provider } = await setup();
    fake.injectFailures(1, () => empty(502));
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
    await fake.setMode("garbage");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("bad-response");
    await fake.setMode("down");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
    await fake.setMode("slow");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const slow = await rejection(
      provider.search(episodeQuery(), testContext({ signal: controller.signal }).ctx),
    );
    expect(slow.kind).toBe("aborted");
  });
});

describe("jimaku download", () => {
  test("fetches the file URL with the key and returns the raw bytes", async () => {
    const { fake, provider } = await setup();
    const { ctx, hints } = testContext();
    const [ass, , pack] = await provider.search(episodeQuery(), ctx);
    if (!ass || !pack) throw new Error("expected candidates");
    const file = await provider.download(ass, ctx);
    expect(file.fileName).toBe("[SubsPlease] Sousou no Frieren - 05.ass");
    expect(new TextDecoder().decode(file.bytes)).toBe("[Script Info]\nTitle: 05\n");
    const last = fake.requests.at(-1);
    expect(last?.path).toBe("/entry/1234/download/%5BSubsPlease%5D%20Sousou%20no%20Frieren%20-%2005.ass");
    expect(last?.headers.authorization).toBe(fake.apiKey);
    expect(hints).toHaveLength(3);
    expect([...(await provider.download(pack, ctx)).bytes]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  test("a vanished file is not-found", async () => {
    const { fake, provider } = await setup();
    const [ass] = await provider.search(episodeQuery(), testContext().ctx);
    if (!ass) throw new Error("expected a candidate");
    const gone = { ...ass, data: { ...ass.data, url: `${fake.url}/entry/1234/download/gone.ass` } };
    expect((await rejection(provider.download(gone, testContext().ctx))).kind).toBe("not-found");
  });

  test("the key never goes to another host", async () => {
    const { fake, provider } = await setup();
    const [ass] = await provider.search(episodeQuery(), testContext().ctx);
    if (!ass) throw new Error("expected a candidate");
    const elsewhere = String(ass.data.url).replace("127.0.0.1", "localhost");
    const error = await rejection(
      provider.download({ ...ass, data: { ...ass.data, url: elsewhere } }, testContext().ctx),
    );
    expect(error.kind).toBe("auth");
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
  });
});

describe("jimaku health", () => {
  test("one search request; says so; unhealthy on a bad key, no key, or down", async () => {
    const { fake, provider } = await setup();
    const healthy = await provider.healthCheck(testContext().ctx);
    expect(healthy.healthy).toBe(true);
    expect(healthy.message).toContain("one search request");
    expect(fake.requests.map((r) => r.query)).toEqual([{ query: "a", anime: "true" }]);
    const wrong = createJimakuProvider({ apiKey: "nope", baseUrl: fake.baseUrl });
    expect(await wrong.healthCheck(testContext().ctx)).toMatchObject({ healthy: false });
    const keyless = createJimakuProvider({ baseUrl: fake.baseUrl });
    expect(await keyless.healthCheck(testContext().ctx)).toEqual({
      healthy: false,
      message: "Jimaku: no API key configured",
    });
    await fake.setMode("down");
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(false);
  });

  test("rate limit matches Jimaku's window", async () => {
    const { provider } = await setup();
    expect(provider.rateLimit).toEqual({ requests: 25, perMs: 60_000 });
  });
});
