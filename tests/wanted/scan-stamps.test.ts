import { afterEach, beforeEach, expect, test } from "bun:test";
import { readdirSync, renameSync, statSync, symlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { putOverride } from "../../src/wanted/profile-store.ts";
import { deleteWanted } from "../../src/wanted/store/index.ts";
import { items, makeScanner, type ScanEnv, scan, startScanEnv, touch, wantedSlots } from "./scan-env.ts";

// A scan stamps each series it found whole (listed and written, or found unchanged episode by
// episode); the next incremental scan trusts the stamp (no episode looked at) only while nothing it
// depends on changed.

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
  // The scan's clock runs ahead of the files: folders made by the test are not "changed just now".
  env.clock.set(new Date(Date.now() + 3_600_000));
});
afterEach(() => env.close());

const incremental = { mode: "incremental" } as const;

/** Every folder under `root` dated an hour back, so that any change the test makes moves its time. */
function settle(root: string) {
  const past = new Date(Date.now() - 3_600_000);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
    utimesSync(dir, past, past);
  };
  walk(root);
}

/** When the newest folder under `root` last changed (its mtime or ctime), in ms. */
function newestFolderMs(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    const stats = statSync(dir);
    newest = Math.max(newest, stats.mtimeMs, stats.ctimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
  return newest;
}

function show(title: string, episodes: number, tags: string[] = []) {
  const series = env.sonarr.addSeries({ title, path: `/tv/${title}`, tags });
  const paths = Array.from({ length: episodes }, (_, i) => {
    const file = env.sonarr.addEpisodeFile(series.id, { season: 1, episodes: [i + 1] });
    const path = join(env.media, "tv", title, file.relativePath);
    touch(path);
    return path;
  });
  return { series, paths };
}

/** How many episodes a scan looked at (inspected), and its summary. */
async function rescan(scanner: ReturnType<typeof makeScanner>) {
  const run = await scan(scanner, incremental);
  return { looked: run.summary!.phases.inspect.count, summary: run.summary! };
}

/** A two-episode series, scanned and stamped: the incremental scan after looks at none of it. */
async function stampedAlpha() {
  const a = show("Alpha", 2);
  settle(join(env.media, "tv"));
  const scanner = makeScanner(env);
  await scan(scanner);
  expect((await rescan(scanner)).looked).toBe(0);
  return { a, scanner };
}

test("a scanned series is stamped, and the next incremental scan looks at none of its episodes", async () => {
  const a = show("Alpha", 3);
  show("Beta", 2);
  settle(join(env.media, "tv"));
  const scanner = makeScanner(env);
  await scan(scanner);
  const before = wantedSlots(env);

  // The first scan stamped both series: the incremental scan after it trusts them.
  const stamped = await rescan(scanner);
  expect(stamped.looked).toBe(0);
  expect(stamped.summary).toMatchObject({
    filesSeen: 5,
    unchangedSeries: 2,
    added: 0,
    resolved: 0,
    reopened: 0,
    removed: 0,
  });
  expect(wantedSlots(env)).toEqual(before);

  // A subtitle dropped beside one episode moves its folder's time: that series is looked at again.
  touch(a.paths[0]!.replace(/\.mkv$/, ".en.srt"));
  const sidecar = await rescan(scanner);
  expect(sidecar.looked).toBe(3);
  expect(sidecar.summary).toMatchObject({ filesSeen: 5, resolved: 1, unchangedSeries: 1 });
  // That scan stamped Alpha again, after its own write (nothing else changed the series meanwhile).
  expect((await rescan(scanner)).looked).toBe(0);
});

test("a forgotten item, a new profile, an override, new tags and a new episode each end a stamp", async () => {
  const { a, scanner } = await stampedAlpha();

  // An item the user forgot (its file's decision cleared): the series is looked at and the item made again.
  const forgotten = items(env)[1]!;
  expect(deleteWanted(env.db.db, forgotten.id)).toBe(true);
  const back = await rescan(scanner);
  expect(back.looked).toBe(2);
  expect(back.summary).toMatchObject({ added: 1 });
  expect(items(env)[1]).toMatchObject({ path: a.paths[1], status: "wanted" });
  expect((await rescan(scanner)).looked).toBe(0);

  // The configured profile asks for one more language.
  const wider = makeScanner(env, { config: { languages: ["en", "de"] } });
  const more = await rescan(wider);
  expect(more.looked).toBe(2);
  expect(more.summary).toMatchObject({ added: 2 });
  expect((await rescan(wider)).looked).toBe(0);

  // The series' own override.
  putOverride(
    env.db.db,
    { instance: "main", kind: "series", arrId: a.series.id },
    { languages: ["fr"] },
    env.clock.now().toISOString(),
  );
  expect((await rescan(wider)).looked).toBe(2);
  expect(wantedSlots(env)).toEqual(["Alpha S01E01 fr/full", "Alpha S01E02 fr/full"]);
  expect((await rescan(wider)).looked).toBe(0);

  // New tags in Sonarr (a profile may follow them).
  env.sonarr.tagSeries(a.series.id, ["anime"]);
  expect((await rescan(wider)).looked).toBe(2);
  expect((await rescan(wider)).looked).toBe(0);

  // A season unmonitored in Sonarr.
  env.sonarr.setSeasonMonitored(a.series.id, 1, false);
  expect((await rescan(wider)).looked).toBe(2);
  expect((await rescan(wider)).looked).toBe(0);

  // A new episode: Sonarr's totals change, the series is listed again.
  const third = env.sonarr.addEpisodeFile(a.series.id, { season: 1, episodes: [3] });
  touch(join(env.media, "tv", "Alpha", third.relativePath));
  const grown = await rescan(wider);
  expect(grown.summary).toMatchObject({ filesSeen: 3 });
  expect(grown.looked).toBe(3);
  expect((await rescan(wider)).looked).toBe(0);
});

test("a series with an episode that did not read is not stamped (Sonarr counts a file Subhound does not hold)", async () => {
  const a = show("Alpha", 2);
  show("Beta", 1);
  settle(join(env.media, "tv"));
  const unreadable = a.paths[1]!;
  const scanner = makeScanner(env, {
    inspector: {
      async inspect(path) {
        return path === unreadable
          ? { ok: false, error: "not readable", missing: false }
          : { ok: true, streams: [], cached: false, mtimeMs: null };
      },
    },
  });
  await scan(scanner);
  // Beta is trusted; Alpha is looked at each time (listed again: its stored files fall short of Sonarr's count).
  expect((await rescan(scanner)).looked).toBe(1);
  expect((await rescan(scanner)).looked).toBe(1);
});

test("a video renamed on disk behind Sonarr's back ends the stamp (the folder moved)", async () => {
  const { a, scanner } = await stampedAlpha();
  renameSync(a.paths[1]!, a.paths[1]!.replace(/\.mkv$/, ".renamed.mkv"));
  // The stored video is gone from its folder: the series is listed again (Sonarr still names the old path).
  const moved = await rescan(scanner);
  expect(moved.summary.phases.list.count).toBeGreaterThan(1);
});

test("a full scan and a scan of one series never trust a stamp", async () => {
  const { a, scanner } = await stampedAlpha();
  const scoped = await scan(scanner, { mode: "incremental", scope: { seriesId: a.series.id } });
  expect(scoped.summary!.phases.inspect.count).toBe(2);
  const full = await scan(scanner);
  expect(full.summary!.phases.inspect.count).toBe(2);
});

test("no stamp for a folder changed moments before the scan, nor for one that holds a symlink", async () => {
  show("Alpha", 2);
  const b = show("Beta", 2);
  const scanner = makeScanner(env);
  // The scan's clock 50 ms after the newest folder changed: too recent to vouch for.
  env.clock.set(new Date(newestFolderMs(join(env.media, "tv")) + 50));
  await scan(scanner);
  await rescan(scanner);
  expect((await rescan(scanner)).looked).toBe(4);

  env.clock.set(new Date(Date.now() + 3_600_000));
  symlinkSync(join(env.media, "elsewhere.srt"), b.paths[0]!.replace(/\.mkv$/, ".de.srt"));
  settle(join(env.media, "tv"));
  await rescan(scanner);
  // Alpha is stamped; Beta, whose folder holds a symlink (its target may change unseen), never is.
  expect((await rescan(scanner)).looked).toBe(2);
  expect((await rescan(scanner)).looked).toBe(2);
});

test("a scan of series whose stamps hold still hands the event loop back", async () => {
  // 600 stamped series in a row await nothing of their own (no listing, no file): the scan yields anyway.
  env.sonarr.generateLibrary({ seriesCount: 600, episodes: 600 });
  for (const series of env.sonarr.series.values())
    for (const file of env.sonarr.episodeFiles.values())
      if (file.seriesId === series.id)
        touch(join(env.media, "tv", series.path.slice("/tv/".length), file.relativePath));
  settle(join(env.media, "tv"));
  let seriesDone = 0;
  let doneWhenTimerFired: number | null = null;
  let armed = false;
  const scanner = makeScanner(env, {
    onProgress: (progress) => {
      if (!progress.phase.startsWith("scanning") || progress.done === 0) return;
      seriesDone++;
      if (armed) return;
      armed = true;
      setTimeout(() => {
        doneWhenTimerFired = seriesDone;
      }, 0);
    },
  });
  await scan(scanner);
  armed = false;
  seriesDone = 0;
  doneWhenTimerFired = null;
  const stamped = await rescan(scanner);
  expect(stamped.looked).toBe(0);
  expect(stamped.summary.filesSeen).toBe(600);
  expect(doneWhenTimerFired).not.toBeNull();
  expect(doneWhenTimerFired!).toBeLessThan(600);
});

test("a series with a double-episode file (Sonarr counts it once per episode) is stamped, and worked from what is stored", async () => {
  const series = env.sonarr.addSeries({ title: "Gamma", path: "/tv/Gamma" });
  const paths = [[1, 2], [3]].map((episodes) => {
    const file = env.sonarr.addEpisodeFile(series.id, { season: 1, episodes });
    const path = join(env.media, "tv", "Gamma", file.relativePath);
    touch(path);
    return path;
  });
  settle(join(env.media, "tv"));
  const scanner = makeScanner(env);
  await scan(scanner);

  const stamped = await rescan(scanner);
  expect(stamped.looked).toBe(0);
  expect(stamped.summary).toMatchObject({ filesSeen: 2, unchangedSeries: 1 });

  // A sidecar moves the folder: the stamp no longer holds, but the stored files still add up to
  // Sonarr's count, so the series is not listed again (only /series is asked for).
  touch(paths[1]!.replace(/\.mkv$/, ".en.srt"));
  const sidecar = await rescan(scanner);
  expect(sidecar.summary).toMatchObject({ filesSeen: 2, resolved: 1, unchangedSeries: 0 });
  expect(sidecar.summary.phases.list.count).toBe(1);
});
