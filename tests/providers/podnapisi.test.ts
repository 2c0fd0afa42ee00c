import { afterEach, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { createPodnapisiProvider } from "../../src/providers/podnapisi.ts";
import { parsePodnapisiPage } from "../../src/providers/podnapisi-xml.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { empty } from "../fakes/fake-service.ts";
import {
  type FakePodnapisi,
  type FakePodnapisiSubtitle,
  startFakePodnapisi,
  THROTTLE_PAGE,
} from "../fakes/podnapisi.ts";
import { providerRejection as rejection } from "../support/rejection.ts";
import { testContext } from "./context.ts";
import { episodeQuery as baseQuery } from "./fixtures.ts";

let fake: FakePodnapisi | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

function episodeQuery(overrides: Partial<SubtitleQuery> = {}): SubtitleQuery {
  return baseQuery({
    releaseName: "Breaking.Bad.S01E01.720p.BluRay.x264-DEMAND",
    releaseGroup: "DEMAND",
    ...overrides,
  });
}

function subtitle(pid: string, overrides: Partial<FakePodnapisiSubtitle> = {}): FakePodnapisiSubtitle {
  return {
    pid,
    title: "Breaking Bad",
    year: 2008,
    season: 1,
    episode: 1,
    language: "en",
    releases: [`Breaking.Bad.S01E01.${pid}`],
    content: `1\n00:00:01,000 --> 00:00:02,000\n${pid}\n`,
    ...overrides,
  };
}

async function setup() {
  fake = await startFakePodnapisi();
  const provider = createPodnapisiProvider({ baseUrl: fake.url });
  return { fake, provider };
}

describe("podnapisi search", () => {
  test("sends the old XML search with language, title, season, episode and year", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(subtitle("abcd"));
    await provider.search(episodeQuery(), testContext().ctx);
    expect(fake.requests.map((r) => [r.path, r.query])).toEqual([
      ["/subtitles/search/old", { sXML: "1", sL: "en", sK: "Breaking Bad", sTS: "1", sTE: "1", sY: "2008" }],
    ]);
  });

  test("movies leave season and episode out", async () => {
    const { fake, provider } = await setup();
    await provider.search(
      episodeQuery({ kind: "movie", title: "Heat", year: 1995, season: null, episodes: [] }),
      testContext().ctx,
    );
    expect(fake.requests[0]?.query).toEqual({ sXML: "1", sL: "en", sK: "Heat", sY: "1995" });
  });

  test("Sonarr's year in a series title (Doctor Who (2005)) is not typed into the keyword search", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(subtitle("who1", { title: "Doctor Who", year: 2005 }));
    const found = await provider.search(
      episodeQuery({ title: "Doctor Who (2005)", year: 2005 }),
      testContext().ctx,
    );
    expect(fake.requests[0]?.query).toMatchObject({ sK: "Doctor Who", sY: "2005" });
    expect(found.map((c) => [c.id, c.matches])).toEqual([["who1", ["title", "year", "season", "episode"]]]);
  });

  test("follows pages until current reaches count, and drops repeated pids", async () => {
    const { fake, provider } = await setup();
    fake.pageSize = 2;
    fake.subtitles.push(subtitle("p1"), subtitle("p2"), subtitle("p3"), subtitle("p2"), subtitle("p5"));
    const found = await provider.search(episodeQuery(), testContext().ctx);
    expect(fake.requests.map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
    expect(found.map((c) => c.id)).toEqual(["p1", "p2", "p3", "p5"]);
  });

  test("stops after five pages", async () => {
    const { fake, provider } = await setup();
    fake.pageSize = 1;
    for (let i = 1; i <= 8; i++) fake.subtitles.push(subtitle(`s${i}`));
    const found = await provider.search(episodeQuery(), testContext().ctx);
    expect(fake.requests).toHaveLength(5);
    expect(found).toHaveLength(5);
  });

  test("flags, releases and the rest of a candidate", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(
      subtitle("hi", {
        flags: "nh",
        releases: ["Breaking.Bad.S01E01.720p.BluRay.x264-DEMAND", "Breaking.Bad.S01E01.HDTV"],
      }),
      subtitle("forced", { flags: "f" }),
      subtitle("plain", { downloads: 42 }),
    );
    const found = await provider.search(episodeQuery(), testContext().ctx);
    expect(found.map((c) => [c.id, c.hearingImpaired, c.forced])).toEqual([
      ["hi", true, false],
      ["forced", false, true],
      ["plain", false, false],
    ]);
    expect(found[0]).toMatchObject({
      provider: "podnapisi",
      language: "en",
      releaseNames: ["Breaking.Bad.S01E01.720p.BluRay.x264-DEMAND", "Breaking.Bad.S01E01.HDTV"],
      format: null,
      season: 1,
      episodes: [1],
      seasonPack: false,
      matches: ["title", "year", "season", "episode"],
      pageUrl: `${fake.url}/subtitles/en-breaking-bad/hi`,
      data: { pid: "hi" },
    });
    expect(found[2]?.downloads).toBe(42);
  });

  test("one search per wanted language; regional variants share their base language's search", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(
      subtitle("en1"),
      subtitle("sl1", { language: "sl" }),
      subtitle("pt1", { language: "pt" }),
      subtitle("pt2", { language: "pt-br" }),
    );
    const found = await provider.search(
      episodeQuery({ languages: ["en", "sl", "pt", "pt-BR"] }),
      testContext().ctx,
    );
    expect(fake.requests.map((r) => r.query.sL)).toEqual(["en", "sl", "pt", "pt-br"]);
    expect(found.map((c) => [c.id, c.language])).toEqual([
      ["en1", "en"],
      ["sl1", "sl"],
      ["pt1", "pt"],
      ["pt2", "pt-BR"],
    ]);
  });

  test("sL takes pt-br and sr-latn as such; replies in them satisfy pt-BR and sr-Latn profiles", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(
      subtitle("pt1", { language: "pt" }),
      subtitle("br1", { language: "pt-br" }),
      subtitle("sr1", { language: "sr" }),
      subtitle("srl1", { language: "sr-latn" }),
    );
    const found = await provider.search(episodeQuery({ languages: ["pt-BR", "sr-Latn"] }), testContext().ctx);
    expect(fake.requests.map((r) => r.query.sL)).toEqual(["pt-br", "sr-latn"]);
    expect(found.map((c) => [c.id, c.language])).toEqual([
      ["br1", "pt-BR"],
      ["srl1", "sr-Latn"],
    ]);
  });

  test("es-419, es-MX, zh-Hans and zh-Hant have no sL of their own: not asked as a base language that cannot satisfy them", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(subtitle("es1", { language: "es" }), subtitle("zh1", { language: "zh" }));
    const regional = await provider.search(
      episodeQuery({ languages: ["es-419", "es-MX", "zh-Hans", "zh-Hant"] }),
      testContext().ctx,
    );
    expect(regional).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    const bare = await provider.search(episodeQuery({ languages: ["es", "zh"] }), testContext().ctx);
    expect(fake.requests.map((r) => r.query.sL)).toEqual(["es", "zh"]);
    expect(bare.map((c) => [c.id, c.language])).toEqual([
      ["es1", "es"],
      ["zh1", "zh"],
    ]);
  });

  test("the throttle page is rate-limited for 10 s, even under a 200", async () => {
    const { fake, provider } = await setup();
    fake.throttleNext();
    const error = await rejection(provider.search(episodeQuery(), testContext().ctx));
    expect(error.kind).toBe("rate-limited");
    expect(error.details.retryAfterMs).toBe(10_000);
    fake.injectFailures(1, () => new Response("429 Too Many Requests", { status: 429 }));
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).details.retryAfterMs).toBe(
      10_000,
    );
  });

  test("other non-XML answers are bad-response; 5xx and down are unavailable", async () => {
    const { fake, provider } = await setup();
    await fake.setMode("garbage");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("bad-response");
    await fake.setMode("up");
    fake.injectFailures(1, () => empty(503));
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
    await fake.setMode("down");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
  });

  test("the XML parser reads the documented sample and refuses the throttle page", () => {
    const page = parsePodnapisiPage(
      "<results><pagination><current>1</current><count>3</count><results>57</results></pagination><subtitle><pid>abcd</pid>" +
        "<title>Breaking Bad</title><year>2008</year><tvSeason>1</tvSeason><tvEpisode>1</tvEpisode><language>en</language>" +
        "<flags>nhf</flags><release>Breaking.Bad.S01E01.720p other.release</release><url>https://podnapisi.net/subtitles/en-x/abcd</url></subtitle></results>",
    );
    expect(page).toEqual({
      current: 1,
      count: 3,
      subtitles: [
        {
          pid: "abcd",
          title: "Breaking Bad",
          year: 2008,
          season: 1,
          episode: 1,
          language: "en",
          hearingImpaired: true,
          forced: true,
          releases: ["Breaking.Bad.S01E01.720p", "other.release"],
          url: "https://podnapisi.net/subtitles/en-x/abcd",
          downloads: null,
        },
      ],
    });
    expect(parsePodnapisiPage(THROTTLE_PAGE)).toBeNull();
    expect(parsePodnapisiPage("429 Too Many Requests")).toBeNull();
  });
});

