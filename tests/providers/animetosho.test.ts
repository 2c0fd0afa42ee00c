import { afterEach, describe, expect, test } from "bun:test";
import { XzReadableStream } from "xz-decompress";
import { createAnimeToshoProvider } from "../../src/providers/animetosho.ts";
import { animeToshoAttachmentPath } from "../../src/providers/animetosho-wire.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { type FakeAnimeTosho, type FakeAnimeToshoTorrent, startFakeAnimeTosho } from "../fakes/animetosho.ts";
import { empty } from "../fakes/fake-service.ts";
import { providerRejection as rejection } from "../support/rejection.ts";
import { testContext } from "./context.ts";
import { episodeQuery as baseQuery } from "./fixtures.ts";

let fake: FakeAnimeTosho | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

const EID = 277_518;
const ASS =
  "[Script Info]\nTitle: Solo Leveling 12\n\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Arise.\n";

function episodeQuery(overrides: Partial<SubtitleQuery> = {}): SubtitleQuery {
  return baseQuery({
    title: "Ore dake Level Up na Ken",
    year: 2024,
    episodes: [12],
    imdbId: null,
    tvdbId: null,
    tmdbId: null,
    anidbEpisodeId: EID,
    releaseName: "[EMBER] Solo Leveling - 12",
    releaseGroup: "EMBER",
    languages: ["en", "de"],
    ...overrides,
  });
}

function torrent(id: number, timestamp: number, status = "complete", group = "EMBER"): FakeAnimeToshoTorrent {
  return {
    id,
    title: `[${group}] Ore dake Level Up na Ken S01E12 [1080p]`,
    timestamp,
    status,
    anidbEid: EID,
    files: [
      {
        id: id * 10,
        filename: `[${group}] Solo Leveling - 12.mkv`,
        attachments: [
          { id: id * 10 + 1, filename: "track3.eng.ass", codec: "ASS", lang: "eng", content: ASS },
        ],
      },
    ],
  };
}

async function setup() {
  fake = await startFakeAnimeTosho();
  const provider = createAnimeToshoProvider({ feedUrl: fake.url, storageUrl: fake.storageUrl });
  return { fake, provider };
}

