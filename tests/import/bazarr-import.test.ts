import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { configSchema } from "../../src/config/schema.ts";
import { openBazarrDb } from "../../src/import/bazarr-db.ts";
import { type BazarrImportSummary, importFromBazarr } from "../../src/import/bazarr-import.ts";
import { upgradableDownloads } from "../../src/wanted/history-store.ts";
import { type LibraryHarness, startLibraryHarness } from "../browse/harness.ts";
import { createBazarrDb } from "../fixtures/bazarr/bazarr-db.ts";

const SRT = (text: string) => `1\n00:00:01,000 --> 00:00:02,000\n${text}\n`;
const T0 = new Date("2026-11-20T08:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const sha = (path: string) => new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");

let h: LibraryHarness;
let bazarrPath: string;
type Label = "uploaded" | "kept" | "bazarrUpload" | "edited" | "missing" | "movie" | "deleted";
/** Local sidecar paths by label. */
const subs = {} as Record<Label, string>;

function sidecar(video: string, suffix: string): string {
  return join(dirname(video), `${basename(video).replace(/\.[^.]+$/, "")}.${suffix}`);
}

function arrPathOf(localPath: string): string {
  return h.runtime.deps.db.sqlite
    .query<{ arrPath: string }, [string]>("SELECT arr_path AS arrPath FROM media_files WHERE path = ?")
    .get(localPath)!.arrPath;
}

/** Where Bazarr recorded a sidecar: beside the video as Sonarr/Radarr see it. */
const asArr = (video: string, local: string) => join(dirname(arrPathOf(video)), basename(local));

function counts() {
  const sqlite = h.runtime.deps.db.sqlite;
  const n = (table: string) => sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  return { history: n("subtitle_history"), overrides: n("profile_overrides"), blacklist: n("blacklist") };
}

function run(apply: boolean): Promise<BazarrImportSummary> {
  const bazarr = openBazarrDb(bazarrPath);
  return importFromBazarr(
    { bazarr, handle: h.runtime.deps.db, config: h.runtime.deps.config },
    { apply, timezone: { kind: "offset", minutes: 0 }, now: new Date("2026-11-24T10:00:00Z") },
  ).finally(() => bazarr.close());
}

beforeAll(async () => {
  h = await startLibraryHarness({ config: { profiles: { "English-German": { languages: ["en", "de"] } } } });
  const v = h.videos;
  // Already Subhound's: uploaded through Subhound before the import.
  const uploaded = await h.upload(await h.fileId("S02E01"), "up.srt", SRT("Hallo"), { language: "de" });
  expect(uploaded.ok).toBe(true);
  subs.uploaded = sidecar(v.S02E01!, "de.srt");

  subs.kept = sidecar(v.S01E01!, "de.srt"); // Bazarr's download, untouched since
  subs.edited = sidecar(v.S01E02!, "de.srt"); // edited an hour after Bazarr wrote it
  subs.missing = sidecar(v.S01E02!, "ru.srt"); // deleted by the user, Bazarr never knew
  subs.bazarrUpload = sidecar(v.S01E01!, "ru.srt"); // uploaded by the user through Bazarr
  subs.movie = sidecar(v.movie!, "ru.forced.srt"); // a movie's forced subtitle, from SubDL
  subs.deleted = sidecar(v.movie!, "de.srt"); // Bazarr deleted it; the user's own file is there now
  for (const [label, path] of Object.entries(subs) as [Label, string][]) {
    if (label === "missing" || label === "uploaded") continue;
    writeFileSync(path, SRT(label));
  }
  utimesSync(subs.kept, T0, at(0));
  utimesSync(subs.bazarrUpload, T0, at(0));
  utimesSync(subs.edited, T0, at(3600));
  utimesSync(subs.movie, T0, at(100));
  utimesSync(subs.deleted, T0, at(500));
  // Seen by a scan, so their items are satisfied.
  const scan = h.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("scan running");
  await scan.done;

  bazarrPath = join(h.media, "bazarr.db");
  const b = createBazarrDb(bazarrPath);
  const episode = (video: string, local: string, more: Partial<Parameters<typeof b.addHistory>[0]>) =>
    b.addHistory({
      kind: "episode",
      action: 1,
      arrId: h.seriesId,
      videoPath: arrPathOf(video),
      subtitlesPath: asArr(video, local),
      language: "de",
      at: at(30),
      ...more,
    });
  // An earlier download at the same path: only the newest row counts.
  episode(v.S01E01!, subs.kept, { provider: "podnapisi", subsId: "old", score: 100, at: at(-86400) });
  episode(v.S01E01!, subs.kept, { action: 3, provider: "opensubtitlescom", subsId: "4242", score: 350 });
  episode(v.S01E01!, subs.bazarrUpload, {
    action: 4,
    provider: "manual",
    subsId: null,
    score: 360,
    language: "ru",
  });
  episode(v.S01E02!, subs.edited, { at: at(0) });
  episode(v.S01E02!, subs.missing, { language: "ru" });
  episode(v.S02E01!, subs.uploaded, {});
  const movieId = h.runtime.deps.db.sqlite
    .query<{ id: number }, [string]>("SELECT movie_id AS id FROM media_files WHERE path = ?")
    .get(v.movie!)!.id;
  const movieRow = { kind: "movie", arrId: movieId, videoPath: arrPathOf(v.movie!), at: at(200) } as const;
  b.addHistory({
    ...movieRow,
    action: 1,
    subtitlesPath: asArr(v.movie!, subs.movie),
    language: "ru:forced",
    provider: "subdl",
    subsId: "SUBDL::inception.zip",
    score: 110,
  });
  b.addHistory({ ...movieRow, action: 1, subtitlesPath: asArr(v.movie!, subs.deleted), language: "de" });
  b.addHistory({
    ...movieRow,
    action: 0,
    subtitlesPath: asArr(v.movie!, subs.deleted),
    language: "de",
    at: at(400),
  });

  b.addProfile({
    profileId: 1,
    name: "English & German",
    items: [
      { id: 1, language: "en" },
      { id: 2, language: "de", hi: "True" },
    ],
  });
  b.addProfile({
    profileId: 2,
    name: "Anime",
    items: [
      { id: 1, language: "ja" },
      { id: 2, language: "en", forced: "True" },
      { id: 3, language: "pb", audio_exclude: "True" },
    ],
    cutoff: 65535,
    tag: "anime",
  });
  b.addShow({ sonarrSeriesId: h.seriesId, title: "Breaking Bad", path: "/tv/Breaking Bad", profileId: 1 });
  b.addShow({ sonarrSeriesId: 999, title: "Not Here", path: "/tv/Not Here", profileId: 1 });
  b.addMovie({ radarrId: movieId, title: "Inception", path: arrPathOf(v.movie!), profileId: 2 });

  b.addBlacklist({ kind: "episode", provider: "opensubtitlescom", subsId: "555" });
  b.addBlacklist({ kind: "episode", provider: "subdl", subsId: "SUBDL::x.zip" });
  b.addBlacklist({ kind: "episode", provider: "addic7ed", subsId: "abc" });
  b.addBlacklist({
    kind: "movie",
    provider: "animetosho",
    subsId: "https://animetosho.org/storage/attach/0009a2f3/631539.xz",
  });
  b.addBlacklist({ kind: "movie", provider: "podnapisi", subsId: "pid-1" });
  b.close();
});

