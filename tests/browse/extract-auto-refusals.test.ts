import { afterAll, afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAutoExtractor } from "../../src/browse/auto-extract.ts";
import type { ExtractOutcome, ExtractRequest } from "../../src/browse/extract-embedded.ts";
import { silentLogger } from "../../src/log.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/**
 * A stream refused for what it holds (blank cues, text that is not UTF-8) is refused the same way
 * at every scan, after ffmpeg read the whole video again: the automatic pass does not ask twice.
 */

const media = (name: string) => join(import.meta.dir, "..", "fixtures", "media", name);
const work = mkdtempSync(join(tmpdir(), "subhound-extract-refusals-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let h: LibraryHarness;
afterEach(async () => {
  await h.stop();
});

const srt = (text: string) => `1\n00:00:00,500 --> 00:00:01,500\n${text}\n\n`;

/** Two English SubRip streams (#0, #1) without flags, muxed by ffmpeg. */
function twoEnglishTracks(): string {
  const out = join(work, "two-english.mkv");
  const inputs = ["first", "second"].flatMap((name) => {
    const path = join(work, `${name}.srt`);
    writeFileSync(path, srt(`Hello from the ${name} track.`));
    return ["-i", path];
  });
  const run = Bun.spawnSync([
    "ffmpeg",
    "-v",
    "error",
    "-y",
    ...inputs,
    "-map",
    "0",
    "-map",
    "1",
    "-c:s",
    "copy",
    "-metadata:s:s:0",
    "language=eng",
    "-metadata:s:s:1",
    "language=eng",
    out,
  ]);
  if (run.exitCode !== 0) throw new Error(`ffmpeg: ${run.stderr.toString()}`);
  return out;
}

/** The harness's own pass after its scan finds no ffmpeg and writes nothing. */
const noFfmpeg = { sync: { ffmpegPath: "/nonexistent/ffmpeg" } };

const refusal = (request: ExtractRequest): ExtractOutcome => ({
  ok: false,
  status: 422,
  detail: `stream #${request.streamIndex} could not be read: the stream's text is not UTF-8`,
});

const scanId = () =>
  h.runtime.deps.db.sqlite
    .query<{ scanId: number }, []>("SELECT last_scan_id AS scanId FROM media_files LIMIT 1")
    .get()!.scanId;

test("a stream refused for its content is not read again at the next pass; a timeout is", async () => {
  h = await startLibraryHarness({
    // ass #3 (ger) in S01E01, webvtt #1 (eng) in S01E02
    fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv"), S01E02: media("mkv-ffmpeg-webvtt.mkv") },
    config: { languages: ["de", "en"], profile: { extractEmbedded: true }, ...noFfmpeg },
  });
  const first = await h.fileId("S01E01");
  const second = await h.fileId("S01E02");
  const tried: string[] = [];
  const pass = createAutoExtractor({
    db: h.runtime.deps.db,
    config: h.runtime.deps.config,
    log: silentLogger,
    extract: async (request) => {
      tried.push(`${request.fileId}#${request.streamIndex}`);
      return request.fileId === first
        ? refusal(request)
        : { ok: false, status: 503, detail: "ffmpeg was still reading the video and was stopped" };
    },
  });
  expect(await pass.afterScan(scanId())).toEqual({ files: 2, extracted: 0, failed: 2, stopped: null });
  expect(tried).toEqual([`${first}#3`, `${second}#1`]);

  tried.length = 0;
  // Before, ffmpeg read the first video whole again at every scan, to be refused the same way.
  expect(await pass.afterScan(scanId())).toEqual({ files: 1, extracted: 0, failed: 1, stopped: null });
  expect(tried).toEqual([`${second}#1`]);
});

test("another track of the language gets its turn, and a changed file is tried again", async () => {
  h = await startLibraryHarness({
    fixtures: { S01E01: twoEnglishTracks() },
    config: { languages: ["en"], profile: { extractEmbedded: true }, ...noFfmpeg },
  });
  const fileId = await h.fileId("S01E01");
  const tried: number[] = [];
  const pass = createAutoExtractor({
    db: h.runtime.deps.db,
    config: h.runtime.deps.config,
    log: silentLogger,
    extract: async (request) => {
      tried.push(request.streamIndex);
      return refusal(request);
    },
  });
  await pass.afterScan(scanId());
  await pass.afterScan(scanId());
  await pass.afterScan(scanId());
  expect(tried).toEqual([0, 1]);

  // The file is replaced (a new size recorded by the next scan): both streams are worth a try again.
  h.runtime.deps.db.sqlite.run("UPDATE media_files SET size = size + 1 WHERE id = ?", [fileId]);
  tried.length = 0;
  await pass.afterScan(scanId());
  expect(tried).toEqual([0]);
});
