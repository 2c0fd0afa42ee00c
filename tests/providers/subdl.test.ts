import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { rankCandidates } from "../../src/providers/scoring.ts";
import { createSubdlProvider, type SubdlConfig } from "../../src/providers/subdl.ts";
import { BREAKING_BAD, type FakeSubdl, startFakeSubdl, subdlSubtitle } from "../fakes/subdl.ts";
import { providerRejection as caught } from "../support/rejection.ts";
import { testContext } from "./context.ts";
import { episodeQuery } from "./fixtures.ts";

let fake: FakeSubdl;

beforeEach(async () => {
  fake = await startFakeSubdl();
  fake.subtitles.set(BREAKING_BAD.sd_id, [subdlSubtitle("3197651-3213944")]);
  fake.archives.set("/subtitle/3197651-3213944.zip", {
    "Breaking.Bad.S01E01.srt": "1\n00:00:01,000 --> 00:00:02,000\nSay my name.\n",
  });
});

afterEach(async () => {
  await fake.stop();
});

const CLOUDFLARE_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div id="challenge-body-text">api.example.com needs to review the security of your connection before proceeding.</div></body></html>';

function config(apiKey: string | null = fake.apiKey): SubdlConfig {
  return {
    enabled: true,
    priority: 100,
    apiKey: apiKey ?? undefined,
    baseUrl: `${fake.api.url}/api/v1`,
    downloadUrl: fake.dl.url,
  };
}

