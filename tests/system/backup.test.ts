import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { runMaintenance } from "../../src/jobs/maintenance.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { browserRequest, sessionCookie } from "../auth/support.ts";
import { jsonOf, request, testConfig, testRuntime } from "../support/runtime.ts";

const tableNames = (db: Database) =>
  db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);

describe("backups of a database on disk", () => {
  let dataDir: string;
  let runtime: Runtime;
  let generatedKey: string;
  const clock = manualClock("2026-11-24T09:30:00Z");

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "subhound-backup-"));
    // No configured key: the server generates one and stores it in the database.
    const config = testConfig({ dataDir, auth: {} });
    runtime = createRuntime(config, { log: silentLogger, clock });
    generatedKey = runtime.key.apiKey;
    expect(runtime.key.source).toBe("database");
    const insert = runtime.deps.db.sqlite.query(
      `INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES ('podnapisi', ?, 'bad sync', ?)`,
    );
    for (let i = 0; i < 25; i++) insert.run(`c${i}`, clock.now().toISOString());
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, init: { key?: string | null } = {}) =>
    request(runtime, path, { key: init.key === undefined ? generatedKey : init.key });

  async function saved(res: Response, name: string): Promise<{ path: string; bytes: Uint8Array }> {
    const bytes = new Uint8Array(await res.arrayBuffer());
    const path = join(dataDir, name);
    writeFileSync(path, bytes);
    return { path, bytes };
  }

  test("GET /system/backup streams a consistent copy that opens with SQLite, without the generated key", async () => {
    const res = await get("/api/v1/system/backup");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="subhound-20261124T093000Z.db"',
    );
    const { path, bytes } = await saved(res, "downloaded.db");
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
    expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe("SQLite format 3");
    expect(Buffer.from(bytes).includes(generatedKey)).toBe(false);

    const copy = new Database(path, { readonly: true });
    expect(tableNames(copy)).toEqual(tableNames(runtime.deps.db.sqlite));
    expect(copy.query("SELECT count(*) AS n FROM blacklist").get()).toEqual({ n: 25 });
    expect(copy.query("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual(
      runtime.deps.db.sqlite.query("SELECT count(*) AS n FROM __drizzle_migrations").get(),
    );
    expect(copy.query("SELECT value FROM app_settings WHERE key = 'apiKey'").get()).toBeNull();
    expect(copy.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    copy.close();
    // The temporary copy is gone once sent; the live database still has its key.
    expect(readdirSync(join(dataDir, "backups"))).toEqual([]);
    expect(
      runtime.deps.db.sqlite.query("SELECT count(*) AS n FROM app_settings WHERE key = 'apiKey'").get(),
    ).toEqual({ n: 1 });
  });

  test("a signed-in browser session downloads it too; without credentials it is refused", async () => {
    const setup = await browserRequest(runtime, "/api/v1/auth/setup", {
      method: "POST",
      body: { username: "admin", password: "correct horse battery" },
    });
    const cookie = sessionCookie(setup);
    const res = await browserRequest(runtime, "/api/v1/system/backup", { cookie });
    expect(res.status).toBe(200);
    const { path } = await saved(res, "session.db");
    const copy = new Database(path, { readonly: true });
    expect(copy.query("SELECT count(*) AS n FROM blacklist").get()).toEqual({ n: 25 });
    copy.close();
    expect((await get("/api/v1/system/backup", { key: null })).status).toBe(401);
  });

  test("the maintenance job's backups are listed newest first and downloadable by name", async () => {
    const deps = { db: runtime.deps.db, clock, dataDir, backupRetention: 3 };
    await runMaintenance(deps, new AbortController().signal);
    clock.advance(86_400_000);
    await runMaintenance(deps, new AbortController().signal);
    const dir = join(dataDir, "backups");
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeFileSync(join(dir, "subhound-manual.db"), "mine");

    const list = await jsonOf(get("/api/v1/system/backups"));
    expect(list.directory).toBe(dir);
    expect(list.backups).toEqual([
      {
        name: "subhound-20261125T093000Z.db",
        sizeBytes: expect.any(Number),
        createdAt: "2026-11-25T09:30:00Z",
      },
      {
        name: "subhound-20261124T093000Z.db",
        sizeBytes: expect.any(Number),
        createdAt: "2026-11-24T09:30:00Z",
      },
    ]);
    expect(list.backups[0].sizeBytes).toBeGreaterThan(4096);

    const res = await get("/api/v1/system/backups/subhound-20261124T093000Z.db");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="subhound-20261124T093000Z.db"',
    );
    const { path, bytes } = await saved(res, "named.db");
    // The rotated file on disk keeps the key for a restore on the server; what leaves the server does not.
    expect(Buffer.from(bytes).includes(generatedKey)).toBe(false);
    const copy = new Database(path, { readonly: true });
    expect(copy.query("SELECT count(*) AS n FROM blacklist").get()).toEqual({ n: 25 });
    copy.close();
    expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]);
  });

  test("a name that is not the job's pattern is refused before any file is touched", async () => {
    mkdirSync(join(dataDir, "backups"), { recursive: true });
    writeFileSync(join(dataDir, "secret.db"), "not a backup");
    for (const name of [
      "..%2Fsubhound.db",
      "..%2F..%2Fetc%2Fpasswd",
      "%2Fetc%2Fpasswd",
      "subhound.db",
      "subhound-manual.db",
      "subhound-20261124T093000Z.db%00.txt",
      "subhound-20261124T093000Z.db.bak",
    ]) {
      const res = await get(`/api/v1/system/backups/${name}`);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const traversal = await get("/api/v1/system/backups/..%2Fsecret.db");
    expect((await jsonOf(traversal)).detail).toContain("not a backup name");
    // Also the raw, unencoded form never leaves the backups folder (the router normalises it away).
    expect((await get("/api/v1/system/backups/../../secret.db")).status).toBe(404);

    expect((await get("/api/v1/system/backups/subhound-20200101T000000Z.db")).status).toBe(404);
    // A link in the folder with a backup's name is not the job's backup.
    symlinkSync(join(dataDir, "secret.db"), join(dataDir, "backups", "subhound-20200102T000000Z.db"));
    expect((await get("/api/v1/system/backups/subhound-20200102T000000Z.db")).status).toBe(404);
  });
});

