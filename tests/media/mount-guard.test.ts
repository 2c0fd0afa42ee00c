import { expect, test } from "bun:test";
import { createMountGuard } from "../../src/media/mount-guard.ts";

/** A filesystem whose answers the test gives: each question waits until answered. */
function filesystem() {
  const asked: string[] = [];
  const waiting: (() => void)[] = [];
  return {
    asked,
    ask: (path: string) => {
      asked.push(path);
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    answerAll: () => {
      for (const answer of waiting.splice(0)) answer();
    },
  };
}

const byTopFolder = (path: string) => path.split("/").slice(0, 3).join("/");

test("a filesystem that answers vouches for itself a while; one question per filesystem", async () => {
  const fs = filesystem();
  let now = 1_000;
  const guard = createMountGuard({ ask: fs.ask, mountOf: byTopFolder, now: () => now, timeoutMs: 60_000 });
  const first = guard.checkAll(["/mnt/tv/Show/Season 1", "/mnt/tv/Show/Season 2", "/srv/films/A"]);
  expect(fs.asked).toEqual(["/mnt/tv/Show/Season 1", "/srv/films/A"]);
  fs.answerAll();
  expect([...(await first).values()]).toEqual([null, null, null]);
  // Within freshMs (2 s) no question at all; after it, one again.
  now += 1_500;
  expect(await guard.check("/mnt/tv/Other")).toBeNull();
  expect(fs.asked).toHaveLength(2);
  now += 1_000;
  const again = guard.check("/mnt/tv/Other");
  expect(fs.asked).toEqual(["/mnt/tv/Show/Season 1", "/srv/films/A", "/mnt/tv/Other"]);
  fs.answerAll();
  expect(await again).toBeNull();
});

test("a filesystem that does not answer in time is left alone, and not asked again until it answers", async () => {
  const fs = filesystem();
  let now = 0;
  const guard = createMountGuard({ ask: fs.ask, mountOf: byTopFolder, now: () => now, timeoutMs: 20 });
  const silent = await guard.check("/mnt/nas/Show");
  expect(silent).toMatch(/^\/mnt\/nas has not answered for \d+ s \(a network share that is down\?\)/);
  // Past the deadline, every file on it is refused at once and no second question goes out
  // (it would hold another pool thread for as long as the first).
  now += 60_000;
  expect(await guard.check("/mnt/nas/Other")).toBe(
    "/mnt/nas has not answered for 60 s (a network share that is down?); its files are left alone until it answers",
  );
  expect(fs.asked).toEqual(["/mnt/nas/Show"]);
  // Another filesystem is not held up by it.
  const local = guard.check("/srv/films/A");
  fs.answerAll();
  expect(await local).toBeNull();
  // The share came back: its late answer vouches for it again.
  await Promise.resolve();
  expect(await guard.check("/mnt/nas/Show")).toBeNull();
});

test("an error is an answer: a missing folder does not make its filesystem silent", async () => {
  const guard = createMountGuard({
    ask: async () => {
      throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    },
    mountOf: byTopFolder,
  });
  expect(await guard.check("/mnt/tv/Gone")).toBeNull();
});

test("by default the mount table says which filesystem a path is on", async () => {
  const asked: string[] = [];
  const guard = createMountGuard({
    ask: async (path) => {
      asked.push(path);
    },
  });
  // Both under / (or the same mount) here: one question.
  await guard.checkAll([import.meta.dir, `${import.meta.dir}/..`]);
  expect(asked).toEqual([import.meta.dir]);
});
