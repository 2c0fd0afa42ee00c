import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { languageSatisfies } from "../../src/media/languages.ts";
import { createOpenSubtitlesProvider, type OpenSubtitlesConfig } from "../../src/providers/opensubtitles.ts";
import { toCandidate } from "../../src/providers/opensubtitles-wire.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { json } from "../fakes/fake-service.ts";
import { type FakeOpenSubtitles, osSubtitle, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { providerRejection as caught } from "../support/rejection.ts";
import { testContext } from "./context.ts";
import { episodeQuery } from "./fixtures.ts";

let fake: FakeOpenSubtitles;

beforeEach(async () => {
  fake = await startFakeOpenSubtitles();
  fake.subtitles.push(osSubtitle(4467084));
  fake.files.set(4467084, "1\n00:00:01,000 --> 00:00:02,000\nMy name is Walter Hartwell White.\n");
});

afterEach(async () => {
  await fake.stop();
});

function config(options: { login?: boolean; apiKey?: string | undefined } = {}): OpenSubtitlesConfig {
  const login = options.login ?? true;
  return {
    enabled: true,
    priority: 100,
    apiKey: "apiKey" in options ? options.apiKey : fake.apiKey,
    username: login ? fake.username : undefined,
    password: login ? fake.password : undefined,
    userAgent: "Subhound v0.1.0",
    baseUrl: `${fake.api.url}/api/v1`,
  };
}

function movieQuery(partial: Partial<SubtitleQuery> = {}): SubtitleQuery {
  return episodeQuery({
    kind: "movie",
    title: "The Matrix",
    year: 1999,
    season: null,
    episodes: [],
    imdbId: "tt0133093",
    ...partial,
  });
}

const matrix = (fileId: number) =>
  osSubtitle(fileId, {
    release: "The.Matrix.1999.1080p.BluRay.x264-AMIABLE",
    feature: {
      feature_type: "Movie",
      year: 1999,
      title: "The Matrix",
      movie_name: "1999 - The Matrix",
      imdb_id: 133093,
      season_number: undefined,
      episode_number: undefined,
      parent_imdb_id: undefined,
      parent_title: undefined,
    },
  });

const CLOUDFLARE_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div id="challenge-body-text">api.example.com needs to review the security of your connection before proceeding.</div></body></html>';

const searches = (requests: FakeOpenSubtitles["api"]["requests"]) =>
  requests.filter((r) => r.path === "/api/v1/subtitles");

describe("search", () => {
  test("maps an episode result and sends canonical, sorted parameters with the required headers", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const { ctx } = testContext();
    const candidates = await provider.search(episodeQuery(), ctx);
    expect(candidates).toEqual([
      {
        provider: "opensubtitles",
        id: "4467084",
        language: "en",
        releaseNames: ["Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"],
        format: "srt",
        hearingImpaired: false,
        forced: false,
        season: 1,
        episodes: [1],
        seasonPack: false,
        matches: ["imdb", "title", "season", "episode"],
        uploader: "os_robot",
        downloads: 7413,
        pageUrl: "https://www.opensubtitles.com/en/subtitles/4467084",
        data: { file_id: 4467084 },
      },
    ]);
    const [request] = fake.api.requests;
    expect(fake.api.requests).toHaveLength(1);
    expect(fake.redirects).toBe(0);
    expect(new URLSearchParams(request?.query).toString()).toBe(
      "ai_translated=exclude&episode_number=1&hearing_impaired=include&languages=en&parent_imdb_id=903747&season_number=1",
    );
    expect(request?.headers).toEqual({
      "api-key": fake.apiKey,
      "user-agent": "Subhound v0.1.0",
      accept: "application/json",
    });
  });

  test("the fake answers a non-canonical query with the API's 301, so redirects stay at zero above", async () => {
    const headers = { "Api-Key": fake.apiKey, "User-Agent": "Subhound v0.1.0" };
    const raw = `${fake.api.url}/api/v1/subtitles?season_number=1&parent_imdb_id=tt0903747&query=Breaking%20Bad`;
    const response = await fetch(raw, { headers, redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(
      "/api/v1/subtitles?parent_imdb_id=903747&query=breaking+bad&season_number=1",
    );
  });

  test("without an IMDb id, episodes are searched by lower-cased title with languages in API form", async () => {
    fake.subtitles.push(osSubtitle(2, { language: "pt-br" }), osSubtitle(3, { language: "zh-tw" }));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const query = episodeQuery({
      imdbId: null,
      title: "Breaking Bad",
      languages: ["pt-BR", "en", "zh-Hant"],
    });
    const candidates = await provider.search(query, testContext().ctx);
    expect(fake.redirects).toBe(0);
    expect(fake.api.requests[0]?.query).toEqual({
      ai_translated: "exclude",
      episode_number: "1",
      hearing_impaired: "include",
      languages: "en,pt-br,zh-tw",
      query: "breaking bad",
      season_number: "1",
      type: "episode",
    });
    expect(candidates.map((c) => [c.id, c.language, c.matches])).toEqual([
      ["4467084", "en", ["title", "season", "episode"]],
      ["2", "pt-BR", ["title", "season", "episode"]],
      ["3", "zh-Hant", ["title", "season", "episode"]],
    ]);
  });

  test("a title search leaves out Sonarr's disambiguating year (Breaking Bad (2008))", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const query = episodeQuery({ imdbId: null, title: "Breaking Bad (2008)" });
    const candidates = await provider.search(query, testContext().ctx);
    expect(fake.api.requests[0]?.query.query).toBe("breaking bad");
    expect(candidates.map((c) => [c.id, c.matches])).toEqual([["4467084", ["title", "season", "episode"]]]);
  });

  test("AI and machine translations are neither asked for nor taken", async () => {
    fake.subtitles.push(
      osSubtitle(2, { aiTranslated: true, release: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS" }),
      osSubtitle(3, { machineTranslated: true }),
    );
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(fake.api.requests[0]?.query.ai_translated).toBe("exclude");
    expect(candidates.map((c) => c.id)).toEqual(["4467084"]);
    // One the API lists anyway (a server that ignores the filter) is dropped too.
    const listed = osSubtitle(5, { aiTranslated: true });
    const filter = { imdbId: 903747, title: null, season: 1, episode: 1, year: null, movieHash: false };
    expect(toCandidate(listed, filter, true)).toBeNull();
  });

  test("Latin American Spanish asked for a region (es-MX) comes back as that region, not es-419", async () => {
    fake.subtitles.push(osSubtitle(2, { language: "ea" }), osSubtitle(3, { language: "es" }));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const forMexico = await provider.search(episodeQuery({ languages: ["es-MX"] }), testContext().ctx);
    expect(fake.api.requests[0]?.query.languages).toBe("ea");
    expect(forMexico.map((c) => [c.id, c.language])).toEqual([["2", "es-MX"]]);
    // What the search then keeps (search-candidates.ts): a subtitle satisfying the item's language.
    expect(forMexico.filter((c) => languageSatisfies("es-MX", c.language))).toHaveLength(1);
    const anySpanish = await provider.search(episodeQuery({ languages: ["es"] }), testContext().ctx);
    expect(anySpanish.map((c) => [c.id, c.language])).toEqual([
      ["2", "es-419"],
      ["3", "es"],
    ]);
    const latam = await provider.search(episodeQuery({ languages: ["es-419"] }), testContext().ctx);
    expect(latam.map((c) => [c.id, c.language])).toEqual([["2", "es-419"]]);
  });

  test("a bare language asks for all of the API's variants of it", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    await provider.search(episodeQuery({ languages: ["pt", "zh", "de"] }), testContext().ctx);
    expect(fake.api.requests[0]?.query.languages).toBe("de,pt-br,pt-pt,zh-cn,zh-tw");
  });

  test("movies use imdb_id without tt and leading zeros, or query plus year", async () => {
    fake.subtitles.push(matrix(7));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const byId = await provider.search(movieQuery(), testContext().ctx);
    const byTitle = await provider.search(movieQuery({ imdbId: null }), testContext().ctx);
    expect(fake.redirects).toBe(0);
    expect(fake.api.requests.map((r) => r.query)).toEqual([
      { ai_translated: "exclude", hearing_impaired: "include", imdb_id: "133093", languages: "en" },
      {
        ai_translated: "exclude",
        hearing_impaired: "include",
        languages: "en",
        query: "the matrix",
        type: "movie",
        year: "1999",
      },
    ]);
    expect(byId.map((c) => [c.id, c.season, c.episodes, c.matches])).toEqual([
      ["7", null, null, ["imdb", "title"]],
    ]);
    expect(byTitle.map((c) => c.matches)).toEqual([["title", "year"]]);
  });

  test("follows pages until the last one", async () => {
    fake.perPage = 2;
    for (let id = 1; id <= 4; id++) fake.subtitles.push(osSubtitle(id));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidates.map((c) => c.id)).toEqual(["4467084", "1", "2", "3", "4"]);
    expect(fake.api.requests.map((r) => r.query.page ?? null)).toEqual([null, "2", "3"]);
    expect(fake.redirects).toBe(0);
  });

  test("stops after five pages", async () => {
    fake.perPage = 1;
    for (let id = 1; id <= 8; id++) fake.subtitles.push(osSubtitle(id));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidates).toHaveLength(5);
    expect(fake.api.requests).toHaveLength(5);
  });

  test("sends the moviehash lower-cased and turns moviehash_match into a hash match", async () => {
    fake.subtitles.push(osSubtitle(2, { hash: "8e245d9679d31e12" }));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const candidates = await provider.search(
      episodeQuery({ movieHash: "8E245D9679D31E12" }),
      testContext().ctx,
    );
    expect(fake.api.requests[0]?.query.moviehash).toBe("8e245d9679d31e12");
    expect(fake.redirects).toBe(0);
    expect(candidates.map((c) => [c.id, c.matches.includes("hash")])).toEqual([
      ["4467084", false],
      ["2", true],
    ]);
  });

  test("forced queries ask for foreign parts only; forced means foreign parts and not HI", async () => {
    fake.subtitles.length = 0;
    fake.subtitles.push(
      osSubtitle(1, { foreignPartsOnly: true }),
      osSubtitle(2, { foreignPartsOnly: true, hearingImpaired: true }),
      osSubtitle(3),
    );
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const candidates = await provider.search(episodeQuery({ forced: true }), testContext().ctx);
    expect(fake.api.requests[0]?.query.foreign_parts_only).toBe("only");
    expect(candidates.map((c) => [c.id, c.forced, c.hearingImpaired])).toEqual([
      ["1", true, false],
      ["2", false, true],
    ]);
  });

  test("hearing_impaired follows the query: exclude, or include for include and prefer", async () => {
    fake.subtitles.push(osSubtitle(2, { hearingImpaired: true }));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const excluded = await provider.search(episodeQuery({ hearingImpaired: "exclude" }), testContext().ctx);
    const preferred = await provider.search(episodeQuery({ hearingImpaired: "prefer" }), testContext().ctx);
    expect(fake.api.requests.map((r) => r.query.hearing_impaired)).toEqual(["exclude", "include"]);
    expect(excluded.map((c) => c.id)).toEqual(["4467084"]);
    expect(preferred.map((c) => [c.id, c.hearingImpaired])).toEqual([
      ["4467084", false],
      ["2", true],
    ]);
  });

  test("takes the format from the file name, null when there is none", async () => {
    fake.subtitles.length = 0;
    fake.subtitles.push(osSubtitle(1, { fileName: "x.ASS" }), osSubtitle(2, { fileName: null }));
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const candidates = await provider.search(episodeQuery(), testContext().ctx);
    expect(candidates.map((c) => c.format)).toEqual(["ass", null]);
  });

  test("a language the profile cannot be asked in returns nothing without a request", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    expect(await provider.search(episodeQuery({ languages: ["xx"] }), testContext().ctx)).toEqual([]);
    expect(fake.api.requests).toHaveLength(0);
  });
});

