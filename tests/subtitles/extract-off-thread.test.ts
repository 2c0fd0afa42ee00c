import { expect, test } from "bun:test";
import { zipSync } from "fflate";
import { createOffThreadExtractor } from "../../src/subtitles/extract-off-thread.ts";
import { ExtractError } from "../../src/subtitles/types.ts";
import { archiveFixture, srtBytes } from "./archive-fixture.ts";
import { gzipBomb, MiB } from "./bomb-archives.ts";

test("downloads are unpacked in the worker: archives, plain files and bombs, in turn", async () => {
  const extractor = createOffThreadExtractor();
  try {
    const [zip, sevenZip, plain, bomb] = await Promise.all([
      extractor.extract({ fileName: "x.zip", bytes: zipSync({ "Show.S01E01.srt": srtBytes("zip") }) }),
      extractor.extract(await archiveFixture("movie.7z")),
      extractor.extract({ fileName: "Movie.en.srt", bytes: srtBytes("plain") }),
      extractor.extract({ fileName: "bomb.srt.gz", bytes: gzipBomb(64 * MiB) }),
    ]);
    expect(zip).toEqual([{ name: "Show.S01E01.srt", bytes: srtBytes("zip") }]);
    expect((sevenZip as { name: string }[]).map((file) => file.name)).toEqual(["movie.en.srt"]);
    expect(plain).toEqual([{ name: "Movie.en.srt", bytes: srtBytes("plain") }]);
    expect(bomb).toBeInstanceOf(ExtractError);
    expect((bomb as ExtractError).reason).toBe("too-large");
  } finally {
    extractor.close();
  }
});

test("a job that never finishes times out and the next job gets a fresh worker", async () => {
  let spawned = 0;
  const extractor = createOffThreadExtractor({
    timeoutMs: 50,
    workerUrl: new URL("./silent-worker.ts", import.meta.url),
    onSpawn: () => {
      spawned += 1;
    },
  });
  try {
    const first = await extractor.extract({ fileName: "x.srt", bytes: srtBytes("x") });
    expect(first).toMatchObject({ reason: "timed-out", message: "unpacking took longer than 0.05 s" });
    await extractor.extract({ fileName: "y.srt", bytes: srtBytes("y") });
    expect(spawned).toBe(2);
  } finally {
    extractor.close();
  }
});

test("a worker that crashes fails its job and is replaced", async () => {
  const extractor = createOffThreadExtractor({ workerUrl: new URL("./broken-worker.ts", import.meta.url) });
  try {
    const result = await extractor.extract({ fileName: "x.srt", bytes: srtBytes("x") });
    expect(result).toBeInstanceOf(ExtractError);
    expect((result as ExtractError).message).toContain("the extraction worker failed");
    const again = await extractor.extract({ fileName: "x.srt", bytes: srtBytes("x") });
    expect((again as ExtractError).message).toContain("the extraction worker failed");
  } finally {
    extractor.close();
  }
});

test("closing fails the jobs still waiting", async () => {
  const extractor = createOffThreadExtractor({ workerUrl: new URL("./silent-worker.ts", import.meta.url) });
  const jobs = [1, 2].map(() => extractor.extract({ fileName: "x.srt", bytes: srtBytes("x") }));
  extractor.close();
  for (const result of await Promise.all(jobs)) expect(result).toMatchObject({ reason: "corrupt" });
});