describe("search", () => {
  test("sends the documented query with the key and maps the subtitle", async () => {
    const provider = createSubdlProvider(config());
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(fake.api.requests.map((r) => [r.path, r.query])).toEqual([
      [
        "/api/v1/subtitles",
        {
          api_key: fake.apiKey,
          type: "tv",
          imdb_id: "tt0903747",
          season_number: "1",
          episode_number: "1",
          languages: "EN",
          subs_per_page: "30",
          comment: "1",
          hi: "1",
          releases: "1",
        },
      ],
    ]);
    expect(candidates).toEqual([
      {
        provider: "subdl",
        id: "3197651-3213944",
        language: "en",
        releaseNames: ["Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"],
        format: null,
        hearingImpaired: false,
        forced: false,
        season: 1,
        episodes: [1],
        seasonPack: false,
        matches: ["imdb", "title", "season", "episode"],
        uploader: "user",
        downloads: null,
        pageUrl: "https://subdl.com/s/info/3197651-3213944/breaking-bad",
        data: { url: "/subtitle/3197651-3213944.zip" },
      },
    ]);
  });

  test("falls back to tmdb_id, then film_name; languages are upper-case SubDL codes", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [
      subdlSubtitle("1-1", { language: "BR_PT", lang: "brazillian portuguese" }),
      subdlSubtitle("1-2", { language: "DE", lang: "german" }),
    ]);
    const provider = createSubdlProvider(config());
    const query = episodeQuery({ imdbId: null, languages: ["de", "pt-BR", "en"] });
    const byTmdb = await provider.search(query, testContext().ctx);
    const byName = await provider.search({ ...query, tmdbId: null }, testContext().ctx);
    const [first, second] = fake.api.requests.map((r) => r.query);
    expect(first).toMatchObject({ tmdb_id: "1396", languages: "BR_PT,DE,EN" });
    expect(first?.imdb_id).toBeUndefined();
    expect(second).toMatchObject({ film_name: "Breaking Bad", languages: "BR_PT,DE,EN" });
    expect(second?.tmdb_id).toBeUndefined();
    expect(byTmdb.map((c) => [c.id, c.language])).toEqual([
      ["1-1", "pt-BR"],
      ["1-2", "de"],
    ]);
    expect(byName.map((c) => c.matches)).toEqual([
      ["title", "season", "episode"],
      ["title", "season", "episode"],
    ]);
  });

  test("film_name leaves out Sonarr's disambiguating year; the film still counts as the title", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [subdlSubtitle("1-1")]);
    const provider = createSubdlProvider(config());
    const query = episodeQuery({ title: "Breaking Bad (2008)", imdbId: null, tmdbId: null });
    const found = await provider.search(query, testContext().ctx);
    expect(fake.api.requests[0]?.query).toMatchObject({ film_name: "Breaking Bad" });
    expect(found.map((c) => c.matches)).toEqual([["title", "season", "episode"]]);
  });

  test("movies are type=movie without season or episode", async () => {
    fake.films.push({
      sd_id: 7,
      type: "movie",
      name: "The Matrix",
      imdb_id: "tt0133093",
      tmdb_id: 603,
      year: 1999,
    });
    fake.subtitles.set(7, [
      subdlSubtitle("7-1", { season: null, episode: null, episode_from: null, episode_end: null }),
    ]);
    const provider = createSubdlProvider(config());
    const query = episodeQuery({
      kind: "movie",
      title: "The Matrix",
      year: 1999,
      season: null,
      episodes: [],
      imdbId: "tt0133093",
    });
    const candidates = await provider.search(query, testContext().ctx);
    const sent = fake.api.requests[0]?.query;
    expect(sent).toMatchObject({ type: "movie", imdb_id: "tt0133093" });
    expect(sent?.season_number).toBeUndefined();
    expect(sent?.episode_number).toBeUndefined();
    expect(candidates.map((c) => [c.season, c.episodes, c.seasonPack, c.matches])).toEqual([
      [null, null, false, ["imdb", "title", "year"]],
    ]);
  });

  test("a movie asked by name: when SubDL picks the remake, its subtitles are not taken", async () => {
    // SubDL has no year parameter: film_name "Dune" finds the film it knows by that name.
    fake.films.push({
      sd_id: 8,
      type: "movie",
      name: "Dune",
      imdb_id: "tt0087182",
      tmdb_id: 841,
      year: 1984,
    });
    const movieSub = { season: null, episode: null, episode_from: null, episode_end: null };
    fake.subtitles.set(8, [
      subdlSubtitle("8-1", { ...movieSub, release_name: "Dune.1080p.BluRay.x264-GRP" }),
    ]);
    const provider = createSubdlProvider(config());
    const dune = episodeQuery({
      kind: "movie",
      title: "Dune",
      year: 2021,
      season: null,
      episodes: [],
      imdbId: null,
      tmdbId: null,
      releaseName: "Dune.2021.1080p.BluRay.x264-GRP",
      releaseGroup: "GRP",
    });
    const candidates = await provider.search(dune, testContext().ctx);
    expect(fake.api.requests[0]?.query).toMatchObject({ type: "movie", film_name: "Dune" });
    expect(candidates.map((c) => [c.id, c.year, c.matches])).toEqual([["8-1", 1984, ["title"]]]);
    const profile = { hearingImpaired: "include" as const, formats: [] };
    expect(rankCandidates(candidates, dune, profile, { minScore: 0, priorityOf: () => 100 })).toEqual([]);
    expect(
      rankCandidates(candidates, { ...dune, year: 1984 }, profile, { minScore: 0, priorityOf: () => 100 }),
    ).toHaveLength(1);
  });

  test("season packs: full_season, and episode ranges", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [
      subdlSubtitle("1-1", { full_season: true, episode: null, episode_from: null, episode_end: null }),
      subdlSubtitle("1-2", { episode_from: 1, episode_end: 3, hi: true }),
    ]);
    const provider = createSubdlProvider(config());
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidates.map((c) => [c.id, c.episodes, c.seasonPack, c.hearingImpaired, c.matches])).toEqual([
      ["1-1", null, true, false, ["imdb", "title", "season"]],
      ["1-2", [1, 2, 3], true, true, ["imdb", "title", "season", "episode"]],
    ]);
  });

  test("a subtitle its uploader calls forced is forced, so a full item never takes it", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [
      subdlSubtitle("1-1", { comment: "Forced subtitles (foreign parts only)" }),
      subdlSubtitle("1-2", { release_name: "Breaking.Bad.S01E01.FORCED.1080p.BluRay.x264-ROVERS" }),
      subdlSubtitle("1-3", { comment: "Non-forced, full dialogue. Synced to BluRay" }),
      subdlSubtitle("1-4", { comment: "synced" }),
    ]);
    const provider = createSubdlProvider(config());
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidates.map((c) => [c.id, c.forced])).toEqual([
      ["1-1", true],
      ["1-2", true],
      ["1-3", false],
      ["1-4", false],
    ]);
    const profile = { hearingImpaired: "include" as const, formats: [] };
    const full = rankCandidates(candidates, episodeQuery(), profile, { minScore: 0, priorityOf: () => 100 });
    expect(full.map((s) => s.candidate.id).sort()).toEqual(["1-3", "1-4"]);
    const forced = rankCandidates(candidates, episodeQuery({ forced: true }), profile, {
      minScore: 0,
      priorityOf: () => 100,
    });
    expect(forced.map((s) => s.candidate.id).sort()).toEqual(["1-1", "1-2"]);
  });

  test("release names come from releases and release_name without duplicates", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [
      subdlSubtitle("1-1", { release_name: "A-GRP", releases: ["A-GRP", "B-OTHER"] }),
    ]);
    const provider = createSubdlProvider(config());
    const [candidate] = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidate?.releaseNames).toEqual(["A-GRP", "B-OTHER"]);
  });

  test("follows totalPages", async () => {
    fake.subtitles.set(
      BREAKING_BAD.sd_id,
      Array.from({ length: 45 }, (_, i) => subdlSubtitle(`1-${i}`)),
    );
    const provider = createSubdlProvider(config());
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidates).toHaveLength(45);
    expect(fake.api.requests.map((r) => r.query.page ?? null)).toEqual([null, "2"]);
  });

  test('status:false "can\'t find" is no results', async () => {
    const provider = createSubdlProvider(config());
    const candidates = await provider.search(episodeQuery({ imdbId: "tt9999999" }), testContext().ctx);
    expect(candidates).toEqual([]);
  });

  test('the other shape, {"success":false,"error":"can\'t find movie or tv"}, is no results too', async () => {
    const provider = createSubdlProvider(config());
    const candidates = await provider.search(episodeQuery({ imdbId: "tt9999999" }), testContext().ctx);
    expect(candidates).toEqual([]);
    const raw = await fetch(
      `${fake.api.url}/api/v1/subtitles?api_key=${fake.apiKey}&type=tv&imdb_id=tt9999999`,
    );
    expect(await raw.json()).toEqual({ success: false, error: "can't find movie or tv" });
  });

  test("asks hi=1, so the hearing-impaired flag is known (the fake leaves it out otherwise)", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [
      subdlSubtitle("2-1", { hi: true }),
      subdlSubtitle("2-2", { hi: false }),
    ]);
    const provider = createSubdlProvider(config());
    const found = await provider.search(episodeQuery(), testContext().ctx);
    expect(found.map((c) => [c.id, c.hearingImpaired])).toEqual([
      ["2-1", true],
      ["2-2", false],
    ]);
    const raw = await fetch(
      `${fake.api.url}/api/v1/subtitles?api_key=${fake.apiKey}&type=tv&imdb_id=tt0903747&languages=EN`,
    );
    const body = (await raw.json()) as { subtitles: object[] };
    expect(body.subtitles[0]).not.toHaveProperty("hi");
  });

  test("Norwegian Bokmål is asked as NO (SubDL has no NB) and read back as nb", async () => {
    fake.subtitles.set(BREAKING_BAD.sd_id, [subdlSubtitle("3-1", { language: "NO", lang: "norwegian" })]);
    const provider = createSubdlProvider(config());
    const found = await provider.search(episodeQuery({ languages: ["nb"] }), testContext().ctx);
    expect(fake.api.requests[0]?.query.languages).toBe("NO");
    expect(found.map((c) => [c.id, c.language])).toEqual([["3-1", "nb"]]);
    const bare = await provider.search(episodeQuery({ languages: ["no"] }), testContext().ctx);
    expect(fake.api.requests[1]?.query.languages).toBe("NO");
    expect(bare.map((c) => c.id)).toEqual(["3-1"]);
  });

  test("status:false naming the key is auth, anything else a bad response; the key never shows", async () => {
    const provider = createSubdlProvider(config());
    fake.searchError = `Invalid API key ${fake.apiKey}`;
    const auth = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(auth.kind).toBe("auth");
    expect(auth.message).not.toContain(fake.apiKey);
    fake.searchError = "database on fire";
    const other = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(other.kind).toBe("bad-response");
    expect(other.message).toContain("database on fire");
  });

  test("403 for a wrong key is auth and the key is not in the message", async () => {
    const provider = createSubdlProvider(config("wrong-secret-key-1234"));
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("auth");
    expect(error.details.status).toBe(403);
    expect(error.message).not.toContain("wrong-secret-key-1234");
  });

  test("a 403 web page from Cloudflare is not called a refused key", async () => {
    const provider = createSubdlProvider(config());
    fake.api.injectFailures(
      1,
      () => new Response(CLOUDFLARE_PAGE, { status: 403, headers: { "Content-Type": "text/html" } }),
    );
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("Just a moment...");
    expect(error.message).not.toContain("API key was refused");
    expect(error.message).not.toContain(fake.apiKey);
  });

  test("a network failure names no key either", async () => {
    await fake.api.setMode("down");
    const provider = createSubdlProvider(config());
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("unavailable");
    expect(error.message).not.toContain(fake.apiKey);
  });

  test("429 on search is rate-limited", async () => {
    fake.rateLimitNext();
    const provider = createSubdlProvider(config());
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("rate-limited");
    expect(error.details.retryAfterMs).toBe(10_000);
  });

  test("a 200 that is not JSON is a bad response", async () => {
    await fake.api.setMode("garbage");
    const provider = createSubdlProvider(config());
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("bad-response");
  });

  test("without an API key nothing is sent", async () => {
    const provider = createSubdlProvider(config(null));
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("auth");
    expect(fake.api.requests).toHaveLength(0);
  });
});

