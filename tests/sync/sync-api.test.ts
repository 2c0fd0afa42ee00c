import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cuesOf, linearMap, retime } from "../../src/sync/cue-times.ts";
import { lastWrittenAt, recordSavedSubtitle } from "../../src/wanted/history-store.ts";
import { pollUntil } from "../support/poll.ts";
import { type Json, jsonOf, request, testRuntime } from "../support/runtime.ts";

const FIXTURE = join(import.meta.dir, "../fixtures/sync/clips");
const TRUTH = readFileSync(join(FIXTURE, "fixture.truth.srt"), "utf8");

let runtime: ReturnType<typeof testRuntime>;
let dir: string;
let video: string;
let subtitle: string;
let files = 0;

const sha256 = (text: string | Uint8Array) => new Bun.CryptoHasher("sha256").update(text).digest("hex");

/** A video in the library with a subtitle Subhound saved next to it, or in `folder` beside it (history id returned). */
function saved(text: string, format = "srt", folder = ""): number {
  mkdirSync(join(dir, folder), { recursive: true });
  subtitle = join(dir, folder, `Show - S01E01.en.${format}`);
  writeFileSync(subtitle, text);
  const sqlite = runtime.deps.db.sqlite;
  const file = sqlite
    .query<{ id: number }, [string, string]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at)
       VALUES ('sonarr', 'main', ?, 'episode', 'Show', '/tv/Show - S01E01.mka', ?, 1, '2026-11-24T10:00:00Z') RETURNING id`,
    )
    .get(`ep:${++files}`, video)!.id;
  const item = sqlite
    .query<{ id: number }, [number]>(
      `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
       VALUES (?, 'main', 'episode', 'en', 'full', 'resolved', '2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z') RETURNING id`,
    )
    .get(file)!.id;
  return recordSavedSubtitle(runtime.deps.db.db, {
    wantedItemId: item,
    instance: "main",
    title: "Show",
    season: 1,
    episodes: [1],
    language: "en",
    variant: "full",
    provider: "opensubtitles",
    candidateId: "1",
    release: null,
    score: 300,
    breakdown: {},
    format,
    encoding: "utf-8",
    path: subtitle,
    sha256: sha256(text),
    size: Buffer.byteLength(text),
    action: "downloaded",
    createdAt: "2026-11-24T10:00:00.000Z",
  });
}

const post = (path: string, body?: unknown) =>
  jsonOf(
    request(runtime, `/api/v1${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
const get = (path: string) => jsonOf(request(runtime, `/api/v1${path}`));
const finished = (id: number) =>
  pollUntil(
    () => get(`/subtitles/sync/${id}`),
    (s: Json) => s.status !== "running",
    60_000,
  );

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subhound-sync-api-"));
  video = join(dir, "Show - S01E01.mka");
  copyFileSync(join(FIXTURE, "fixture.mka"), video);
  runtime = testRuntime({ dataDir: join(dir, "data") });
});
afterEach(async () => {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("POST /api/v1/subtitles/sync", () => {
  test("retimes a shifted subtitle, records offset, ratio and confidence, keeps the original, and restores it", async () => {
    const shifted = retime(TRUTH, "srt", linearMap(1, 2000));
    const historyId = saved(shifted);
    const started = await post("/subtitles/sync", { historyId });
    expect(started).toMatchObject({
      historyId,
      status: "running",
      method: "audio",
      reference: { kind: "audio" },
    });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: "succeeded", outcome: "synced", ratio: 1, ratioLabel: "1" });
    expect(Math.abs(done.offsetMs + 2000)).toBeLessThanOrEqual(100);
    expect(done.confidence).toBeGreaterThan(0.12);
    expect(done.originalSha256).toBe(sha256(shifted));

    const now = readFileSync(subtitle, "utf8");
    const truth = cuesOf(TRUTH, "srt");
    const moved = cuesOf(now, "srt").map((cue, i) => Math.abs(cue.startMs - truth[i]!.startMs));
    expect(Math.max(...moved)).toBeLessThanOrEqual(100);
    // The new file is Subhound's (so a later search may replace it), recorded as "synced".
    expect(lastWrittenAt(runtime.deps.db.db, subtitle)?.sha256).toBe(sha256(now));
    const history = await get(`/history?action=synced`);
    expect(history.items).toMatchObject([{ id: done.resultHistoryId, path: subtitle, action: "synced" }]);

    const restored = await post(`/subtitles/sync/${started.id}/restore`);
    expect(restored).toMatchObject({ id: started.id, restoredHistoryId: expect.any(Number) });
    expect(readFileSync(subtitle, "utf8")).toBe(shifted);
    expect((await get(`/history?action=restored`)).total).toBe(1);
    expect((await post(`/subtitles/sync/${started.id}/restore`)).status).toBe(409);
    expect((await get(`/subtitles/sync?historyId=${historyId}`)).items).toHaveLength(1);
    // By file: every sync of it, whichever of its history entries it was started from.
    expect((await get(`/subtitles/sync?path=${encodeURIComponent(subtitle)}`)).items).toMatchObject([
      { id: started.id },
    ]);
    expect((await get(`/subtitles/sync?path=${encodeURIComponent(`${subtitle}.other`)}`)).total).toBe(0);
  });

  test("a correctly timed subtitle is left untouched, with the reason", async () => {
    const historyId = saved(TRUTH);
    const done = await finished((await post("/subtitles/sync", { historyId })).id);
    expect(done).toMatchObject({
      status: "succeeded",
      outcome: "unchanged",
      originalSha256: null,
      resultHistoryId: null,
    });
    expect(done.reason).toContain("already in sync");
    expect(readFileSync(subtitle, "utf8")).toBe(TRUTH);
    expect((await post(`/subtitles/sync/${done.id}/restore`)).status).toBe(409);
  });

  test("a file the user changed since Subhound wrote it is never synced", async () => {
    const historyId = saved(retime(TRUTH, "srt", linearMap(1, 2000)));
    writeFileSync(subtitle, `${TRUTH}\n`);
    const refused = await post("/subtitles/sync", { historyId });
    expect(refused).toMatchObject({ status: 409, detail: expect.stringContaining("the user's") });
    expect(readFileSync(subtitle, "utf8")).toBe(`${TRUTH}\n`);
  });

  test("restore leaves alone a file the user edited after the sync", async () => {
    const historyId = saved(retime(TRUTH, "srt", linearMap(1, -1500)));
    const done = await finished((await post("/subtitles/sync", { historyId })).id);
    expect(done.outcome).toBe("synced");
    writeFileSync(subtitle, "edited by hand");
    expect(await post(`/subtitles/sync/${done.id}/restore`)).toMatchObject({ status: 409 });
    expect(readFileSync(subtitle, "utf8")).toBe("edited by hand");
  });

  test("aligns to another subtitle of the same video", async () => {
    writeFileSync(join(dir, "Show - S01E01.de.srt"), TRUTH);
    const historyId = saved(retime(TRUTH, "srt", linearMap(25 / 24, 0)));
    const started = await post("/subtitles/sync", {
      historyId,
      reference: { kind: "sidecar", path: join(dir, "Show - S01E01.de.srt") },
    });
    const done = await finished(started.id);
    expect(done).toMatchObject({ method: "reference", outcome: "synced", ratioLabel: "24/25" });
  });

  test("a subtitle saved in Subs/ (naming.folder) is synced in place, to a reference beside it there", async () => {
    const historyId = saved(retime(TRUTH, "srt", linearMap(25 / 24, 0)), "srt", "Subs");
    writeFileSync(join(dir, "Subs", "Show - S01E01.de.srt"), TRUTH);
    const started = await post("/subtitles/sync", {
      historyId,
      reference: { kind: "sidecar", path: join(dir, "Subs", "Show - S01E01.de.srt") },
    });
    const done = await finished(started.id);
    expect(done).toMatchObject({ method: "reference", outcome: "synced", ratioLabel: "24/25" });
    expect(readFileSync(subtitle, "utf8")).not.toBe(retime(TRUTH, "srt", linearMap(25 / 24, 0)));
    // A folder of another name is not where Subhound saves: refused.
    const other = saved(TRUTH, "srt", "Extras");
    expect(await post("/subtitles/sync", { historyId: other })).toMatchObject({ status: 409 });
  });

  test("liveness answers while a sync runs, and a cancelled sync leaves the file as it was", async () => {
    const shifted = retime(TRUTH, "srt", linearMap(1, 2000));
    const started = await post("/subtitles/sync", { historyId: saved(shifted) });
    expect((await request(runtime, "/api/v1/health")).status).toBe(200);
    expect(
      (await request(runtime, `/api/v1/subtitles/sync/${started.id}`, { method: "DELETE" })).status,
    ).toBe(202);
    expect(await finished(started.id)).toMatchObject({ status: "cancelled", outcome: null });
    expect(readFileSync(subtitle, "utf8")).toBe(shifted);
    expect(
      (await request(runtime, `/api/v1/subtitles/sync/${started.id}`, { method: "DELETE" })).status,
    ).toBe(409);
  });

  test("bad requests are problems: unknown entry, a format without timings, a reference elsewhere", async () => {
    expect(await post("/subtitles/sync", { historyId: 999 })).toMatchObject({ status: 404 });
    const sub = saved("{0}{25}Hello\n{30}{50}World\n", "sub");
    expect(await post("/subtitles/sync", { historyId: sub })).toMatchObject({ status: 409 });
    const srt = saved(TRUTH);
    const elsewhere = await post("/subtitles/sync", {
      historyId: srt,
      reference: { kind: "sidecar", path: "/etc/passwd.srt" },
    });
    expect(elsewhere).toMatchObject({ status: 400 });
    expect(await post("/subtitles/sync", { historyId: "x" })).toMatchObject({ status: 400 });
    expect(await get("/subtitles/sync/12345")).toMatchObject({ status: 404 });
  });
});

