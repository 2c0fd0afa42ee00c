import { describe, expect, test } from "bun:test";
import { zipSync } from "fflate";
import { extractWithBudget } from "../../src/subtitles/extract.ts";
import { DEFLATE_MAX_RATIO, MIN_INPUT_STEP } from "../../src/subtitles/inflate-chunks.ts";
import { MemberBudget } from "../../src/subtitles/member-budget.ts";
import { prepareSubtitle } from "../../src/subtitles/pipeline.ts";
import { DEFAULT_EXTRACT_LIMITS, ExtractError, type ExtractLimits } from "../../src/subtitles/types.ts";
import { srtBytes } from "./archive-fixture.ts";
import {
  gzipBomb,
  lyingRar,
  lyingZipBomb,
  MiB,
  overlappingZipBomb,
  sevenZipBomb,
  withCrc,
  withXzDictionary,
} from "./bomb-archives.ts";
import { storedRar4 } from "./stored-rar4.ts";

/** Deflate's worst case for the smallest input step: how far past its ceiling a stream can get. */
const ONE_STEP = MIN_INPUT_STEP * DEFLATE_MAX_RATIO;

async function unpack(fileName: string, bytes: Uint8Array, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS) {
  const budget = new MemberBudget(limits, bytes.length);
  const result = await extractWithBudget({ fileName, bytes }, budget);
  if (!(result instanceof ExtractError)) throw new Error(`expected a failure, got ${result.length} files`);
  return { error: result, budget };
}

describe("decompression bombs fail clearly and stop within their budget", () => {
  test("gzip: 64 MiB of zeros in ~64 KiB stops at the ratio ceiling, whatever the trailer says", async () => {
    const gz = gzipBomb(64 * MiB);
    gz.set([0xf4, 0x01, 0, 0], gz.length - 4); // the size trailer claims 500 bytes
    const { error, budget } = await unpack("movie.srt.gz", gz);
    expect(error.reason).toBe("too-large");
    expect(error.message).toContain("× the download");
    expect(budget.maxBytes).toBeLessThan(DEFAULT_EXTRACT_LIMITS.maxTotalBytes);
    expect(budget.producedBytes).toBeLessThanOrEqual(budget.maxBytes + ONE_STEP);
  });

  test("gzip: a wrong CRC in the trailer is corrupt", async () => {
    const gz = gzipBomb(1000);
    gz.set([1, 2, 3, 4], gz.length - 8);
    expect((await unpack("x.srt.gz", gz)).error.reason).toBe("corrupt");
  });

  test("zip: headers declaring 500 bytes for 64 MiB stop just past 500 bytes", async () => {
    const { error, budget } = await unpack("bomb.zip", lyingZipBomb(64 * MiB, 500));
    expect(error.reason).toBe("corrupt");
    expect(error.message).toBe("zip: bomb.srt does not unpack to its declared 500 bytes");
    expect(budget.producedBytes).toBeLessThanOrEqual(500 + ONE_STEP);
  });

  test("zip: a member whose CRC does not match is corrupt, not accepted", async () => {
    const zip = withCrc(zipSync({ "a.srt": srtBytes("one") }), 0xdeadbeef);
    const { error } = await unpack("x.zip", zip);
    expect(error).toMatchObject({ reason: "corrupt", message: "zip: a.srt: CRC mismatch" });
  });

  test("zip: many honest entries sharing one compressed member are stopped by the total", async () => {
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTotalBytes: 8 * MiB };
    const { error, budget } = await unpack("x.zip", overlappingZipBomb(MiB, 64), limits);
    expect(error.reason).toBe("too-large");
    expect(budget.producedBytes).toBeLessThanOrEqual(8 * MiB + ONE_STEP);
  });

  test("zip: a directory of more entries than allowed is refused while it is read", async () => {
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxMembers: 100 };
    const { error, budget } = await unpack("x.zip", overlappingZipBomb(10, 5000), limits);
    expect(error.reason).toBe("too-many-members");
    expect(budget.producedBytes).toBeLessThanOrEqual(100 * 10);
  });

  test("xz: stopped at the ceiling while streaming", async () => {
    const xz = await sevenZipBomb("xz", { "bomb.srt": 24 * MiB });
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTotalBytes: 2 * MiB };
    const { error, budget } = await unpack("bomb.srt.xz", xz, limits);
    expect(error.reason).toBe("too-large");
    expect(budget.producedBytes).toBeLessThanOrEqual(2 * MiB + MiB);
  });

  test("xz: a header asking for a 3 GiB dictionary is refused, not allocated", async () => {
    const xz = withXzDictionary(await sevenZipBomb("xz", { "a.srt": 4096 }), 38);
    const { error, budget } = await unpack("a.srt.xz", xz);
    expect(error).toMatchObject({
      reason: "too-large",
      message: "xz: asks for a larger dictionary than the decoder allows",
    });
    expect(budget.producedBytes).toBe(0);
  });

  test("7z: refused by its declared sizes before anything is unpacked", async () => {
    const archive = await sevenZipBomb("7z", { "bomb.srt": 24 * MiB });
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTotalBytes: 2 * MiB };
    const { error, budget } = await unpack("bomb.7z", archive, limits);
    expect(error).toMatchObject({ reason: "too-large" });
    expect(error.message).toStartWith("7z: bomb.srt: declares more than 2 MiB");
    expect(budget.producedBytes).toBe(0);
  });

  test("7z: a huge non-subtitle entry counts too (a solid block is decoded from its start)", async () => {
    const archive = await sevenZipBomb("7z", { "padding.bin": 24 * MiB, "movie.srt": 100 });
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTotalBytes: 2 * MiB };
    const { error, budget } = await unpack("x.7z", archive, limits);
    expect(error.message).toStartWith("7z: padding.bin: declares more than 2 MiB");
    expect(budget.producedBytes).toBe(0);
  });

  test("rar: refused by its declared size before anything is unpacked", async () => {
    const rar = lyingRar(srtBytes("small"), 0xfffffff0);
    const { error, budget } = await unpack("x.rar", rar);
    expect(error.reason).toBe("too-large");
    expect(budget.producedBytes).toBe(0);
  });

  test("rar: data longer than its declared size is cut at that size and fails its CRC", async () => {
    const { error, budget } = await unpack("x.rar", lyingRar(new Uint8Array(4 * MiB), 500));
    expect(error.reason).toBe("corrupt");
    expect(budget.producedBytes).toBeLessThanOrEqual(500);
  });

  test("rar: what unrar writes is counted against the budget as it is written", async () => {
    const rar = storedRar4([{ name: "a.srt", bytes: new Uint8Array(3 * MiB) }]);
    // The declared 3 MiB fits a 5 MiB budget, but 4 MiB were already produced (say, by an outer xz).
    const budget = new MemberBudget({ ...DEFAULT_EXTRACT_LIMITS, maxTotalBytes: 5 * MiB }, rar.length);
    budget.grow(4 * MiB);
    const error = await extractWithBudget({ fileName: "x.rar", bytes: rar }, budget);
    expect(error).toMatchObject({ reason: "too-large", message: "more than 5 MiB once decompressed" });
    expect(budget.producedBytes).toBeLessThanOrEqual(5 * MiB + MiB);
  });

  test("the pipeline turns a bomb into a clear failure reason", async () => {
    const result = await prepareSubtitle(
      { fileName: "bomb.zip", bytes: lyingZipBomb(8 * MiB, 500) },
      { season: null, episodes: [], language: "en" },
    );
    expect(result).toEqual({
      ok: false,
      reason: "corrupt: zip: bomb.srt does not unpack to its declared 500 bytes",
    });
  });
});
