import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/process.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-cli-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder of its own, optionally with an (empty) data dir as a server's first start leaves it. */
function home(name: string, { dataDir }: { dataDir: boolean }): string {
  const path = join(dir, name);
  mkdirSync(dataDir ? join(path, "data") : path, { recursive: true });
  return path;
}

describe("commands as the README shows them", () => {
  test("scan without any library source refuses, as the server does, instead of reporting 0 files", async () => {
    const cwd = home("no-library", { dataDir: true });
    const r = await runCli(["scan", "--json"], { cwd });
    expect(r.stderr).toContain("cannot scan: no library source is configured");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Nothing was opened or written.
    expect(existsSync(join(cwd, "data", "subhound.db"))).toBe(false);
  });

  test("search run from the wrong folder names the missing data dir, not the providers its config would enable", async () => {
    const cwd = home("wrong-folder", { dataDir: false });
    const r = await runCli(["search"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no Subhound data dir at ${join(cwd, "data")} (the default ./data in ${cwd})`);
    expect(r.stderr).not.toContain("no subtitle provider");
    expect(existsSync(join(cwd, "data"))).toBe(false);
  });

  test("healthcheck with server.port 0 says it cannot know the port and asks for --url", async () => {
    const cwd = home("port-zero", { dataDir: false });
    const r = await runCli(["healthcheck", "--timeout", "500"], { cwd, env: { SUBHOUND_PORT: "0" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toStartWith("server.port is 0");
    expect(r.stderr).toContain("pass --url http://HOST:PORT/api/v1/health");
  });
});