describe("session", () => {
  test("logs in once and reuses the token for searches and downloads", async () => {
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    await provider.search(episodeQuery(), ctx);
    await provider.search(episodeQuery(), ctx);
    await provider.download((await provider.search(episodeQuery(), ctx))[0]!, ctx);
    expect(fake.logins).toBe(1);
    const [login, ...rest] = fake.api.requests;
    expect(login).toMatchObject({
      method: "POST",
      path: "/api/v1/login",
      body: { username: fake.username, password: fake.password },
      headers: {
        "content-type": "application/json",
        "api-key": fake.apiKey,
        "user-agent": "Subhound v0.1.0",
      },
    });
    expect(rest.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/api/v1/subtitles"],
      ["GET", "/api/v1/subtitles"],
      ["GET", "/api/v1/subtitles"],
      ["POST", "/api/v1/download"],
    ]);
    const token = rest[0]?.headers.authorization;
    expect(token).toStartWith("Bearer eyJ.");
    for (const request of rest) expect(request.headers.authorization).toBe(token!);
    expect(rest[3]?.headers["content-type"]).toBe("application/json");
  });

  test("a search cancelled during the login it started does not fail the searches waiting on that login", async () => {
    const provider = createOpenSubtitlesProvider(config());
    const cancelled = new AbortController();
    let joined: () => void = () => {};
    const secondWaiting = new Promise<void>((resolve) => {
      joined = resolve;
    });
    const first = testContext({ signal: cancelled.signal }).ctx;
    const firstCtx = {
      ...first,
      fetch: async (url: string, init?: RequestInit) => {
        // The first search is cancelled while its login is on the way, the second waiting on it.
        await secondWaiting;
        cancelled.abort();
        return first.fetch(url, init);
      },
    };
    const firstSearch = provider.search(episodeQuery(), firstCtx);
    const secondSearch = provider.search(episodeQuery(), testContext().ctx);
    joined();
    expect(await caught(firstSearch)).toMatchObject({ kind: "aborted" });
    expect((await secondSearch).length).toBeGreaterThan(0);
    expect(fake.logins).toBe(1);
  });

  test("logs in again once the token is 12 hours old", async () => {
    const provider = createOpenSubtitlesProvider(config());
    await provider.search(episodeQuery(), testContext({ now: new Date("2026-11-24T10:00:00Z") }).ctx);
    await provider.search(episodeQuery(), testContext({ now: new Date("2026-11-24T21:59:00Z") }).ctx);
    expect(fake.logins).toBe(1);
    await provider.search(episodeQuery(), testContext({ now: new Date("2026-11-24T22:00:00Z") }).ctx);
    expect(fake.logins).toBe(2);
  });

  test("moves to the host the login names as base_url, keeping /api/v1", async () => {
    fake.vipLogin = true;
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const file = await provider.download(candidate!, ctx);
    expect(new TextDecoder().decode(file.bytes)).toContain("Walter Hartwell White");
    expect(fake.api.requests.map((r) => r.path)).toEqual(["/api/v1/login"]);
    expect(fake.vip.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/api/v1/subtitles"],
      ["POST", "/api/v1/download"],
    ]);
    for (const request of fake.vip.requests) {
      expect(request.headers["api-key"]).toBe(fake.apiKey);
      expect(request.headers["user-agent"]).toBe("Subhound v0.1.0");
      expect(request.headers.accept).toBe("application/json");
    }
  });

  test("an expired token earns one fresh login and the request is retried", async () => {
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    await provider.search(episodeQuery(), ctx);
    fake.expireTokens();
    const candidates = await provider.search(episodeQuery(), ctx);
    expect(candidates).toHaveLength(1);
    expect(fake.logins).toBe(2);
    expect(fake.api.requests.map((r) => r.path)).toEqual([
      "/api/v1/login",
      "/api/v1/subtitles",
      "/api/v1/subtitles",
      "/api/v1/login",
      "/api/v1/subtitles",
    ]);
  });

  test("a second 401 after the fresh login is an auth error", async () => {
    fake.rejectTokens = true;
    const provider = createOpenSubtitlesProvider(config());
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("auth");
    expect(error.details.status).toBe(401);
    expect(fake.logins).toBe(2);
    expect(searches(fake.api.requests)).toHaveLength(2);
  });

  test("an expired token on download is renewed the same way", async () => {
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    fake.expireTokens();
    const file = await provider.download(candidate!, ctx);
    expect(file.bytes.length).toBeGreaterThan(0);
    expect(fake.logins).toBe(2);
  });

  test("wrong credentials are an auth error that leaks no secret", async () => {
    const provider = createOpenSubtitlesProvider({ ...config(), password: "wrong-password" });
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("auth");
    expect(error.message).not.toContain("wrong-password");
    expect(error.message).not.toContain(fake.apiKey);
    expect(searches(fake.api.requests)).toHaveLength(0);
  });

  test("a refused Api-Key (403) is an auth error", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false, apiKey: "not-the-key" }));
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("auth");
    expect(error.details.status).toBe(403);
    expect(error.message).not.toContain("not-the-key");
  });

  test("a 403 web page from Cloudflare in front of the API is not called a refused Api-Key", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    fake.api.injectFailures(
      1,
      () => new Response(CLOUDFLARE_PAGE, { status: 403, headers: { "Content-Type": "text/html" } }),
    );
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("unavailable");
    expect(error.details.status).toBe(403);
    expect(error.message).toContain("Just a moment...");
    expect(error.message).toContain("not by the API itself");
    expect(error.message).not.toContain("Api-Key or User-Agent was refused");
    // Nor is a proxy's 401 page on login a wrong password.
    const withLogin = createOpenSubtitlesProvider(config());
    fake.api.injectFailures(
      1,
      () => new Response(CLOUDFLARE_PAGE, { status: 401, headers: { "Content-Type": "text/html" } }),
    );
    const login = await caught(withLogin.search(episodeQuery(), testContext().ctx));
    expect(login.kind).toBe("unavailable");
    expect(login.message).not.toContain("wrong username or password");
  });

  test("without an API key nothing is sent", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false, apiKey: undefined }));
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("auth");
    expect(fake.api.requests).toHaveLength(0);
  });
});

