import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../../generated/migrations.ts";
import { copyDatabaseOffThread } from "../../src/db/backup-copy.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate, schemaVersion } from "../../src/db/migrate.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BATCH = 50;

test("a backup made while the server writes holds whole transactions, and restores by putting it in place", async () => {
  const dir = mkdtempSync(join(tmpdir(), "subhound-backup-"));
  dirs.push(dir);
  const path = join(dir, "subhound.db");
  const live = openDatabase({ path });
  migrate(live.sqlite);
  const insert = live.sqlite.prepare(
    "INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES ('podnapisi', ?, NULL, '2026-11-24T10:00:00Z')",
  );
  let written = 0;
  const writeBatch = live.sqlite.transaction(() => {
    for (let i = 0; i < BATCH; i++) insert.run(String(written++));
  });
  writeBatch();

  // The event loop stays free while the worker copies: batches go on being written meanwhile.
  let copying = true;
  const copy = join(dir, "copy.db");
  const done = copyDatabaseOffThread({ from: path, to: copy, withoutSettings: [] }).finally(() => {
    copying = false;
  });
  const writer = (async () => {
    while (copying) {
      writeBatch();
      await new Promise((r) => setImmediate(r));
    }
  })();
  await done;
  await writer;
  live.close();

  // Restore: the server stopped, the copy put in place of subhound.db, its -wal and -shm removed.
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  renameSync(copy, path);
  const restored = openDatabase({ path });
  expect(migrate(restored.sqlite).applied).toEqual([]);
  expect(schemaVersion(restored.sqlite)).toBe(migrations[migrations.length - 1]!.tag);
  expect(restored.sqlite.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
  const { n } = restored.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM blacklist").get()!;
  expect(n).toBeGreaterThanOrEqual(BATCH);
  expect(n).toBeLessThanOrEqual(written);
  expect(n % BATCH).toBe(0);
  restored.close();
});