describe("podnapisi download", () => {
  test("returns the ZIP as served", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(subtitle("abcd"));
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    if (!candidate) throw new Error("expected a candidate");
    const file = await provider.download(candidate, ctx);
    expect(fake.requests.at(-1)).toMatchObject({
      path: "/subtitles/abcd/download",
      query: { container: "zip" },
    });
    expect(file.fileName).toBe("abcd.zip");
    const entries = unzipSync(file.bytes);
    expect(Object.keys(entries)).toEqual(["Breaking.Bad.S01E01.abcd.srt"]);
    expect(strFromU8(entries["Breaking.Bad.S01E01.abcd.srt"] ?? new Uint8Array())).toContain("abcd");
  });

  test("throttled, gone and not a ZIP", async () => {
    const { fake, provider } = await setup();
    fake.subtitles.push(subtitle("abcd"));
    const [candidate] = await provider.search(episodeQuery(), testContext().ctx);
    if (!candidate) throw new Error("expected a candidate");
    fake.throttleNext();
    expect((await rejection(provider.download(candidate, testContext().ctx))).kind).toBe("rate-limited");
    const gone = { ...candidate, id: "zzzz", data: { pid: "zzzz" } };
    expect((await rejection(provider.download(gone, testContext().ctx))).kind).toBe("not-found");
    await fake.setMode("garbage");
    expect((await rejection(provider.download(candidate, testContext().ctx))).kind).toBe("bad-response");
  });
});

describe("podnapisi health", () => {
  test("a HEAD of the site; unhealthy when down", async () => {
    const { fake, provider } = await setup();
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(true);
    expect(fake.requests.map((r) => [r.method, r.path])).toEqual([["HEAD", "/"]]);
    await fake.setMode("down");
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(false);
    expect(provider.rateLimit).toEqual({ requests: 30, perMs: 60_000 });
  });
});
