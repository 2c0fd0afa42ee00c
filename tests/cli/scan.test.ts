import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { runCli } from "../support/process.ts";

const _MAIN = join(import.meta.dir, "../../src/main.ts");
const FIXTURES = join(import.meta.dir, "../fixtures/media");
const dir = mkdtempSync(join(tmpdir(), "subhound-cli-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: dir, env: { SUBHOUND_DATA_DIR: join(dir, "data"), ...env } });
}

/** `subhound scan --full --json` of a configured standalone library of `episodes` files, in a home of its own. */
async function scanStandalone(name: string, episodes: number) {
  const home = join(dir, name);
  const shows = join(home, "shows", "Show", "Season 01");
  mkdirSync(shows, { recursive: true });
  mkdirSync(join(home, "data"));
  for (let i = 1; i <= episodes; i++)
    linkSync(join(FIXTURES, "mp4-no-subs.mp4"), join(shows, `Show.S01E${String(i).padStart(3, "0")}.mp4`));
  writeFileSync(
    join(home, "data", "config.toml"),
    `languages = ["en"]\n[standalone]\nroots = ["${join(home, "shows")}"]\n`,
  );
  const r = await runCli(["scan", "--full", "--json"], {
    cwd: home,
    env: { SUBHOUND_DATA_DIR: join(home, "data") },
  });
  return { home, r };
}

describe("subhound scan", () => {
  test("--path DIR --lang works without any config and says what satisfied each language", async () => {
    const tree = join(dir, "tree");
    mkdirSync(join(tree, "Movie (2020)"), { recursive: true });
    mkdirSync(join(tree, "Show", "Season 01"), { recursive: true });
    // English is embedded (a subrip stream tagged eng); German comes as a sidecar.
    copyFileSync(join(FIXTURES, "mkv-srt-eng.mkv"), join(tree, "Movie (2020)", "Movie (2020).mkv"));
    writeFileSync(join(tree, "Movie (2020)", "Movie (2020).ger.forced.srt"), "");
    copyFileSync(join(FIXTURES, "mp4-no-subs.mp4"), join(tree, "Show", "Season 01", "Show.S01E01.mp4"));
    writeFileSync(join(tree, "Show", "Season 01", "Show.S01E01.de.srt"), "");
    writeFileSync(join(tree, "Show", "Season 01", "sample.mkv"), "");

    const r = await run(["scan", "--path", tree, "--lang", "en,de", "--forced", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.files).toBe(2);
    const key = (e: { path: string; language: string; variant: string }) =>
      `${e.path.slice(tree.length + 1)}|${e.language}|${e.variant}`;
    expect(out.satisfied.map((s: { by: string }) => `${key(s as never)}|${s.by}`).sort()).toEqual([
      "Movie (2020)/Movie (2020).mkv|de|forced|sidecar:Movie (2020).ger.forced.srt",
      expect.stringMatching(/^Movie \(2020\)\/Movie \(2020\)\.mkv\|en\|full\|embedded:\d+:subrip$/),
      "Show/Season 01/Show.S01E01.mp4|de|full|sidecar:Show.S01E01.de.srt",
    ]);
    expect(out.wanted.map(key).sort()).toEqual([
      "Movie (2020)/Movie (2020).mkv|de|full",
      "Movie (2020)/Movie (2020).mkv|en|forced",
      "Show/Season 01/Show.S01E01.mp4|de|forced",
      "Show/Season 01/Show.S01E01.mp4|en|forced",
      "Show/Season 01/Show.S01E01.mp4|en|full",
    ]);
  });

  test("usage errors exit 2", async () => {
    expect((await run(["scan", "--path", dir])).code).toBe(2);
    expect((await run(["scan", "--path", dir, "--lang", "en,notalanguage"])).code).toBe(2);
  });

  test("a configured scan finishes the healthy instance, reports the failed one and exits 1", async () => {
    const good = await startFakeSonarr({ apiKey: "good-key" });
    const show = good.addSeries({ title: "Show", path: "/tv/Show" });
    good.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    good.addEpisodeFile(show.id, { season: 1, episodes: [2] });
    const env = {
      SUBHOUND_SONARR__0__NAME: "good",
      SUBHOUND_SONARR__0__URL: good.url,
      SUBHOUND_SONARR__0__API_KEY: "good-key",
      SUBHOUND_SONARR__1__NAME: "broken",
      SUBHOUND_SONARR__1__URL: "http://127.0.0.1:9",
      SUBHOUND_SONARR__1__API_KEY: "broken-key",
      SUBHOUND_SONARR__1__RETRIES: "0",
      SUBHOUND_LANGUAGES: "en",
    };
    // The data dir a server created: a CLI command never creates one.
    mkdirSync(join(dir, "data"), { recursive: true });
    try {
      const r = await run(["scan", "--full", "--json"], env);
      expect(r.code).toBe(1);
      const summary = JSON.parse(r.stdout);
      expect(Object.keys(summary).sort()).toEqual(
        [
          "added",
          "cacheHits",
          "durationMs",
          "errors",
          "filesSeen",
          "heldBack",
          "mode",
          "phases",
          "probed",
          "removed",
          "reopened",
          "resolved",
          "undecodableNames",
          "unchangedSeries",
          "unreadable",
          "warnings",
        ].sort(),
      );
      expect(summary).toMatchObject({ mode: "full", filesSeen: 2, added: 0, unreadable: 2 });
      // Where the time went: the good instance's listing requests and its two files, read and decided.
      expect(Object.keys(summary.phases)).toEqual(["list", "inspect", "probe", "decide", "store"]);
      expect(summary.phases.list.count).toBeGreaterThanOrEqual(2);
      expect(summary.phases.probe.count).toBe(2);
      expect(Object.keys(summary.errors).sort()).toEqual(["broken", "good"]);
      expect(r.stdout + r.stderr).not.toContain("broken-key");
    } finally {
      await good.stop();
    }
  });

  test("a scan with more files than a write batch commits them on its writer thread and still reports and exits", async () => {
    // 300 files: the batches go to the writer thread, and the CLI, which has nothing else on its
    // event loop, must wait for them (an unreferenced thread once let it exit silently mid-scan).
    const { home, r } = await scanStandalone("many", 300);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: "full", filesSeen: 300, added: 300, probed: 300 });
    const db = new Database(join(home, "data", "subhound.db"), { readonly: true });
    try {
      const count = (table: string) =>
        db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
      expect(count("media_files")).toBe(300);
      expect(count("wanted_items")).toBe(300);
      expect(count("probe_cache")).toBe(300);
      // The files it added are in the search index before it exits.
      expect(db.query("SELECT through FROM media_search_cursor").get()).toEqual({ through: 300 });
      expect(
        db.query("SELECT count(*) AS n FROM media_search WHERE media_search MATCH 'show'").get(),
      ).toEqual({ n: 300 });
    } finally {
      db.close();
    }
  });

  test("a scan with few files writes them on its own thread and indexes them for search before it exits", async () => {
    const { home, r } = await scanStandalone("few", 3);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ filesSeen: 3, added: 3 });
    const db = new Database(join(home, "data", "subhound.db"), { readonly: true });
    try {
      expect(db.query("SELECT through FROM media_search_cursor").get()).toEqual({ through: 3 });
    } finally {
      db.close();
    }
  });

  test("a configured scan extracts embedded streams for profiles with extractEmbedded, as the server does", async () => {
    const home = join(dir, "extract");
    const movies = join(home, "movies", "Film (2021)");
    mkdirSync(movies, { recursive: true });
    mkdirSync(join(home, "data"));
    // An embedded English SubRip stream and no sidecar.
    const video = join(movies, "Film (2021).mkv");
    copyFileSync(join(FIXTURES, "mkv-srt-eng.mkv"), video);
    writeFileSync(
      join(home, "data", "config.toml"),
      `languages = ["en"]\n[profile]\nextractEmbedded = true\n[standalone]\nroots = ["${join(home, "movies")}"]\n`,
    );
    const r = await runCli(["scan", "--full", "--json"], {
      cwd: home,
      env: { SUBHOUND_DATA_DIR: join(home, "data") },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: "full", filesSeen: 1 });
    const sidecar = join(movies, "Film (2021).en.srt");
    expect(existsSync(sidecar)).toBe(true);
    expect(readFileSync(sidecar, "utf8")).toContain("-->");
    expect(r.stderr).toContain("embedded streams extracted after the scan");
  });
});
