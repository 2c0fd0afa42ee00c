import { afterEach, describe, expect, test } from "bun:test";
import { createGestdownProvider } from "../../src/providers/gestdown.ts";
import { gestdownLanguage } from "../../src/providers/gestdown-wire.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { empty, json } from "../fakes/fake-service.ts";
import { type FakeGestdown, startFakeGestdown } from "../fakes/gestdown.ts";
import { providerRejection as rejection } from "../support/rejection.ts";
import { testContext } from "./context.ts";
import { episodeQuery as baseQuery } from "./fixtures.ts";

let fake: FakeGestdown | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

const SHOW_ID = "cd880e2e-ef44-47cd-9f3d-a03b343ba2d0";
const SRT = "1\n00:00:01,000 --> 00:00:02,000\nSay my name.\n";

function episodeQuery(overrides: Partial<SubtitleQuery> = {}): SubtitleQuery {
  return baseQuery({
    releaseName: "Breaking.Bad.S01E01.480p.AMZN.WEB-DL.NTb",
    releaseGroup: "NTb",
    ...overrides,
  });
}

async function setup() {
  fake = await startFakeGestdown();
  fake.shows.set(81189, { id: SHOW_ID, name: "Breaking Bad" });
  fake.subtitles.push(
    {
      subtitleId: "d28b4d5b-0001",
      tvdbId: 81189,
      season: 1,
      episode: 1,
      language: "English",
      version: "480p.AMZN.WEB-DL.NTb",
      hearingImpaired: true,
      downloadCount: 100,
      content: SRT,
    },
    {
      subtitleId: "d28b4d5b-0002",
      tvdbId: 81189,
      season: 1,
      episode: 1,
      language: "English",
      version: "DEMAND",
      completed: false,
      content: SRT,
    },
    {
      subtitleId: "d28b4d5b-0003",
      tvdbId: 81189,
      season: 1,
      episode: 1,
      language: "French",
      version: "DEMAND",
      content: SRT,
    },
  );
  const provider = createGestdownProvider({ baseUrl: fake.url }, { userAgent: "Subhound/test" });
  return { fake, provider };
}

describe("gestdown search", () => {
  test("movies are no results, without a request", async () => {
    const { fake, provider } = await setup();
    const movie = episodeQuery({ kind: "movie", season: null, episodes: [] });
    expect(await provider.search(movie, testContext().ctx)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  test("an episode without a TVDB id is unsupported", async () => {
    const { fake, provider } = await setup();
    const error = await rejection(provider.search(episodeQuery({ tvdbId: null }), testContext().ctx));
    expect(error.kind).toBe("unsupported");
    expect(fake.requests).toHaveLength(0);
  });

  test("looks the show up by TVDB id, then the episode per language name, with a User-Agent", async () => {
    const { fake, provider } = await setup();
    const found = await provider.search(episodeQuery({ languages: ["en", "fr"] }), testContext().ctx);
    expect(fake.requests.map((r) => r.path)).toEqual([
      "/shows/external/tvdb/81189",
      `/subtitles/get/${SHOW_ID}/1/1/English`,
      `/subtitles/get/${SHOW_ID}/1/1/French`,
    ]);
    expect(fake.requests.every((r) => r.headers["user-agent"] === "Subhound/test")).toBe(true);
    // completed:false is still being translated on Addic7ed: skipped.
    expect(found.map((c) => [c.id, c.language])).toEqual([
      ["d28b4d5b-0001", "en"],
      ["d28b4d5b-0003", "fr"],
    ]);
    expect(found[0]).toEqual({
      provider: "gestdown",
      id: "d28b4d5b-0001",
      language: "en",
      releaseNames: ["480p.AMZN.WEB-DL.NTb"],
      format: "srt",
      hearingImpaired: true,
      forced: false,
      season: 1,
      episodes: [1],
      seasonPack: false,
      matches: ["title", "season", "episode", "releaseGroup"],
      uploader: null,
      downloads: 100,
      pageUrl: null,
      data: { downloadUri: "/subtitles/download/d28b4d5b-0001" },
    });
  });

  test("an unknown show or episode is no results", async () => {
    const { provider } = await setup();
    expect(await provider.search(episodeQuery({ tvdbId: 1 }), testContext().ctx)).toEqual([]);
    expect(await provider.search(episodeQuery({ episodes: [9] }), testContext().ctx)).toEqual([]);
  });

  test("423 Locked waits 30 s and asks again", async () => {
    const { fake, provider } = await setup();
    fake.lockNext(2);
    const { ctx, sleeps } = testContext();
    const found = await provider.search(episodeQuery(), ctx);
    expect(sleeps).toEqual([30_000, 30_000]);
    expect(found.map((c) => c.id)).toEqual(["d28b4d5b-0001"]);
    expect(fake.requests.filter((r) => r.path.startsWith("/subtitles/get/"))).toHaveLength(3);
  });

  test("three 423s in a row: unavailable, still being fetched", async () => {
    const { fake, provider } = await setup();
    fake.lockNext(3);
    const { ctx, sleeps } = testContext();
    const error = await rejection(provider.search(episodeQuery(), ctx));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("still being fetched");
    expect(error.details.status).toBe(423);
    expect(sleeps).toEqual([30_000, 30_000]);
    expect(fake.requests.filter((r) => r.path.startsWith("/subtitles/get/"))).toHaveLength(3);
  });

  test("cancelled while waiting on a 423: aborted", async () => {
    const { fake, provider } = await setup();
    fake.lockNext(1);
    const controller = new AbortController();
    const { ctx } = testContext({ signal: controller.signal });
    const error = await rejection(
      provider.search(episodeQuery(), {
        ...ctx,
        sleep: async () => {
          controller.abort();
        },
      }),
    );
    expect(error.kind).toBe("aborted");
  });

  test("429 is rate-limited for Retry-After; 5xx, garbage and down", async () => {
    const { fake, provider } = await setup();
    fake.injectFailures(1, () => json({ message: "slow down" }, 429, { "Retry-After": "7" }));
    const limited = await rejection(provider.search(episodeQuery(), testContext().ctx));
    expect(limited.kind).toBe("rate-limited");
    expect(limited.details.retryAfterMs).toBe(7_000);
    fake.injectFailures(1, () => empty(502));
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
    await fake.setMode("garbage");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("bad-response");
    await fake.setMode("down");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
  });

  test("Addic7ed's names for regional variants", () => {
    expect(gestdownLanguage("en")).toBe("English");
    expect(gestdownLanguage("fr")).toBe("French");
    expect(gestdownLanguage("pt-BR")).toBe("Portuguese (Brazilian)");
    expect(gestdownLanguage("zh-Hans")).toBe("Chinese (Simplified)");
  });
});

describe("gestdown download", () => {
  test("fetches downloadUri from the base URL and returns the raw SRT", async () => {
    const { fake, provider } = await setup();
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    if (!candidate) throw new Error("expected a candidate");
    const file = await provider.download(candidate, ctx);
    expect(fake.requests.at(-1)?.path).toBe("/subtitles/download/d28b4d5b-0001");
    expect(file).toEqual({ fileName: "d28b4d5b-0001.srt", bytes: new TextEncoder().encode(SRT) });
    const gone = { ...candidate, id: "x", data: { downloadUri: "/subtitles/download/x" } };
    expect((await rejection(provider.download(gone, ctx))).kind).toBe("not-found");
  });
});

describe("gestdown health", () => {
  test("reachable or not", async () => {
    const { fake, provider } = await setup();
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(true);
    await fake.setMode("down");
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(false);
    expect(provider.rateLimit).toEqual({ requests: 30, perMs: 60_000 });
  });
});
