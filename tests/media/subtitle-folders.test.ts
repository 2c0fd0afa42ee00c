import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { folderAsSpelt, inSubtitleLocation, isSubtitleFolderName } from "../../src/media/subtitle-folders.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "subhound-subfolders-"));
  dirs.push(dir);
  return dir;
};

test("Subs and Subtitles in any case are subtitle folders; nothing else is", () => {
  for (const name of ["Subs", "subs", "SUBS", "Subtitles", "subtitles"])
    expect(isSubtitleFolderName(name)).toBe(true);
  for (const name of ["Sub", "Extras", "Subs ", "subs2", ""]) expect(isSubtitleFolderName(name)).toBe(false);
});

test("a subtitle beside its video or in a subtitle folder right beside it is in place; elsewhere it is not", () => {
  const video = "/tv/Show/Show - S01E01.mkv";
  expect(inSubtitleLocation(video, "/tv/Show/Show - S01E01.en.srt")).toBe(true);
  expect(inSubtitleLocation(video, "/tv/Show/Subs/Show - S01E01.en.srt")).toBe(true);
  expect(inSubtitleLocation(video, "/tv/Show/subtitles/Show - S01E01.en.srt")).toBe(true);
  expect(inSubtitleLocation(video, "/tv/Show/Extras/Show - S01E01.en.srt")).toBe(false);
  expect(inSubtitleLocation(video, "/tv/Show/Subs/en/Show - S01E01.en.srt")).toBe(false);
  expect(inSubtitleLocation(video, "/tv/Show - S01E01.en.srt")).toBe(false);
});

test("the folder as spelt on disk: an exact name wins, else a folder of another case, else as configured", async () => {
  const dir = tempDir();
  expect(await folderAsSpelt(dir, "")).toBe("");
  expect(await folderAsSpelt(dir, "Subs")).toBe("Subs");
  mkdirSync(join(dir, "subs"));
  expect(await folderAsSpelt(dir, "Subs")).toBe("subs");
  mkdirSync(join(dir, "Subs"));
  expect(await folderAsSpelt(dir, "Subs")).toBe("Subs");
  // A file or a link of another case is not a folder to join: the configured name stays.
  const other = tempDir();
  writeFileSync(join(other, "SUBS"), "a file");
  symlinkSync(dir, join(other, "subs"));
  expect(await folderAsSpelt(other, "Subs")).toBe("Subs");
  expect(await folderAsSpelt(join(dir, "missing"), "Subs")).toBe("Subs");
});
