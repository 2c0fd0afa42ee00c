import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../../generated/migrations.ts";
import { manualClock } from "../../src/clock.ts";
import { runMaintenance } from "../../src/jobs/maintenance.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { createRestartControl } from "../../src/system/restart.ts";
import { stageUpload } from "../../src/system/restore.ts";
import { blacklistReasons as reasons } from "../support/blacklist-reasons.ts";
import { pollUntil } from "../support/poll.ts";
import { type ServerProcess, spawnSourceServer } from "../support/process.ts";
import { jsonOf, request, TEST_API_KEY, testConfig } from "../support/runtime.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-restore-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A database file that is Subhound's (every migration), holding one blacklist row saying `reason`. */
function subhoundDb(path: string, reason: string): string {
  const sqlite = new Database(path, { create: true, strict: true });
  for (const m of migrations) {
    for (const statement of m.sql.split("--> statement-breakpoint").filter((s) => s.trim()))
      sqlite.run(statement);
  }
  sqlite.run(
    "CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL, created_at NUMERIC)",
  );
  for (const m of migrations)
    sqlite.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('h', ?)", [m.when]);
  sqlite.run(
    "INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES ('podnapisi', 'c', ?, '2026-11-24T09:00:00Z')",
    [reason],
  );
  sqlite.close();
  return path;
}