afterAll(() => h.stop());

describe("import from Bazarr", () => {
  let dry: BazarrImportSummary;
  const bazarrBytes = () => sha(bazarrPath);

  test("a dry run plans every part and changes nothing", async () => {
    const before = { ...counts(), bazarr: bazarrBytes() };
    dry = await run(false);
    expect({ ...counts(), bazarr: bazarrBytes() }).toEqual(before);
    expect(dry.applied).toBe(false);

    expect(dry.subtitles.bazarrPaths).toBe(7);
    expect(dry.subtitles.imported).toBe(3);
    expect(dry.subtitles.examples.map((e) => e.path).sort()).toEqual(
      [subs.kept, subs.bazarrUpload, subs.movie].sort(),
    );
    const skipped = Object.fromEntries(
      Object.entries(dry.subtitles.notImported).map(([reason, t]) => [reason, t!.examples]),
    );
    expect(skipped).toEqual({
      "changed-since": [`${subs.edited} (changed 60 min after Bazarr's record)`],
      missing: [subs.missing],
      "already-subhounds": [subs.uploaded],
      "deleted-by-bazarr": [asArr(h.videos.movie!, subs.deleted)],
    });

    expect(dry.profiles.profiles).toEqual([
      { bazarrId: 1, bazarrName: "English & German", name: "English-German", inConfig: true },
      { bazarrId: 2, bazarrName: "Anime", name: "Anime", inConfig: false },
    ]);
    expect(dry.profiles.assigned).toBe(1);
    expect(dry.profiles.examples).toEqual(["Breaking Bad (main) → English-German"]);
    expect(dry.profiles.missingInConfig).toEqual({ Anime: 1 });
    expect(dry.profiles.notAssigned["not-in-library"]?.examples).toEqual(["Not Here"]);

    expect(dry.blacklist.bazarrEntries).toBe(5);
    expect(dry.blacklist.added).toBe(3);
    expect(dry.blacklist.unknownProviders).toEqual({ subdl: 1, addic7ed: 1 });
    expect(dry.blacklist.providerMapping.opensubtitlescom).toBe("opensubtitles");
  });

  test("the printed profiles are valid Subhound config, with what did not carry over as comments", () => {
    const toml = dry.profiles.toml;
    const config = configSchema.parse(parseToml(toml));
    expect(config.profiles["English-German"]).toEqual({ languages: ["en", "de"], hearingImpaired: "prefer" });
    expect(config.profiles.Anime).toEqual({
      languages: ["ja", "en", "pt-BR"],
      forced: "separate",
      audioRules: ["skip-audio-language"],
      // Bazarr's 65535: any of the profile's languages is enough.
      cutoff: "any",
    });
    expect(config.profileTags).toEqual([{ tag: "anime", profile: "Anime" }]);
    expect(toml).toContain("# - Bazarr wanted only a forced subtitle of en;");
    expect(toml).not.toContain("# - Bazarr's cutoff");
  });

  test("a file Subhound's history does not own is refused by the library's delete", async () => {
    const res = await h.api(
      `/library/files/${await h.fileId("S01E01")}/subtitles?path=${encodeURIComponent(subs.kept)}`,
      { method: "DELETE" },
    );
    expect(res.status).toBe(403);
  });

  test("--apply records the unedited files as Subhound's, sets the profile, adds the blacklist", async () => {
    const bazarrBefore = bazarrBytes();
    const applied = await run(true);
    expect(bazarrBytes()).toBe(bazarrBefore);
    expect(applied.applied).toBe(true);
    expect(applied.subtitles.imported).toBe(3);
    expect(applied.profiles.assigned).toBe(1);
    expect(applied.blacklist.added).toBe(3);

    const rows = h.runtime.deps.db.sqlite
      .query<Record<string, unknown>, []>(
        `SELECT path, provider, candidate_id AS candidateId, score, language, variant, sha256, size, created_at AS createdAt,
                wanted_item_id AS itemId
         FROM subtitle_history WHERE action = 'imported' ORDER BY path`,
      )
      .all();
    expect(rows).toEqual(
      [
        {
          path: subs.kept,
          provider: "opensubtitles",
          candidateId: "4242",
          score: 350,
          language: "de",
          variant: "full",
          sha256: sha(subs.kept),
          size: readFileSync(subs.kept).length,
          createdAt: at(30).toISOString(),
          itemId: expect.any(Number),
        },
        {
          path: subs.bazarrUpload,
          provider: "upload",
          candidateId: basename(subs.bazarrUpload),
          score: 0,
          language: "ru",
          variant: "full",
          sha256: sha(subs.bazarrUpload),
          size: readFileSync(subs.bazarrUpload).length,
          createdAt: at(30).toISOString(),
          itemId: expect.any(Number),
        },
        {
          path: subs.movie,
          provider: "subdl",
          candidateId: "SUBDL::inception.zip",
          score: 110,
          language: "ru",
          variant: "forced",
          sha256: sha(subs.movie),
          size: readFileSync(subs.movie).length,
          createdAt: at(200).toISOString(),
          itemId: null,
        },
      ].sort((a, b) => a.path.localeCompare(b.path)),
    );
    const override = h.runtime.deps.db.sqlite
      .query<{ instance: string; kind: string; arrId: number; profileName: string }, []>(
        "SELECT instance, kind, arr_id AS arrId, profile_name AS profileName FROM profile_overrides",
      )
      .all();
    expect(override).toEqual([
      { instance: "main", kind: "series", arrId: h.seriesId, profileName: "English-German" },
    ]);
    const blacklist = h.runtime.deps.db.sqlite
      .query<{ key: string; reason: string }, []>(
        "SELECT provider || ' ' || candidate_id AS key, reason FROM blacklist ORDER BY key",
      )
      .all();
    expect(blacklist).toEqual([
      { key: "animetosho 631539", reason: "blacklisted in Bazarr" },
      { key: "opensubtitles 555", reason: "blacklisted in Bazarr" },
      { key: "podnapisi pid-1", reason: "blacklisted in Bazarr" },
    ]);
  });

  test("the upgrade job now counts the imported download as one it may improve, not the user's upload", () => {
    const upgradable = upgradableDownloads(h.runtime.deps.db.db, "2026-01-01T00:00:00.000Z");
    expect(upgradable.map((u) => [u.path, u.provider, u.candidateId, u.score])).toEqual([
      [subs.kept, "opensubtitles", "4242", 350],
    ]);
  });

  test("the library's delete now takes the imported file, and still refuses the edited one", async () => {
    const edited = await h.api(
      `/library/files/${await h.fileId("S01E02")}/subtitles?path=${encodeURIComponent(subs.edited)}`,
      { method: "DELETE" },
    );
    expect(edited.status).toBe(403);
    const kept = await h.api(
      `/library/files/${await h.fileId("S01E01")}/subtitles?path=${encodeURIComponent(subs.kept)}`,
      { method: "DELETE" },
    );
    expect(kept.status).toBe(200);
    expect(() => readFileSync(subs.kept)).toThrow();
  });

  test("a second run takes over nothing twice", async () => {
    const again = await run(true);
    expect(again.subtitles.imported).toBe(0);
    expect(again.profiles.assigned).toBe(0);
    expect(again.profiles.notAssigned["already-set"]?.count).toBe(1);
    expect(again.blacklist.added).toBe(0);
    expect(again.blacklist.alreadyListed).toBe(3);
  });
});
