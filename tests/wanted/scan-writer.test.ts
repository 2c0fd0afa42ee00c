import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { openWriterConnection, unlessBusy } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import type { ProbeEntry } from "../../src/media/probe/cache.ts";
import { createScanWriter, type ScanWriter } from "../../src/wanted/scan-writer.ts";
import { createWantedStore, type FileWrite } from "../../src/wanted/store/index.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, wantedSlots } from "./scan-env.ts";

const NOW = "2026-12-03T10:00:00.000Z";

function fileWrite(i: number, overrides: Partial<FileWrite> = {}): FileWrite {
  const path = `/media/tv/Show/Season 1/Show - S01E${String(i).padStart(3, "0")}.mkv`;
  return {
    file: {
      source: "sonarr",
      instance: "main",
      fileId: i,
      seriesId: 1,
      movieId: null,
      episodeIds: [i],
      title: "Show",
      season: 1,
      episodes: [i],
      year: 2020,
      imdbId: null,
      tvdbId: 100,
      tmdbId: null,
      sceneName: null,
      releaseGroup: "GRP",
      arrPath: path.replace("/media", ""),
      path,
      relativePath: path.split("/Show/")[1]!,
      size: 1_000 + i,
      dateAdded: "2026-01-01T00:00:00Z",
      arrSubtitleLanguages: null,
    },
    mediaKey: `ep:${i}`,
    kind: "episode",
    mtimeMs: 1_700_000_000_000 + i,
    subtitlesJson: '{"streams":[],"sidecars":[]}',
    inspected: true,
    replaced: false,
    unchanged: false,
    wasMissing: false,
    storedId: null,
    decisions: [
      { language: "en", variant: "normal", satisfied: false, by: null, upgradeCandidate: false },
      { language: "de", variant: "normal", satisfied: true, by: "embedded:2", upgradeCandidate: false },
    ],
    ...overrides,
  } as FileWrite;
}

const probe = (i: number): ProbeEntry => ({
  key: {
    path: `/media/tv/Show/Season 1/Show - S01E${String(i).padStart(3, "0")}.mkv`,
    size: 1_000 + i,
    mtimeMs: 1,
  },
  result: { engine: "native", streams: [] },
});