describe("restoring a backup through the API", () => {
  let dataDir: string;
  let runtime: Runtime;
  let backupName: string;
  const clock = manualClock("2026-11-24T03:30:00Z");
  const restarts: string[] = [];
  const pending = () => join(dataDir, "restore-pending.db");

  beforeAll(async () => {
    dataDir = join(root, "api");
    mkdirSync(dataDir);
    runtime = createRuntime(testConfig({ dataDir }), { log: silentLogger, clock });
    runtime.deps.db.sqlite.run(
      "INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES ('podnapisi', 'c1', 'in the backup', '2026-11-24T03:00:00Z')",
    );
    const { backup } = await runMaintenance(
      { db: runtime.deps.db, clock, dataDir, backupRetention: 3 },
      new AbortController().signal,
    );
    backupName = (backup as { path: string }).path.split("/").pop()!;
    runtime.deps.db.sqlite.run(
      "INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES ('podnapisi', 'c2', 'after the backup', '2026-11-24T04:00:00Z')",
    );
  });
  afterAll(async () => {
    await runtime.close();
  });

  const post = (path: string, init: RequestInit = {}) => request(runtime, path, { method: "POST", ...init });
  const upload = (bytes: Uint8Array, query = "") =>
    post(`/api/v1/system/restore${query}`, {
      body: bytes,
      headers: { "Content-Type": "application/octet-stream" },
    });

  test("a listed backup is checked and staged as restore-pending.db (202), and says what happens next", async () => {
    const res = await post(`/api/v1/system/backups/${backupName}/restore`);
    expect(res.status).toBe(202);
    const body = await jsonOf(res);
    expect(body).toEqual({
      source: backupName,
      path: pending(),
      sizeBytes: readFileSync(pending()).length,
      schemaVersion: migrations.at(-1)!.tag,
      migrationsAtStart: 0,
      keptAs: join(dataDir, "backups", "subhound-before-restore-<UTC time>.db"),
      restarting: false,
      supervisor: null,
      message: expect.stringContaining("Restart Subhound to apply it"),
    });
    expect(reasons(pending())).toEqual(["in the backup"]);
    // The database in use is untouched until the next start.
    expect(reasons(join(dataDir, "subhound.db"))).toEqual(["in the backup", "after the backup"]);
    const status = await jsonOf(request(runtime, "/api/v1/system/status"));
    expect(status.pendingRestore).toEqual({ sizeBytes: body.sizeBytes, stagedAt: expect.any(String) });
    expect(status.canRestart).toBe(false);
    expect(readdirSync(dataDir).filter((n) => n.startsWith(".restore-"))).toEqual([]);

    expect((await request(runtime, "/api/v1/system/restore", { method: "DELETE" })).status).toBe(204);
    expect(existsSync(pending())).toBe(false);
    expect((await request(runtime, "/api/v1/system/restore", { method: "DELETE" })).status).toBe(404);
  });

  test('with {"restart": true} it restarts through the server\'s control, and says so for its supervisor', async () => {
    runtime.deps.restart = createRestartControl({
      supervisor: "systemd",
      stopping: () => false,
      stop: (reason) => restarts.push(reason),
    });
    try {
      const res = await post(`/api/v1/system/backups/${backupName}/restore`, {
        body: JSON.stringify({ restart: true }),
        headers: { "Content-Type": "application/json" },
      });
      expect(res.status).toBe(202);
      const body = await jsonOf(res);
      expect(body).toMatchObject({ restarting: true, supervisor: "systemd" });
      expect(body.message).toContain("systemd starts it again");
      expect(restarts).toEqual(["restart requested to apply a restore"]);
      const status = await jsonOf(request(runtime, "/api/v1/system/status"));
      expect(status).toMatchObject({ canRestart: true, supervisor: "systemd" });
      // Stopping already: a second restart is refused.
      const again = await post("/api/v1/system/restart");
      expect(again.status).toBe(409);
      expect((await jsonOf(again)).detail).toBe("Subhound is already stopping");
    } finally {
      delete runtime.deps.restart;
      rmSync(pending(), { force: true });
    }
  });

  test("POST /system/restart without a server's control (not `subhound serve`) is a 409 that says why", async () => {
    const res = await post("/api/v1/system/restart");
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).detail).toContain("only a server run by `subhound serve` can");
  });

  test("names: one that is not listed is 404; anything but a backup name is 400, never a path", async () => {
    const missing = await post("/api/v1/system/backups/subhound-20990101T000000Z.db/restore");
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).detail).toBe("no backup named subhound-20990101T000000Z.db");
    for (const evil of [
      "..%2Fx.db",
      "..%2F..%2Fsubhound.db",
      "subhound.db",
      "subhound-20261124T033000Z.db-wal",
    ]) {
      const res = await post(`/api/v1/system/backups/${evil}/restore`);
      expect({ evil, status: res.status }).toEqual({ evil, status: 400 });
    }
    expect(existsSync(pending())).toBe(false);
  });

  test("an uploaded backup is staged the same way", async () => {
    const bytes = readFileSync(join(dataDir, "backups", backupName));
    const res = await upload(bytes);
    expect(res.status).toBe(202);
    expect(await jsonOf(res)).toMatchObject({ source: "upload", restarting: false, migrationsAtStart: 0 });
    expect(reasons(pending())).toEqual(["in the backup"]);
  });

  describe("files that are refused say why, and leave what was staged as it was", () => {
    const refused = async (bytes: Uint8Array, status: number, detail: RegExp) => {
      const before = readFileSync(pending());
      const res = await upload(bytes);
      const body = await jsonOf(res);
      expect({ status: res.status, detail: body.detail }).toEqual({
        status,
        detail: expect.stringMatching(detail),
      });
      expect(readFileSync(pending()).equals(before)).toBe(true);
      expect(readdirSync(dataDir).filter((n) => n.startsWith(".restore-"))).toEqual([]);
    };

    test("not SQLite at all (422)", async () => {
      await refused(
        new TextEncoder().encode("1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
        422,
        /^the uploaded file cannot be restored: the file is not a SQLite database$/,
      );
    });

    test("an empty file (422)", async () => {
      await refused(new Uint8Array(), 422, /it is empty/);
    });

    test("a damaged database (422)", async () => {
      const path = subhoundDb(join(root, "damaged.db"), "x");
      const sqlite = new Database(path);
      sqlite.run("CREATE TABLE filler (t TEXT)");
      const insert = sqlite.prepare("INSERT INTO filler VALUES (?)");
      for (let i = 0; i < 400; i++) insert.run("x".repeat(500));
      sqlite.close();
      const bytes = new Uint8Array(readFileSync(path));
      // Scribbles over pages in the middle: the header still says SQLite.
      bytes.fill(0xa5, bytes.length / 2, bytes.length / 2 + 8192);
      await refused(
        bytes,
        422,
        /^the uploaded file cannot be restored: (it is damaged|SQLite cannot read it)/,
      );
    });

    test("a SQLite database that is not Subhound's (422)", async () => {
      const path = join(root, "other.db");
      const other = new Database(path, { create: true });
      other.run("CREATE TABLE episodes (id INTEGER PRIMARY KEY, title TEXT)");
      other.close();
      await refused(readFileSync(path), 422, /it is a SQLite database, but not Subhound's/);
    });

    test("a backup made by a newer Subhound (409)", async () => {
      const path = subhoundDb(join(root, "newer.db"), "from the future");
      const newer = new Database(path);
      newer.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('h', ?)", [
        migrations.at(-1)!.when + 1000,
      ]);
      newer.close();
      await refused(
        readFileSync(path),
        409,
        /made by a newer Subhound than this one.*upgrade Subhound first/,
      );
    });

    test("another media type (415)", async () => {
      const res = await post("/api/v1/system/restore", {
        body: "x",
        headers: { "Content-Type": "text/plain" },
      });
      expect(res.status).toBe(415);
    });
  });

  test("an upload over the cap is refused unread when it says so, and as soon as it passes the cap when it does not", async () => {
    const declared = await post("/api/v1/system/restore", {
      body: "SQLite format 3",
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(5 * 1024 ** 3) },
    });
    expect(declared.status).toBe(413);
    expect((await jsonOf(declared)).detail).toContain("larger than 4 GiB");

    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(4096));
      },
      cancel() {
        cancelled = true;
      },
    });
    const streamed = stageUpload(
      { dataDir, log: silentLogger, maxUploadBytes: 64 * 1024 },
      new Request("http://subhound.test/api/v1/system/restore", { method: "POST", body: endless }),
    );
    await expect(streamed).rejects.toMatchObject({ status: 413 });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(40);
    expect(readdirSync(dataDir).filter((n) => n.startsWith(".restore-"))).toEqual([]);
  });
});

