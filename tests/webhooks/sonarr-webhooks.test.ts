import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf } from "../support/runtime.ts";
import {
  createHarness,
  episodeFileDelete,
  fullScan,
  type Harness,
  itemsOf,
  scanRuns,
  scriptedProvider,
  searchRuns,
} from "./harness.ts";
import { SONARR_DOWNLOAD, SONARR_TEST, SONARR_V3_DOWNLOAD } from "./payloads.ts";

const PILOT = "Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv";

let sonarr: FakeSonarr;
let h: Harness | undefined;

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "k" });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await sonarr.stop();
});

function harness(options: Parameters<typeof createHarness>[1] = {}, input: object = {}) {
  h = createHarness(
    { sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }], ...input },
    options,
  );
  return h;
}

/** Breaking Bad (series 1) with S01E02 on disk and known to Subhound; S01E01 not imported yet. */
async function breakingBad(hh: Harness) {
  const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
  const e2 = sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2] });
  hh.touch(`${show.path}/${e2.relativePath}`);
  await fullScan(hh.runtime);
  return { show, e2 };
}

function importPilot(hh: Harness, showId: number) {
  const file = sonarr.addEpisodeFile(showId, { season: 1, episodes: [1], relativePath: PILOT });
  const local = hh.touch(`/tv/Breaking Bad/${PILOT}`);
  return { file, local };
}

/** The documented single-file Download minus the upgrade fields. */
const { isUpgrade: _u, deletedFiles: _d, ...SINGLE_IMPORT } = SONARR_DOWNLOAD;

