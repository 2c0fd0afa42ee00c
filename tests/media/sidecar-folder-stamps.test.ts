import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createSidecarFinder } from "../../src/media/sidecars.ts";

// The finder's folder stamps: every folder looked at for a video, as it was just before it was read.
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "subhound-folder-stamps-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function folder(files: string[]): string {
  const dir = join(root, `case-${n++}`);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), "");
  }
  return dir;
}

/** Stamps are the path itself (the finder's own stat is tested in directory-stamp.test.ts), counted. */
function stamping(refuse: string[] = []) {
  const stamped: string[] = [];
  const finder = createSidecarFinder({
    stampDirectory: (path) => {
      stamped.push(path);
      return refuse.includes(path) ? null : `stamp:${path}`;
    },
  });
  return { finder, stamped };
}

test("the stamps name the video's folder, its Subs folder and the video's own folder in it, once each", () => {
  const dir = folder([
    "Show.S01E01.mkv",
    "Show.S01E02.mkv",
    "Subs/Show.S01E01/2_English.srt",
    "Subs/Show.S01E02.de.srt",
  ]);
  const { finder, stamped } = stamping();
  const videos = [join(dir, "Show.S01E01.mkv"), join(dir, "Show.S01E02.mkv")];
  for (const v of videos) finder.find(v);
  expect(finder.folderStamps(videos)).toEqual({
    [dir]: `stamp:${dir}`,
    [join(dir, "Subs")]: `stamp:${join(dir, "Subs")}`,
    [join(dir, "Subs", "Show.S01E01")]: `stamp:${join(dir, "Subs", "Show.S01E01")}`,
  });
  // Taken when each folder was first read, not again.
  expect(stamped.sort()).toEqual([dir, join(dir, "Subs"), join(dir, "Subs", "Show.S01E01")].sort());
});

test("no stamps for a folder that was not read, did not stamp, or holds a symlink", () => {
  const dir = folder(["Movie.mkv", "Subs/Movie.en.srt"]);
  const video = join(dir, "Movie.mkv");
  const fresh = stamping();
  expect(fresh.finder.folderStamps([video])).toBeNull();

  const refused = stamping([join(dir, "Subs")]);
  refused.finder.find(video);
  expect(refused.finder.folderStamps([video])).toBeNull();

  const linked = folder(["Film.mkv"]);
  symlinkSync(join(root, "nowhere.srt"), join(linked, "Film.de.srt"));
  const withLink = stamping();
  withLink.finder.find(join(linked, "Film.mkv"));
  expect(withLink.finder.folderStamps([join(linked, "Film.mkv")])).toBeNull();

  const plain = stamping();
  plain.finder.find(join(dir, "Movie.mkv"));
  expect(Object.keys(plain.finder.folderStamps([video]) ?? {})).toEqual([dir, join(dir, "Subs")]);
});

test("no stamps for a folder holding a subtitle name that is not valid UTF-8 (every scan warns of it)", () => {
  const entry = (name: string) => ({
    name,
    isFile: () => true,
    isDirectory: () => false,
    isSymbolicLink: () => false,
  });
  const finder = createSidecarFinder({
    readDirectory: () => [entry("Show.mkv"), entry("Show.\uFFFD.srt")],
    stampDirectory: (path) => `stamp:${path}`,
  });
  finder.find("/tv/Show/Show.mkv");
  expect(finder.undecodable()?.count).toBe(1);
  expect(finder.folderStamps(["/tv/Show/Show.mkv"])).toBeNull();
});