describe("the scan's writer thread", () => {
  let dir: string;
  let db: DbHandle;
  let writer: ScanWriter | null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "subhound-scan-writer-"));
    db = openDatabase({ path: join(dir, "subhound.db") });
    migrate(db.sqlite);
    writer = null;
  });
  afterEach(() => {
    writer?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inline = (handle: DbHandle) => {
    const store = createWantedStore(handle);
    return (job: { writes: FileWrite[]; scanId: number; now: string }) =>
      store.writeFiles(job.writes, job.scanId, job.now);
  };
  const count = (table: string) =>
    db.sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;

  test("commits batches, in order, with the probe results they carry, on a connection of its own", async () => {
    let inlineCalls = 0;
    writer = createScanWriter({
      path: db.path,
      inline: (job) => {
        inlineCalls++;
        return inline(db)(job);
      },
    });
    const first = writer.write({
      writes: [1, 2, 3].map((i) => fileWrite(i)),
      scanId: 7,
      now: NOW,
      probes: [probe(1), probe(2)],
    });
    // The same file again in the next batch: an update of the row the first batch wrote.
    const second = writer.write({
      writes: [fileWrite(3, { subtitlesJson: '{"streams":[1]}' }), fileWrite(4)],
      scanId: 7,
      now: NOW,
      probes: [],
    });
    const [a, b] = await Promise.all([first, second]);
    expect(a.counts).toEqual({
      added: 3,
      resolved: 0,
      reopened: 0,
      dropped: 0,
      filesWritten: 3,
      // The series' change count (migration 0017) before and after each batch, as the thread's transaction saw it.
      seriesGens: [{ instance: "main", seriesId: 1, before: -1, after: 3 }],
    });
    expect(b.counts).toMatchObject({
      added: 1,
      filesWritten: 2,
      seriesGens: [{ instance: "main", seriesId: 1, before: 3, after: 6 }],
    });
    expect(inlineCalls).toBe(0);
    expect(count("media_files")).toBe(4);
    expect(count("wanted_items")).toBe(8);
    expect(count("probe_cache")).toBe(2);
    expect(
      db.sqlite
        .query<{ s: string }, []>("SELECT subtitles_json AS s FROM media_files WHERE media_key = 'ep:3'")
        .get()!.s,
    ).toBe('{"streams":[1]}');
    expect(
      db.sqlite.query<{ t: string }, []>("SELECT probed_at AS t FROM probe_cache LIMIT 1").get()!.t,
    ).toBe(NOW);
  });

  test("a failed transaction rejects its batch and writes none of it; the next batch goes in", async () => {
    writer = createScanWriter({ path: db.path, inline: inline(db) });
    // Items of a stored file that does not exist: the foreign key fails the whole transaction.
    const broken = writer.write({
      writes: [fileWrite(1), fileWrite(2, { unchanged: true, storedId: 99_999 })],
      scanId: 1,
      now: NOW,
      probes: [probe(1)],
    });
    const next = writer.write({ writes: [fileWrite(3)], scanId: 1, now: NOW, probes: [] });
    await expect(broken).rejects.toThrow(/FOREIGN KEY/);
    expect((await next).counts.filesWritten).toBe(1);
    expect(count("media_files")).toBe(1);
    expect(count("probe_cache")).toBe(0);
  });

  test("a writer thread that cannot start: every batch is written inline, in order", async () => {
    const order: number[] = [];
    const reasons: string[] = [];
    const store = createWantedStore(db);
    writer = createScanWriter({
      path: db.path,
      workerUrl: new URL(`file://${join(dir, "no-such-worker.ts")}`),
      onFallBack: (reason) => reasons.push(reason),
      inline: (job) => {
        order.push(job.writes[0]!.file.fileId!);
        return store.writeFiles(job.writes, job.scanId, job.now);
      },
    });
    const results = await Promise.all(
      [1, 2, 3].map((i) => writer!.write({ writes: [fileWrite(i)], scanId: 1, now: NOW, probes: [] })),
    );
    expect(results.map((r) => r.counts.filesWritten)).toEqual([1, 1, 1]);
    expect(order).toEqual([1, 2, 3]);
    expect(count("media_files")).toBe(3);
    // After the failure it does not try the thread again.
    await writer.write({ writes: [fileWrite(4)], scanId: 1, now: NOW, probes: [] });
    expect(order).toEqual([1, 2, 3, 4]);
    expect(reasons).toHaveLength(1);
  });

  test("a write that may be skipped gives up at once while another connection holds the lock", () => {
    const other = openWriterConnection(db.path);
    try {
      other.run("BEGIN IMMEDIATE");
      const write = () =>
        db.sqlite.run("INSERT INTO app_settings (key, value, updated_at) VALUES ('k', 'v', 'now')");
      expect(unlessBusy(db.sqlite, write)).toBe(false);
      other.run("COMMIT");
      expect(unlessBusy(db.sqlite, write)).toBe(true);
      // The usual wait is back for every other write.
      expect(db.sqlite.query<{ timeout: number }, []>("PRAGMA busy_timeout").get()!.timeout).toBe(5000);
      // Other errors are not swallowed.
      expect(() => unlessBusy(db.sqlite, write)).toThrow(/UNIQUE/);
    } finally {
      other.close();
    }
  });

  test("a batch holds the write lock from its start: a commit elsewhere between its reads and writes cannot fail it", () => {
    // The batch reads each series' change count before it writes. Were its transaction deferred, the
    // server's thread committing meanwhile (a scan's progress) would fail its first write at once.
    const other = openWriterConnection(db.path);
    other.run("PRAGMA busy_timeout = 0");
    let otherCommit: string = "not tried";
    try {
      const counts = createWantedStore(db).writeFiles([fileWrite(1)], 7, NOW, () => {
        try {
          other.run("INSERT INTO app_settings (key, value, updated_at) VALUES ('k', 'v', 'now')");
          otherCommit = "committed";
        } catch (error) {
          otherCommit = (error as { code?: string }).code ?? String(error);
        }
      });
      expect(counts).toMatchObject({ filesWritten: 1 });
      expect(otherCommit).toBe("SQLITE_BUSY");
    } finally {
      other.close();
    }
  });
});

