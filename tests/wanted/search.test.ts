import { beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { zipSync } from "fflate";
import {
  type MatchKey,
  type ProviderContext,
  ProviderError,
  type SubtitleProvider,
} from "../../src/providers/types.ts";
import { createProcessOwner } from "../../src/runs/process-owner.ts";
import { createRunRecorder } from "../../src/runs/recorder.ts";
import type { SubtitleTools } from "../../src/wanted/search.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import { candidate } from "../providers/fixtures.ts";
import { deadPid } from "../support/dead-pid.ts";
import { deferred } from "../support/deferred.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { goodProvider, items, searchHarness, srt } from "./search-harness.ts";

const { clock, library, media: mediaDir } = searchHarness();
let media: string;
beforeEach(() => {
  media = mediaDir();
});

describe("batch search", () => {
  test("finds, validates and saves subtitles next to the videos, with history; misses back off", async () => {
    const provider = goodProvider();
    const original = provider.search;
    provider.search = async (q, ctx) => (q.episodes[0] === 3 ? [] : original(q, ctx));
    const rt = await library(3, provider);
    const run = rt.deps.searcher.start({ trigger: "api" });
    const done = await run.done;
    expect(done).toMatchObject({ status: "succeeded", total: 3, found: 2, notFound: 1 });
    const saved = readdirSync(join(media, "Breaking Bad", "Season 01")).filter((f) => f.endsWith(".de.srt"));
    expect(saved).toHaveLength(2);
    expect(readFileSync(join(media, "Breaking Bad", "Season 01", saved[0]!), "utf8")).toContain("Hallo E");
    const rows = items(rt);
    expect(rows.map((r) => r.status)).toEqual(["found", "found", "not_found"]);
    expect(rows[2]).toMatchObject({
      attempts: 1,
      retry_after: "2026-11-24T11:00:00.000Z",
      lease_owner: null,
    });
    const history = await jsonOf(request(rt, "/api/v1/history"));
    expect(history.total).toBe(2);
    expect(history.items[0]).toMatchObject({
      provider: "opensubtitles",
      format: "srt",
      action: "downloaded",
    });
    // The series' title, and which episode: history lists every episode of a show (the two
    // searches run at once, so in either order).
    expect(
      history.items
        .map((h: { title: string; season: number; episodes: number[] }) => [h.title, h.season, h.episodes])
        .sort((a: [string, number, number[]], b: [string, number, number[]]) => a[2][0]! - b[2][0]!),
    ).toEqual([
      ["Breaking Bad", 1, [1]],
      ["Breaking Bad", 1, [2]],
    ]);
    // The not-found item waits for its backoff: a second run right away has nothing to do.
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).total).toBe(0);
    clock.advance(60 * 60_000);
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).total).toBe(1);
    expect(items(rt)[2]).toMatchObject({ attempts: 2, retry_after: "2026-11-24T13:00:00.000Z" });
    clock.set("2026-11-24T10:00:00Z");
  });

  test("a user's existing subtitle is never overwritten: the item is resolved instead", async () => {
    const rt = await library(1, goodProvider());
    const video = readdirSync(join(media, "Breaking Bad", "Season 01"))[0]!;
    const mine = join(media, "Breaking Bad", "Season 01", video.replace(/\.mkv$/, ".de.srt"));
    writeFileSync(mine, "my own subtitle");
    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done.found).toBe(1);
    expect(readFileSync(mine, "utf8")).toBe("my own subtitle");
    expect(items(rt)[0]!.status).toBe("resolved");
    expect(readdirSync(dirname(mine)).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  test("an HTML page served as a subtitle is rejected and the next candidate is tried", async () => {
    const provider = goodProvider(new Map(), (id) =>
      id === "bad" ? "<!DOCTYPE html><html>quota</html>" : srt("ok"),
    );
    provider.search = async () => [
      candidate("opensubtitles", "bad", { language: "de", matches: ["hash"] }),
      candidate("opensubtitles", "good", { language: "de" }),
    ];
    const rt = await library(1, provider);
    await rt.deps.searcher.start({ trigger: "api" }).done;
    const history = await jsonOf(request(rt, "/api/v1/history"));
    expect(history.items.map((h: { candidateId: string }) => h.candidateId)).toEqual(["good"]);
  });

  test("candidates whose downloads made no subtitle are passed over next time: the fourth gets its turn", async () => {
    const downloads = new Map<string, number>();
    const provider = goodProvider(downloads, (id) =>
      id === "fourth" ? srt("ok") : "<!DOCTYPE html><html>gone</html>",
    );
    const ranks: [string, MatchKey[]][] = [
      ["first", ["hash"]],
      ["second", ["title", "season", "episode", "releaseGroup"]],
      ["third", ["title", "season", "episode"]],
      ["fourth", ["title"]],
    ];
    provider.search = async () =>
      ranks.map(([id, matches]) => candidate("opensubtitles", id, { language: "de", matches }));
    const rt = await library(1, provider);
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).notFound).toBe(1);
    expect([...downloads.keys()].sort()).toEqual(["first", "second", "third"]);
    // An interactive search lists them last, saying why the next search passes them over.
    const id = items(rt)[0]!.id;
    const listed = await jsonOf(request(rt, `/api/v1/wanted/${id}/search`, { method: "POST" }));
    expect(listed.candidates.map((c: { id: string; rejected: string | null }) => [c.id, c.rejected])).toEqual(
      [
        ["fourth", null],
        ...["first", "second", "third"].map((c) => [
          c,
          "its download gave no usable subtitle at the last search",
        ]),
      ],
    );
    clock.advance(60 * 60_000);
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
    // The three that failed were not downloaded again.
    expect(Object.fromEntries(downloads)).toEqual({ first: 1, second: 1, third: 1, fourth: 1 });
    clock.set("2026-11-24T10:00:00Z");
  });

  test("a blacklisted candidate is never taken by a search; the next one is", async () => {
    const downloads = new Map<string, number>();
    const provider = goodProvider(downloads);
    provider.search = async () => [
      candidate("opensubtitles", "banned", { language: "de", matches: ["hash"] }),
      candidate("opensubtitles", "other", { language: "de", matches: ["title"] }),
    ];
    const rt = await library(1, provider);
    const banned = await request(rt, "/api/v1/blacklist", {
      method: "POST",
      body: JSON.stringify({ provider: "opensubtitles", candidateId: "banned" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(banned.status).toBe(201);
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
    expect([...downloads.keys()]).toEqual(["other"]);
  });

  test("a pack with full and forced members gives each item its own kind", async () => {
    const encode = (text: string) => new TextEncoder().encode(srt(text));
    const provider = goodProvider();
    // One pack answers both searches (as a provider's season pack does), its forced member first.
    provider.search = async (q) => [
      candidate("opensubtitles", q.forced ? "pack-forced" : "pack", {
        language: "de",
        forced: q.forced,
        season: q.season,
        episodes: q.episodes,
      }),
    ];
    provider.download = async () => ({
      fileName: "pack.zip",
      bytes: zipSync({
        "Breaking.Bad.S01E01.de.forced.srt": encode("Nur fremde Teile"),
        "Breaking.Bad.S01E01.de.srt": encode("Alles"),
      }),
    });
    const rt = await library(1, provider, { profile: { forced: "separate" } });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(2);
    const folder = join(media, "Breaking Bad", "Season 01");
    const saved = readdirSync(folder).filter((f) => f.endsWith(".srt"));
    const text = (suffix: string) =>
      readFileSync(join(folder, saved.find((f) => f.endsWith(suffix))!), "utf8");
    expect(text(".de.forced.srt")).toContain("Nur fremde Teile");
    expect(text(".de.srt")).toContain("Alles");
  });

  test("two concurrent runs never process one item twice", async () => {
    const downloads = new Map<string, number>();
    const rt = await library(6, goodProvider(downloads));
    const [a, b] = [
      rt.deps.searcher.start({ trigger: "api" }),
      rt.deps.searcher.start({ trigger: "schedule" }),
    ];
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.found + rb.found).toBe(6);
    expect([...downloads.values()].every((n) => n === 1)).toBe(true);
    expect(downloads.size).toBe(6);
  });

  test("cancel mid-batch leaves every item consistent: nothing stuck in searching, no attempt spent", async () => {
    let entered = 0;
    let release: () => void = () => {};
    const allIn = new Promise<void>((r) => {
      release = r;
    });
    const hanging: SubtitleProvider = {
      ...goodProvider(),
      search: async (_q, ctx: ProviderContext) => {
        if (++entered === 3) release();
        await new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () =>
            reject(new ProviderError("opensubtitles", "aborted", "cancelled")),
          ),
        );
        return [];
      },
    };
    const rt = await library(5, hanging);
    const run = rt.deps.searcher.start({ trigger: "api" });
    await allIn;
    expect(items(rt).filter((i) => i.status === "searching")).toHaveLength(3);
    expect(rt.deps.searcher.cancel()).toEqual([run.runId]);
    const done = await run.done;
    expect(done.status).toBe("cancelled");
    expect(items(rt).map((i) => [i.status, i.attempts, i.lease_owner])).toEqual(
      Array.from({ length: 5 }, () => ["wanted", 0, null]),
    );
  });

  test("an item left in searching by a crashed run is claimable once its lease ran out", async () => {
    const rt = await library(1, goodProvider());
    rt.deps.db.sqlite.run(
      "UPDATE wanted_items SET status = 'searching', lease_owner = 'run-dead', lease_expires_at = '2026-11-24T09:00:00.000Z'",
    );
    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done).toMatchObject({ total: 1, found: 1 });
    expect(items(rt)[0]).toMatchObject({ status: "found", lease_owner: null });
  });

  test("no provider could be asked: the item is released without spending an attempt", async () => {
    const down: SubtitleProvider = {
      ...goodProvider(),
      search: async () => {
        throw new ProviderError("opensubtitles", "unavailable", "502 Bad Gateway");
      },
    };
    const rt = await library(1, down);
    await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(items(rt)[0]).toMatchObject({ status: "wanted", attempts: 0 });
    expect(items(rt)[0]!.retry_after).not.toBeNull();
  });
});

