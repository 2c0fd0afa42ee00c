import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createSidecarFinder } from "../../src/media/sidecars.ts";

let root: string;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "subhound-sidecar-extras-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function folder(files: string[]): string {
  const dir = join(root, `case-${counter++}`);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), "");
  }
  return dir;
}

const found = (dir: string, video: string) =>
  createSidecarFinder()
    .find(join(dir, video))
    .map((s) => `${s.path.slice(dir.length + 1)} ${s.language}`)
    .sort();

describe("Subs/ of a movie folder that holds extras and hidden files", () => {
  test("a trailer or featurette beside the movie leaves Subs/ the movie's", () => {
    const movie = "Movie (2020) Bluray-1080p";
    for (const extra of [
      `${movie}-trailer.mkv`,
      `${movie}.trailer.mp4`,
      `${movie}-featurette.mkv`,
      "trailer.mkv",
    ]) {
      const dir = folder([`${movie}.mkv`, extra, "Subs/2_English.srt"]);
      expect({ extra, found: found(dir, `${movie}.mkv`) }).toEqual({
        extra,
        found: ["Subs/2_English.srt en"],
      });
    }
  });

  test("a Mac's AppleDouble `._` files are neither videos nor subtitles", () => {
    // A Mac copying to an SMB share writes `._<name>` beside every file: 4 KiB of resource fork.
    const dir = folder([
      "Movie (2020).mkv",
      "._Movie (2020).mkv",
      "Subs/2_English.srt",
      "Subs/._2_English.srt",
      "Subs/._3_French.srt",
    ]);
    expect(found(dir, "Movie (2020).mkv")).toEqual(["Subs/2_English.srt en"]);
  });
});

describe("Subs/ folders named by episode, not by the video's whole name", () => {
  test("a renamed episode still owns the Subs/ folder of its episode", () => {
    // FileBot/tinyMediaManager rename the videos; the season pack's Subs/ keeps its release names.
    const dir = folder([
      "Show - S01E01 - Pilot.mkv",
      "Show - S01E02 - Second.mkv",
      "Subs/Show.S01E01.1080p.WEB.h264-GRP/2_English.srt",
      "Subs/S01E02/3_Eng.srt",
      "Subs/S01E02/4_French.srt",
    ]);
    expect(found(dir, "Show - S01E01 - Pilot.mkv")).toEqual([
      "Subs/Show.S01E01.1080p.WEB.h264-GRP/2_English.srt en",
    ]);
    expect(found(dir, "Show - S01E02 - Second.mkv")).toEqual([
      "Subs/S01E02/3_Eng.srt en",
      "Subs/S01E02/4_French.srt fr",
    ]);
  });

  test("two videos of one episode leave an episode folder to neither; a folder of the exact name still counts", () => {
    const dir = folder([
      "Show.S01E01.720p.mkv",
      "Show.S01E01.1080p.mkv",
      "Subs/Show.S01E01.2160p/2_English.srt",
      "Subs/Show.S01E01.1080p/3_German.srt",
    ]);
    expect(found(dir, "Show.S01E01.720p.mkv")).toEqual([]);
    expect(found(dir, "Show.S01E01.1080p.mkv")).toEqual(["Subs/Show.S01E01.1080p/3_German.srt de"]);
  });

  test("an episode folder read for a video is among the folders stamped for it", () => {
    const dir = folder(["Show - S01E01.mkv", "Show - S01E02.mkv", "Subs/S01E01/2_English.srt"]);
    const finder = createSidecarFinder({ stampDirectory: (path) => `stamp:${path}` });
    const video = join(dir, "Show - S01E01.mkv");
    finder.find(video);
    expect(Object.keys(finder.folderStamps([video]) ?? {}).sort()).toEqual(
      [dir, join(dir, "Subs"), join(dir, "Subs", "S01E01")].sort(),
    );
  });
});