describe("POST /api/v1/subtitles/fix", () => {
  const HI =
    "1\n00:00:01,000 --> 00:00:02,000\n[thunder]\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>JOHN: l see.</i>\n";

  test("rewrites a file of ours, keeps the original, and restore puts it back", async () => {
    const historyId = saved(HI);
    const fixed = await post("/subtitles/fix", {
      historyId,
      removeHearingImpaired: true,
      removeTags: true,
      fixOcr: true,
      shiftMs: 250,
    });
    expect(fixed).toMatchObject({
      method: "fixes",
      status: "succeeded",
      outcome: "fixed",
      offsetMs: 250,
      originalSha256: sha256(HI),
    });
    expect(readFileSync(subtitle, "utf8")).toBe("1\n00:00:03,250 --> 00:00:04,250\nI see.\n");
    expect((await get("/history?action=fixed")).items).toMatchObject([{ id: fixed.resultHistoryId }]);
    await post(`/subtitles/sync/${fixed.id}/restore`);
    expect(readFileSync(subtitle, "utf8")).toBe(HI);
  });

  test("nothing to fix leaves the file and keeps no copy", async () => {
    const historyId = saved(TRUTH);
    const fixed = await post("/subtitles/fix", { historyId, removeHearingImpaired: true });
    expect(fixed).toMatchObject({ outcome: "unchanged", reason: "nothing to fix", originalSha256: null });
    expect(readFileSync(subtitle, "utf8")).toBe(TRUTH);
  });

  test("a user's file is never fixed", async () => {
    const historyId = saved(HI);
    writeFileSync(subtitle, `${HI}\n`);
    expect(await post("/subtitles/fix", { historyId, removeTags: true })).toMatchObject({ status: 409 });
    expect(readFileSync(subtitle, "utf8")).toBe(`${HI}\n`);
  });
});