describe("search routes", () => {
  test("interactive search lists equal scores as the automatic pick ranks them: lower priority number first", async () => {
    const offering = (name: "subdl" | "podnapisi", downloads: number): SubtitleProvider => ({
      ...goodProvider(),
      name,
      search: async (q) => [
        candidate(name, `${name}-E${q.episodes[0]}`, {
          language: "de",
          season: q.season,
          episodes: q.episodes,
          releaseNames: [`Breaking.Bad.S01E0${q.episodes[0]}.720p-GRP`],
          downloads,
        }),
      ],
    });
    // Priorities 2 and 1 earn the same points; SubDL is listed first and is far more downloaded.
    const rt = await library(1, [
      { provider: offering("subdl", 900), priority: 2 },
      { provider: offering("podnapisi", 3), priority: 1 },
    ]);
    const found = await jsonOf(request(rt, `/api/v1/wanted/${items(rt)[0]!.id}/search`, { method: "POST" }));
    expect(found.candidates.map((c: { provider: string; score: number }) => [c.provider, c.score])).toEqual([
      ["podnapisi", found.candidates[0].score],
      ["subdl", found.candidates[0].score],
    ]);
  });

  test("interactive search spends no attempt; a chosen candidate is downloaded; a blacklisted one is marked", async () => {
    const rt = await library(1, goodProvider());
    const id = items(rt)[0]!.id;
    const found = await jsonOf(request(rt, `/api/v1/wanted/${id}/search`, { method: "POST" }));
    expect(found.candidates[0]).toMatchObject({ provider: "opensubtitles", id: "E1", rejected: null });
    expect(found.candidates[0].breakdown["match:title"]).toBe(180);
    expect(items(rt)[0]).toMatchObject({ status: "wanted", attempts: 0 });

    const post = (path: string, body: unknown) =>
      request(rt, path, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "Content-Type": "application/json" },
      });
    const unknown = await post(`/api/v1/wanted/${id}/download`, {
      provider: "opensubtitles",
      candidateId: "nope",
    });
    expect(unknown.status).toBe(404);
    const ok = await post(`/api/v1/wanted/${id}/download`, { provider: "opensubtitles", candidateId: "E1" });
    expect(ok.status).toBe(200);
    const saved = await jsonOf(ok);
    expect(saved.status).toBe("found");
    expect(existsSync(saved.path)).toBe(true);
    expect(items(rt)[0]).toMatchObject({ status: "found", attempts: 0 });

    const banned = await post("/api/v1/blacklist", {
      provider: "opensubtitles",
      candidateId: "E1",
      reason: "out of sync",
    });
    expect(banned.status).toBe(201);
    // Listed last, with why an automatic search passes it over; the user may still take it.
    const after = await jsonOf(request(rt, `/api/v1/wanted/${id}/search`, { method: "POST" }));
    expect(after.candidates).toHaveLength(1);
    expect(after.candidates[0]).toMatchObject({
      provider: "opensubtitles",
      id: "E1",
      rejected: "blacklisted",
    });
    const list = await jsonOf(request(rt, "/api/v1/blacklist"));
    expect((await request(rt, `/api/v1/blacklist/${list[0].id}`, { method: "DELETE" })).status).toBe(204);
  });

  test("start, progress, cancel and the providers list over HTTP", async () => {
    const rt = await library(2, goodProvider());
    const started = await request(rt, "/api/v1/wanted/search", { method: "POST" });
    expect(started.status).toBe(202);
    await rt.deps.searcher.whenIdle();
    const status = await jsonOf(request(rt, "/api/v1/wanted/search"));
    expect(status).toMatchObject({ status: "succeeded", total: 2, found: 2 });
    expect((await request(rt, "/api/v1/wanted/search/cancel", { method: "POST" })).status).toBe(409);
    const providers = await jsonOf(request(rt, "/api/v1/providers"));
    expect(providers).toHaveLength(6);
    expect(providers[0]).toMatchObject({
      name: "opensubtitles",
      enabled: true,
      breaker: "closed",
      stats: { searches: 2 },
    });
    expect(providers.filter((p: { enabled: boolean }) => !p.enabled)).toHaveLength(5);
  });
});