describe("animetosho search", () => {
  test("without an AniDB episode id: unsupported, and no request", async () => {
    const { fake, provider } = await setup();
    const { ctx, requests } = testContext();
    const error = await rejection(provider.search(episodeQuery({ anidbEpisodeId: null }), ctx));
    expect(error.kind).toBe("unsupported");
    expect(error.message).toBe("animetosho: no AniDB episode id for this item");
    expect(requests).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  test("complete torrents only, newest first, at most five", async () => {
    const { fake, provider } = await setup();
    fake.addTorrent(torrent(101, 1_000));
    fake.addTorrent(torrent(102, 7_000, "incomplete"));
    fake.addTorrent(torrent(103, 3_000));
    fake.addTorrent(torrent(104, 6_000));
    fake.addTorrent(torrent(105, 2_000));
    fake.addTorrent(torrent(106, 5_000));
    fake.addTorrent(torrent(107, 4_000));
    fake.addTorrent(torrent(108, 9_000, "skipped"));
    const found = await provider.search(episodeQuery(), testContext().ctx);
    const [listing, ...details] = fake.requests;
    expect(listing?.query).toEqual({ eid: String(EID) });
    expect(details.map((r) => r.query)).toEqual(
      ["104", "106", "107", "103", "105"].map((id) => ({ show: "torrent", id })),
    );
    expect(found.map((c) => c.id)).toEqual(["1041", "1061", "1071", "1031", "1051"]);
  });

  test("subtitle attachments become candidates: language from info.lang, format from the codec", async () => {
    const { fake, provider } = await setup();
    fake.addTorrent({
      id: 608_526,
      title: "[EMBER] Ore dake Level Up na Ken S01E12 [1080p]",
      timestamp: 1_711_853_493,
      status: "complete",
      anidbEid: EID,
      files: [
        {
          id: 1_154_190,
          filename: "[EMBER] Solo Leveling - 12.mkv",
          attachments: [
            { id: 1_961_547, filename: "track3.eng.ass", codec: "ASS", lang: "eng", content: ASS },
            {
              id: 1_961_548,
              filename: "track4.ger.srt",
              codec: "SRT",
              lang: "ger",
              forced: true,
              content: "1\n",
            },
            { id: 1_961_549, filename: "track5.ass", codec: "ASS", content: ASS },
            { id: 1_961_550, filename: "track6.fre.ass", codec: "ASS", lang: "fre", content: ASS },
            { id: 1_961_551, filename: "track7.eng.sup", codec: "PGS", lang: "eng", content: "PG" },
            { id: 1_961_552, filename: "font.ttf", codec: "TTF", lang: "eng", type: "font", content: "ttf" },
          ],
        },
      ],
    });
    const found = await provider.search(episodeQuery(), testContext().ctx);
    expect(found.map((c) => [c.id, c.language, c.format, c.forced])).toEqual([
      ["1961547", "en", "ass", false],
      ["1961548", "de", "srt", true],
      ["1961549", "en", "ass", false],
    ]);
    expect(found[0]).toMatchObject({
      provider: "animetosho",
      releaseNames: ["[EMBER] Solo Leveling - 12", "[EMBER] Ore dake Level Up na Ken S01E12 [1080p]"],
      season: 1,
      episodes: [12],
      seasonPack: false,
      matches: ["title", "episode", "season", "releaseGroup"],
      uploader: "EMBER",
      pageUrl: "https://animetosho.org/view/608526",
    });
  });

  test("the single-torrent reply carries no top-level id, as the real one, and is still read", async () => {
    const { fake, provider } = await setup();
    fake.addTorrent(torrent(608_526, 1_711_853_493));
    const reply = (await (await fetch(`${fake.url}/json?show=torrent&id=608526`)).json()) as object;
    expect(reply).not.toHaveProperty("id");
    expect(Object.keys(reply).slice(0, 4)).toEqual(["title", "timestamp", "status", "tosho_id"]);
    const found = await provider.search(episodeQuery(), testContext().ctx);
    expect(found.map((c) => c.id)).toEqual(["6085261"]);
  });

  test("both Portuguese variants are tagged por: the track's name tells Brazilian apart", async () => {
    const { fake, provider } = await setup();
    const por = (id: number, filename: string, name?: string) => ({
      id,
      filename,
      codec: "ASS",
      lang: "por",
      ...(name === undefined ? {} : { name }),
      content: ASS,
    });
    fake.addTorrent({
      ...torrent(700, 1_000),
      files: [
        {
          id: 7000,
          filename: "[EMBER] Solo Leveling - 12.mkv",
          attachments: [
            por(7001, "track3.por.ass", "Portuguese (Brazil)"),
            por(7002, "track4.por.ass", "Português"),
            por(7003, "track5.pt-BR.ass"),
            por(7004, "track6.por.ass"),
          ],
        },
      ],
    });
    const brazilian = await provider.search(episodeQuery({ languages: ["pt-BR"] }), testContext().ctx);
    expect(brazilian.map((c) => [c.id, c.language])).toEqual([
      ["7001", "pt-BR"],
      ["7003", "pt-BR"],
    ]);
    const any = await provider.search(episodeQuery({ languages: ["pt"] }), testContext().ctx);
    expect(any.map((c) => [c.id, c.language])).toEqual([
      ["7001", "pt-BR"],
      ["7002", "pt"],
      ["7003", "pt-BR"],
      ["7004", "pt"],
    ]);
  });

  test("a listing with nothing complete is no results", async () => {
    const { fake, provider } = await setup();
    fake.addTorrent(torrent(201, 1_000, "incomplete"));
    expect(await provider.search(episodeQuery(), testContext().ctx)).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  test("down, 5xx and garbage", async () => {
    const { fake, provider } = await setup();
    fake.injectFailures(1, () => empty(503));
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
    await fake.setMode("garbage");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("bad-response");
    await fake.setMode("down");
    expect((await rejection(provider.search(episodeQuery(), testContext().ctx))).kind).toBe("unavailable");
  });
});

describe("animetosho download", () => {
  test("attachment ids become eight zero-padded hex digits", () => {
    expect(animeToshoAttachmentPath(1_961_547)).toBe("attach/001dee4b/1961547.xz");
    expect(animeToshoAttachmentPath(255)).toBe("attach/000000ff/255.xz");
  });

  test("returns the .xz bytes as stored, from the storage host", async () => {
    const { fake, provider } = await setup();
    fake.addTorrent({
      ...torrent(608_527, 2),
      files: [
        {
          id: 1_154_190,
          filename: "[EMBER] Solo Leveling - 12.mkv",
          attachments: [
            { id: 1_961_547, filename: "track3.eng.ass", codec: "ASS", lang: "eng", content: ASS },
          ],
        },
      ],
    });
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    if (!candidate) throw new Error("expected a candidate");
    const file = await provider.download(candidate, ctx);
    expect(fake.requests.at(-1)?.path).toBe("/storage/attach/001dee4b/1961547.xz");
    expect(file.fileName).toBe("track3.eng.ass.xz");
    expect([...file.bytes.subarray(0, 6)]).toEqual([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
    const text = await new Response(new XzReadableStream(new Blob([file.bytes]).stream())).text();
    expect(text).toBe(ASS);
  });

  test("a missing attachment is not-found; a non-xz body is bad-response", async () => {
    const { fake, provider } = await setup();
    fake.addTorrent(torrent(301, 1));
    const { ctx } = testContext();
    const [candidate] = await provider.search(episodeQuery(), ctx);
    if (!candidate) throw new Error("expected a candidate");
    const missing = { ...candidate, id: "999", data: { ...candidate.data, attachmentId: 999 } };
    expect((await rejection(provider.download(missing, ctx))).kind).toBe("not-found");
    await fake.setMode("garbage");
    expect((await rejection(provider.download(candidate, ctx))).kind).toBe("bad-response");
  });
});

describe("animetosho health", () => {
  test("healthy when the feed answers JSON; unhealthy when down or not the feed", async () => {
    const { fake, provider } = await setup();
    expect(await provider.healthCheck(testContext().ctx)).toEqual({
      healthy: true,
      message: "AnimeTosho feed reachable",
    });
    await fake.setMode("garbage");
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(false);
    await fake.setMode("down");
    expect((await provider.healthCheck(testContext().ctx)).healthy).toBe(false);
    expect(provider.rateLimit).toEqual({ requests: 50, perMs: 30_000 });
  });
});
