import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSidecarFinder } from "../../src/media/sidecars.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subhound-sidecar-links-"));
  writeFileSync(join(dir, "Movie.mkv"), "video");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const found = () =>
  createSidecarFinder()
    .find(join(dir, "Movie.mkv"))
    .map((s) => s.fileName)
    .sort();

test("a symlink to a subtitle file counts; a broken one, or one to a directory or FIFO, does not", () => {
  mkdirSync(join(dir, "shared"));
  writeFileSync(join(dir, "shared", "real.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHallo\n");
  symlinkSync(join(dir, "shared", "real.srt"), join(dir, "Movie.de.srt"));
  symlinkSync(join(dir, "shared", "gone.srt"), join(dir, "Movie.en.srt"));
  symlinkSync(join(dir, "shared"), join(dir, "Movie.fr.srt"));
  expect(Bun.spawnSync(["mkfifo", join(dir, "shared", "pipe")]).exitCode).toBe(0);
  symlinkSync(join(dir, "shared", "pipe"), join(dir, "Movie.es.srt"));
  symlinkSync("Movie.it.srt", join(dir, "Movie.it.srt"));
  expect(found()).toEqual(["Movie.de.srt"]);
});