describe("Sonarr webhooks", () => {
  test("Download of a new episode: scoped incremental scan of that file, then a search of its items", async () => {
    const queries: string[] = [];
    const hh = harness({ provider: scriptedProvider(queries) });
    const { e2 } = await breakingBad(hh);
    const before = itemsOf(hh.runtime);
    const { local } = importPilot(hh, 1);

    const res = await hh.post("sonarr", SINGLE_IMPORT);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      accepted: true,
      eventType: "Download",
      action: "import",
      instance: "main",
    });
    await hh.processor.whenIdle();

    const webhookScans = scanRuns(hh.runtime).filter((r) => r.trigger === "webhook");
    expect(webhookScans).toEqual([
      expect.objectContaining({
        mode: "incremental",
        status: "succeeded",
        scope: { instance: "main", seriesId: 1, path: local },
      }),
    ]);
    const pilot = itemsOf(hh.runtime).find((i) => i.path === local)!;
    expect(pilot).toMatchObject({ status: "found", language: "de" });
    expect(searchRuns(hh.runtime)).toEqual([{ trigger: "webhook", scope: { ids: [pilot.id] } }]);
    expect(queries).toEqual(["Breaking Bad|1|1"]);
    expect(existsSync(local.replace(/\.mkv$/, ".de.srt"))).toBe(true);
    // The other episode was neither rescanned into a new state nor searched.
    expect(itemsOf(hh.runtime).find((i) => i.arrFileId === e2.id)).toEqual(before[0]!);
  });

  test("Sonarr v3 thin payload without instanceName resolves the only instance", async () => {
    await sonarr.stop();
    sonarr = await startFakeSonarr({ apiKey: "k", version: "v3" });
    const hh = harness();
    await breakingBad(hh);
    const { local } = importPilot(hh, 1);
    const body = await jsonOf(hh.post("sonarr", SONARR_V3_DOWNLOAD));
    expect(body).toMatchObject({ action: "import", instance: "main" });
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime).filter((i) => i.path === local)).toHaveLength(1);
    expect(hh.logs.some((l) => l.includes('"matchedBy":"only"'))).toBe(true);
  });

  test("On Import Complete (episodeFiles[]) scans both files and searches both items", async () => {
    const hh = harness({ provider: scriptedProvider() });
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
    const files = [1, 2].map((e) => sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] }));
    const locals = files.map((f) => hh.touch(`${show.path}/${f.relativePath}`));
    const { episodeFile, isUpgrade: _i, deletedFiles: _del, ...rest } = SONARR_DOWNLOAD;
    const payload = {
      ...rest,
      episodes: [1, 2].map((n) => ({ id: n, episodeNumber: n, seasonNumber: 1, seriesId: show.id })),
      episodeFiles: files.map((f) => ({
        ...episodeFile,
        id: f.id,
        relativePath: f.relativePath,
        path: `${show.path}/${f.relativePath}`,
      })),
      fileCount: 2,
      sourcePath: "/downloads/complete/Breaking.Bad.S01.1080p",
      destinationPath: "/tv/Breaking Bad/Season 01",
    };
    expect((await jsonOf(hh.post("sonarr", payload))).action).toBe("import");
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime).map((r) => r.scope.path)).toEqual(locals);
    const items = itemsOf(hh.runtime);
    expect(items.map((i) => [i.path, i.status])).toEqual(locals.map((p) => [p, "found"]));
    expect(searchRuns(hh.runtime)).toEqual([{ trigger: "webhook", scope: { ids: items.map((i) => i.id) } }]);
  });

  test("upgrade with deletedFiles keeps the item, moves it to the new file, drops the old file", async () => {
    const hh = harness({ provider: scriptedProvider() }, { webhooks: { searchOnImport: false } });
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
    const old = sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    hh.touch(`${show.path}/${old.relativePath}`);
    await fullScan(hh.runtime);
    const [item] = itemsOf(hh.runtime);
    expect(item!.arrFileId).toBe(old.id);

    const upgraded = sonarr.upgradeFile(old.id, { relativePath: PILOT });
    const local = hh.touch(`/tv/Breaking Bad/${PILOT}`);
    const payload = {
      ...SONARR_DOWNLOAD,
      episodeFile: { ...SONARR_DOWNLOAD.episodeFile, id: upgraded.id },
      deletedFiles: [
        { ...SONARR_DOWNLOAD.deletedFiles[0], id: old.id, path: `${show.path}/${old.relativePath}` },
      ],
    };
    expect((await hh.post("sonarr", payload)).status).toBe(202);
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime)).toEqual([{ ...item!, path: local, arrFileId: upgraded.id }]);
    expect(searchRuns(hh.runtime)).toEqual([]);

    // Sonarr's EpisodeFileDelete for the replaced file (reason upgrade) must not remove the new one.
    await hh.post("sonarr", {
      eventType: "EpisodeFileDelete",
      series: SONARR_DOWNLOAD.series,
      episodeFile: { id: old.id, relativePath: old.relativePath, path: `${show.path}/${old.relativePath}` },
      deleteReason: "upgrade",
      instanceName: "Sonarr",
    });
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime)).toHaveLength(1);
  });

  test("Rename rescans the series; the item keeps its id", async () => {
    const hh = harness();
    const { show, e2 } = await breakingBad(hh);
    const [item] = itemsOf(hh.runtime);
    const previousPath = `${show.path}/${e2.relativePath}`;
    const renamed = "Season 01/Breaking Bad - S01E02 - Cat's in the Bag.mkv";
    sonarr.renameFile(e2.id, renamed);
    const local = hh.touch(`${show.path}/${renamed}`);
    const res = await jsonOf(
      hh.post("sonarr", {
        eventType: "Rename",
        series: SONARR_DOWNLOAD.series,
        renamedEpisodeFiles: [
          {
            id: e2.id,
            relativePath: renamed,
            path: `${show.path}/${renamed}`,
            previousRelativePath: e2.relativePath,
            previousPath,
          },
        ],
        instanceName: "Sonarr",
      }),
    );
    expect(res.action).toBe("rename");
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime).at(-1)).toMatchObject({
      trigger: "webhook",
      mode: "incremental",
      scope: { instance: "main", seriesId: show.id },
    });
    expect(itemsOf(hh.runtime)).toEqual([{ ...item!, path: local }]);
  });

  test("EpisodeFileDelete removes only that file's items", async () => {
    const hh = harness();
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
    const [f1, f2] = [1, 2].map((e) => sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] }));
    const other = sonarr.addSeries({ title: "Other", path: "/tv/Other", year: 2010 });
    const f3 = sonarr.addEpisodeFile(other.id, { season: 1, episodes: [1] });
    await fullScan(hh.runtime);
    expect(itemsOf(hh.runtime)).toHaveLength(3);
    sonarr.deleteFile(f1!.id);
    const payload = episodeFileDelete(show, f1!);
    expect((await jsonOf(hh.post("sonarr", payload))).action).toBe("delete-files");
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime).map((i) => i.arrFileId)).toEqual(expect.arrayContaining([f2!.id, f3.id]));
    expect(itemsOf(hh.runtime)).toHaveLength(2);
    expect(scanRuns(hh.runtime).filter((r) => r.trigger === "webhook")).toEqual([]);
  });

  test("SeriesDelete removes that series' rows of that instance only", async () => {
    const hh = harness();
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
    sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2] });
    const other = sonarr.addSeries({ title: "Other", path: "/tv/Other", year: 2010 });
    sonarr.addEpisodeFile(other.id, { season: 1, episodes: [1] });
    await fullScan(hh.runtime);
    sonarr.deleteSeries(show.id);
    const res = await jsonOf(
      hh.post("sonarr", {
        eventType: "SeriesDelete",
        series: { id: show.id, title: show.title, path: show.path },
        deletedFiles: true,
        instanceName: "Sonarr",
      }),
    );
    expect(res.action).toBe("delete-media");
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime).map((i) => i.seriesId)).toEqual([other.id]);
    const files = hh.runtime.deps.db.sqlite.query("SELECT count(*) AS n FROM media_files").get() as {
      n: number;
    };
    expect(files.n).toBe(1);
  });

  test("Test (Grab-shaped, no episodeFile) answers 202 and only logs", async () => {
    const hh = harness();
    await breakingBad(hh);
    const before = itemsOf(hh.runtime);
    const runsBefore = scanRuns(hh.runtime);
    const res = await hh.post("sonarr", SONARR_TEST);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true, eventType: "Test", action: "test", instance: "main" });
    await hh.processor.whenIdle();
    expect(itemsOf(hh.runtime)).toEqual(before);
    expect(scanRuns(hh.runtime)).toEqual(runsBefore);
    expect(searchRuns(hh.runtime)).toEqual([]);
    expect(hh.logs.some((l) => l.includes("webhook test received"))).toBe(true);
  });

  test("Grab, Health, ApplicationUpdate and unknown event types are accepted and ignored", async () => {
    const hh = harness();
    for (const eventType of ["Grab", "Health", "ApplicationUpdate", "ManualInteractionRequired", "Nope"]) {
      const res = await hh.post("sonarr", { ...SONARR_TEST, eventType });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ eventType, action: "ignore" });
    }
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime)).toEqual([]);
  });

  test("malformed JSON, a non-object and a body without eventType are 400 problem+json", async () => {
    const hh = harness();
    for (const body of ["{not json", "[1,2]", '"Download"', "null", JSON.stringify({ series: { id: 1 } })]) {
      const res = await hh.post("sonarr", body);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
      expect(((await res.json()) as { status: number }).status).toBe(400);
    }
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime)).toEqual([]);
  });

  test("a duplicate delivery leaves the same end state", async () => {
    const hh = harness({ provider: scriptedProvider() });
    await breakingBad(hh);
    importPilot(hh, 1);
    // The rescan of the second delivery sees the downloaded sidecar and confirms found as resolved.
    const snapshot = () =>
      hh.runtime.deps.db.sqlite
        .query(
          `SELECT id, media_file_id, language, attempts, satisfied_by,
                  CASE status WHEN 'found' THEN 'resolved' ELSE status END AS status
           FROM wanted_items ORDER BY id`,
        )
        .all();
    await hh.post("sonarr", SINGLE_IMPORT);
    await hh.processor.whenIdle();
    const once = snapshot();
    await hh.post("sonarr", SINGLE_IMPORT);
    await hh.processor.whenIdle();
    expect(snapshot()).toEqual(once);
    // The second delivery found nothing left to search: one search, one download.
    expect(searchRuns(hh.runtime)).toHaveLength(1);
    const history = hh.runtime.deps.db.sqlite.query("SELECT count(*) AS n FROM subtitle_history").get();
    expect(history).toEqual({ n: 1 });
  });

  test("a webhook arriving during a scan waits for it and is not lost", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inspecting = new Promise<void>((r) => (entered = r));
    const hh = harness({
      inspector: {
        inspect: async () => {
          entered();
          await gate;
          return { ok: true, streams: [], cached: false, mtimeMs: null };
        },
      },
    });
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
    sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2] });
    const full = hh.runtime.deps.scanner.start({ mode: "full", trigger: "schedule" });
    if (!full.ok) throw new Error("scan busy");
    await inspecting;
    const { local } = importPilot(hh, show.id);
    expect((await hh.post("sonarr", SINGLE_IMPORT)).status).toBe(202);
    release();
    await full.done;
    await hh.processor.whenIdle();
    const runs = scanRuns(hh.runtime);
    expect(runs.map((r) => r.trigger)).toEqual(["schedule", "webhook"]);
    expect(runs[1]!.scope.path).toBe(local);
  });

  test("the search waits searchDelaySeconds through the injected sleep", async () => {
    const waits: number[] = [];
    const hh = harness(
      { provider: scriptedProvider(), processor: { sleep: async (ms) => void waits.push(ms) } },
      { webhooks: { searchDelaySeconds: 90 } },
    );
    await breakingBad(hh);
    importPilot(hh, 1);
    await hh.post("sonarr", SINGLE_IMPORT);
    await hh.processor.whenIdle();
    expect(waits).toEqual([90_000]);
    expect(searchRuns(hh.runtime)).toHaveLength(1);
  });

  test("stop() drops a search still waiting out its delay", async () => {
    const hh = harness({ provider: scriptedProvider() }, { webhooks: { searchDelaySeconds: 3600 } });
    await breakingBad(hh);
    importPilot(hh, 1);
    await hh.post("sonarr", SINGLE_IMPORT);
    await hh.processor.stop();
    expect(searchRuns(hh.runtime)).toEqual([]);
    const scans = scanRuns(hh.runtime).length;
    // A stopped processor still answers, but starts nothing.
    expect((await hh.post("sonarr", SINGLE_IMPORT)).status).toBe(202);
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime)).toHaveLength(scans);
  });
});
