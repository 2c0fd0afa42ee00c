import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SeriesDetailSchema, SeriesPageSchema } from "../../src/browse/browse.schemas.ts";
import { standaloneShowKey, titleOfShowKey } from "../../src/browse/show-key.ts";
import { jsonOf } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

let h: LibraryHarness;
beforeAll(async () => {
  h = await startLibraryHarness({ standalone: true });
});
afterAll(async () => {
  await h?.stop();
});

const srt = (line: string) => `1\n00:00:01,000 --> 00:00:03,000\n${line}\n`;
const officeKey = standaloneShowKey("The Office");

test("the series list holds standalone shows beside Sonarr series, paged, sorted and filtered alike", async () => {
  const page = SeriesPageSchema.parse(await h.json("/library/series"));
  expect(page.total).toBe(2);
  expect(page.items.map((s) => [s.source, s.title, s.key])).toEqual([
    ["sonarr", "Breaking Bad", String(h.seriesId)],
    ["standalone", "The Office", officeKey],
  ]);
  expect(page.items[1]).toMatchObject({
    instance: "standalone",
    seriesId: null,
    seasons: 2,
    episodes: 3,
    files: 3,
    wanted: 6,
    have: 0,
    overrideId: null,
  });
  const titles = async (query: string) =>
    SeriesPageSchema.parse(await h.json(`/library/series?${query}`)).items.map((s) => s.title);
  expect(await titles("q=offi")).toEqual(["The Office"]);
  expect(await titles("order=desc")).toEqual(["The Office", "Breaking Bad"]);
  expect(await titles("pageSize=1&page=2")).toEqual(["The Office"]);
  expect(await titles("instance=standalone")).toEqual(["The Office"]);
  expect(await titles("missing=true&sort=wanted")).toHaveLength(2);

  // Ignoring the show's items moves it out of `missing` and to the end of the wanted sort.
  const detail = SeriesDetailSchema.parse(await h.json(`/library/shows/standalone/${officeKey}`));
  const ids = detail.seasons.flatMap((s) => s.files.flatMap((f) => f.items.map((i) => i.id)));
  const bulk = await h.api("/wanted/bulk", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ids, action: "ignore" }),
  });
  expect(bulk.status).toBe(200);
  expect(await titles("missing=true")).toEqual(["Breaking Bad"]);
  expect(await titles("sort=wanted")).toEqual(["Breaking Bad", "The Office"]);
  const ignored = SeriesPageSchema.parse(await h.json("/library/series?q=office")).items[0]!;
  expect(ignored).toMatchObject({ wanted: 0, ignored: 6 });
  await h.api("/wanted/bulk", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ids, action: "unignore" }),
  });
});

test("a standalone show's detail: seasons → episode files with items, no Sonarr id and no override", async () => {
  const res = await h.api(`/library/shows/standalone/${officeKey}`);
  expect(res.status).toBe(200);
  const show = SeriesDetailSchema.parse(await jsonOf(res));
  expect(show).toMatchObject({
    source: "standalone",
    key: officeKey,
    instance: "standalone",
    seriesId: null,
    title: "The Office",
    overrideId: null,
    files: 3,
  });
  expect(show.seasons.map((s) => [s.season, s.files.map((f) => f.episodes[0]), s.wanted])).toEqual([
    [1, [1], 2],
    [2, [1, 2], 4],
  ]);
  expect(show.seasons[0]!.files[0]!.path).toBe(h.videos["Office S01E01"]!);

  expect((await h.api(`/library/shows/standalone/${standaloneShowKey("Nope")}`)).status).toBe(404);
  expect((await h.api("/library/shows/standalone/not*a*key")).status).toBe(404);
  // A Sonarr series is not reachable through its title as a standalone key.
  expect((await h.api(`/library/shows/standalone/${standaloneShowKey("Breaking Bad")}`)).status).toBe(404);
});

test("an upload to a standalone episode is saved beside it and satisfies its item", async () => {
  const video = h.videos["Office S02E02"]!;
  const res = await h.upload(await h.fileId("Office S02E02"), "office.srt", srt("Hallo Dunder Mifflin"));
  expect(res.status).toBe(201);
  const body = await jsonOf(res);
  expect(body.path).toBe(join(dirname(video), `${basename(video, ".mkv")}.de.srt`));
  expect(readFileSync(body.path, "utf8")).toBe(srt("Hallo Dunder Mifflin"));

  const show = SeriesDetailSchema.parse(await h.json(`/library/shows/standalone/${officeKey}`));
  const file = show.seasons[1]!.files[1]!;
  expect(file.items.find((i) => i.language === "de")?.status).toBe("found");
  expect(file.sidecars).toEqual([expect.objectContaining({ language: "de", ownedBySubhound: true })]);
  expect(show).toMatchObject({ wanted: 5, have: 1 });
  const row = SeriesPageSchema.parse(await h.json("/library/series?q=office")).items[0]!;
  expect(row).toMatchObject({ wanted: 5, have: 1 });
});

test("show keys map back to their title only", () => {
  for (const title of ["The Office", "Marvel's Agents of S.H.I.E.L.D.", "Ästhetik / 100% #1?"])
    expect(titleOfShowKey(standaloneShowKey(title))).toBe(title);
  expect(titleOfShowKey("")).toBeNull();
  expect(titleOfShowKey("VGhlIE9mZmljZQ==")).toBeNull();
  expect(titleOfShowKey("a/b")).toBeNull();
});
