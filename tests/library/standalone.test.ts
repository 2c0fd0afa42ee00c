import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFileName } from "../../src/library/release-name.ts";
import { createStandaloneSource } from "../../src/library/standalone.ts";
import type { MediaFile } from "../../src/library/types.ts";

let root: string;

async function touch(rel: string, content = "x") {
  const path = join(root, rel);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, content);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "subhound-standalone-"));
  await touch("TV/Show Name/Season 01/S01E02.mkv", "12345");
  await touch("TV/Show Name/Season 01/Show Name - S01E01E02 - Pilot.MKV");
  await touch("TV/Show Name/Season 01/sample.mkv");
  await touch("TV/Show Name/Season 01/Show Name - S01E03-sample.mkv");
  await touch("TV/Show Name/Season 01/Show Name - S01E01.en.srt");
  await touch("TV/Show Name/Extras/Making Of.mkv");
  await touch("TV/Show Name/Featurettes/Blooper.mp4");
  await touch("TV/Other Show (2019)/Season 2/Other.Show.S02E05.1080p.WEB.h264-GROUP.mkv");
  await touch("Movies/The Matrix (1999)/The.Matrix.1999.1080p.BluRay.x264-FGT.mkv");
  await touch("Movies/The Matrix (1999)/The Matrix-trailer.mkv");
  await touch("Movies/Inception (2010)/Inception.1080p.mkv");
  await touch("Movies/Inception (2010)/Behind The Scenes/Dream.mkv");
  await touch("Movies/.hidden/Secret.mkv");
  await touch("Movies/@eaDir/thumb.mkv");
  await touch("Movies/#recycle/Old.mkv");
  await touch("Movies/notes.txt");
  await mkdir(join(root, "Loop"), { recursive: true });
  await symlink(root, join(root, "Loop", "again"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const byName = (items: MediaFile[]) => new Map(items.map((i) => [i.path.slice(root.length + 1), i]));

describe("standalone source", () => {
  test("walks a root, skips extras, hidden and NAS folders, never follows directory symlinks", async () => {
    const source = createStandaloneSource({ roots: [root] });
    const listing = await source.listAllFiles();
    expect(listing.ok).toBe(true);
    if (!listing.ok) return;
    expect([...byName(listing.items).keys()].sort()).toEqual([
      "Movies/Inception (2010)/Inception.1080p.mkv",
      "Movies/The Matrix (1999)/The.Matrix.1999.1080p.BluRay.x264-FGT.mkv",
      "TV/Other Show (2019)/Season 2/Other.Show.S02E05.1080p.WEB.h264-GROUP.mkv",
      "TV/Show Name/Season 01/S01E02.mkv",
      "TV/Show Name/Season 01/Show Name - S01E01E02 - Pilot.MKV",
    ]);
  });

  test("parses episodes, multi-episodes and movies, with folder fallback", async () => {
    const listing = await createStandaloneSource({ roots: [root] }).listRoot(root);
    if (!listing.ok) throw new Error(listing.error);
    const files = byName(listing.items);
    expect(files.get("TV/Show Name/Season 01/S01E02.mkv")).toMatchObject({
      source: "standalone",
      instance: "standalone",
      fileId: null,
      title: "Show Name",
      season: 1,
      episodes: [2],
      year: null,
      size: 5,
      relativePath: null,
      arrSubtitleLanguages: null,
    });
    const s1 = files.get("TV/Show Name/Season 01/S01E02.mkv")!;
    expect(s1.arrPath).toBe(s1.path);
    expect(s1.dateAdded).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(files.get("TV/Show Name/Season 01/Show Name - S01E01E02 - Pilot.MKV")).toMatchObject({
      title: "Show Name",
      season: 1,
      episodes: [1, 2],
    });
    expect(
      files.get("TV/Other Show (2019)/Season 2/Other.Show.S02E05.1080p.WEB.h264-GROUP.mkv"),
    ).toMatchObject({
      title: "Other Show",
      season: 2,
      episodes: [5],
      year: 2019,
      releaseGroup: "GROUP",
    });
    expect(files.get("Movies/The Matrix (1999)/The.Matrix.1999.1080p.BluRay.x264-FGT.mkv")).toMatchObject({
      title: "The Matrix",
      year: 1999,
      season: null,
      episodes: [],
      releaseGroup: "FGT",
    });
    expect(files.get("Movies/Inception (2010)/Inception.1080p.mkv")).toMatchObject({
      title: "Inception",
      year: 2010,
    });
  });

  test("a missing root is a failure, other roots still list", async () => {
    const missing = join(root, "does-not-exist");
    const source = createStandaloneSource({ roots: [missing, join(root, "Movies")] });
    const roots = await source.listRoots();
    const first = roots[0]?.listing;
    expect(first?.ok).toBe(false);
    if (first && !first.ok) expect(first.error).toContain("does not exist");
    expect(roots[1]?.listing.ok && roots[1].listing.items.length).toBe(2);
    expect((await source.listAllFiles()).ok).toBe(false);
  });

  test("a root that is a file is a failure", async () => {
    const listing = await createStandaloneSource({ roots: [] }).listRoot(join(root, "Movies/notes.txt"));
    expect(listing.ok).toBe(false);
  });
});

describe("parseFileName", () => {
  test.each([
    ["Show.Name.S01E02.720p-GRP", { title: "Show Name", season: 1, episodes: [2], releaseGroup: "GRP" }],
    ["S01E01E02", { title: null, season: 1, episodes: [1, 2] }],
    ["Show - S01E01-E03", { title: "Show", season: 1, episodes: [1, 2, 3] }],
    ["Show - S01E01E02E03", { title: "Show", season: 1, episodes: [1, 2, 3] }],
    ["Show S01E05-1080p", { title: "Show", season: 1, episodes: [5] }],
    ["Show 1x02", { title: "Show", season: 1, episodes: [2] }],
    ["Movie.1999.1080p", { title: "Movie", year: 1999, season: null, episodes: [] }],
    [
      "Blade.Runner.2049.2017.1080p.BluRay-GRP",
      { title: "Blade Runner 2049", year: 2017, episodes: [], releaseGroup: "GRP" },
    ],
    ["Show Name (2019) - S01E01 - Pilot", { title: "Show Name", year: 2019, season: 1, episodes: [1] }],
  ] as const)("%s", (stem, expected) => {
    expect(parseFileName(stem)).toMatchObject(expected);
  });

  test("bare numbering counts as an episode inside a season folder", () => {
    expect(parseFileName("[SubsPlease] Frieren - 05 (1080p)", false)).toMatchObject({
      title: "Frieren",
      episodes: [5],
    });
    expect(parseFileName("Room 101", false).episodes).toEqual([]);
  });
});

describe("standalone at size", () => {
  test("10,000 files in 500 folders are all listed, twice (timings: bench/listing.ts)", async () => {
    const big = await mkdtemp(join(tmpdir(), "subhound-big-"));
    try {
      const writes: Promise<void>[] = [];
      for (let s = 0; s < 500; s++) {
        const dir = join(big, `Show ${s}`, "Season 01");
        await mkdir(dir, { recursive: true });
        for (let e = 1; e <= 20; e++) {
          const name =
            s % 2 === 0
              ? `Show.${s}.S01E${String(e).padStart(2, "0")}.1080p.WEB.h264-GRP.mkv`
              : `Show ${s} - S01E${String(e).padStart(2, "0")} - Title.mkv`;
          writes.push(writeFile(join(dir, name), ""));
        }
      }
      await Promise.all(writes);
      const source = createStandaloneSource({ roots: [big] });
      const listing = await source.listAllFiles();
      expect(listing.ok && listing.items.length).toBe(10_000);
      const again = await source.listAllFiles();
      expect(again.ok && again.items.length).toBe(10_000);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  }, 30_000);
});
