import { describe, expect, test } from "bun:test";
import SevenZip from "7z-wasm";
import { gzipSync, Zip, ZipDeflate, zipSync } from "fflate";
import { concatChunks } from "../../src/bytes.ts";
import { extractSubtitles } from "../../src/subtitles/extract.ts";
import { ExtractError, type SubtitleFile } from "../../src/subtitles/types.ts";
import { archiveFixture, srtBytes } from "./archive-fixture.ts";
import { storedRar4 } from "./stored-rar4.ts";

async function extracted(file: { fileName: string; bytes: Uint8Array }): Promise<SubtitleFile[]> {
  const result = await extractSubtitles(file);
  if (result instanceof ExtractError) throw new Error(`unexpected ${result.reason}: ${result.message}`);
  return result;
}

const text = (file: SubtitleFile | undefined) => new TextDecoder().decode(file?.bytes);

describe("extractSubtitles", () => {
  test("a zip season pack keeps subtitles only, without __MACOSX, hidden files or readme", async () => {
    const files = await extracted(await archiveFixture("season-pack.zip"));
    expect(files.map((file) => file.name).sort()).toEqual([
      "Season 02/Show.S02E02.720p.WEB.srt",
      "Show.S01E01.720p.WEB.srt",
      "Show.S01E02.720p.WEB.srt",
      "Show.S01E03.720p.WEB.srt",
    ]);
    expect(text(files.find((file) => file.name === "Show.S01E02.720p.WEB.srt"))).toContain("S01E02 line one");
  });

  test("detects by magic bytes, not by the name the provider gave", async () => {
    const files = await extracted(await archiveFixture("season-pack.zip", "download.srt"));
    expect(files).toHaveLength(4);
  });

  test("xz holding a subtitle", async () => {
    const files = await extracted(await archiveFixture("movie.en.srt.xz"));
    expect(files.map((file) => file.name)).toEqual(["movie.en.srt"]);
    expect(text(files[0])).toContain("Movie line one");
  });

  test("xz holding a zip is unpacked one level deeper", async () => {
    const files = await extracted(await archiveFixture("pack.zip.xz"));
    expect(files.map((file) => file.name).sort()).toEqual([
      "Show.S01E01.720p.WEB.srt",
      "Show.S01E02.720p.WEB.srt",
    ]);
  });

  test("gzip", async () => {
    const files = await extracted(await archiveFixture("movie.en.srt.gz"));
    expect(files.map((file) => file.name)).toEqual(["movie.en.srt"]);
    expect(text(files[0])).toContain("Movie line two");
  });

  test("7z", async () => {
    const files = await extracted(await archiveFixture("movie.7z"));
    expect(files.map((file) => file.name)).toEqual(["movie.en.srt"]);
    expect(text(files[0])).toContain("Movie line one");
  });

  test("7z does not change the process exit code", async () => {
    const before = process.exitCode;
    await extracted(await archiveFixture("movie.7z"));
    await extractSubtitles({
      fileName: "bad.7z",
      bytes: (await archiveFixture("movie.7z")).bytes.slice(0, 40),
    });
    expect(process.exitCode).toBe(before);
  });

  test("7z: only the subtitles are unpacked, with folders, spaces, wildcards and accents in names", async () => {
    const sevenZip = await SevenZip({ print: () => {}, printErr: () => {} });
    sevenZip.FS.mkdir("/w");
    sevenZip.FS.mkdir("/w/Season 01");
    sevenZip.FS.writeFile("/w/Season 01/Show [x] S01E01 ünï.srt", srtBytes("one"));
    sevenZip.FS.writeFile("/w/Season 01/Show*S01E02.srt", srtBytes("two"));
    sevenZip.FS.writeFile("/w/readme.nfo", srtBytes("not a subtitle"));
    sevenZip.FS.chdir("/w");
    sevenZip.callMain(["a", "-t7z", "/pack.7z", "Season 01", "readme.nfo"]);
    const files = await extracted({ fileName: "pack.7z", bytes: sevenZip.FS.readFile("/pack.7z") });
    expect(files.map((file) => [file.name, text(file)])).toEqual([
      ["Season 01/Show [x] S01E01 ünï.srt", new TextDecoder().decode(srtBytes("one"))],
      ["Season 01/Show*S01E02.srt", new TextDecoder().decode(srtBytes("two"))],
    ]);
  });

  test("an encrypted 7z is an error, never a password prompt", async () => {
    const result = await extractSubtitles(await archiveFixture("encrypted.7z"));
    expect(result).toBeInstanceOf(ExtractError);
    expect((result as ExtractError).reason).toBe("encrypted");
  });

  test("a truncated 7z is corrupt", async () => {
    const { bytes } = await archiveFixture("movie.7z");
    const result = await extractSubtitles({ fileName: "x.7z", bytes: bytes.slice(0, 60) });
    expect((result as ExtractError).reason).toBe("corrupt");
  });

  test("a hand-built stored RAR 4.x archive", async () => {
    const rar = storedRar4([
      { name: "Show.S01E02.srt", bytes: srtBytes("rar episode two") },
      { name: "Subs/Show.S01E03.srt", bytes: srtBytes("rar episode three") },
      { name: "notes.nfo", bytes: srtBytes("not a subtitle") },
    ]);
    const files = await extracted({ fileName: "pack.rar", bytes: rar });
    expect(files.map((file) => file.name)).toEqual(["Show.S01E02.srt", "Subs/Show.S01E03.srt"]);
    expect(text(files[0])).toContain("rar episode two");
    expect(text(files[1])).toContain("rar episode three");
  });

  test("RAR extractions running at once do not see each other's archive", async () => {
    const archives = ["one", "two", "three", "four"].map((label) =>
      storedRar4([{ name: `${label}.srt`, bytes: srtBytes(label) }]),
    );
    // The library's single WASM instance must exist already for the extractions to share it.
    await extracted({
      fileName: "warm.rar",
      bytes: storedRar4([{ name: "warm.srt", bytes: srtBytes("warm") }]),
    });
    const results = await Promise.all(archives.map((bytes) => extracted({ fileName: "x.rar", bytes })));
    expect(results.map((files) => files.map((file) => file.name))).toEqual([
      ["one.srt"],
      ["two.srt"],
      ["three.srt"],
      ["four.srt"],
    ]);
  });

  test("a damaged RAR is corrupt", async () => {
    const rar = storedRar4([{ name: "a.srt", bytes: srtBytes("x") }]);
    rar.set([0xff], rar.length - 20);
    const result = await extractSubtitles({ fileName: "x.rar", bytes: rar });
    expect((result as ExtractError).reason).toBe("corrupt");
  });

  test("anything else is one plain file under its own name", async () => {
    const files = await extracted({ fileName: "Movie.en.srt", bytes: srtBytes("plain") });
    expect(files).toEqual([{ name: "Movie.en.srt", bytes: srtBytes("plain") }]);
  });

  test("zip-slip and absolute member names are ignored", async () => {
    const zip = zipSync({
      "../../etc/evil.srt": srtBytes("escape"),
      "/abs/evil.srt": srtBytes("absolute"),
      "C:/evil.srt": srtBytes("drive"),
      "subs\\..\\..\\evil.srt": srtBytes("backslashes"),
      "ok/Show.S01E01.srt": srtBytes("fine"),
    });
    const files = await extracted({ fileName: "x.zip", bytes: zip });
    expect(files.map((file) => file.name)).toEqual(["ok/Show.S01E01.srt"]);
  });

  test("a zip bomb declaring a huge size is rejected before inflating", async () => {
    const zip = zipSync({ "bomb.srt": srtBytes("small") });
    declareUncompressedSize(zip, 0xfffffff0);
    const result = await extractSubtitles({ fileName: "bomb.zip", bytes: zip });
    expect(result).toBeInstanceOf(ExtractError);
    expect((result as ExtractError).reason).toBe("too-large");
  });

  test("a zip whose members together exceed the cap is rejected", async () => {
    const zeros = new Uint8Array(1024 * 1024);
    const zip = zipSync({ "a.srt": zeros, "b.srt": zeros, "c.srt": zeros });
    const result = await extractSubtitles(
      { fileName: "x.zip", bytes: zip },
      { maxTotalBytes: 2 * 1024 * 1024, maxMembers: 100, maxRatio: 1000 },
    );
    expect((result as ExtractError).reason).toBe("too-large");
  });

  test("a gzip bomb is stopped while streaming, whatever its trailer says", async () => {
    const gz = gzipSync(new Uint8Array(3 * 1024 * 1024));
    gz.set([1, 0, 0, 0], gz.length - 4);
    const result = await extractSubtitles(
      { fileName: "x.srt.gz", bytes: gz },
      { maxTotalBytes: 1024 * 1024, maxMembers: 10, maxRatio: 1000 },
    );
    expect((result as ExtractError).reason).toBe("too-large");
  });

  test("too many members is rejected", async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) entries[`junk-${i}.txt`] = new Uint8Array(1);
    const result = await extractSubtitles(
      { fileName: "x.zip", bytes: zipSync(entries) },
      { maxTotalBytes: 1024, maxMembers: 10, maxRatio: 1000 },
    );
    expect((result as ExtractError).reason).toBe("too-many-members");
  });

  test("a streamed zip (sizes only in data descriptors and the central directory) unpacks", async () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const member = new ZipDeflate("Show.S01E01.srt", { level: 6 });
    zip.add(member);
    member.push(srtBytes("streamed"), true);
    zip.end();
    const bytes = concatChunks(chunks);
    expect(new DataView(bytes.buffer).getUint16(6, true) & 0x8).toBe(0x8);
    const files = await extracted({ fileName: "x.zip", bytes });
    expect(files).toEqual([{ name: "Show.S01E01.srt", bytes: srtBytes("streamed") }]);
  });

  test("a truncated zip is corrupt", async () => {
    const { bytes } = await archiveFixture("season-pack.zip");
    const result = await extractSubtitles({ fileName: "x.zip", bytes: bytes.slice(0, 200) });
    expect((result as ExtractError).reason).toBe("corrupt");
  });
});

/** Rewrites the uncompressed size in both the local header and the central directory entry. */
function declareUncompressedSize(zip: Uint8Array, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  view.setUint32(22, size, true);
  for (let offset = 0; offset + 4 <= zip.length; offset++) {
    if (view.getUint32(offset, true) === 0x02014b50) view.setUint32(offset + 24, size, true);
  }
}
