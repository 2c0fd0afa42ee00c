import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, secretValues } from "../../src/config/load.ts";
import { openDatabase } from "../../src/db/client.ts";
import { startServer } from "../../src/listen.ts";
import { createLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { jsonOf, request, TEST_API_KEY, testConfig } from "../support/runtime.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const dir = mkdtempSync(join(tmpdir(), "subhound-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = "Hunter2-Pa55word";
const withUserinfo = (port: number) => `http://admin:${PASSWORD}@127.0.0.1:${port}`;

describe("URL userinfo is a secret", () => {
  test("status, health, problem details and log lines never show it", async () => {
    // A port nothing listens on: the health check fails and quotes the URL in its message.
    const closed = Bun.serve({ port: 0, fetch: () => new Response() });
    const port = closed.port!;
    closed.stop(true);
    const lines: string[] = [];
    const config = testConfig({
      sonarr: [{ name: "tv", url: withUserinfo(port), apiKey: "sonarr-key-123", retries: 0 }],
    });
    const log = createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) });
    const runtime = createRuntime(config, {
      log,
      db: openDatabase({ path: ":memory:" }),
      loadConfig: () => {
        throw new Error(`cannot read ${withUserinfo(port)}/config`);
      },
    });
    try {
      const status = await jsonOf(request(runtime, "/api/v1/system/status"));
      expect(status.config.sonarr[0].url).toBe(`http://***@127.0.0.1:${port}`);
      const health = await jsonOf(request(runtime, "/api/v1/health/detailed"));
      expect(health.subsystems.arr_connectivity.healthy).toBe(false);
      expect(JSON.stringify(health)).not.toContain(PASSWORD);
      const problem = await jsonOf(request(runtime, "/api/v1/system/reload", { method: "POST" }));
      expect(problem.detail).toBe(
        `configuration not reloaded: cannot read http://***@127.0.0.1:${port}/config`,
      );
      log.error("sonarr failed", {
        url: withUserinfo(port),
        error: new Error(`fetch ${withUserinfo(port)}/api/v3`),
      });
      expect(lines.join("\n")).toContain(`http://***@127.0.0.1:${port}`);
      expect(lines.join("\n")).not.toContain(PASSWORD);
    } finally {
      await runtime.close();
    }
    // The configured logger also knows the password as a value, wherever it appears.
    const scrubbed: string[] = [];
    const configured = createLogger({
      format: "json",
      secrets: secretValues(config),
      write: (l) => scrubbed.push(l),
    });
    configured.info(`decoded: ${PASSWORD}`);
    expect(scrubbed.join("")).not.toContain(PASSWORD);
  });

  test("`subhound config` redacts it", () => {
    const p = Bun.spawnSync([process.execPath, MAIN, "config"], {
      cwd: dir,
      env: {
        PATH: "",
        SUBHOUND_DATA_DIR: join(dir, "data"),
        SUBHOUND_SONARR__0__URL: withUserinfo(8989),
        SUBHOUND_SONARR__0__API_KEY: "sonarr-key-123",
      },
    });
    expect(p.exitCode).toBe(0);
    const out = p.stdout.toString();
    expect(out).not.toContain(PASSWORD);
    expect(JSON.parse(out).sonarr[0].url).toBe("http://***@127.0.0.1:8989");
  });
});

describe("hostile input", () => {
  test("a config path that is a FIFO is refused at once, naming the path", () => {
    const fifo = join(dir, "config.fifo");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    let error: unknown;
    try {
      loadConfig({ configPath: fifo, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`config file ${fifo}: is a FIFO, not a regular file`);
    const cli = Bun.spawnSync([process.execPath, MAIN, "serve", "--config", fifo], {
      cwd: dir,
      env: { PATH: "", SUBHOUND_DATA_DIR: join(dir, "fifo-data") },
    });
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr.toString()).toContain(`config file ${fifo}: is a FIFO`);
  });

  test("a 100 KB URL and oversized headers get problem+json from a real server", async () => {
    const runtime = createRuntime(testConfig({ server: { host: "127.0.0.1", port: 0 } }), {
      log: createLogger({ write: () => {} }),
      db: openDatabase({ path: ":memory:" }),
    });
    const server = startServer(runtime);
    try {
      const long = await fetch(`${server.url}/api/v1/wanted?q=${"a".repeat(100_000)}`, {
        headers: { "X-Api-Key": TEST_API_KEY },
      });
      expect(long.status).toBe(414);
      expect(long.headers.get("content-type")).toBe("application/problem+json");
      const body = await jsonOf(long);
      expect(body).toMatchObject({ status: 414, title: "URI Too Long", instance: "/api/v1/wanted" });
      expect(body.detail).toContain("at most 8192");

      const headers = await fetch(`${server.url}/api/v1/health`, {
        headers: { "X-Padding": "b".repeat(40_000) },
      });
      expect(headers.status).toBe(431);
      expect(headers.headers.get("content-type")).toBe("application/problem+json");
      expect((await jsonOf(headers)).title).toBe("Request Header Fields Too Large");

      // Ordinary requests are untouched.
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await server.shutdown("test");
    }
  });
});
