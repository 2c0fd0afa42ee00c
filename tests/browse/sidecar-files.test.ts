import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { removeOwnFile } from "../../src/subtitles/remove-own.ts";
import { nodeSaveFileSystem, saveSubtitle, subtitlePath } from "../../src/subtitles/save.ts";

let dir: string;
const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");
const srt = "1\n00:00:01,000 --> 00:00:02,000\nHallo\n";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "subhound-sidecar-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A video whose German subtitle's name is exactly `bytes` long (ext4 allows 255 per name). */
async function videoWithSubtitleName(bytes: number, character = "é") {
  const tail = ".de.srt";
  const width = Buffer.byteLength(character);
  const room = bytes - tail.length;
  const base = character.repeat(Math.floor(room / width)) + "x".repeat(room % width);
  const videoPath = join(dir, `${base}.mkv`);
  await writeFile(videoPath, "video");
  const targetPath = subtitlePath(videoPath, {
    language: "de",
    forced: false,
    hearingImpaired: false,
    format: "srt",
  });
  expect(Buffer.byteLength(basename(targetPath))).toBe(bytes);
  return { videoPath, targetPath };
}

describe("names near the file system's 255-byte limit", () => {
  test("a subtitle whose name fits is saved, though its temp file's name would not", async () => {
    const { videoPath, targetPath } = await videoWithSubtitleName(255);
    const saved = await saveSubtitle({ videoPath, targetPath, content: utf8(srt), writtenByUs: () => null });
    expect(saved).toMatchObject({ ok: true, path: targetPath, replaced: false });
    expect(await readFile(targetPath, "utf8")).toBe(srt);
    expect((await readdir(dir)).sort()).toEqual([basename(targetPath), basename(videoPath)].sort());

    // And replaced again while it is still ours.
    const again = await saveSubtitle({
      videoPath,
      targetPath,
      content: utf8(`${srt}\n`),
      writtenByUs: () => ({ sha256: sha256(srt), size: utf8(srt).byteLength }),
    });
    expect(again).toMatchObject({ ok: true, replaced: true });
    expect((await readdir(dir)).length).toBe(2);
  });

  test("Subhound's own subtitle with such a name is deleted", async () => {
    const { videoPath, targetPath } = await videoWithSubtitleName(250, "字");
    await writeFile(targetPath, srt);
    const removed = await removeOwnFile(targetPath, { sha256: sha256(srt), size: utf8(srt).byteLength });
    expect(removed).toEqual({ ok: true, size: utf8(srt).byteLength });
    expect(await readdir(dir)).toEqual([basename(videoPath)]);
  });

  test("a subtitle name longer than the file system allows is refused, saying so, and leaves nothing", async () => {
    const { videoPath, targetPath } = await videoWithSubtitleName(258);
    const saved = await saveSubtitle({ videoPath, targetPath, content: utf8(srt), writtenByUs: () => null });
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.reason).toBe("io-error");
    expect(saved.detail).toContain(`${basename(targetPath)} is too long a file name (258 bytes`);
    expect(saved.detail).toContain("give the video a shorter name");
    expect(saved.detail).not.toContain(".subhound-");
    expect(await readdir(dir)).toEqual([basename(videoPath)]);
  });
});

describe("a file system without hard links (SMB, some FUSE mounts)", () => {
  const noLinks = { code: "EPERM", message: "EPERM: operation not permitted, link" };

  /** Saves Movie.de.srt where links are refused and the copy fails as `copyExclusive` makes it. */
  async function saveWithFailingCopy(copyExclusive: (source: string, target: string) => Promise<void>) {
    const videoPath = join(dir, "Movie.mkv");
    await writeFile(videoPath, "video");
    const targetPath = join(dir, "Movie.de.srt");
    return saveSubtitle(
      { videoPath, targetPath, content: utf8(srt), writtenByUs: () => null },
      {
        ...nodeSaveFileSystem,
        link: async () => {
          throw Object.assign(new Error(noLinks.message), { code: noLinks.code });
        },
        copyExclusive,
      },
    );
  }

  test("a copy that fails half-way (disk full) leaves no partial subtitle to pass for the user's", async () => {
    // What Bun's copyFile does when the disk fills: the bytes so far stay at the target.
    const saved = await saveWithFailingCopy(async (source, target) => {
      await writeFile(target, (await readFile(source)).subarray(0, 10), { flag: "wx" });
      throw Object.assign(new Error("ENOSPC: no space left on device, copyfile"), { code: "ENOSPC" });
    });
    expect(saved).toMatchObject({ ok: false, reason: "io-error" });
    expect(await readdir(dir)).toEqual(["Movie.mkv"]);
  });

  test("what is at the target after a failed copy and is not our bytes stays", async () => {
    const targetPath = join(dir, "Movie.de.srt");
    const saved = await saveWithFailingCopy(async () => {
      await writeFile(targetPath, "the user's own");
      throw Object.assign(new Error("EIO: i/o error, copyfile"), { code: "EIO" });
    });
    expect(saved).toMatchObject({ ok: false, reason: "io-error" });
    expect(await readFile(targetPath, "utf8")).toBe("the user's own");
    expect((await readdir(dir)).sort()).toEqual(["Movie.de.srt", "Movie.mkv"]);
  });
});
