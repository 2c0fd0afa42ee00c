import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/process.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/media");
const dir = mkdtempSync(join(tmpdir(), "subhound-cli-scan-naming-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("`subhound scan` names what it extracts as [naming] says", async () => {
  const movies = join(dir, "movies", "Film (2021)");
  mkdirSync(movies, { recursive: true });
  mkdirSync(join(dir, "data"));
  // An embedded English SubRip stream and no sidecar.
  copyFileSync(join(FIXTURES, "mkv-srt-eng.mkv"), join(movies, "Film (2021).mkv"));
  writeFileSync(
    join(dir, "data", "config.toml"),
    `languages = ["en"]\n[profile]\nextractEmbedded = true\n[naming]\nlanguageCode = "alpha3"\n[standalone]\nroots = ["${join(dir, "movies")}"]\n`,
  );
  const r = await runCli(["scan", "--full", "--json"], {
    cwd: dir,
    env: { SUBHOUND_DATA_DIR: join(dir, "data") },
  });
  expect(r.code).toBe(0);
  expect(readdirSync(movies).sort()).toEqual(["Film (2021).eng.srt", "Film (2021).mkv"]);
});
