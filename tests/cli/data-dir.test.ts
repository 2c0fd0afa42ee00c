import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { acquireOwnerLock } from "../../src/db/owner-lock.ts";
import { runCli, spawnServer } from "../support/process.ts";
import { jsonOf } from "../support/runtime.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const dir = mkdtempSync(join(tmpdir(), "subhound-datadir-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return runCli(args, { cwd: options.cwd ?? dir, ...(options.env ? { env: options.env } : {}) });
}

describe("one owner per data dir", () => {
  test("a second server is refused with the running server's pid and address; scan and search run through its API", async () => {
    const data = join(dir, "owned");
    // An empty standalone folder: a library source to scan (a server without one refuses to).
    const media = join(dir, "owned-media");
    mkdirSync(media, { recursive: true });
    const env = {
      SUBHOUND_DATA_DIR: data,
      SUBHOUND_PORT: "0",
      SUBHOUND_PROVIDERS__PODNAPISI__ENABLED: "true",
      SUBHOUND_STANDALONE__ROOTS: media,
    };
    const first = await spawnServer([process.execPath, MAIN, "serve"], {
      cwd: dir,
      env: { PATH: "", ...env },
    });
    try {
      const second = await run(["serve"], { env });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `cannot start: a Subhound server (pid ${first.proc.pid} at ${first.url}`,
      );
      expect(second.stderr).toContain(`is using the data dir ${data}`);

      // scan and search run on the server, through its API, instead of opening the database beside it.
      const scan = await run(["scan", "--json"], { env });
      expect(scan.stderr).toContain(`data dir: ${data} (from SUBHOUND_DATA_DIR)`);
      expect(scan.stderr).toContain(`a Subhound server (pid ${first.proc.pid} at ${first.url}, since`);
      expect(scan.stderr).toContain("; running the scan there, through its API");
      expect(scan.code).toBe(0);
      expect(JSON.parse(scan.stdout)).toMatchObject({ filesSeen: 0, errors: {} });
      const lastScan = await jsonOf(
        fetch(`${first.url}/api/v1/wanted/scan`, {
          headers: { "X-Api-Key": (await run(["api-key"], { env })).stdout.trim() },
        }),
      );
      expect(lastScan.trigger).toBe("api");

      const search = await run(["search", "--json"], { env });
      expect(search.stderr).toContain("; running the search there, through its API");
      expect(search.code).toBe(0);
      expect(JSON.parse(search.stdout)).toMatchObject({ status: "succeeded", total: 0 });

      // Reading the key writes nothing, so it works beside the server.
      const key = await run(["api-key"], { env });
      expect(key.code).toBe(0);
      expect(key.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // A clean stop leaves no owner behind.
    expect(existsSync(join(data, "subhound.owner.json"))).toBe(false);
  });

  test("scan through a running server without a library source exits 2, as a scan run here does", async () => {
    const data = join(dir, "owned-empty");
    const env = { SUBHOUND_DATA_DIR: data, SUBHOUND_PORT: "0" };
    const server = await spawnServer([process.execPath, MAIN, "serve"], {
      cwd: dir,
      env: { PATH: "", ...env },
    });
    try {
      const scan = await run(["scan"], { env });
      expect(scan.stderr).toContain("; running the scan there, through its API");
      expect(scan.stderr).toContain("cannot scan: no library source is configured");
      expect(scan.code).toBe(2);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  test("while a CLI command holds the data dir, scan and serve are refused, naming it, and write nothing", async () => {
    const data = join(dir, "held");
    mkdirSync(data);
    const held = acquireOwnerLock(data, { command: "scan" });
    if (!held.ok) throw new Error(held.message);
    try {
      const env = { SUBHOUND_DATA_DIR: data, SUBHOUND_PROVIDERS__PODNAPISI__ENABLED: "true" };
      const scan = await run(["scan"], { env });
      expect(scan.code).toBe(1);
      expect(scan.stderr).toContain(
        `cannot scan: \`subhound scan\` (pid ${process.pid}, since ${held.lock.owner.startedAt}) is using the data dir ${data}; wait for it to finish`,
      );
      const serve = await run(["serve"], { env: { ...env, SUBHOUND_PORT: "0" } });
      expect(serve.code).toBe(1);
      expect(serve.stderr).toContain(`cannot start: \`subhound scan\` (pid ${process.pid}`);
      expect(existsSync(join(data, "subhound.db"))).toBe(false);
    } finally {
      held.lock.release();
    }
  });

  test("a kill -9'd server does not block the next start", async () => {
    const env = { PATH: "", SUBHOUND_DATA_DIR: join(dir, "killed"), SUBHOUND_PORT: "0" };
    const victim = await spawnServer([process.execPath, MAIN, "serve"], { cwd: dir, env });
    victim.proc.kill("SIGKILL");
    await victim.proc.exited;
    // Its owner file is still there, naming a pid that is gone.
    expect(JSON.parse(readFileSync(join(dir, "killed", "subhound.owner.json"), "utf8")).pid).toBe(
      victim.proc.pid,
    );
    const next = await spawnServer([process.execPath, MAIN, "serve"], { cwd: dir, env });
    expect(next.stderr()).toContain('"msg":"listening"');
    expect(await next.stop()).toBe(0);
  });

  test("a database migrated by a newer Subhound is refused before anything is written to it", async () => {
    const data = join(dir, "newer");
    mkdirSync(data);
    const path = join(data, "subhound.db");
    const handle = openDatabase({ path, wal: false });
    migrate(handle.sqlite);
    handle.sqlite.run(
      "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)",
    );
    handle.close();
    const before = readFileSync(path);

    const r = await run(["serve"], { env: { SUBHOUND_DATA_DIR: data, SUBHOUND_PORT: "0" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the database was migrated by a newer Subhound than this one");
    expect(Buffer.compare(readFileSync(path), before)).toBe(0);
    const check = new Database(path, { readonly: true });
    const stats = check
      .query<{ n: number }, []>("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
      .get();
    check.close();
    expect(stats?.n).toBe(0);
  });
});

describe("CLI commands find the service's data dir and create none", () => {
  test("api-key from another folder says which data dir it looked for and creates nothing", async () => {
    const data = join(dir, "service");
    const server = await spawnServer([process.execPath, MAIN, "serve"], {
      cwd: dir,
      env: { PATH: "", SUBHOUND_DATA_DIR: data, SUBHOUND_PORT: "0" },
    });
    const printed = (await server.stdoutMatch(/Generated an API key for this server: ([0-9a-f]{32})/))[1];
    expect(await server.stop()).toBe(0);

    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    const lost = await run(["api-key"], { cwd: elsewhere });
    expect(lost.code).toBe(2);
    expect(lost.stdout).toBe("");
    expect(lost.stderr).toContain(
      `no Subhound data dir at ${join(elsewhere, "data")} (the default ./data in ${elsewhere})`,
    );
    expect(existsSync(join(elsewhere, "data"))).toBe(false);
    for (const command of [["scan"], ["search"]]) {
      const r = await run(command, {
        cwd: elsewhere,
        env: { SUBHOUND_PROVIDERS__PODNAPISI__ENABLED: "true" },
      });
      expect(r.code).toBe(2);
      expect(existsSync(join(elsewhere, "data"))).toBe(false);
    }

    const found = await run(["api-key"], { cwd: elsewhere, env: { SUBHOUND_DATA_DIR: data } });
    expect(found.code).toBe(0);
    expect(found.stdout.trim()).toBe(printed!);
    expect(found.stderr).toContain(`data dir: ${data} (from SUBHOUND_DATA_DIR)`);
  });

  test("api-key before the first start says so instead of inventing a key", async () => {
    const data = join(dir, "fresh");
    mkdirSync(data);
    const r = await run(["api-key"], { env: { SUBHOUND_DATA_DIR: data } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no API key yet");
    expect(existsSync(join(data, "subhound.db"))).toBe(false);
  });
});
