import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { jsonOf } from "../support/runtime.ts";
import {
  createHarness,
  fullScan,
  type Harness,
  itemsOf,
  scanRuns,
  scriptedProvider,
  searchRuns,
} from "./harness.ts";
import { RADARR_DOWNLOAD, RADARR_TEST } from "./payloads.ts";

let radarr: FakeRadarr;
let h: Harness | undefined;

beforeEach(async () => {
  radarr = await startFakeRadarr({ apiKey: "k" });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await radarr.stop();
});

function harness(options: Parameters<typeof createHarness>[1] = {}) {
  h = createHarness({ radarr: [{ name: "movies", url: radarr.url, apiKey: "k", retries: 0 }] }, options);
  return h;
}

describe("Radarr webhooks", () => {
  test("Download finds the file through movie.folderPath, scans only it, then searches", async () => {
    const queries: string[] = [];
    const hh = harness({ provider: scriptedProvider(queries) });
    const other = radarr.addMovie({ title: "Heat", year: 1995, path: "/movies/Heat (1995)" });
    radarr.addMovieFile(other.id);
    await fullScan(hh.runtime);
    const matrix = radarr.addMovie({ title: "The Matrix", year: 1999, path: "/movies/The Matrix (1999)" });
    const file = radarr.addMovieFile(matrix.id, { relativePath: RADARR_DOWNLOAD.movieFile.relativePath });
    const local = hh.touch(`${matrix.path}/${file.relativePath}`);

    // movie.filePath is never set on Download and movieFile.path may be absent: folderPath + relativePath.
    const { path: _p, ...movieFile } = RADARR_DOWNLOAD.movieFile;
    const payload = {
      ...RADARR_DOWNLOAD,
      movie: { ...RADARR_DOWNLOAD.movie, id: matrix.id },
      movieFile: { ...movieFile, id: file.id },
    };
    const res = await hh.post("radarr", payload);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      accepted: true,
      eventType: "Download",
      action: "import",
      instance: "movies",
    });
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime).filter((r) => r.trigger === "webhook")).toEqual([
      expect.objectContaining({
        mode: "incremental",
        scope: { instance: "movies", movieId: matrix.id, path: local },
      }),
    ]);
    const item = itemsOf(hh.runtime).find((i) => i.movieId === matrix.id)!;
    expect(item).toMatchObject({ status: "found", path: local });
    expect(searchRuns(hh.runtime)).toEqual([{ trigger: "webhook", scope: { ids: [item.id] } }]);
    expect(queries).toEqual(["The Matrix|-|"]);
    expect(itemsOf(hh.runtime).find((i) => i.movieId === other.id)?.status).toBe("wanted");
  });

  test("the documented Download body as-is is accepted", async () => {
    const hh = harness();
    expect(await jsonOf(hh.post("radarr", RADARR_DOWNLOAD))).toMatchObject({ action: "import" });
    await hh.processor.whenIdle();
  });

  test("Rename keeps the movie's item; MovieFileDelete and MovieDelete remove only their rows", async () => {
    const hh = harness();
    const matrix = radarr.addMovie({ title: "The Matrix", year: 1999, path: "/movies/The Matrix (1999)" });
    const file = radarr.addMovieFile(matrix.id);
    const heat = radarr.addMovie({ title: "Heat", year: 1995, path: "/movies/Heat (1995)" });
    radarr.addMovieFile(heat.id);
    const alien = radarr.addMovie({ title: "Alien", year: 1979, path: "/movies/Alien (1979)" });
    const alienFile = radarr.addMovieFile(alien.id);
    await fullScan(hh.runtime);
    const before = itemsOf(hh.runtime);
    const matrixItem = before.find((i) => i.movieId === matrix.id)!;

    radarr.renameFile(file.id, "The Matrix (1999) {imdb-tt0133093}.mkv");
    const rename = await jsonOf(
      hh.post("radarr", {
        eventType: "Rename",
        movie: { id: matrix.id, title: matrix.title, folderPath: matrix.path },
        renamedMovieFiles: [
          {
            id: file.id,
            relativePath: "The Matrix (1999) {imdb-tt0133093}.mkv",
            previousRelativePath: file.relativePath,
            previousPath: `${matrix.path}/${file.relativePath}`,
          },
        ],
        instanceName: "Radarr",
      }),
    );
    expect(rename.action).toBe("rename");
    await hh.processor.whenIdle();
    const renamed = itemsOf(hh.runtime).find((i) => i.movieId === matrix.id)!;
    expect(renamed.id).toBe(matrixItem.id);
    expect(renamed.path).toEndWith("/The Matrix (1999) {imdb-tt0133093}.mkv");

    radarr.deleteFile(alienFile.id);
    const fileDelete = await jsonOf(
      hh.post("radarr", {
        eventType: "MovieFileDelete",
        movie: { id: alien.id, title: alien.title, folderPath: alien.path },
        movieFile: { id: alienFile.id, relativePath: alienFile.relativePath },
        deleteReason: "manual",
      }),
    );
    expect(fileDelete.action).toBe("delete-files");
    radarr.deleteMovie(heat.id);
    const movieDelete = await jsonOf(
      hh.post("radarr", {
        eventType: "MovieDelete",
        movie: { id: heat.id, title: heat.title, folderPath: heat.path },
        deletedFiles: true,
        movieFolderSize: 123,
      }),
    );
    expect(movieDelete.action).toBe("delete-media");
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime).map((i) => i.movieId)).toEqual([matrix.id]);
  });

  test("Test answers 202 and changes nothing; a Sonarr-only event type is ignored", async () => {
    const hh = harness();
    expect(await jsonOf(hh.post("radarr", RADARR_TEST))).toEqual({
      accepted: true,
      eventType: "Test",
      action: "test",
      instance: "movies",
    });
    expect((await jsonOf(hh.post("radarr", { ...RADARR_TEST, eventType: "SeriesDelete" }))).action).toBe(
      "ignore",
    );
    expect((await jsonOf(hh.post("radarr", { ...RADARR_TEST, eventType: "MovieAdded" }))).action).toBe(
      "ignore",
    );
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime)).toEqual([]);
    expect(itemsOf(hh.runtime)).toEqual([]);
  });
});
