import { expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { createDiskUsage } from "../../src/health/checks/disk-usage.ts";

test("a mount that does not answer is asked once, not once per poll, and named with how long it is silent", async () => {
  const clock = manualClock("2026-11-24T10:00:00Z");
  const calls: string[] = [];
  let answer: (stats: { blocks: number; bsize: number; bavail: number }) => void = () => {};
  const diskUsage = createDiskUsage({
    now: () => clock.now(),
    statfs: (path) => {
      calls.push(path);
      return new Promise((resolve) => (answer = resolve));
    },
  });
  // The first poll hangs (the runner's timeout answers for it).
  const hung = diskUsage("/mnt/nas", 5);
  clock.advance(60_000);
  // Every later poll answers at once instead of taking another thread of the pool.
  const next = await diskUsage("/mnt/nas", 5);
  expect(calls).toEqual(["/mnt/nas"]);
  expect(next).toMatchObject({ path: "/mnt/nas", healthy: false, freeBytes: null });
  expect(next.message).toContain("has not answered for 60 s");
  // Once it answers, it is asked again.
  answer({ blocks: 1000, bsize: 4096, bavail: 500 });
  expect(await hung).toMatchObject({ healthy: true, freePercent: 50 });
  const again = diskUsage("/mnt/nas", 5);
  expect(calls).toEqual(["/mnt/nas", "/mnt/nas"]);
  answer({ blocks: 1000, bsize: 4096, bavail: 20 });
  expect(await again).toMatchObject({ healthy: false, freePercent: 2 });
});