describe("download", () => {
  test("POSTs the file id with the user token and fetches the link without API headers", async () => {
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const file = await provider.download(candidate!, ctx);
    // The reply's file_name has no extension: the content names it.
    expect(file.fileName).toBe("Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS.srt");
    expect(new TextDecoder().decode(file.bytes)).toBe(fake.files.get(4467084) as string);
    const post = fake.api.requests.find((r) => r.path === "/api/v1/download");
    expect(post).toMatchObject({
      method: "POST",
      body: { file_id: 4467084 },
      headers: {
        "api-key": fake.apiKey,
        "user-agent": "Subhound v0.1.0",
        accept: "application/json",
        "content-type": "application/json",
      },
    });
    expect(post?.headers.authorization).toStartWith("Bearer eyJ.fake-token-");
    expect(fake.cdn.requests).toHaveLength(1);
    expect(fake.cdn.requests[0]?.headers["api-key"]).toBeUndefined();
    expect(fake.cdn.requests[0]?.headers.authorization).toBeUndefined();
  });

  test("the fake, as the real API, refuses /download without a user token and names no extension", async () => {
    const headers = { "Api-Key": fake.apiKey, "User-Agent": "t", "Content-Type": "application/json" };
    const anonymous = await fetch(`${fake.api.url}/api/v1/download`, {
      method: "POST",
      headers,
      body: JSON.stringify({ file_id: 4467084 }),
    });
    expect(anonymous.status).toBe(401);
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    await provider.download(candidate!, ctx);
    const reply = await fetch(`${fake.api.url}/api/v1/login`, {
      method: "POST",
      headers,
      body: JSON.stringify({ username: fake.username, password: fake.password }),
    });
    const { token } = (await reply.json()) as { token: string };
    const download = await fetch(`${fake.api.url}/api/v1/download`, {
      method: "POST",
      headers: { ...headers, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ file_id: 4467084 }),
    });
    expect(((await download.json()) as { file_name: string }).file_name).toBe(
      "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
    );
  });

  test("without username and password a download is refused at once, without a request", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const sent = fake.api.requests.length;
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("unsupported");
    expect(error.reason).toBe("downloads need a username and password");
    expect(fake.api.requests).toHaveLength(sent);
    expect(provider.limitation?.()).toBe("downloads need a username and password");
    expect(createOpenSubtitlesProvider(config()).limitation?.()).toBeNull();
  });

  test("the format comes from the content, else from the link's name", async () => {
    const ass =
      "[Script Info]\nScriptType: v4.00+\n\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n";
    fake.subtitles.push(osSubtitle(11, { fileName: "Pilot.ass" }), osSubtitle(12, { fileName: "Pilot 2" }));
    fake.files.set(11, ass);
    fake.files.set(12, "no cue in here");
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const found = await provider.search(episodeQuery(), ctx);
    const byId = (id: string) => found.find((c) => c.id === id)!;
    expect((await provider.download(byId("11"), ctx)).fileName).toBe("Pilot.ass");
    expect((await provider.download(byId("12"), ctx)).fileName).toBe("Pilot 2.srt");
  });

  test("406 is a spent quota that resumes at reset_time_utc", async () => {
    fake.remaining = 0;
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("quota");
    expect(error.details.status).toBe(406);
    expect(error.details.resumeAt).toEqual(new Date("2026-11-25T00:00:00.000Z"));
  });

  test("after a download that leaves 0 remaining, the next one is refused without a request", async () => {
    fake.remaining = 1;
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const file = await provider.download(candidate!, ctx);
    expect(file.bytes.length).toBeGreaterThan(0);
    const sent = fake.api.requests.length;
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("quota");
    expect(error.details.resumeAt).toEqual(new Date("2026-11-25T00:00:00.000Z"));
    expect(fake.api.requests).toHaveLength(sent);

    fake.remaining = 20;
    const later = testContext({ now: new Date("2026-11-25T00:00:01Z") }).ctx;
    expect((await provider.download(candidate!, later)).bytes.length).toBeGreaterThan(0);
  });

  test("429 is rate-limited with Retry-After in milliseconds", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    fake.rateLimitNext();
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("rate-limited");
    expect(error.details).toEqual({ status: 429, retryAfterMs: 1000 });
  });

  test("429 on the vip host too", async () => {
    fake.vipLogin = true;
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    fake.rateLimitNext(1, "vip");
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("rate-limited");
    expect(error.details.retryAfterMs).toBe(1000);
  });

  test("an expired link (410) is not-found", async () => {
    fake.linksExpired = true;
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const error = await caught(provider.download(candidate!, ctx));
    expect(error.kind).toBe("not-found");
    expect(error.details.status).toBe(410);
  });

  test("400 is a bad response carrying the API's message", async () => {
    const provider = createOpenSubtitlesProvider(config());
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    const error = await caught(
      provider.download({ ...candidate!, id: "99", data: { file_id: 99 } }, testContext().ctx),
    );
    expect(error.kind).toBe("bad-response");
    expect(error.details.status).toBe(400);
    expect(error.message).toContain("Invalid file_id");
  });

  test("5xx and a closed port are unavailable", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    fake.api.injectFailures(1, () => json({ message: "Bad Gateway" }, 502));
    const gateway = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(gateway.kind).toBe("unavailable");
    expect(gateway.details.status).toBe(502);
    await fake.api.setMode("down");
    const down = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(down.kind).toBe("unavailable");
  });

  test("a 200 that is not the documented body is a bad response", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    await fake.api.setMode("garbage");
    const error = await caught(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("bad-response");
  });

  test("a cancelled search is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const error = await caught(
      provider.search(episodeQuery(), testContext({ signal: controller.signal }).ctx),
    );
    expect(error.kind).toBe("aborted");
  });
});

