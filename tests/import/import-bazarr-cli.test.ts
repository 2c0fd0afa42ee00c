import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { acquireOwnerLock } from "../../src/db/owner-lock.ts";
import { main } from "../../src/main.ts";
import { createBazarrDb } from "../fixtures/bazarr/bazarr-db.ts";
import { BAZARR_CONFIG_YAML } from "../fixtures/bazarr/config-yaml.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv } from "../wanted/scan-env.ts";

const T0 = new Date("2026-11-20T08:00:00Z");
let env: ScanEnv;
let data: string;
let configPath: string;
let subtitle: string;
let seriesId: number;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["import-bazarr", "--config", configPath, ...args], {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const sha = (path: string) => new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");

function subhound<T>(read: (db: Database) => T): T {
  const db = new Database(join(data, "subhound.db"), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const importedRows = () =>
  subhound((db) => db.query<{ n: number }, []>("SELECT count(*) AS n FROM subtitle_history").get()!.n);

/** A Bazarr database whose history holds the one subtitle, optionally without some tables or columns. */
function bazarrDb(name: string, omit: Parameters<typeof createBazarrDb>[1] = {}): string {
  const path = join(env.media, `${name}.db`);
  const b = createBazarrDb(path, omit);
  b.addHistory({
    kind: "episode",
    action: 1,
    arrId: seriesId,
    videoPath: "/tv/Show/Season 01/Show.S01E01.mkv",
    subtitlesPath: "/tv/Show/Season 01/Show.S01E01.en.srt",
    language: "en",
    provider: "podnapisi",
    subsId: "abc",
    at: new Date(T0.getTime() + 10_000),
  });
  b.addProfile({ profileId: 1, name: "Default", items: [{ id: 1, language: "en" }] });
  b.addShow({ sonarrSeriesId: seriesId, title: "Show", path: "/tv/Show", profileId: 1 });
  b.addBlacklist({ kind: "episode", provider: "podnapisi", subsId: "xyz" });
  b.close();
  return path;
}

beforeAll(async () => {
  env = await startScanEnv({ file: true });
  data = join(env.media, "data");
  const series = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  seriesId = series.id;
  const file = env.sonarr.addEpisodeFile(series.id, {
    season: 1,
    episodes: [1],
    relativePath: "Season 01/Show.S01E01.mkv",
  });
  const video = join(env.media, "tv", "Show", file.relativePath);
  mkdirSync(dirname(video), { recursive: true });
  writeFileSync(video, "video");
  subtitle = join(dirname(video), "Show.S01E01.en.srt");
  writeFileSync(subtitle, "1\n00:00:01,000 --> 00:00:02,000\nHello\n");
  utimesSync(subtitle, T0, T0);
  await scan(makeScanner(env, { sources: ["sonarr"] }));
  env.db.close();
  configPath = join(data, "config.toml");
  writeFileSync(
    configPath,
    [
      `dataDir = ${JSON.stringify(data)}`,
      'languages = ["en"]',
      "[[sonarr]]",
      'name = "main"',
      `url = ${JSON.stringify(env.sonarr.url)}`,
      'apiKey = "sonarr-key"',
      "[[pathMappings]]",
      'from = "/tv"',
      `to = ${JSON.stringify(join(env.media, "tv"))}`,
      "[profiles.Default]",
      'languages = ["en"]',
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await env.sonarr.stop();
  await env.radarr.stop();
  rmSync(env.media, { recursive: true, force: true });
});

describe("subhound import-bazarr", () => {
  test("usage errors exit 2 before anything is opened", async () => {
    const noDb = await cli([]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain("--db PATH is required");
    const zone = await cli(["--db", "x.db", "--bazarr-timezone", "Mars/Olympus"]);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain("--bazarr-timezone: expected local, UTC or an offset");
  });

  test("a database that is not Bazarr's is refused, naming what it lacks", async () => {
    const subhoundDb = await cli(["--db", join(data, "subhound.db")]);
    expect(subhoundDb.code).toBe(2);
    expect(subhoundDb.stderr).toContain(
      "is not a Bazarr database: it has no table_shows, table_movies, table_history, table_history_movie",
    );
    const text = join(env.media, "notes.txt");
    writeFileSync(text, "not a database at all, just some words to fill a page ".repeat(40));
    const notSqlite = await cli(["--db", text]);
    expect(notSqlite.code).toBe(2);
    expect(notSqlite.stderr).toContain(`--db: ${text}: not a SQLite database`);
    const missing = await cli(["--db", join(env.media, "nowhere.db")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
  });

  test("a dry run prints the plan and changes nothing, the Bazarr database included", async () => {
    const db = bazarrDb("dry");
    const before = { history: importedRows(), bazarr: sha(db) };
    const r = await cli(["--db", db, "--bazarr-timezone", "UTC"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Dry run: nothing was changed.");
    expect(r.stdout).toContain("1 file(s) in 1 history row(s); to take over as Subhound's: 1");
    expect(r.stdout).toContain(`    ${subtitle} (en, podnapisi, score 300)`);
    expect(r.stdout).toContain("[profiles.Default]");
    expect(r.stdout).toContain("series and movies to set to their Bazarr profile: 1");
    expect(r.stdout).toContain("to add: 1");
    expect({ history: importedRows(), bazarr: sha(db) }).toEqual(before);
  });

  test("--settings with --db: the settings draft, then the database's plan, in one dry run", async () => {
    const db = bazarrDb("with-settings");
    const settings = join(dirname(db), "config.yaml");
    writeFileSync(settings, BAZARR_CONFIG_YAML);
    const before = { history: importedRows(), bazarr: sha(db) };
    const r = await cli(["--db", db, "--settings", settings, "--bazarr-timezone", "UTC"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[[sonarr]]");
    expect(r.stdout).toContain("Dry run: nothing was changed.");
    expect(r.stdout).toContain("1 file(s) in 1 history row(s); to take over as Subhound's: 1");
    expect(r.stdout.indexOf("[[sonarr]]")).toBeLessThan(r.stdout.indexOf("Dry run"));
    expect({ history: importedRows(), bazarr: sha(db) }).toEqual(before);
  });

  test("read in another zone, the file looks changed after Bazarr's record, and the output says why", async () => {
    const r = await cli(["--db", bazarrDb("zone"), "--bazarr-timezone", "+02:00"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("to take over as Subhound's: 0");
    expect(r.stdout).toContain("changed since Bazarr's last record of it (left to you): 1");
    expect(r.stdout).toContain("(changed 2.0 h after Bazarr's record)");
    expect(r.stdout).toContain("pass --bazarr-timezone");
  });

  test("while a server owns the data dir, --apply refuses and a dry run reads beside it", async () => {
    const db = bazarrDb("busy");
    const held = acquireOwnerLock(data, { command: "serve", url: "http://127.0.0.1:6868" });
    if (!held.ok) throw new Error(held.message);
    try {
      const apply = await cli(["--db", db, "--apply", "--bazarr-timezone", "UTC"]);
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain(
        `cannot import: a Subhound server (pid ${process.pid} at http://127.0.0.1:6868, since ${held.lock.owner.startedAt}) is using the data dir ${data}; stop it first`,
      );
      const dry = await cli(["--db", db, "--json", "--bazarr-timezone", "UTC"]);
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout).subtitles.imported).toBe(1);
    } finally {
      held.lock.release();
    }
    expect(importedRows()).toBe(0);
  });

  test("a Bazarr schema without some tables or columns skips those parts and says why", async () => {
    const db = bazarrDb("old", {
      tables: ["table_blacklist", "table_blacklist_movie"],
      columns: { table_languages_profiles: ["items"], table_history_movie: ["subtitles_path"] },
    });
    const r = await cli(["--db", db, "--json", "--bazarr-timezone", "UTC"]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.subtitles.skipped).toBeNull();
    expect(summary.subtitles.imported).toBe(1);
    expect(summary.subtitles.notes).toEqual([
      "movie subtitles: this Bazarr database has no table_history_movie.subtitles_path",
    ]);
    expect(summary.profiles.skipped).toBe("this Bazarr database has no table_languages_profiles.items");
    expect(summary.blacklist.skipped).toBe(
      "this Bazarr database has no table table_blacklist; table table_blacklist_movie",
    );
  });

  test("--apply --json takes the file over; the Bazarr database stays byte for byte the same", async () => {
    const db = bazarrDb("apply");
    const before = sha(db);
    const r = await cli(["--db", db, "--apply", "--json", "--bazarr-timezone", "UTC"]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.applied).toBe(true);
    expect(summary.subtitles.imported).toBe(1);
    expect(summary.profiles.assigned).toBe(1);
    expect(summary.blacklist.added).toBe(1);
    expect(sha(db)).toBe(before);
    const row = subhound((s) =>
      s
        .query<{ action: string; provider: string; sha256: string }, []>(
          "SELECT action, provider, sha256 FROM subtitle_history",
        )
        .get(),
    );
    expect(row).toEqual({ action: "imported", provider: "podnapisi", sha256: sha(subtitle) });
  });
});
