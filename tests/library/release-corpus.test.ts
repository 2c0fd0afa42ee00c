import { beforeAll, describe, expect, test } from "bun:test";
import { parseFileName, parseFolderName } from "../../src/library/release-name.ts";
import { type ReleaseReading, readReleaseCases, verdict } from "./corpus/read-release-cases.ts";
import { RELEASE_CASES } from "./corpus/release-names.ts";

let readings: Map<string, ReleaseReading>;

beforeAll(async () => {
  readings = await readReleaseCases(RELEASE_CASES);
});

describe("release names seen in real libraries, listed as a standalone root", () => {
  test.each(RELEASE_CASES.map((row) => [`${row.source}: ${row.path}`, row] as const))("%s", (_, row) => {
    const reading = readings.get(row.path);
    expect(reading).toBeDefined();
    expect({ verdict: verdict(row, reading!), reading }).toEqual({ verdict: "right", reading: reading! });
  });
});

describe("parseFileName details", () => {
  test("a daily show's date is its air date, not a season, episode or year", () => {
    expect(parseFileName("Show.Name.2024.03.15.Guest.1080p.WEB.h264-GRP")).toMatchObject({
      title: "Show Name",
      year: null,
      season: null,
      episodes: [],
      airDate: "2024-03-15",
    });
  });

  test("the parent folder names the episode of an obfuscated file, never overriding the file's own", () => {
    expect(parseFileName("7f3a9b2c", false, "Show.S02E03.1080p.WEB-GRP")).toMatchObject({
      season: 2,
      episodes: [3],
    });
    expect(parseFileName("Show.S02E04.1080p", false, "Show.S02E03.1080p.WEB-GRP").episodes).toEqual([4]);
    expect(parseFileName("7f3a9b2c", false, "Show.S02.1080p.WEB-GRP").episodes).toEqual([]);
  });

  test("a release folder of one episode titles the show and is no season folder", () => {
    expect(parseFolderName("Show.Name.S02E03.1080p.WEB-GRP")).toEqual({
      title: "Show Name",
      year: null,
      season: null,
    });
    expect(parseFolderName("Season 02")).toEqual({ title: null, year: null, season: 2 });
  });

  test.each([
    ["[Group] Show - 13-24 [1080p]", []],
    ["[Group] Show - 2016 [1080p]", []],
    ["[Group] Show - 12.5 [1080p]", []],
    ["Show.Name.102.HDTV.x264-GRP", []],
    ["Movie 2010 1080p 10bit x265", []],
    ["Show.Name.S01E01-5.1.Surround", [1]],
    ["Show - 1x01-1x03", [1, 2, 3]],
    ["Show - 1x01-2x03", [1]],
    ["Show - S01E01 - E03", [1, 2, 3]],
    ["Show - S01E01.E03", [1, 3]],
    ["Show - S01E03-S01E01", [3]],
  ] as const)("%p names episodes %p (a dash is a range; uncertain reads as none)", (stem, episodes) => {
    expect(parseFileName(stem).episodes).toEqual([...episodes]);
  });
});