test("a long Whisper job shows its stage in the search status while it runs", async () => {
  const { promise: gate, resolve: finish } = deferred();
  const { promise: inTranscription, resolve: reached } = deferred();
  const tools: SubtitleTools = {
    ...createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
    transcribe: async ({ onStage }) => {
      onStage?.("extracting");
      onStage?.("transcribing");
      reached();
      await gate;
      return { text: srt("Hallo"), backend: "asr-webservice" };
    },
  };
  const nothing: SubtitleProvider = { ...goodProvider(), search: async () => [] };
  const rt = await library(1, nothing, {}, tools);
  const run = rt.deps.searcher.start({ trigger: "api" });
  await inTranscription;
  expect(rt.deps.searcher.status()!.transcribing).toEqual([
    { itemId: items(rt)[0]!.id, title: "Breaking Bad", language: "de", stage: "transcribing" },
  ]);
  finish();
  expect((await run.done).found).toBe(1);
  expect(rt.deps.searcher.status()!.transcribing).toEqual([]);
});

test("a search another process was running when it died shows as interrupted, not running until a restart", async () => {
  const rt = await library(1, goodProvider());
  // `subhound search` next to the server, killed while it ran.
  createRunRecorder("search", { db: rt.deps.db.db, clock, owner: createProcessOwner(await deadPid()) }).start(
    {
      trigger: "cli",
    },
  );
  expect(rt.deps.searcher.status()).toMatchObject({ status: "interrupted", trigger: "cli" });
});
