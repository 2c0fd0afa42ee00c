import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../../generated/migrations.ts";
import { manualClock } from "../../src/clock.ts";
import { listBackups } from "../../src/db/backup-files.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate, schemaVersion } from "../../src/db/migrate.ts";
import { acquireOwnerLock } from "../../src/db/owner-lock.ts";
import {
  applyPendingRestore,
  BEFORE_RESTORE_NAME,
  RESTORE_APPLYING_FILE,
  RESTORE_PENDING_FILE,
  type RestoreSteps,
} from "../../src/db/restore-pending.ts";
import { runMaintenance } from "../../src/jobs/maintenance.ts";
import { main } from "../../src/main.ts";
import { blacklistReasons as reasons } from "../support/blacklist-reasons.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `subhound-${name}-`));
  dirs.push(dir);
  return dir;
}

const NOW = new Date("2026-11-24T09:30:00Z");

function addRow(sqlite: Database, reason: string): void {
  sqlite.run(
    "INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES ('podnapisi', ?, ?, '2026-11-24T09:00:00Z')",
    [reason, reason],
  );
}

/**
 * A data dir as a server killed with `kill -9` leaves it: subhound.db with a -wal (and -shm) that
 * holds committed rows the main file does not have yet. Copied from a live connection, which never
 * checkpoints (a clean close would fold the log into the file).
 */
function crashedServerDataDir(): string {
  const live = tempDir("live");
  const handle = openDatabase({ path: join(live, "subhound.db") });
  migrate(handle.sqlite);
  addRow(handle.sqlite, "in the main file");
  handle.sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
  handle.sqlite.run("PRAGMA wal_autocheckpoint = 0");
  addRow(handle.sqlite, "only in the wal");
  const dataDir = tempDir("data");
  for (const suffix of ["", "-wal", "-shm"])
    copyFileSync(join(live, `subhound.db${suffix}`), join(dataDir, `subhound.db${suffix}`));
  handle.close();
  return dataDir;
}

/** Stages a backup as the server does: a whole database file named restore-pending.db. */
function stageBackup(dataDir: string, options: { olderSchema?: boolean } = {}): void {
  const source = tempDir("backup");
  const path = join(source, "backup.db");
  const sqlite = new Database(path, { create: true, strict: true });
  migrate(sqlite, options.olderSchema ? migrations.slice(0, -1) : migrations);
  addRow(sqlite, "from the backup");
  sqlite.close();
  copyFileSync(path, join(dataDir, RESTORE_PENDING_FILE));
}