describe("a real server restarted through the API", () => {
  const servers: ServerProcess[] = [];
  afterAll(() => {
    for (const s of servers) if (s.proc.exitCode === null) s.proc.kill("SIGKILL");
  });

  const start = async (dataDir: string) => {
    const server = await spawnSourceServer({ cwd: root, dataDir, apiKey: TEST_API_KEY });
    servers.push(server);
    return server;
  };
  const api = (server: ServerProcess, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/v1${path}`, {
      ...init,
      headers: {
        "X-Api-Key": TEST_API_KEY,
        ...(typeof init.body === "string" ? { "Content-Type": "application/json" } : {}),
        ...init.headers,
      },
    });
  const blacklist = async (server: ServerProcess) =>
    ((await (await api(server, "/blacklist")).json()) as { reason: string }[]).map((e) => e.reason).sort();
  const logLines = (server: ServerProcess) =>
    server
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
  const supervisorHere = existsSync("/.dockerenv") || existsSync("/run/.containerenv") ? "container" : null;

  test("staged, then POST /system/restart: a graceful stop, exit 75, and the next process serves the backup", async () => {
    const dataDir = join(root, "process");
    const first = await start(dataDir);
    const add = (reason: string) =>
      api(first, "/blacklist", {
        method: "POST",
        body: JSON.stringify({ provider: "podnapisi", candidateId: reason, reason }),
      });
    expect((await add("in the backup")).status).toBe(201);
    expect((await api(first, "/tasks/maintenance/run", { method: "POST" })).status).toBe(202);
    const listed = await pollUntil(
      async () => (await (await api(first, "/system/backups")).json()) as { backups: { name: string }[] },
      (list) => list.backups.length === 1,
    );
    expect((await add("after the backup")).status).toBe(201);
    const name = listed.backups[0]!.name;

    const staged = await api(first, `/system/backups/${name}/restore`, { method: "POST" });
    expect(staged.status).toBe(202);
    const status = (await (await api(first, "/system/status")).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      canRestart: true,
      supervisor: supervisorHere,
      pendingRestore: expect.any(Object),
    });

    const restart = await api(first, "/system/restart", { method: "POST" });
    expect(restart.status).toBe(202);
    expect(await restart.json()).toMatchObject({ supervisor: supervisorHere });
    expect(await first.proc.exited).toBe(75);
    const stopping = logLines(first).filter((l) => ["shutting down", "stopped"].includes(l.msg));
    expect(stopping.map((l) => [l.msg, l.reason])).toEqual([
      ["shutting down", "restart requested through the API"],
      ["stopped", undefined],
    ]);

    const second = await start(dataDir);
    expect(await blacklist(second)).toEqual(["in the backup"]);
    const applied = logLines(second).find((l) => l.msg === "put a staged backup in place of the database");
    // A graceful stop folds the write-ahead log into the file: the database is one file here.
    expect(applied).toMatchObject({ level: "warn", moved: ["subhound.db"] });
    const keptAs = applied.previousKeptAs as string;
    expect(keptAs).toMatch(/backups\/subhound-before-restore-\d{8}T\d{6}Z\.db$/);
    expect(existsSync(join(dataDir, "restore-pending.db"))).toBe(false);

    // And an uploaded backup with ?restart=true: the database the first restore replaced, copied whole.
    const copy = join(root, "kept-copy.db");
    const kept = new Database(keptAs, { readonly: true });
    kept.run("VACUUM INTO ?", [copy]);
    kept.close();
    const uploaded = await api(second, "/system/restore?restart=true", {
      method: "POST",
      body: readFileSync(copy),
      headers: { "Content-Type": "application/octet-stream" },
    });
    expect(uploaded.status).toBe(202);
    expect(await uploaded.json()).toMatchObject({ source: "upload", restarting: true });
    expect(await second.proc.exited).toBe(75);
    const third = await start(dataDir);
    expect(await blacklist(third)).toEqual(["after the backup", "in the backup"]);
    expect(await third.stop()).toBe(0);
  }, 90_000);
});
