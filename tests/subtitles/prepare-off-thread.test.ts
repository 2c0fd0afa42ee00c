import { expect, test } from "bun:test";
import { zipSync } from "fflate";
import type { SubtitleWanted } from "../../src/subtitles/pipeline.ts";
import { createOffThreadPreparer } from "../../src/subtitles/prepare-off-thread.ts";
import { archiveFixture, srtBytes } from "./archive-fixture.ts";
import { gzipBomb, MiB } from "./bomb-archives.ts";

const movie: SubtitleWanted = { season: null, episodes: [], language: "en" };

test("downloads are unpacked, decoded and validated in the worker, bombs included, in turn", async () => {
  const preparer = createOffThreadPreparer();
  try {
    const [zip, sevenZip, plain, bomb] = await Promise.all([
      preparer.prepare(
        { fileName: "x.zip", bytes: zipSync({ "Show.S01E01.srt": srtBytes("zip") }) },
        { season: 1, episodes: [1], language: "en" },
      ),
      preparer.prepare(await archiveFixture("movie.7z"), movie),
      preparer.prepare({ fileName: "Movie.en.srt", bytes: srtBytes("plain") }, movie),
      preparer.prepare({ fileName: "bomb.srt.gz", bytes: gzipBomb(64 * MiB) }, movie),
    ]);
    expect(zip).toMatchObject({ ok: true, member: "Show.S01E01.srt", format: "srt" });
    expect(sevenZip).toMatchObject({ ok: true, member: "movie.en.srt" });
    expect(plain).toMatchObject({ ok: true, text: new TextDecoder().decode(srtBytes("plain")) });
    expect(bomb).toEqual({
      ok: false,
      reason: "too-large: more than 12.5 MiB (200× the download, at least 4 MiB) once decompressed",
    });
  } finally {
    preparer.close();
  }
});

test("a job that never finishes times out and the next job gets a fresh worker", async () => {
  let spawned = 0;
  const preparer = createOffThreadPreparer({
    timeoutMs: 50,
    workerUrl: new URL("./silent-worker.ts", import.meta.url),
    onSpawn: () => {
      spawned += 1;
    },
  });
  try {
    const first = await preparer.prepare({ fileName: "x.srt", bytes: srtBytes("x") }, movie);
    expect(first).toEqual({ ok: false, reason: "timed-out: unpacking took longer than 0.05 s" });
    await preparer.prepare({ fileName: "y.srt", bytes: srtBytes("y") }, movie);
    expect(spawned).toBe(2);
  } finally {
    preparer.close();
  }
});

test("a worker that crashes fails its job and is replaced", async () => {
  let spawned = 0;
  const preparer = createOffThreadPreparer({
    workerUrl: new URL("./broken-worker.ts", import.meta.url),
    onSpawn: () => {
      spawned += 1;
    },
  });
  try {
    for (const label of ["x", "y"]) {
      const result = await preparer.prepare({ fileName: `${label}.srt`, bytes: srtBytes(label) }, movie);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toStartWith("the subtitle worker failed:");
    }
    expect(spawned).toBe(2);
  } finally {
    preparer.close();
  }
});

test("closing fails the jobs still waiting", async () => {
  const preparer = createOffThreadPreparer({ workerUrl: new URL("./silent-worker.ts", import.meta.url) });
  const jobs = [1, 2].map(() => preparer.prepare({ fileName: "x.srt", bytes: srtBytes("x") }, movie));
  preparer.close();
  expect(await Promise.all(jobs)).toEqual([
    { ok: false, reason: "the subtitle worker was closed" },
    { ok: false, reason: "the subtitle worker was closed" },
  ]);
});