describe("download", () => {
  test("returns the ZIP as it came, without the key", async () => {
    const provider = createSubdlProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const file = await provider.download(candidate!, ctx);
    expect(file.fileName).toBe("3197651-3213944.zip");
    const entries = unzipSync(file.bytes);
    expect(Object.keys(entries)).toEqual(["Breaking.Bad.S01E01.srt"]);
    expect(strFromU8(entries["Breaking.Bad.S01E01.srt"]!)).toContain("Say my name.");
    expect(fake.dl.requests.map((r) => [r.path, r.query])).toEqual([["/subtitle/3197651-3213944.zip", {}]]);
  });

  test('500 "Download limit exceeded" is a quota until midnight UTC, then refused locally', async () => {
    fake.downloadsLeft = 0;
    const provider = createSubdlProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("quota");
    expect(error.details).toEqual({ status: 500, resumeAt: new Date("2026-11-25T00:00:00Z") });
    const again = await caught(provider.download(candidate!, ctx));
    expect(again.kind).toBe("quota");
    expect(fake.dl.requests).toHaveLength(1);

    fake.downloadsLeft = 5;
    const tomorrow = testContext({ now: new Date("2026-11-25T00:00:01Z") }).ctx;
    expect((await provider.download(candidate!, tomorrow)).bytes.length).toBeGreaterThan(0);
  });

  test("429 on a download is the download limit too", async () => {
    fake.downloadsLeft = 0;
    fake.limitStyle = 429;
    const provider = createSubdlProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("quota");
    expect(error.details.resumeAt).toEqual(new Date("2026-11-25T00:00:00Z"));
  });

  test("another 500 is unavailable, a missing archive not-found", async () => {
    const provider = createSubdlProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    fake.dl.injectFailures(1, () => new Response("Internal Server Error", { status: 500 }));
    expect((await caught(provider.download(candidate!, ctx))).kind).toBe("unavailable");
    fake.archives.clear();
    expect((await caught(provider.download(candidate!, ctx))).kind).toBe("not-found");
  });
});

describe("healthCheck", () => {
  test("reports the key without calling SubDL", async () => {
    const healthy = await createSubdlProvider(config()).healthCheck(testContext().ctx);
    expect(healthy.healthy).toBe(true);
    expect(healthy.message).toContain("API key configured");
    const missing = await createSubdlProvider(config(null)).healthCheck(testContext().ctx);
    expect(missing.healthy).toBe(false);
    expect(missing.message).toContain("no API key configured");
    expect(fake.api.requests).toHaveLength(0);
  });
});

test("declares SubDL's rate limit", () => {
  expect(createSubdlProvider(config()).rateLimit).toEqual({ requests: 30, perMs: 10_000 });
});
