import { afterEach, expect, test } from "bun:test";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { createSearchIndexer } from "../../src/wanted/search-indexer.ts";
import { indexPendingFiles, listWanted } from "../../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../../src/wanted/wanted.schemas.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { openMigrated } from "../support/migrated-db.ts";
import { pollUntil } from "../support/poll.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";

// Migration 0018: files are indexed for search together once a scan ended, not one by one as they
// are inserted; until then a search matches them beside the index, with the same answers.
const handles: DbHandle[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) h.close();
});

const now = "2026-12-04T10:00:00.000Z";

function open(upTo?: string): DbHandle {
  const h = openMigrated(upTo);
  handles.push(h);
  return h;
}

let fileCount = 0;
function addFile(h: DbHandle, title: string, path: string, seriesId = 1): number {
  const key = `ep:${++fileCount}`;
  const fileId = h.sqlite
    .query<{ id: number }, [string, string, string, string, number]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at, series_id)
       VALUES ('sonarr', 'main', ?, 'episode', ?, ?, ?, 1, '${now}', ?) RETURNING id`,
    )
    .get(key, title, path, path, seriesId)!.id;
  h.sqlite.run(
    `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
     VALUES (?, 'main', 'episode', 'en', 'full', 'wanted', '${now}', '${now}')`,
    [fileId],
  );
  return fileId;
}

const through = (h: DbHandle) =>
  h.sqlite.query<{ through: number }, []>("SELECT through FROM media_search_cursor").get()!.through;
const inIndex = (h: DbHandle, word: string) =>
  h.sqlite
    .query<{ rowid: number }, [string]>(
      "SELECT rowid FROM media_search WHERE media_search MATCH ? ORDER BY rowid",
    )
    .all(`"${word}"*`)
    .map((r) => r.rowid);
const intact = (h: DbHandle) =>
  expect(() =>
    h.sqlite.run("INSERT INTO media_search (media_search) VALUES ('integrity-check')"),
  ).not.toThrow();

/** The titles a search lists (all statuses), and the same within series 1 (the search in SQL). */
function found(h: DbHandle, q: string): { all: string[]; inSeries: string[] } {
  const titles = (query: Record<string, unknown>) =>
    listWanted(h, WantedListQuerySchema.parse({ pageSize: 500, sort: "title", q, ...query }), null)
      .records.map((r) => r.file.title ?? "")
      .sort();
  return { all: titles({}), inSeries: titles({ seriesId: 1 }) };
}

const LIBRARY: [string, string][] = [
  ["Café Society", "/tv/Café Society/Season 01/Café Society - S01E01.mkv"],
  ["Amélie", "/movies/Amélie (2001)/Amélie.mkv"],
  ["Law & Order: SVU", "/tv/Law & Order SVU/S12/Law.&.Order.SVU.S12E03.WEBDL-1080p.mkv"],
  ["Marvel's Agents of S.H.I.E.L.D.", "/tv/Marvels Agents of SHIELD/S01E01.mkv"],
  ["9-1-1", "/tv/9-1-1/Season 02/9-1-1 - S02E05 - Bluray-720p.mkv"],
  ["Ca$h Cab", "/tv/Ca$h Cab/S01E01.mkv"],
  ["Apple TV+ Presents", "/tv/Apple TV+ Presents/S01E01.mkv"],
  ["Straße der Lieder", "/tv/Straße der Lieder/S01E01.mkv"],
  ["Pokémon", "/tv/Pokémon/Season 01/Poke\u0301mon - S01E01.mkv"],
];
const SEARCHES = [
  "cafe",
  "café",
  "CAFÉ soc",
  "ame",
  "law order",
  "svu s12",
  "shield",
  "s.h",
  "agents of",
  "9 1",
  "bluray",
  "h",
  "ca",
  "tv",
  "tv+",
  "strasse",
  "straße",
  "pokemon",
  "s01e01",
  "season 0",
  "nothing",
];

test("a fresh database indexes nothing as files are inserted; a search finds them all the same", () => {
  const h = open();
  expect(through(h)).toBe(0);
  for (const [title, path] of LIBRARY) addFile(h, title, path);
  expect(inIndex(h, "cafe")).toEqual([]);
  const before = SEARCHES.map((q) => found(h, q));
  expect(found(h, "cafe").all).toEqual(["Café Society"]);
  expect(found(h, "law order").inSeries).toEqual(["Law & Order: SVU"]);

  expect(indexPendingFiles(h.sqlite, 100)).toEqual({ indexed: LIBRARY.length, more: false });
  expect(through(h)).toBe(LIBRARY.length);
  expect(inIndex(h, "cafe")).toEqual([1]);
  intact(h);
  // The index answers every search as the matching beside it did.
  const after = SEARCHES.map((q) => found(h, q));
  expect(after).toEqual(before);
  expect(after.some((f) => f.all.length > 1)).toBe(true);
});

test("files are indexed in chunks, in id order, and the cursor moves with each", () => {
  const h = open();
  for (let n = 0; n < 7; n++) addFile(h, `Show ${n}`, `/tv/Show ${n}/S01E01.mkv`);
  expect(indexPendingFiles(h.sqlite, 3)).toEqual({ indexed: 3, more: true });
  expect(through(h)).toBe(3);
  expect(indexPendingFiles(h.sqlite, 3)).toEqual({ indexed: 3, more: true });
  expect(indexPendingFiles(h.sqlite, 3)).toEqual({ indexed: 1, more: false });
  expect(indexPendingFiles(h.sqlite, 3)).toEqual({ indexed: 0, more: false });
  expect(inIndex(h, "show")).toEqual([1, 2, 3, 4, 5, 6, 7]);
  intact(h);
});

test("a file renamed or deleted before it was indexed leaves the index sound; one already in it is updated", () => {
  const h = open();
  const indexed = addFile(h, "Dark", "/tv/Dark/S01E01.mkv");
  const gone = addFile(h, "Bluey", "/tv/Bluey/S01E01.mkv");
  indexPendingFiles(h.sqlite, 1);
  const renamed = addFile(h, "Severance", "/tv/Severance/S01E01.mkv");
  const deleted = addFile(h, "Andor", "/tv/Andor/S01E01.mkv");
  // Before they are indexed: a rename and a delete of a pending file touch no index row.
  h.sqlite.run("UPDATE media_files SET title = 'Silo', path = '/tv/Silo/S01E01.mkv' WHERE id = ?", [renamed]);
  h.sqlite.run("DELETE FROM media_files WHERE id = ?", [deleted]);
  expect(found(h, "silo").all).toEqual(["Silo"]);
  expect(found(h, "severance").all).toEqual([]);
  intact(h);
  // Bluey is the one the cursor stops at: still pending, deleted the same way.
  h.sqlite.run("DELETE FROM media_files WHERE id = ?", [gone]);
  indexPendingFiles(h.sqlite, 100);
  intact(h);
  expect(inIndex(h, "silo")).toEqual([renamed]);
  expect(inIndex(h, "severance")).toEqual([]);
  expect(inIndex(h, "andor")).toEqual([]);
  // Once indexed, a rename and a delete reach the index (the triggers of 0008, kept for these).
  h.sqlite.run("UPDATE media_files SET title = 'Dark Matter' WHERE id = ?", [indexed]);
  expect(inIndex(h, "matter")).toEqual([indexed]);
  h.sqlite.run("DELETE FROM media_files WHERE id = ?", [renamed]);
  expect(inIndex(h, "silo")).toEqual([]);
  intact(h);
});

test("the migration counts every file stored before it as indexed", () => {
  const h = open("0017_series_scan_stamps");
  addFile(h, "Dark", "/tv/Dark/S01E01.mkv");
  addFile(h, "Bluey", "/tv/Bluey/S01E01.mkv");
  expect(migrate(h.sqlite).applied[0]).toBe("0018_media_search_deferred");
  expect(through(h)).toBe(2);
  expect(inIndex(h, "bluey")).toEqual([2]);
  expect(indexPendingFiles(h.sqlite, 100)).toEqual({ indexed: 0, more: false });
  intact(h);
});

test("the indexer works a chunk per turn, waits while another connection writes, and stops on request", async () => {
  const h = open();
  for (let n = 0; n < 5; n++) addFile(h, `Show ${n}`, `/tv/Show ${n}/S01E01.mkv`);
  const turns: number[] = [];
  const queue: (() => void)[] = [];
  const lines: string[] = [];
  const log = createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) });
  let busy = false;
  const sqlite = new Proxy(h.sqlite, {
    get(target, key) {
      if (key === "transaction" && busy)
        return () => ({
          immediate: () => {
            throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
          },
        });
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const indexer = createSearchIndexer({
    sqlite,
    log,
    chunk: 2,
    later: (task, ms) => {
      turns.push(ms);
      queue.push(task);
    },
  });
  const done = indexer.catchUp();
  expect(indexer.catchUp()).toBe(done);
  queue.shift()!();
  expect(through(h)).toBe(2);
  busy = true;
  queue.shift()!();
  expect(through(h)).toBe(2);
  busy = false;
  while (queue.length > 0) queue.shift()!();
  await done;
  expect(through(h)).toBe(5);
  expect(turns).toEqual([0, 0, 50, 0]);
  expect(lines.map((l) => JSON.parse(l)).find((r) => r.msg === "files indexed for search")).toMatchObject({
    files: 5,
  });

  addFile(h, "Late", "/tv/Late/S01E01.mkv");
  const again = indexer.catchUp();
  expect(again).not.toBe(done);
  indexer.stop();
  while (queue.length > 0) queue.shift()!();
  await again;
  expect(through(h)).toBe(5);
  await indexer.catchUp();
});

test("a server indexes the files a scan added once it ended, and its search finds them before and after", async () => {
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const dark = sonarr.addSeries({ title: "Dark", path: "/tv/Dark" });
  for (const e of [1, 2, 3]) sonarr.addEpisodeFile(dark.id, { season: 1, episodes: [e] });
  const config = testConfig({
    languages: ["en"],
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: "/nonexistent-media" }],
  });
  const db = openDatabase({ path: ":memory:" });
  const searched: number[] = [];
  const runtime = createRuntime(config, {
    log: silentLogger,
    db,
    inspector: { inspect: async () => ({ ok: true, cached: false, mtimeMs: null, streams: [] }) },
    // The moment the scan reports its end, before anything runs after it: a search then.
    onScanProgress: (p) => {
      if (p.status !== "running") searched.push(found(db, "dark").all.length);
    },
  });
  try {
    const started = runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
    if (!started.ok) throw new Error("the scan did not start");
    await started.done;
    expect(searched).toEqual([3]);
    const indexed = await pollUntil(
      async () => through(db),
      (n) => n === 3,
    );
    expect(indexed).toBe(3);
    expect(inIndex(db, "dark")).toHaveLength(3);
    expect((await jsonOf(request(runtime, "/api/v1/wanted?q=dark"))).total).toBe(3);
  } finally {
    await runtime.close();
    await sonarr.stop();
  }
});

test("a server indexes at start what a scan that was cut off left unindexed", async () => {
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  for (let n = 0; n < 5; n++) addFile(db, `Show ${n}`, `/tv/Show ${n}/S01E01.mkv`);
  expect(through(db)).toBe(0);
  const runtime = createRuntime(testConfig({ languages: ["en"] }), { log: silentLogger, db });
  try {
    expect(
      await pollUntil(
        async () => through(db),
        (n) => n === 5,
      ),
    ).toBe(5);
    expect(inIndex(db, "show")).toHaveLength(5);
  } finally {
    await runtime.close();
  }
});