test("an in-memory database has no file to back up: 409 problem, and an empty list", async () => {
  const runtime = testRuntime();
  const res = await request(runtime, "/api/v1/system/backup");
  expect(res.status).toBe(409);
  expect((await jsonOf(res)).detail).toContain("in memory");
  expect(await jsonOf(request(runtime, "/api/v1/system/backups"))).toEqual({
    directory: "/nonexistent-test-data/backups",
    backups: [],
  });
  expect(existsSync("/nonexistent-test-data")).toBe(false);
  await runtime.close();
});

test("partial copies a killed server left are removed by the next backup; young ones and other files stay", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-backup-partial-"));
  const clock = manualClock("2026-11-24T09:30:00Z");
  const runtime = createRuntime(testConfig({ dataDir }), { log: silentLogger, clock });
  try {
    const dir = join(dataDir, "backups");
    mkdirSync(dir, { recursive: true });
    const old = new Date("2026-11-24T01:00:00Z");
    const files = {
      ".download-0b7c6a52-3f3e-4c55-9a55-3d7a3c1f0e11.db": old,
      ".subhound-20261124T033000Z.db.partial": old,
      ".download-5d0c1b8e-1c1f-4f7a-8d6e-0f5f3c2b1a00.db": new Date("2026-11-24T09:00:00Z"),
      "subhound-20261123T033000Z.db": old,
      ".notes": old,
    };
    for (const [name, at] of Object.entries(files)) {
      writeFileSync(join(dir, name), "x");
      utimesSync(join(dir, name), at, at);
    }
    const res = await request(runtime, "/api/v1/system/backup");
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(readdirSync(dir).sort()).toEqual([
      ".download-5d0c1b8e-1c1f-4f7a-8d6e-0f5f3c2b1a00.db",
      ".notes",
      "subhound-20261123T033000Z.db",
    ]);
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
