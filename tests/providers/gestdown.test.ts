import { afterEach, describe, expect, test } from "bun:test";
import { strToU8, zipSync } from "fflate";
import { nameByContent } from "../../src/providers/download-name.ts";
import { createGestdownProvider } from "../../src/providers/gestdown.ts";
import { gestdownLanguages } from "../../src/providers/gestdown-language.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { prepareSubtitle } from "../../src/subtitles/pipeline.ts";
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
      format: null,
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

  test("three 423s in a row: skipped for now (still being fetched), not a failure that counts toward the breaker", async () => {
    const { fake, provider } = await setup();
    fake.lockNext(3);
    const { ctx, sleeps } = testContext();
    const error = await rejection(provider.search(episodeQuery(), ctx));
    expect(error.kind).toBe("unsupported");
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

  test("Addic7ed's names for regional variants, and the language a subtitle found there carries", () => {
    const names = (code: string) => gestdownLanguages(code).map((l) => `${l.name}=${l.language}`);
    expect(names("en")).toEqual(["English=en"]);
    expect(names("fr")).toEqual(["French=fr"]);
    expect(names("fr-CA")).toEqual(["French (Canadian)=fr-CA"]);
    expect(names("pt-BR")).toEqual(["Portuguese (Brazilian)=pt-BR"]);
    expect(names("pt-PT")).toEqual(["Portuguese=pt-PT"]);
    expect(names("pt")).toEqual(["Portuguese=pt", "Portuguese (Brazilian)=pt-BR"]);
    expect(names("es-419")).toEqual(["Spanish (Latin America)=es-419"]);
    expect(names("es-MX")).toEqual(["Spanish (Latin America)=es-MX"]);
    expect(names("es-ES")).toEqual(["Spanish (Spain)=es-ES", "Spanish=es-ES"]);
    expect(names("es")).toEqual(["Spanish=es", "Spanish (Spain)=es-ES", "Spanish (Latin America)=es-419"]);
    expect(names("zh-Hans")).toEqual(["Chinese (Simplified)=zh-Hans"]);
    expect(names("zh-CN")).toEqual(["Chinese (Simplified)=zh-CN"]);
    expect(names("zh-Hant")).toEqual(["Chinese (Traditional)=zh-Hant"]);
    expect(names("zh-TW")).toEqual(["Chinese (Traditional)=zh-TW"]);
    expect(names("zh")).toEqual(["Chinese (Simplified)=zh-Hans", "Chinese (Traditional)=zh-Hant"]);
    expect(names("sr-Latn")).toEqual(["Serbian (Latin)=sr-Latn"]);
    expect(names("sr-Cyrl")).toEqual(["Serbian (Cyrillic)=sr-Cyrl"]);
    expect(names("nb")).toEqual(["Norwegian=nb"]);
    expect(names("ca")).toEqual(["Català=ca"]);
    expect(names("el")).toEqual(["Greek=el"]);
    expect(names("xx-invalid-tag-!")).toEqual([]);
  });

  test("a regional want asks Addic7ed's name for it; found subtitles carry the wanted tag", async () => {
    const { fake, provider } = await setup();
    const sub = (subtitleId: string, language: string) => ({
      subtitleId,
      tvdbId: 81189,
      season: 1,
      episode: 1,
      language,
      version: "WEB",
      content: SRT,
    });
    fake.subtitles.push(
      sub("br", "Portuguese (Brazilian)"),
      sub("pt", "Portuguese"),
      sub("latam", "Spanish (Latin America)"),
      sub("es", "Spanish"),
      sub("hans", "Chinese (Simplified)"),
      sub("hant", "Chinese (Traditional)"),
    );
    const found = await provider.search(
      episodeQuery({ languages: ["pt-BR", "es-MX", "es-419", "zh-Hans", "zh-Hant"] }),
      testContext().ctx,
    );
    const asked = fake.requests
      .filter((r) => r.path.startsWith("/subtitles/get/"))
      .map((r) => decodeURIComponent(r.path.split("/").at(-1) ?? ""));
    expect(asked).toEqual([
      "Portuguese (Brazilian)",
      "Spanish (Latin America)",
      "Chinese (Simplified)",
      "Chinese (Traditional)",
    ]);
    expect(found.map((c) => [c.id, c.language])).toEqual([
      ["br", "pt-BR"],
      ["latam", "es-MX"],
      ["hans", "zh-Hans"],
      ["hant", "zh-Hant"],
    ]);
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

describe("gestdown downloads named by content", () => {
  const pack = (subtitleId: string, content: string | Uint8Array) => ({
    subtitleId,
    tvdbId: 81189,
    season: 1,
    episode: 2,
    language: "English",
    version: "Season pack",
    content,
  });

  test("a season pack served under an .srt name is named .zip and unpacks to the wanted episode", async () => {
    const { fake, provider } = await setup();
    const episode = (n: number) => `1\n00:00:01,000 --> 00:00:02,000\nEpisode ${n}.\n`;
    fake.subtitles.push(
      pack(
        "pack-1",
        zipSync({
          "Breaking.Bad.S01E01.srt": strToU8(episode(1)),
          "Breaking.Bad.S01E02.srt": strToU8(episode(2)),
        }),
      ),
    );
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery({ episodes: [2] }), ctx);
    if (!candidate) throw new Error("expected a candidate");
    expect(candidate.format).toBeNull();
    const file = await provider.download(candidate, ctx);
    expect(file.fileName).toBe("pack-1.zip");
    const prepared = await prepareSubtitle(file, { season: 1, episodes: [2], language: "en" });
    expect(prepared).toMatchObject({ ok: true, format: "srt", member: "Breaking.Bad.S01E02.srt" });
    if (prepared.ok) expect(prepared.text).toContain("Episode 2.");
  });

  test("an ASS file is named .ass, and a body with no known format keeps the reply's hint", async () => {
    const { fake, provider } = await setup();
    const ass =
      "[Script Info]\nScriptType: v4.00+\n\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n";
    fake.subtitles.push(pack("ass-1", ass));
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery({ episodes: [2] }), ctx);
    if (!candidate) throw new Error("expected a candidate");
    expect((await provider.download(candidate, ctx)).fileName).toBe("ass-1.ass");
    expect(nameByContent("x", strToU8("nothing recognisable"), "x.srt")).toBe("x.srt");
    expect(nameByContent("x", strToU8("nothing recognisable"))).toBe("x");
    expect(nameByContent("x.srt", new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).toBe("x.7z");
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
