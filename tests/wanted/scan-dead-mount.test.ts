import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { createMountGuard } from "../../src/media/mount-guard.ts";
import { createSidecarFinder } from "../../src/media/sidecars.ts";
import { fakeInspector, makeScanner, type ScanEnv, scan, startScanEnv } from "./scan-env.ts";

/**
 * A share whose server went away: reading its folders on the scan's thread would block the whole
 * server, so the scan asks the filesystem first, leaves a silent one alone, and removes nothing.
 */

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

/** "Show B" lives on a share that can go silent; everything else is on the local disk. */
function share(env: ScanEnv) {
  const root = join(env.media, "tv", "Show B");
  let silent = false;
  const asked: string[] = [];
  const mounts = createMountGuard({
    mountOf: (path) => (path.startsWith(root) ? root : "/"),
    ask: (folder) => {
      asked.push(folder);
      return silent && folder.startsWith(root) ? new Promise(() => {}) : Promise.resolve();
    },
    timeoutMs: 20,
    freshMs: 0,
  });
  return { mounts, asked, goSilent: () => (silent = true) };
}

test("a series on a silent share is left alone: its folders are not read and nothing of the instance is removed", async () => {
  const a = env.sonarr.addSeries({ title: "Show A", path: "/tv/Show A" });
  const b = env.sonarr.addSeries({ title: "Show B", path: "/tv/Show B" });
  for (const show of [a, b])
    for (const e of [1, 2]) env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] });
  const nas = share(env);
  const { inspector, calls } = fakeInspector();
  const folders: string[] = [];
  const scanner = makeScanner(env, {
    inspector,
    mounts: nas.mounts,
    createFinder: () =>
      createSidecarFinder({
        readDirectory: (path) => {
          folders.push(path);
          return [];
        },
      }),
  });
  expect((await scan(scanner)).summary).toMatchObject({ filesSeen: 4, added: 4, errors: {} });

  // The NAS holding Show B goes away; Sonarr (elsewhere) still lists it.
  nas.goSilent();
  calls.length = 0;
  folders.length = 0;
  const full = (await scan(scanner)).summary!;
  expect(full.errors.main).toMatch(
    /Show B has not answered for \d+ s \(a network share that is down\?\); its files are left alone until it answers$/,
  );
  expect(full).toMatchObject({ filesSeen: 2, removed: 0, heldBack: 0 });
  // Show A was scanned as ever; nothing under Show B was read, inspected or removed.
  expect(calls.every((p) => p.includes("Show A"))).toBe(true);
  expect(calls).toHaveLength(2);
  expect(folders.some((f) => f.includes("Show B"))).toBe(false);
  const stored = env.db.sqlite
    .query<{ n: number }, []>("SELECT count(*) AS n FROM media_files WHERE missing_since IS NULL")
    .get()!.n;
  expect(stored).toBe(4);

  // Another scan while the share is still silent does not ask it again: the first question is still out.
  const asks = nas.asked.filter((f) => f.includes("Show B")).length;
  expect((await scan(scanner, { mode: "incremental" })).summary!.errors.main).toContain(
    "Show B has not answered",
  );
  expect(nas.asked.filter((f) => f.includes("Show B")).length).toBe(asks);
});
