import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { spawnServer } from "../process.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const dir = mkdtempSync(join(tmpdir(), "subhound-datadir-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const p = Bun.spawn([process.execPath, MAIN, ...args], {
    cwd: options.cwd ?? dir,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  return { code, stdout, stderr };
}

describe("one owner per data dir", () => {
  test("a second server, a CLI scan and a CLI search are refused with the running server's pid and address", async () => {
    const data = join(dir, "owned");
    const env = {
      SUBHOUND_DATA_DIR: data,
      SUBHOUND_PORT: "0",
      SUBHOUND_PROVIDERS__PODNAPISI__ENABLED: "true",
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

      const scan = await run(["scan"], { env });
      expect(scan.code).toBe(1);
      expect(scan.stderr).toContain(`data dir: ${data} (from SUBHOUND_DATA_DIR)`);
      expect(scan.stderr).toContain(`cannot scan: a Subhound server (pid ${first.proc.pid}`);
      expect(scan.stderr).toContain(`POST ${first.url}/api/v1/wanted/scan`);

      const search = await run(["search"], { env });
      expect(search.code).toBe(1);
      expect(search.stderr).toContain(`cannot search: a Subhound server (pid ${first.proc.pid}`);

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
    const printed = server.stdout().match(/Generated an API key for this server: ([0-9a-f]{32})/)?.[1];
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
