import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMountGuard } from "../../src/media/mount-guard.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/**
 * The library pages read each video's folder for its subtitle files. On a share that does not
 * answer those reads would block the server, so the folder is left unread and the page says why.
 */

let lib: LibraryHarness;
let silent = false;
const asked: string[] = [];

beforeAll(async () => {
  lib = await startLibraryHarness({
    mounts: createMountGuard({
      // The series lives on a NAS of its own; the movie on the local disk.
      mountOf: (path) => (path.includes("/tv/") ? "nas" : "/"),
      ask: (folder) => {
        asked.push(folder);
        return silent && folder.includes("/tv/") ? new Promise(() => {}) : Promise.resolve();
      },
      timeoutMs: 20,
      freshMs: 0,
    }),
  });
  writeFileSync(lib.videos.S01E01!.replace(/\.mkv$/, ".de.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHallo\n");
});
afterAll(() => lib?.stop());

test("a file on a share that answers lists its subtitle files; on a silent one the page says why", async () => {
  const id = await lib.fileId("S01E01");
  const answering = await lib.json(`/library/files/${id}`);
  expect(answering).toMatchObject({ folderUnreadable: null, sidecars: [{ language: "de" }] });

  silent = true;
  const file = await lib.json(`/library/files/${id}`);
  expect(file.sidecars).toEqual([]);
  expect(file.folderUnreadable).toMatch(/^nas has not answered for \d+ s \(a network share that is down\?\)/);
  // What the database knows still shows: the wanted items, the streams from the last probe.
  expect(file.wanted.length).toBeGreaterThan(0);
  expect(file.streams).toHaveLength(1);

  // The series page: every file of it, with one question to the share still out.
  const before = asked.length;
  const series = await lib.json(`/library/series/main/${lib.seriesId}`);
  const files = series.seasons.flatMap((s: { files: unknown[] }) => s.files);
  expect(files).toHaveLength(3);
  for (const f of files)
    expect(f).toMatchObject({ sidecars: [], folderUnreadable: expect.stringContaining("nas") });
  expect(asked.length).toBe(before);

  // Movies on the local disk are read as ever.
  const movies = await lib.json("/library/movies");
  expect(movies.items[0].file.folderUnreadable).toBeNull();
  expect(asked.some((f) => f.startsWith(join(lib.media, "movies")))).toBe(true);
});