describe("scans and the writer thread", () => {
  let envs: ScanEnv[] = [];
  afterEach(async () => {
    await Promise.all(envs.map((e) => e.close()));
    envs = [];
  });
  const fileEnv = async (episodes: number) => {
    const env = await startScanEnv({ file: true });
    envs.push(env);
    env.sonarr.generateLibrary({ seriesCount: 6, episodes });
    return env;
  };
  const spyWriter = () => {
    const batches: number[] = [];
    const spy = {
      batches,
      closed: 0,
      createWriter: ((options) => {
        const real = createScanWriter(options);
        return {
          write(job) {
            batches.push(job.writes.length);
            return real.write(job);
          },
          close: () => {
            spy.closed++;
            return real.close();
          },
        };
      }) satisfies typeof createScanWriter,
    };
    return spy;
  };

  test("a scan with batches to write hands them to the writer thread and stores what an inline scan stores", async () => {
    const threaded = await fileEnv(600);
    const here = await fileEnv(600);
    const spy = spyWriter();
    const config = { languages: ["en", "de"] };
    const a = await scan(makeScanner(threaded, { config, createWriter: spy.createWriter }));
    const b = await scan(makeScanner(here, { config, writes: "inline" }));
    expect(spy.batches.length).toBeGreaterThan(1);
    expect(spy.batches.reduce((x, y) => x + y, 0)).toBe(600);
    expect(a.status).toBe("succeeded");
    expect(a.summary).toMatchObject({ filesSeen: 600, added: 1200 });
    expect(b.summary).toMatchObject({ filesSeen: 600, added: 1200 });
    expect(a.summary!.phases.store.count).toBe(600);
    expect(wantedSlots(threaded)).toEqual(wantedSlots(here));
    expect(spy.closed).toBe(1);
    // The next full scan sees every file as its own (nothing vanished, nothing added twice).
    const again = await scan(makeScanner(threaded, { config, createWriter: spy.createWriter }));
    expect(again.summary).toMatchObject({ filesSeen: 600, added: 0, removed: 0 });
    expect(wantedSlots(threaded)).toEqual(wantedSlots(here));
  });

  test("the writer thread indexes the files for search as it closes, after the scan's result; whenIdle waits for it", async () => {
    const env = await fileEnv(600);
    const real = spyWriter();
    const count = (sql: string) => env.db.sqlite.query<{ n: number }, []>(sql).get()!.n;
    const pending = () =>
      count("SELECT count(*) AS n FROM media_files WHERE id > (SELECT through FROM media_search_cursor)");
    let pendingAfterClose = -1;
    const scanner = makeScanner(env, {
      config: { languages: ["en"] },
      createWriter: (options) => {
        const writer = real.createWriter(options);
        return {
          write: (job) => writer.write(job),
          close: async () => {
            await writer.close();
            pendingAfterClose = pending();
          },
        };
      },
    });
    const result = await scan(scanner);
    expect(result.summary).toMatchObject({ filesSeen: 600 });
    await scanner.whenIdle();
    expect(pendingAfterClose).toBe(0);
    expect(pending()).toBe(0);
    expect(count("SELECT count(*) AS n FROM media_search WHERE media_search MATCH 'mkv'")).toBe(600);
    env.db.sqlite.run("INSERT INTO media_search (media_search) VALUES ('integrity-check')");
  });

  test("a scan cancelled with batches in flight ends cancelled, ends its thread and leaves whole files", async () => {
    const env = await fileEnv(600);
    const spy = spyWriter();
    let inspected = 0;
    const scanner = makeScanner(env, {
      config: { languages: ["en", "de"] },
      createWriter: spy.createWriter,
      inspector: {
        async inspect() {
          if (++inspected === 350) scanner.cancel();
          return { ok: true, streams: [], cached: false, mtimeMs: null };
        },
      },
    });
    const result = await scan(scanner);
    expect(result.status).toBe("cancelled");
    expect(spy.batches.length).toBeGreaterThan(0);
    expect(spy.closed).toBe(1);
    const count = (sql: string) => env.db.sqlite.query<{ n: number }, []>(sql).get()!.n;
    const files = count("SELECT count(*) AS n FROM media_files");
    expect(files).toBeGreaterThan(0);
    expect(files).toBeLessThan(600);
    // Every file written has both its items: a batch commits whole or not at all.
    expect(count("SELECT count(*) AS n FROM wanted_items")).toBe(files * 2);
    // The next scan takes it from there.
    const again = await scan(makeScanner(env, { config: { languages: ["en", "de"] } }));
    expect(again.summary).toMatchObject({ filesSeen: 600, added: 2 * (600 - files) });
  });

  test("a database with a rollback journal (wal = false) is written on the scan's own thread", async () => {
    const env = await fileEnv(300);
    env.db.sqlite.run("PRAGMA journal_mode = DELETE");
    const spy = spyWriter();
    const result = await scan(makeScanner(env, { createWriter: spy.createWriter }));
    expect(result.summary).toMatchObject({ filesSeen: 300, added: 300 });
    expect(spy.batches).toEqual([]);
  });

  test("a scan with less than a batch to write starts no thread", async () => {
    const env = await fileEnv(40);
    const spy = spyWriter();
    const result = await scan(makeScanner(env, { createWriter: spy.createWriter }));
    expect(result.summary).toMatchObject({ filesSeen: 40, added: 40 });
    expect(spy.batches).toEqual([]);
  });
});
