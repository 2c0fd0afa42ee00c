import { afterEach, beforeEach, expect, test } from "bun:test";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf } from "../support/runtime.ts";
import {
  createHarness,
  episodeFileDelete,
  fullScan,
  type Harness,
  itemsOf,
  scriptedProvider,
  searchRuns,
} from "./harness.ts";

// Two Sonarrs left at their default Instance Name ("Sonarr") both report `instanceName: "Sonarr"`,
// which names neither configured instance: series and file ids then say nothing about which one.

let main: FakeSonarr;
let uhd: FakeSonarr;
let h: Harness | undefined;

beforeEach(async () => {
  main = await startFakeSonarr({ apiKey: "k" });
  uhd = await startFakeSonarr({ apiKey: "k" });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await main.stop();
  await uhd.stop();
});

function harness(options: Parameters<typeof createHarness>[1] = {}) {
  h = createHarness(
    {
      sonarr: [
        { name: "main", url: main.url, apiKey: "k", retries: 0 },
        { name: "uhd", url: uhd.url, apiKey: "k", retries: 0 },
      ],
    },
    options,
  );
  return h;
}

/** Series 1 with file 1 in both instances: the same ids, different shows. */
async function twoLibraries(hh: Harness) {
  const bb = main.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
  const bbFile = main.addEpisodeFile(bb.id, { season: 1, episodes: [1] });
  const dark = uhd.addSeries({ title: "Dark", path: "/tv/Dark (2017)", year: 2017 });
  const darkFile = uhd.addEpisodeFile(dark.id, { season: 1, episodes: [1] });
  expect([bb.id, bbFile.id]).toEqual([dark.id, darkFile.id]);
  await fullScan(hh.runtime);
  expect(itemsOf(hh.runtime)).toHaveLength(2);
  return { bb, bbFile, dark, darkFile };
}

test("an EpisodeFileDelete whose instance is only guessed removes nothing of the guessed instance", async () => {
  const hh = harness();
  const { dark, darkFile } = await twoLibraries(hh);
  uhd.deleteFile(darkFile.id);
  const res = await jsonOf(hh.post("sonarr", episodeFileDelete(dark, darkFile)));
  expect(res).toMatchObject({ action: "delete-files", instance: "main" });
  await hh.processor.whenIdle();
  // Breaking Bad's file in "main" has the same id; it must survive. The next full scan drops Dark's.
  expect(itemsOf(hh.runtime).map((i) => i.seriesId)).toEqual([1, 1]);
  expect(itemsOf(hh.runtime).some((i) => i.path.includes("Breaking Bad"))).toBe(true);
  expect(hh.logs.some((l) => l.includes("Instance Name") && l.includes("uhd"))).toBe(true);
});

test("a SeriesDelete whose instance is only guessed removes nothing", async () => {
  const hh = harness();
  const { dark } = await twoLibraries(hh);
  uhd.deleteSeries(dark.id);
  const body = {
    eventType: "SeriesDelete",
    series: { id: dark.id, title: dark.title, path: dark.path },
    deletedFiles: false,
    instanceName: "Sonarr",
  };
  expect((await jsonOf(hh.post("sonarr", body))).action).toBe("delete-media");
  await hh.processor.whenIdle();
  expect(itemsOf(hh.runtime).filter((i) => i.path.includes("Breaking Bad"))).toHaveLength(1);
});

test("a Download whose instance is only guessed is scanned in every instance, so the new file is found", async () => {
  const hh = harness();
  const { dark } = await twoLibraries(hh);
  const relativePath = "Season 01/Dark - S01E02 - Lies WEBDL-2160p.mkv";
  const file = uhd.addEpisodeFile(dark.id, { season: 1, episodes: [2], relativePath });
  const local = hh.touch(`${dark.path}/${relativePath}`);
  const body = {
    eventType: "Download",
    series: { id: dark.id, title: dark.title, path: dark.path },
    episodes: [{ id: 2, episodeNumber: 2, seasonNumber: 1, seriesId: dark.id }],
    episodeFile: { id: file.id, relativePath, path: `${dark.path}/${relativePath}`, size: file.size },
    isUpgrade: false,
    instanceName: "Sonarr",
  };
  expect((await jsonOf(hh.post("sonarr", body))).action).toBe("import");
  await hh.processor.whenIdle();
  expect(itemsOf(hh.runtime).filter((i) => i.path === local)).toHaveLength(1);
});

test("a Download whose instance is only guessed and that names no file searches nothing", async () => {
  const hh = harness({ provider: scriptedProvider() });
  const { dark } = await twoLibraries(hh);
  const body = {
    eventType: "Download",
    series: { id: dark.id, title: dark.title, path: dark.path },
    episodes: [{ id: 2, episodeNumber: 2, seasonNumber: 1, seriesId: dark.id }],
    instanceName: "Sonarr",
  };
  expect((await jsonOf(hh.post("sonarr", body))).action).toBe("import");
  await hh.processor.whenIdle();
  // Series 1 of "main" is Breaking Bad: its wanted item is no business of this delivery.
  expect(searchRuns(hh.runtime)).toEqual([]);
});
