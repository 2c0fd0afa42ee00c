import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import type { Runtime } from "../../src/server.ts";
import { referenceFor } from "../../src/sync/after-download.ts";
import { cuesOf, linearMap, retime } from "../../src/sync/cue-times.ts";
import { lastWrittenAt } from "../../src/wanted/history-store.ts";
import { candidate } from "../providers/fixtures.ts";
import { pollUntil } from "../support/poll.ts";
import { type Json, jsonOf, request } from "../support/runtime.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";
import { items, searchHarness } from "../wanted/search-harness.ts";

const CLIPS = join(import.meta.dir, "../fixtures/sync/clips");
const TRUTH = readFileSync(join(CLIPS, "fixture.truth.srt"), "utf8");
const sha256 = (bytes: string | Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

const harness = searchHarness();
const { media: mediaDir } = harness;
let season: string;
let dataDir: string;
beforeEach(() => {
  season = join(mediaDir(), "Breaking Bad", "Season 01");
  dataDir = mkdtempSync(join(tmpdir(), "subhound-after-download-"));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** The harness's library with a data dir of this test's own: kept originals are written there. */
const library = (episodes: number, provider: SubtitleProvider, config: object = {}) =>
  harness.library(episodes, provider, { dataDir, ...config });

/** One German candidate per episode, with the given body and HI flag. */
function provider(body: string, hearingImpaired = false): SubtitleProvider {
  return {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async (q) => [
      candidate("opensubtitles", `E${q.episodes[0]}`, {
        language: "de",
        hearingImpaired,
        releaseNames: [`Breaking.Bad.S01E0${q.episodes[0]}.720p-GRP`],
      }),
    ],
    download: async (c: ProviderCandidate) => ({
      fileName: `${c.id}.srt`,
      bytes: new TextEncoder().encode(body),
    }),
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

const HI_TAGGED = [
  "1\n00:00:01,000 --> 00:00:02,000\n[DOOR CREAKS]\n",
  "2\n00:00:03,000 --> 00:00:04,000\n<i>WALTER: Hallo.</i>\n",
  "3\n00:00:05,000 --> 00:00:06,000\nWie geht's? (LACHT)\n",
].join("\n");

const get = (rt: Runtime, path: string) => jsonOf(request(rt, `/api/v1${path}`));
const post = (rt: Runtime, path: string) => jsonOf(request(rt, `/api/v1${path}`, { method: "POST" }));
const savedFiles = () => readdirSync(season).filter((f) => f.endsWith(".srt"));
const syncsOf = (rt: Runtime) =>
  pollUntil(
    () => get(rt, "/subtitles/sync"),
    (page: Json) => page.items.length > 0 && page.items.every((s: Json) => s.status !== "running"),
    60_000,
  ).then((page) => page.items as Json[]);

describe("fixes after a download", () => {
  test("apply to the text before saving; the saved file is Subhound's and the download restorable", async () => {
    const rt = await library(1, provider(HI_TAGGED, true), {
      profile: { fixes: ["removeHearingImpaired", "removeTags"] },
    });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
    // No longer hearing-impaired, so not named as such.
    const [name] = savedFiles();
    expect(name).toMatch(/\.de\.srt$/);
    const path = join(season, name!);
    const text = readFileSync(path, "utf8");
    expect(text).toBe(
      "1\n00:00:03,000 --> 00:00:04,000\nHallo.\n\n2\n00:00:05,000 --> 00:00:06,000\nWie geht's?\n",
    );
    expect(lastWrittenAt(rt.deps.db.db, path)?.sha256).toBe(sha256(text));

    const [fix] = await syncsOf(rt);
    expect(fix).toMatchObject({
      method: "fixes",
      outcome: "fixed",
      status: "succeeded",
      reference: { removeHearingImpaired: true, removeTags: true, afterDownload: true },
      originalSha256: sha256(HI_TAGGED),
    });
    expect(fix!.resultHistoryId).toBe(fix!.historyId);
    const restored = await post(rt, `/subtitles/sync/${fix!.id}/restore`);
    expect(restored.restoredHistoryId).toEqual(expect.any(Number));
    expect(readFileSync(path, "utf8")).toBe(HI_TAGGED);
    expect(lastWrittenAt(rt.deps.db.db, path)?.sha256).toBe(sha256(HI_TAGGED));
  });

  test("hearing-impaired annotations stay when the profile prefers HI subtitles", async () => {
    const rt = await library(1, provider(HI_TAGGED, true), {
      profile: { hearingImpaired: "prefer", fixes: ["removeHearingImpaired", "removeTags"] },
    });
    await rt.deps.searcher.start({ trigger: "api" }).done;
    const [name] = savedFiles();
    expect(name).toMatch(/\.de\.hi\.srt$/);
    const text = readFileSync(join(season, name!), "utf8");
    expect(text).toContain("[DOOR CREAKS]");
    expect(text).toContain("WALTER: Hallo.");
    expect(text).not.toContain("<i>");
  });

  test("a series override of no fixes wins over the default profile's, and nothing is recorded", async () => {
    const rt = await library(1, provider(HI_TAGGED), { profile: { fixes: ["removeTags"] } });
    const put = await jsonOf(
      request(rt, "/api/v1/profiles/overrides", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ instance: "main", kind: "series", arrId: 1, override: { fixes: [] } }),
      }),
    );
    expect(put.override).toEqual({ fixes: [] });
    await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(readFileSync(join(season, savedFiles()[0]!), "utf8")).toBe(HI_TAGGED);
    expect((await get(rt, "/subtitles/sync")).total).toBe(0);
  });
});

describe("sync after a download", () => {
  test("is off by default", async () => {
    const rt = await library(1, provider(retime(TRUTH, "srt", linearMap(1, 2000))));
    await rt.deps.searcher.start({ trigger: "api" }).done;
    expect((await get(rt, "/subtitles/sync")).total).toBe(0);
  });

  test("fits a shifted download to the audio; the synced file is recorded as Subhound's, the original kept", async () => {
    const shifted = retime(TRUTH, "srt", linearMap(1, 2000));
    const rt = await library(1, provider(shifted), { profile: { syncAfterDownload: true } });
    const video = readdirSync(season).find((f) => f.endsWith(".mkv"))!;
    copyFileSync(join(CLIPS, "fixture.mka"), join(season, video));
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
    const [synced] = await syncsOf(rt);
    expect(synced).toMatchObject({
      method: "audio",
      reference: { kind: "audio" },
      status: "succeeded",
      outcome: "synced",
      ratio: 1,
      originalSha256: sha256(shifted),
    });
    expect(Math.abs(synced!.offsetMs + 2000)).toBeLessThanOrEqual(100);
    expect(synced!.confidence).toBeGreaterThan(0);
    const path = join(season, savedFiles()[0]!);
    const now = readFileSync(path, "utf8");
    const truth = cuesOf(TRUTH, "srt");
    const moved = cuesOf(now, "srt").map((cue, i) => Math.abs(cue.startMs - truth[i]!.startMs));
    expect(Math.max(...moved)).toBeLessThanOrEqual(100);
    expect(lastWrittenAt(rt.deps.db.db, path)?.sha256).toBe(sha256(now));
    expect((await get(rt, "/history?action=synced")).items).toMatchObject([
      { id: synced!.resultHistoryId, path },
    ]);
  });

  test("a correctly timed download is left untouched, with the reason recorded", async () => {
    const rt = await library(1, provider(TRUTH), { profile: { syncAfterDownload: true } });
    const video = readdirSync(season).find((f) => f.endsWith(".mkv"))!;
    copyFileSync(join(CLIPS, "fixture.mka"), join(season, video));
    await rt.deps.searcher.start({ trigger: "api" }).done;
    const [kept] = await syncsOf(rt);
    expect(kept).toMatchObject({ status: "succeeded", outcome: "unchanged", originalSha256: null });
    expect(kept!.reason).toContain("already in sync");
    expect(readFileSync(join(season, savedFiles()[0]!), "utf8")).toBe(TRUTH);
  });

  test("an embedded text stream is tried first; when ffmpeg cannot read it, the audio is used", async () => {
    const shifted = retime(TRUTH, "srt", linearMap(1, 2000));
    const rt = await library(1, provider(shifted), { profile: { syncAfterDownload: true } });
    const video = readdirSync(season).find((f) => f.endsWith(".mkv"))!;
    copyFileSync(join(CLIPS, "fixture.mka"), join(season, video));
    // The probe said there is an English text stream; the file has none, so its extraction fails.
    const probed = { streams: [subtitleStream({ index: 1, codec: "subrip" })], sidecars: [] };
    rt.deps.db.sqlite.query("UPDATE media_files SET subtitles_json = ?").run(JSON.stringify(probed));
    await rt.deps.searcher.start({ trigger: "api" }).done;
    const all = await pollUntil(
      () => get(rt, "/subtitles/sync"),
      (page: Json) => page.items.length === 2 && page.items.every((s: Json) => s.status !== "running"),
      60_000,
    );
    const [audio, embedded] = all.items as Json[];
    expect(embedded).toMatchObject({ method: "reference", reference: { kind: "embedded", streamIndex: 0 } });
    expect(embedded!.status).toBe("failed");
    expect(audio).toMatchObject({ method: "audio", status: "succeeded", outcome: "synced" });
    expect(Math.abs(audio!.offsetMs + 2000)).toBeLessThanOrEqual(100);
  });

  test("a sync that fails (no audio in the video) never fails the download", async () => {
    const rt = await library(1, provider(TRUTH), { profile: { syncAfterDownload: true } });
    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done).toMatchObject({ status: "succeeded", found: 1, failed: 0 });
    expect(items(rt)[0]!.status).toBe("found");
    const [failed] = await syncsOf(rt);
    expect(failed).toMatchObject({ status: "failed", outcome: null });
    expect(failed!.reason).toEqual(expect.any(String));
    expect(readFileSync(join(season, savedFiles()[0]!), "utf8")).toBe(TRUTH);
  });
});

describe("the after-download reference", () => {
  test("is the first full text stream (counted among subtitle streams), else the audio", () => {
    const pgs = subtitleStream({ index: 2, codec: "hdmv_pgs_subtitle", textBased: false });
    const forced = subtitleStream({ index: 3, codec: "subrip", forced: true });
    const full = subtitleStream({ index: 4, codec: "subrip" });
    expect(referenceFor([full, forced, pgs])).toEqual({ kind: "embedded", streamIndex: 2 });
    expect(referenceFor([pgs, forced])).toEqual({ kind: "audio" });
  });

  test("passes over a signs-and-songs track its release forgot to flag forced", () => {
    const signs = subtitleStream({ index: 2, codec: "ass", title: "Signs & Songs" });
    const songs = subtitleStream({ index: 3, codec: "ass", title: "Songs only [Commie]" });
    const full = subtitleStream({ index: 4, codec: "ass", title: "Full Subtitles" });
    expect(referenceFor([signs, songs, full])).toEqual({ kind: "embedded", streamIndex: 2 });
    expect(referenceFor([signs])).toEqual({ kind: "audio" });
    const fullWithSongs = subtitleStream({ index: 5, codec: "ass", title: "Full Subtitles + Songs" });
    expect(referenceFor([signs, fullWithSongs])).toEqual({ kind: "embedded", streamIndex: 1 });
  });
});