describe("healthCheck", () => {
  test("without an account: only the free format list is asked, and downloads need one", async () => {
    const provider = createOpenSubtitlesProvider(config({ login: false }));
    const health = await provider.healthCheck(testContext().ctx);
    expect(health).toEqual({
      healthy: false,
      message: "API reachable, but downloads need a username and password (none configured)",
    });
    expect(fake.api.requests.map((r) => r.path)).toEqual(["/api/v1/infos/formats"]);
  });

  test("with an account, reports the downloads left", async () => {
    fake.remaining = 17;
    const provider = createOpenSubtitlesProvider(config());
    const health = await provider.healthCheck(testContext().ctx);
    expect(health).toEqual({
      healthy: true,
      message: `API reachable; logged in as ${fake.username}: 17 of 20 downloads left, resets 2026-11-25T00:00:00.000Z`,
    });
    expect(fake.api.requests.map((r) => r.path)).toEqual([
      "/api/v1/infos/formats",
      "/api/v1/login",
      "/api/v1/infos/user",
    ]);
  });

  test("reports the account separately when the login fails", async () => {
    const provider = createOpenSubtitlesProvider({ ...config(), password: "wrong-password" });
    const health = await provider.healthCheck(testContext().ctx);
    expect(health.healthy).toBe(false);
    expect(health.message).toStartWith("API reachable, but the account check failed");
  });

  test("unhealthy without an API key or when the API is down", async () => {
    expect(
      (await createOpenSubtitlesProvider(config({ apiKey: undefined })).healthCheck(testContext().ctx))
        .healthy,
    ).toBe(false);
    await fake.api.setMode("down");
    const health = await createOpenSubtitlesProvider(config()).healthCheck(testContext().ctx);
    expect(health.healthy).toBe(false);
  });
});

test("declares the documented 5 requests per second", () => {
  expect(createOpenSubtitlesProvider(config()).rateLimit).toEqual({ requests: 5, perMs: 1000 });
});

test("every API request carried Api-Key, User-Agent and Accept", async () => {
  fake.vipLogin = true;
  const provider = createOpenSubtitlesProvider(config());
  const { ctx } = testContext();
  await provider.healthCheck(ctx);
  const [candidate] = await provider.search(episodeQuery(), ctx);
  await provider.download(candidate!, ctx);
  const all = [...fake.api.requests, ...fake.vip.requests];
  expect(all.length).toBeGreaterThan(3);
  for (const request of all) {
    expect(request.headers["api-key"]).toBe(fake.apiKey);
    expect(request.headers["user-agent"]).toBe("Subhound v0.1.0");
    expect(request.headers.accept).toBe("application/json");
    if (request.method === "POST") expect(request.headers["content-type"]).toBe("application/json");
  }
});
