import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type Json, jsonOf, request, testRuntime } from "../support/runtime.ts";

let runtime: ReturnType<typeof testRuntime>;

/** History rows as the searcher writes them: provider downloads, a translation, a transcription. */
const ROWS = [
  [
    "main",
    "Breaking Bad",
    "de",
    "opensubtitles",
    "4467084",
    "Breaking.Bad.S01E01.720p-GRP",
    "downloaded",
    "2026-11-01T08:00:00.000Z",
  ],
  [
    "main",
    "Breaking Bad",
    "en",
    "podnapisi",
    "pn-1",
    "Breaking.Bad.S01E02.720p-GRP",
    "downloaded",
    "2026-11-10T08:00:00.000Z",
  ],
  [
    "anime",
    "Frieren",
    "de",
    "opensubtitles",
    "555",
    "[SubsPlease] Frieren - 01 (1080p)",
    "translated",
    "2026-11-20T08:00:00.000Z",
  ],
  ["anime", "Frieren", "ja", "whisper", "whisper-asr", null, "transcribed", "2026-11-21T08:00:00.000Z"],
  [
    "movies",
    "Dune 100% Cut",
    "de",
    "subdl",
    "sd-9",
    "Dune.2021.2160p",
    "downloaded-manually",
    "2026-11-30T23:59:59.000Z",
  ],
] as const;

beforeEach(() => {
  runtime = testRuntime();
  const insert = runtime.deps.db.sqlite.query(
    `INSERT INTO subtitle_history (instance, title, language, variant, provider, candidate_id, release, score,
       score_json, format, path, sha256, action, created_at)
     VALUES (?, ?, ?, 'full', ?, ?, ?, 300, '{"match:title":300}', 'srt', ?, 'abc', ?, ?)`,
  );
  for (const [instance, title, language, provider, candidate, release, action, at] of ROWS) {
    insert.run(
      instance,
      title,
      language,
      provider,
      candidate,
      release,
      `/media/${title}.${language}.srt`,
      action,
      at,
    );
  }
});
afterEach(() => runtime.close());

const history = async (query = "") => jsonOf(request(runtime, `/api/v1/history?${query}`));
const titles = (page: Json) => page.items.map((i: Json) => `${i.title}/${i.language}`);
const post = (path: string, body?: unknown) =>
  request(runtime, path, {
    method: "POST",
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });

describe("history filters", () => {
  test("newest first; by language, provider, instance, action", async () => {
    const all = await history();
    expect(all.total).toBe(5);
    expect(titles(all)[0]).toBe("Dune 100% Cut/de");
    expect(titles(await history("language=de"))).toEqual([
      "Dune 100% Cut/de",
      "Frieren/de",
      "Breaking Bad/de",
    ]);
    expect((await history("provider=opensubtitles")).total).toBe(2);
    expect(titles(await history("provider=whisper"))).toEqual(["Frieren/ja"]);
    expect((await history("instance=anime")).total).toBe(2);
    expect(titles(await history("action=translated"))).toEqual(["Frieren/de"]);
    expect((await history("action=downloaded&instance=main&language=en")).total).toBe(1);
  });

  test("text search in title, release and path (LIKE wildcards are literal); date range", async () => {
    expect(titles(await history("q=frieren"))).toEqual(["Frieren/ja", "Frieren/de"]);
    expect(titles(await history("q=S01E02"))).toEqual(["Breaking Bad/en"]);
    expect(titles(await history(`q=${encodeURIComponent("100%")}`))).toEqual(["Dune 100% Cut/de"]);
    expect((await history(`q=${encodeURIComponent("%")}`)).total).toBe(1);
    expect((await history("q=_")).total).toBe(0);
    // `from` inclusive, `to` exclusive; a bare date is midnight UTC.
    expect(titles(await history("from=2026-11-10&to=2026-11-21"))).toEqual(["Frieren/de", "Breaking Bad/en"]);
    expect(titles(await history("from=2026-11-30T23:59:59Z"))).toEqual(["Dune 100% Cut/de"]);
    expect((await history("to=2026-11-01T08:00:00Z")).total).toBe(0);
    // A time without an offset is UTC too, whatever the server's time zone.
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(titles(await history("from=2026-11-30T23:59:59"))).toEqual(["Dune 100% Cut/de"]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    for (const bad of [
      "from=yesterday",
      "from=1",
      "from=March%207",
      "from=2026-02-31",
      "to=2026-11-01T24:00:00Z",
      "to=12%2F25%2F2026",
      "action=exploded",
      "pageSize=0",
    ]) {
      const res = await request(runtime, `/api/v1/history?${bad}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    }
  });
});

describe("blacklist from history", () => {
  test("blacklists the row's provider + candidate; history and the blacklist show it; removal undoes it", async () => {
    const [row] = (await history("q=S01E01")).items;
    expect(row.blacklistId).toBeNull();
    const res = await post(`/api/v1/history/${row.id}/blacklist`, { reason: "out of sync" });
    expect(res.status).toBe(201);
    const entry = await jsonOf(res);
    expect(entry).toMatchObject({
      provider: "opensubtitles",
      candidateId: "4467084",
      reason: "out of sync",
      title: "Breaking Bad",
      language: "de",
      release: "Breaking.Bad.S01E01.720p-GRP",
    });
    // Twice is fine: the same entry, the reason kept when none is given.
    const again = await jsonOf(post(`/api/v1/history/${row.id}/blacklist`));
    expect(again).toMatchObject({ id: entry.id, reason: "out of sync" });
    expect((await history("q=S01E01")).items[0].blacklistId).toBe(entry.id);
    expect((await history("q=S01E02")).items[0].blacklistId).toBeNull();

    const list = await jsonOf(request(runtime, "/api/v1/blacklist"));
    expect(list).toEqual([entry]);
    // Entries added by hand for a candidate never downloaded have no context.
    await post("/api/v1/blacklist", { provider: "subdl", candidateId: "never" });
    expect((await jsonOf(request(runtime, "/api/v1/blacklist")))[0]).toMatchObject({
      candidateId: "never",
      title: null,
      language: null,
      release: null,
    });

    expect((await request(runtime, `/api/v1/blacklist/${entry.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await history("q=S01E01")).items[0].blacklistId).toBeNull();
  });

  test("a transcription or a missing row cannot be blacklisted", async () => {
    const [whisper] = (await history("provider=whisper")).items;
    const refused = await post(`/api/v1/history/${whisper.id}/blacklist`);
    expect(refused.status).toBe(409);
    expect((await jsonOf(refused)).detail).toContain("whisper");
    expect((await post("/api/v1/history/9999/blacklist")).status).toBe(404);
    expect((await post(`/api/v1/history/${whisper.id}/blacklist`, { why: "x" })).status).toBe(400);
    expect(await jsonOf(request(runtime, "/api/v1/blacklist"))).toEqual([]);
  });
});
