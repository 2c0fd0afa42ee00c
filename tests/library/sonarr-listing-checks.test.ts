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
      'sonarr "main": series "Show" (id 1): /episodefile listed 0 file(s) where the series statistics count 2; the listing is not trusted',
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
