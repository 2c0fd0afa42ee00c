import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFileName, parseFolderName } from "../../src/library/release-name.ts";
import { createStandaloneSource } from "../../src/library/standalone.ts";

let root: string;

async function touch(rel: string) {
  const path = join(root, rel);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, "x");
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "subhound-standalone-extras-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function listed(sub: string): Promise<string[]> {
  const listing = await createStandaloneSource({ roots: [join(root, sub)] }).listRoot(join(root, sub));
  if (!listing.ok) throw new Error(listing.error);
  return listing.items.map((i) => i.path.slice(root.length + sub.length + 2)).sort();
}

describe("standalone: what is not a library video", () => {
  test("Jellyfin's and Plex's extras, by name and by folder, never become wanted items", async () => {
    const movie = "Movie (2020)";
    for (const name of [
      `${movie}/${movie}.mkv`,
      // Jellyfin's suffixes (Emby.Naming VideoExtraRules) beside the ones Plex shares.
      `${movie}/${movie}.trailer.mkv`,
      `${movie}/${movie}_trailer.mp4`,
      `${movie}/${movie}_sample.mkv`,
      `${movie}/${movie}-clip.mkv`,
      `${movie}/${movie}-deletedscene.mkv`,
      `${movie}/${movie}-extra.mkv`,
      `${movie}/${movie}-Trailer.mkv`,
      // Jellyfin's extras folders that Plex does not have.
      `${movie}/scenes/Opening.mkv`,
      `${movie}/Clips/Teaser.mkv`,
      `${movie}/backdrops/Theme.mkv`,
      `${movie}/theme-music/Theme.mkv`,
    ])
      await touch(`extras/${name}`);
    expect(await listed("extras")).toEqual([`${movie}/${movie}.mkv`]);
  });

  test("a Blu-ray or DVD folder structure is one disc, not hundreds of stream clips", async () => {
    for (const name of [
      "Disc (2001)/BDMV/STREAM/00000.m2ts",
      "Disc (2001)/BDMV/STREAM/00001.m2ts",
      "Disc (2001)/BDMV/STREAM/00800.m2ts",
      "Disc (2001)/BDMV/BACKUP/STREAM/00000.m2ts",
      "Old (1999)/VIDEO_TS/VTS_01_1.mkv",
      "Remux (2010)/Remux (2010).mkv",
    ])
      await touch(`discs/${name}`);
    expect(await listed("discs")).toEqual(["Remux (2010)/Remux (2010).mkv"]);
  });

  test("an episode titled like an extra is still an episode", async () => {
    for (const name of [
      "Show/Season 1/Show - S01E01 - The Trailer.mkv",
      "Show/Season 1/Show - S01E02 - Free Sample.mkv",
      "Show/Season 1/Show - S01E03 - The Extra.mkv",
    ])
      await touch(`titles/${name}`);
    expect(await listed("titles")).toHaveLength(3);
  });
});

describe("standalone: titles keep their brackets and lose library ids", () => {
  test.each([
    ["The Office (US)", "The Office (US)", null],
    ["Shameless (US) (2011)", "Shameless (US)", 2011],
    ["Being Human (UK)", "Being Human (UK)", null],
    ["Show [tvdbid-79126]", "Show", null],
    ["Show (2019) [tvdbid-79126]", "Show", 2019],
    ["Show {tvdb-79126}", "Show", null],
    ["Movie [imdbid-tt0111161]", "Movie", null],
    ["Movie {tmdb-278}", "Movie", null],
  ] as const)("folder %p is titled %p", (name, title, year) => {
    expect(parseFolderName(name)).toEqual({ title, year, season: null });
  });

  test.each([
    ["The Office (US) - S01E01 - Pilot", "The Office (US)"],
    ["Shameless (US) - S02E03", "Shameless (US)"],
    ["Show [tvdbid-79126] - S01E01", "Show"],
  ] as const)("episode %p is of %p", (stem, title) => {
    expect(parseFileName(stem)).toMatchObject({ title, season: expect.any(Number) });
  });

  test("a listed episode in a `(US)` folder carries the whole title", async () => {
    await touch("us/The Office (US)/Season 01/The Office (US) - S01E01 - Pilot.mkv");
    await touch("us/The Office (US)/Season 01/S01E02.mkv");
    const listing = await createStandaloneSource({ roots: [join(root, "us")] }).listRoot(join(root, "us"));
    if (!listing.ok) throw new Error(listing.error);
    expect(listing.items.map((i) => i.title)).toEqual(["The Office (US)", "The Office (US)"]);
  });
});
