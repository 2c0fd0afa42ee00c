import { afterEach, beforeEach, expect, test } from "bun:test";
import { items, makeScanner, type ScanEnv, scan, startScanEnv } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

test("a series Sonarr sends without a title is skipped and counted in warnings; nothing is removed until it reads", async () => {
  const a = env.sonarr.addSeries({ title: "A", path: "/tv/A" });
  env.sonarr.addEpisodeFile(a.id, { season: 1, episodes: [1] });
  env.sonarr.addEpisodeFile(a.id, { season: 1, episodes: [2] });
  const b = env.sonarr.addSeries({ title: "B", path: "/tv/B" });
  env.sonarr.addEpisodeFile(b.id, { season: 1, episodes: [1] });
  const goner = env.sonarr.addEpisodeFile(b.id, { season: 1, episodes: [2] });
  const scanner = makeScanner(env, { scan: { maxRemovalShare: 1 } });
  expect((await scan(scanner)).summary).toMatchObject({ filesSeen: 4, added: 4, errors: {} });

  (env.sonarr.series.get(a.id) as { title: string | null }).title = null;
  env.sonarr.deleteFile(goner.id);
  const skipped = await scan(scanner);
  expect(skipped.summary).toMatchObject({ filesSeen: 1, removed: 0, heldBack: 0, errors: {} });
  expect(skipped.summary!.warnings.main).toBe(
    `1 record(s) sonarr sent could not be read and were skipped, so nothing of this instance is removed this scan; e.g. /series (id ${a.id}) at 0.title: Invalid input: expected string, received undefined`,
  );
  // A's items survive its unreadable record, and B's vanished file waits for a listing that is whole.
  expect(items(env).map((i) => i.missingSince)).toEqual([null, null, null, null]);

  (env.sonarr.series.get(a.id) as { title: string | null }).title = "A";
  const whole = await scan(scanner);
  expect(whole.summary).toMatchObject({ filesSeen: 3, removed: 1, errors: {}, warnings: {} });
  expect(items(env)).toHaveLength(3);
});
