import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createWantedStore } from "../../src/wanted/store/index.ts";
import type { FakeEpisodeFile } from "../fakes/sonarr.ts";
import { ignore, items, makeScanner, type ScanEnv, scan, startScanEnv } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

/** One series of `count` episodes, scanned once. */
async function library(count: number) {
  const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  const files: FakeEpisodeFile[] = [];
  for (let e = 1; e <= count; e++)
    files.push(env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] }));
  const scanner = makeScanner(env);
  expect((await scan(scanner)).summary).toMatchObject({ filesSeen: count, added: count, errors: {} });
  return { show, files, scanner };
}

const fileCount = () =>
  env.db.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM media_files").get()!.n;

describe("a full scan that would remove more than scan.maxRemovalShare", () => {
  test("keeps the files until a second full scan agrees, and says so", async () => {
    const { files, scanner } = await library(4);
    env.sonarr.deleteFile(files[0]!.id);
    env.sonarr.deleteFile(files[1]!.id);

    const first = await scan(scanner);
    expect(first.summary).toMatchObject({ removed: 0, heldBack: 2, errors: {} });
    expect(first.summary!.warnings.main).toContain("2 of 4 files (50%) are no longer listed");
    expect(items(env).map((i) => i.missingSince)).toEqual([
      "2026-11-24T10:00:00.000Z",
      "2026-11-24T10:00:00.000Z",
      null,
      null,
    ]);
    expect(createWantedStore(env.db).heldRemovals()).toEqual([
      { instance: "main", files: 2, since: "2026-11-24T10:00:00.000Z" },
    ]);
    // Incremental scans never remove.
    expect((await scan(scanner, { mode: "incremental" })).summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(fileCount()).toBe(4);

    env.clock.advance(6 * 3600_000);
    const second = await scan(scanner);
    expect(second.summary).toMatchObject({ removed: 2, heldBack: 0, warnings: {} });
    expect(items(env).map((i) => i.missingSince)).toEqual([null, null]);
    expect(fileCount()).toBe(2);
    expect(createWantedStore(env.db).heldRemovals()).toEqual([]);
  });

  test("a held file that is listed again is simply kept", async () => {
    const { show, files, scanner } = await library(2);
    env.sonarr.deleteFile(files[0]!.id);
    expect((await scan(scanner)).summary).toMatchObject({ removed: 0, heldBack: 1 });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    expect((await scan(scanner)).summary).toMatchObject({ removed: 0, heldBack: 0, added: 0 });
    expect(items(env).map((i) => i.missingSince)).toEqual([null, null]);
  });

  test("a forced full scan removes at once", async () => {
    const { files, scanner } = await library(4);
    env.sonarr.deleteFile(files[0]!.id);
    env.sonarr.deleteFile(files[1]!.id);
    expect((await scan(scanner, { forceRemoval: true })).summary).toMatchObject({ removed: 2, heldBack: 0 });
    expect(fileCount()).toBe(2);
  });

  test("the share is configurable", async () => {
    const { files } = await library(4);
    env.sonarr.deleteFile(files[0]!.id);
    env.sonarr.deleteFile(files[1]!.id);
    const lenient = makeScanner(env, { scan: { maxRemovalShare: 0.5 } });
    expect((await scan(lenient)).summary).toMatchObject({ removed: 2, heldBack: 0 });
  });
});

describe("user state survives a file that vanishes and comes back", () => {
  test("the ignore flag and the history link are back with the same items", async () => {
    const { show, files, scanner } = await library(10);
    const [ignored, downloaded, plain] = items(env);
    ignore(env, ignored!.id);
    env.db.sqlite.run(
      `INSERT INTO subtitle_history (wanted_item_id, instance, title, language, variant, provider, candidate_id,
         score, format, path, sha256, action, created_at)
       VALUES (?, 'main', 'Show', 'en', 'full', 'podnapisi', 'c1', 90, 'srt', '/tv/Show/x.en.srt', 'ab', 'downloaded', 'now')`,
      [downloaded!.id],
    );
    // Three of ten is past the share: forced, the removal happens now.
    for (const file of files.slice(0, 3)) env.sonarr.deleteFile(file.id);
    const removed = await scan(scanner, { forceRemoval: true });
    expect(removed.summary).toMatchObject({ removed: 1, heldBack: 0 });
    // The plain item went with its file; the two holding state stay, marked missing.
    const kept = items(env).filter((i) => i.missingSince !== null);
    expect(kept.map((i) => [i.id, i.status])).toEqual([
      [ignored!.id, "ignored"],
      [downloaded!.id, "wanted"],
    ]);
    expect(items(env).some((i) => i.id === plain!.id)).toBe(false);
    expect(fileCount()).toBe(9);
    // Tombstones are not held-back removals; a later full scan leaves them alone.
    expect(createWantedStore(env.db).heldRemovals()).toEqual([]);
    expect((await scan(scanner)).summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(fileCount()).toBe(9);

    // Sonarr downloads the three episodes again (new file ids, same episodes).
    for (let e = 1; e <= 3; e++) env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] });
    const back = await scan(scanner);
    expect(back.summary).toMatchObject({ added: 1, removed: 0, heldBack: 0 });
    const again = items(env);
    expect(again).toHaveLength(10);
    expect(again.every((i) => i.missingSince === null)).toBe(true);
    expect(again.find((i) => i.id === ignored!.id)!.status).toBe("ignored");
    expect(again.find((i) => i.id === downloaded!.id)!.status).toBe("wanted");
    expect(env.db.sqlite.query("SELECT wanted_item_id AS id FROM subtitle_history").get()).toEqual({
      id: downloaded!.id,
    });
  });
});
