import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { createAutoExtractor } from "../../src/browse/auto-extract.ts";
import {
  createExtractor,
  type ExtractOutcome,
  type ExtractRequest,
} from "../../src/browse/extract-embedded.ts";
import { silentLogger } from "../../src/log.ts";
import { profileSet } from "../../src/profiles/profile.ts";
import { createProfileResolver } from "../../src/wanted/profile-resolver.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import { pollUntil } from "../support/poll.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/** The automatic pass and the extractor's own limits, with ffmpeg (or the extractor) stood in for. */

const media = (name: string) => join(import.meta.dir, "..", "fixtures", "media", name);

let h: LibraryHarness;
afterEach(async () => {
  await h.stop();
});

/** Two files whose German (S01E01, ass #3) and English (S01E02, webvtt #1) streams the profile would extract. */
async function library() {
  h = await startLibraryHarness({
    fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv"), S01E02: media("mkv-ffmpeg-webvtt.mkv") },
    // No ffmpeg for the harness's own pass after its scan: it stops at once and writes nothing.
    config: {
      languages: ["de", "en"],
      profile: { extractEmbedded: true },
      sync: { ffmpegPath: "/nonexistent/ffmpeg" },
    },
  });
  const scanId = h.runtime.deps.db.sqlite
    .query<{ scanId: number }, []>("SELECT last_scan_id AS scanId FROM media_files LIMIT 1")
    .get()!.scanId;
  return { scanId, first: await h.fileId("S01E01"), second: await h.fileId("S01E02") };
}

const saved = (request: ExtractRequest): ExtractOutcome => ({
  ok: true,
  path: "/x",
  streamIndex: request.streamIndex,
  codec: "subrip",
  language: request.language ?? "en",
  variant: "full",
  hearingImpaired: false,
  format: "srt",
  historyId: 1,
  wantedItemId: null,
  replaced: false,
});

test("one file's timeout or unwritable folder does not stop the pass; a missing ffmpeg does", async () => {
  const { scanId, first, second } = await library();
  const tried: number[] = [];
  const pass = createAutoExtractor({
    db: h.runtime.deps.db,
    config: h.runtime.deps.config,
    log: silentLogger,
    extract: async (request) => {
      tried.push(request.fileId);
      return request.fileId === first
        ? { ok: false, status: 503, detail: "stream #3 could not be read: ffmpeg took too long" }
        : saved(request);
    },
  });
  expect(await pass.afterScan(scanId)).toEqual({ files: 2, extracted: 1, failed: 1, stopped: null });
  expect(tried).toEqual([first, second]);

  tried.length = 0;
  const without = createAutoExtractor({
    db: h.runtime.deps.db,
    config: h.runtime.deps.config,
    log: silentLogger,
    extract: async (request) => {
      tried.push(request.fileId);
      return { ok: false, status: 503, detail: "ffmpeg is not installed", ffmpegMissing: true };
    },
  });
  expect((await without.afterScan(scanId)).stopped).toBe("ffmpeg is not installed");
  expect(tried).toEqual([first]);
});

test("stopping the pass stops the ffmpeg at work instead of waiting for it", async () => {
  const { scanId } = await library();
  let aborted = false;
  let started = false;
  const pass = createAutoExtractor({
    db: h.runtime.deps.db,
    config: h.runtime.deps.config,
    log: silentLogger,
    // An extraction that ends only when told to, as ffmpeg reading a 60 GB remux over the network.
    extract: (request) =>
      new Promise((resolve) => {
        started = true;
        request.signal?.addEventListener("abort", () => {
          aborted = true;
          resolve({ ok: false, status: 503, detail: "cancelled" });
        });
      }),
  });
  const run = pass.afterScan(scanId);
  await pollUntil(
    async () => started,
    (s) => s,
  );
  const stopping = pass.stop();
  await pollUntil(
    async () => aborted,
    (a) => a,
  );
  await stopping;
  expect((await run).failed).toBe(0);
});

test("no more than two ffmpeg processes run at once, however many extractions are asked for", async () => {
  await library();
  const { db, clock, config } = h.runtime.deps;
  const ids = [
    await h.fileId("S01E01"),
    await h.fileId("S01E01"),
    await h.fileId("S01E02"),
    await h.fileId("S01E02"),
  ];
  let located = 0;
  let running = 0;
  let most = 0;
  const finish: (() => void)[] = [];
  const extract = createExtractor({
    sqlite: db.sqlite,
    db: db.db,
    clock,
    owner: "test",
    tools: createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
    profileOf: () => createProfileResolver(db.db, profileSet(config)),
    // Asked right before ffmpeg would start: once four have asked, all four are at that point.
    ffmpeg: () => {
      located++;
      return { available: true, path: "/usr/bin/ffmpeg" };
    },
    extract: (request) => {
      running++;
      most = Math.max(most, running);
      return new Promise((resolve) =>
        finish.push(() => {
          running--;
          resolve(
            request.format === "ass"
              ? "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.50,0:00:01.50,Default,,0,0,0,,Hallo\n"
              : "1\n00:00:00,500 --> 00:00:01,500\nHello.\n\n",
          );
        }),
      );
    },
  });
  const outcomes = Promise.all([
    extract({ fileId: ids[0]!, streamIndex: 3 }),
    extract({ fileId: ids[1]!, streamIndex: 4 }),
    extract({ fileId: ids[2]!, streamIndex: 1 }),
    extract({ fileId: ids[3]!, streamIndex: 1, language: "fr" }),
  ]);
  await pollUntil(
    async () => located,
    (n) => n === 4,
  );
  expect(running).toBe(2);
  // Each one finished lets one waiting start, until all are done.
  let settled = false;
  const all = outcomes.finally(() => {
    settled = true;
  });
  while (!settled) {
    await pollUntil(
      async () => finish.length > 0 || settled,
      (ready) => ready,
    );
    finish.shift()?.();
  }
  const done = await all;
  expect(done.map((o) => o.ok)).toEqual([true, true, true, true]);
  expect(most).toBe(2);
});
