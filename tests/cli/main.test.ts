import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer } from "../support/process.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const dir = mkdtempSync(join(tmpdir(), "subhound-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = { PATH: process.env.PATH ?? "", SUBHOUND_DATA_DIR: join(dir, "data") };

function run(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawnSync([process.execPath, MAIN, ...args], { cwd: dir, env: { ...baseEnv, ...env } });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

describe("cli", () => {
  test("an invalid value exits non-zero with one line naming the key", () => {
    const r = run(["serve"], { SUBHOUND_PORT: "notaport" });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'invalid configuration: server.port: expected a whole number from 0 to 65535, got "notaport" (from SUBHOUND_PORT)',
    );
  });

  test("version, help, unknown command", () => {
    expect(run(["version"]).stdout).toMatch(/^subhound \S+ \(commit \S+, built \S+\)\n$/);
    expect(run(["--version"]).code).toBe(0);
    expect(run(["--help"]).stdout).toContain("Commands:");
    expect(run(["healthcheck", "--help"]).stdout).toContain("Usage: subhound healthcheck");
    const bad = run(["frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    expect(run(["serve", "--bogus"]).code).toBe(2);
  });

  test("config prints the effective config with secrets redacted", () => {
    const r = run(["config"], { SUBHOUND_API_KEY: "super-secret-key-123", SUBHOUND_PORT: "7777" });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("super-secret-key-123");
    const config = JSON.parse(r.stdout);
    expect(config.server.port).toBe(7777);
    expect(config.auth.apiKey).toBe("***");
  });

  test("an unknown health check in health.critical is a configuration error, exit 2", () => {
    const r = run(["serve"], { SUBHOUND_HEALTH__CRITICAL: "database,dsik_media" });
    expect(r.code).toBe(2);
    expect(r.stderr).toStartWith('invalid configuration: health.critical: unknown check "dsik_media"');
    // Refused before anything was created.
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  test("config refuses, as serve does, a health check name the registry does not know, naming its source", () => {
    for (const command of ["config", "serve"]) {
      const r = run([command], { SUBHOUND_HEALTH__CRITICAL: "dsik_media" });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^invalid configuration: health\.critical: unknown check "dsik_media"; .* \(from SUBHOUND_HEALTH__CRITICAL\)\n$/,
      );
    }
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  test("usage errors say what is wrong before the help, exit 2", () => {
    const probe = run(["probe"]);
    expect(probe.code).toBe(2);
    expect(probe.stderr).toStartWith("no FILE given");
    expect(probe.stderr).toContain("Usage: subhound probe");
    for (const timeout of ["soon", "0", "1.5"]) {
      const health = run(["healthcheck", "--timeout", timeout]);
      expect(health.code).toBe(2);
      expect(health.stderr).toStartWith(
        `--timeout takes milliseconds (a whole number from 1), got "${timeout}"`,
      );
    }
    const scan = run(["scan", "--path", dir, "--lang", "en", "--full"]);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toStartWith("--full scans the configured library");
    expect(scan.stdout).toBe("");
  });

  test("openapi prints the spec", () => {
    const r = run(["openapi"]);
    expect(JSON.parse(r.stdout).openapi).toBe("3.1.0");
  });

  test("serve: generates and prints a key once, healthcheck, graceful SIGTERM", async () => {
    const server = await spawnServer([process.execPath, MAIN], {
      cwd: dir,
      env: { ...baseEnv, SUBHOUND_PORT: "0" },
    });
    try {
      const printed = (await server.stdoutMatch(/Generated an API key for this server: ([0-9a-f]{32})/))[1];
      expect(printed).toBeString();
      expect(server.stderr()).not.toContain(printed!);
      const health = await fetch(`${server.url}/api/v1/health`);
      expect(health.status).toBe(200);
      const status = await fetch(`${server.url}/api/v1/system/status`, {
        headers: { "X-Api-Key": printed! },
      });
      expect(status.status).toBe(200);
      expect(run(["healthcheck", "--url", `${server.url}/api/v1/health`]).code).toBe(0);
      expect(run(["api-key"]).stdout.trim()).toBe(printed!);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.stderr()).toContain('"msg":"stopped"');
    expect(existsSync(join(dir, "data", "subhound.db"))).toBe(true);
    // The second start reuses the stored key and prints nothing.
    const again = await spawnServer([process.execPath, MAIN], {
      cwd: dir,
      env: { ...baseEnv, SUBHOUND_PORT: "0" },
    });
    expect(again.stdout()).toBe("");
    expect(await again.stop()).toBe(0);
  });

  test("healthcheck fails when nothing listens", () => {
    const r = run(["healthcheck", "--url", "http://127.0.0.1:9/api/v1/health", "--timeout", "2000"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unhealthy");
  });
});