function keptFiles(dataDir: string): string[] {
  const dir = join(dataDir, "backups");
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** What a start sees in the database in place, after migrations. */
function openAsServer(dataDir: string): { reasons: string[]; applied: string[] } {
  const handle = openDatabase({ path: join(dataDir, "subhound.db") });
  try {
    const { applied } = migrate(handle.sqlite);
    expect(schemaVersion(handle.sqlite)).toBe(migrations.at(-1)!.tag);
    return { reasons: reasons(join(dataDir, "subhound.db")), applied };
  } finally {
    handle.close();
  }
}

describe("a staged restore at start", () => {
  test("no restore-pending.db: nothing moves, nothing is created", () => {
    const dataDir = crashedServerDataDir();
    const held = acquireOwnerLock(dataDir, { command: "serve" });
    if (!held.ok) throw new Error(held.message);
    expect(held.lock.restored).toBeNull();
    held.lock.release();
    expect(readdirSync(dataDir).sort()).toEqual([
      "subhound.db",
      "subhound.db-shm",
      "subhound.db-wal",
      "subhound.lock",
    ]);
    expect(reasons(join(dataDir, "subhound.db"))).toEqual(["in the main file", "only in the wal"]);
  });

  test("taking the data dir puts it in place; the old database is kept with its wal, whole; an older backup is migrated", () => {
    const dataDir = crashedServerDataDir();
    stageBackup(dataDir, { olderSchema: true });
    const held = acquireOwnerLock(dataDir, { command: "serve" });
    if (!held.ok) throw new Error(held.message);
    const kept = join(dataDir, "backups", "subhound-before-restore-");
    expect(held.lock.restored).toEqual({
      keptAs: expect.stringMatching(/subhound-before-restore-\d{8}T\d{6}Z\.db$/),
      moved: ["subhound.db", "subhound.db-wal", "subhound.db-shm"],
      resumed: false,
    });
    expect(held.lock.restored!.keptAs!.startsWith(kept)).toBe(true);
    expect(existsSync(join(dataDir, RESTORE_PENDING_FILE))).toBe(false);
    expect(existsSync(join(dataDir, RESTORE_APPLYING_FILE))).toBe(false);
    expect(existsSync(join(dataDir, "subhound.db-wal"))).toBe(false);

    expect(openAsServer(dataDir)).toEqual({
      reasons: ["from the backup"],
      applied: [migrations.at(-1)!.tag],
    });
    // The replaced database opens with the rows that were only in its write-ahead log.
    expect(reasons(held.lock.restored!.keptAs!)).toEqual(["in the main file", "only in the wal"]);
    held.lock.release();
  });

  test("while another process holds the data dir, the staged restore waits", () => {
    const dataDir = crashedServerDataDir();
    const server = acquireOwnerLock(dataDir, { command: "serve" });
    if (!server.ok) throw new Error(server.message);
    stageBackup(dataDir);
    const scan = acquireOwnerLock(dataDir, { command: "scan" });
    expect(scan.ok).toBe(false);
    expect(existsSync(join(dataDir, RESTORE_PENDING_FILE))).toBe(true);
    expect(keptFiles(dataDir)).toEqual([]);
    expect(reasons(join(dataDir, "subhound.db"))).toEqual(["in the main file", "only in the wal"]);
    server.lock.release();
  });

  test("a stop at any step loses nothing: the next start finishes the restore and the old database is whole", () => {
    // Counts the steps of an uninterrupted restore, then stops a fresh one after each of them in turn.
    let total = 0;
    const counting: RestoreSteps = {
      rename: (from, to) => {
        total++;
        renameSync(from, to);
      },
      remove: (path) => {
        total++;
        rmSync(path, { force: true });
      },
    };
    const once = crashedServerDataDir();
    stageBackup(once);
    applyPendingRestore(once, NOW, counting);
    // The marker's rename, three moves, the new file's rename, the marker's removal.
    expect(total).toBe(6);

    for (let stopAfter = 0; stopAfter < total; stopAfter++) {
      const dataDir = crashedServerDataDir();
      stageBackup(dataDir);
      let done = 0;
      const stopping: RestoreSteps = {
        rename: (from, to) => {
          if (done++ === stopAfter) throw new Error("power cut");
          renameSync(from, to);
        },
        remove: (path) => {
          if (done++ === stopAfter) throw new Error("power cut");
          rmSync(path, { force: true });
        },
      };
      expect(() => applyPendingRestore(dataDir, NOW, stopping)).toThrow("power cut");

      // The next start, seconds or days later: what was moved already and the rest end up together.
      const held = acquireOwnerLock(dataDir, { command: "serve" });
      if (!held.ok) throw new Error(held.message);
      const kept = keptFiles(dataDir);
      const stem = kept[0]!;
      expect(stem).toMatch(BEFORE_RESTORE_NAME);
      expect({ stopAfter, kept }).toEqual({ stopAfter, kept: [stem, `${stem}-shm`, `${stem}-wal`] });
      if (stopAfter > 0) expect(stem).toBe("subhound-before-restore-20261124T093000Z.db");
      expect(
        readdirSync(dataDir)
          .filter((n) => n !== "backups" && !n.startsWith("subhound."))
          .sort(),
      ).toEqual([]);
      expect(openAsServer(dataDir).reasons).toEqual(["from the backup"]);
      expect(reasons(join(dataDir, "backups", kept[0]!))).toEqual(["in the main file", "only in the wal"]);
      held.lock.release();
    }
  });

  test("never replaces a file: a taken name in backups stops the restore with everything in place", () => {
    const dataDir = crashedServerDataDir();
    stageBackup(dataDir);
    // A restore cut short after writing where the database goes; meanwhile someone put a file at the -wal's name.
    const backups = join(dataDir, "backups");
    mkdirSync(backups);
    const name = "subhound-before-restore-20261124T093000Z.db";
    writeFileSync(join(dataDir, RESTORE_APPLYING_FILE), `${name}\n`);
    writeFileSync(join(backups, `${name}-wal`), "someone's file");
    expect(() => acquireOwnerLock(dataDir, { command: "serve" })).toThrow(
      /could not be put in place: .*subhound-before-restore-20261124T093000Z\.db-wal exists already.*Nothing was deleted/,
    );
    expect(existsSync(join(dataDir, RESTORE_PENDING_FILE))).toBe(true);
    expect(readdirSync(backups)).toEqual([`${name}-wal`]);
    expect(reasons(join(dataDir, "subhound.db"))).toEqual(["in the main file", "only in the wal"]);
    // The lock was let go: the data dir can be taken again once the cause is gone.
    rmSync(join(backups, `${name}-wal`));
    const held = acquireOwnerLock(dataDir, { command: "serve" });
    if (!held.ok) throw new Error(held.message);
    expect(openAsServer(dataDir).reasons).toEqual(["from the backup"]);
    held.lock.release();
  });

  test("the copy kept before a restore is never listed nor rotated away by the maintenance job", async () => {
    const dataDir = crashedServerDataDir();
    stageBackup(dataDir);
    const held = acquireOwnerLock(dataDir, { command: "serve" });
    if (!held.ok) throw new Error(held.message);
    const keptName = held.lock.restored!.keptAs!.split("/").pop()!;
    expect(keptName).toMatch(BEFORE_RESTORE_NAME);
    const handle = openDatabase({ path: join(dataDir, "subhound.db") });
    migrate(handle.sqlite);
    const clock = manualClock("2026-11-25T03:30:00Z");
    for (let day = 0; day < 3; day++) {
      await runMaintenance({ db: handle, clock, dataDir, backupRetention: 1 }, new AbortController().signal);
      clock.advance(24 * 3_600_000);
    }
    handle.close();
    held.lock.release();
    expect(listBackups(join(dataDir, "backups")).map((b) => b.name)).toEqual([
      "subhound-20261127T033000Z.db",
    ]);
    expect(keptFiles(dataDir)).toEqual([
      "subhound-20261127T033000Z.db",
      keptName,
      `${keptName}-shm`,
      `${keptName}-wal`,
    ]);
  });
});

test("a scan from the terminal that puts a staged restore in place says so", async () => {
  const dataDir = crashedServerDataDir();
  stageBackup(dataDir);
  const media = tempDir("media");
  const config = join(tempDir("config"), "config.toml");
  writeFileSync(config, `dataDir = "${dataDir}"\nlanguages = ["en"]\n[standalone]\nroots = ["${media}"]\n`);
  const stderr: string[] = [];
  const io = { stdout: () => {}, stderr: (line: string) => stderr.push(line) };
  expect(await main(["scan", "--config", config, "--json"], io)).toBe(0);
  expect(stderr).toContainEqual(
    expect.stringMatching(
      /^put a staged backup in place of the database; the database it replaced is kept as \/.*\/backups\/subhound-before-restore-\d{8}T\d{6}Z\.db$/,
    ),
  );
  expect(reasons(join(dataDir, "subhound.db"))).toEqual(["from the backup"]);
});
