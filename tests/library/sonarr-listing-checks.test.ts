import { afterEach, beforeEach, expect, test } from "bun:test";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";

let sonarr: FakeSonarr;
beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "k" });
});
afterEach(() => sonarr.stop());

function client() {
  return createSonarrClient({
    instance: { name: "main", url: sonarr.url, apiKey: "k", timeoutMs: 2000, retries: 0 },
  });
}

async function seriesWithTwoFiles() {
  const show = sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  const files = [1, 2].map((e) => sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] }));
  const listed = await client().listSeries();
  if (!listed.ok) throw new Error(listed.error.message);
  return { series: listed.value[0]!, files };
}

test("statistics that predate a deletion are read again instead of failing the series", async () => {
  const { series, files } = await seriesWithTwoFiles();
  sonarr.deleteFile(files[0]!.id);
  sonarr.requests.reset();
  const listing = await client().listSeriesFiles(series);
  expect(listing.ok && listing.items.map((f) => f.fileId)).toEqual([files[1]!.id]);
  expect(sonarr.requests.total).toBe(3);
});

test("files the statistics still count after a fresh read fail the series", async () => {
  const { series } = await seriesWithTwoFiles();
  sonarr.lie({ episodeFiles: "empty", episodes: "no-files" });
  const listing = await client().listSeriesFiles(series);
  expect(listing.ok).toBe(false);
  if (!listing.ok)
    expect(listing.error).toBe(
      'sonarr "main": series "Show" (id 1): /episodefile listed 0 file(s) where the series statistics count 2 episode(s) with a file (the listed files hold 0); the listing is not trusted',
    );
});

test("episode files that /episode links but /episodefile leaves out fail the series", async () => {
  const { series } = await seriesWithTwoFiles();
  sonarr.lie({ episodeFiles: "empty" });
  const listing = await client().listSeriesFiles(series);
  expect(listing.ok).toBe(false);
  if (!listing.ok)
    expect(listing.error).toContain("/episode names 2 episode file(s) that /episodefile did not list");
});

test("a file no episode links to (Sonarr mid-refresh) is skipped, not listed under a new identity", async () => {
  // Listed with no episodes, a file would key on its file id instead of its episodes: the scan
  // would take it for a new file, doubling its items and dropping the user's ignore with the old.
  const { files } = await seriesWithTwoFiles();
  const unlinked = sonarr.addEpisodeFile(1, { season: 1, episodes: [] });
  const listed = await client().listSeries();
  if (!listed.ok) throw new Error(listed.error.message);
  const listing = await client().listSeriesFiles(listed.value[0]!);
  expect(listing.ok).toBe(true);
  if (!listing.ok) return;
  expect(listing.items.map((f) => f.fileId)).toEqual(files.map((f) => f.id));
  expect(listing.skipped).toEqual({
    count: 1,
    example: `/episodefile (id ${unlinked.id}) of series 1: no episode from /episode links to the file`,
  });
});

test("/episode linking no file while the statistics count some fails the series", async () => {
  const { series } = await seriesWithTwoFiles();
  sonarr.lie({ episodes: "no-files" });
  const listing = await client().listSeriesFiles(series);
  expect(listing.ok).toBe(false);
  if (!listing.ok) expect(listing.error).toContain("series statistics count 2 episode(s) with a file");
});

test("a multi-episode file, which Sonarr's statistics count once per episode, lists the series", async () => {
  const show = sonarr.addSeries({ title: "Seinfeld", path: "/tv/Seinfeld" });
  sonarr.addEpisodeFile(show.id, { season: 3, episodes: [1] });
  const double = sonarr.addEpisodeFile(show.id, { season: 3, episodes: [2, 3] });
  const listed = await client().listSeries();
  if (!listed.ok) throw new Error(listed.error.message);
  expect(listed.value[0]!.statistics?.episodeFileCount).toBe(3);
  const listing = await client().listSeriesFiles(listed.value[0]!);
  expect(listing.ok && listing.items.map((f) => [f.fileId, f.episodes])).toEqual([
    [1, [1]],
    [double.id, [2, 3]],
  ]);
  expect((await client().listAllFiles()).ok).toBe(true);
});
