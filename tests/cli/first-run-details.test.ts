import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProgressLine } from "../../src/cli/progress-line.ts";
import { scanPath } from "../../src/cli/scan.ts";
import { ConfigError, loadConfig } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { startServer } from "../../src/listen.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { ProviderError } from "../../src/providers/types.ts";
import { createRuntime } from "../../src/server.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/media");
const dir = mkdtempSync(join(tmpdir(), "subhound-firstrun-details-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderWithVideos(name: string, count: number): string {
  const root = join(dir, name);
  for (let i = 1; i <= count; i++) {
    mkdirSync(join(root, `Movie ${i}`), { recursive: true });
    copyFileSync(join(FIXTURES, "mp4-no-subs.mp4"), join(root, `Movie ${i}`, `Movie ${i}.mp4`));
  }
  return root;
}

describe("one language rule", () => {
  test("config, API and CLI all refuse a code no language table knows", async () => {
    let error: unknown;
    try {
      loadConfig({ env: { SUBHOUND_LANGUAGES: "en,xx" }, cwd: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'languages.1: expected a language code like en, de or pt-BR, or a name like German, got "xx" (from SUBHOUND_LANGUAGES)',
    );
    expect(
      loadConfig({ env: { SUBHOUND_LANGUAGES: "en,ger,pt-BR,German" }, cwd: dir }).config.languages,
    ).toEqual(["en", "ger", "pt-BR", "German"]);

    const runtime = createRuntime(testConfig(), {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
    });
    try {
      const put = await request(runtime, "/api/v1/profiles/overrides", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ instance: "main", kind: "series", arrId: 1, override: { languages: ["xx"] } }),
      });
      expect(put.status).toBe(400);
      expect((await jsonOf(put)).errors[0].message).toContain(
        "expected a language code like en, de or pt-BR",
      );
    } finally {
      await runtime.close();
    }

    const lines: string[] = [];
    const code = await scanPath(
      { full: false, json: false, path: dir, lang: "en,xx", forced: false, help: false },
      { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s) },
      testConfig().scan,
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      "--lang: unknown language xx: expected a language code like en, de or pt-BR, or a name like German",
    ]);
  });
});

describe("scan --path on a terminal", () => {
  test("shows progress counted in files, and log lines go above the progress line, never into it", async () => {
    const root = folderWithVideos("progress", 3);
    const written: string[] = [];
    const line = createProgressLine({ write: (s) => written.push(s), columns: 80 });
    const out: string[] = [];
    const code = await scanPath(
      { full: false, json: true, path: root, lang: "de", forced: false, help: false },
      { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTTY: true },
      testConfig().scan,
      line,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.join("\n")).files).toBe(3);
    const drawn = written.join("");
    expect(drawn).toContain(`listing ${root}`);
    expect(drawn).toMatch(/\] 0\/3 files Movie 1\/Movie 1\.mp4/);
    // The line is cleared at the end, so the summary starts on a clean line.
    expect(written.at(-1)).toBe("\r\x1b[2K");

    written.length = 0;
    line.draw("[####----] 1/2 scanning");
    line.above('{"level":"warn","msg":"something"}');
    expect(written.join("")).toBe(
      '\r\x1b[2K[####----] 1/2 scanning\r\x1b[2K{"level":"warn","msg":"something"}\n[####----] 1/2 scanning',
    );
    line.draw("x".repeat(200));
    expect(written.at(-1)).toBe(`\r\x1b[2K${"x".repeat(79)}`);
  });
});

describe("errors and logs", () => {
  test("a provider's name is said once, however often its error is passed on", () => {
    const inner = new ProviderError("podnapisi", "unavailable", "HTTP 503");
    const outer = new ProviderError("podnapisi", "unavailable", inner.message);
    expect(outer.message).toBe("podnapisi: HTTP 503");
    expect(outer.reason).toBe("HTTP 503");
  });

  test("the startup log names the reachable URL with the bound port, the listen address and urlBase", async () => {
    const lines: string[] = [];
    const runtime = createRuntime(testConfig({ server: { host: "127.0.0.1", port: 0, urlBase: "/subs" } }), {
      log: createLogger({ format: "json", write: (l) => lines.push(l) }),
      db: openDatabase({ path: ":memory:" }),
    });
    const server = startServer(runtime);
    try {
      const listening = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "listening");
      expect(server.port).toBeGreaterThan(0);
      expect(listening).toMatchObject({
        url: `http://127.0.0.1:${server.port}/subs`,
        listen: `127.0.0.1:${server.port}`,
        urlBase: "/subs",
      });
      expect((await fetch(`${listening.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await server.shutdown("test");
    }
  });
});

describe("reload", () => {
  test("applies new standalone roots, languages and providers at once, without a restart", async () => {
    const first = folderWithVideos("roots-a", 1);
    const second = folderWithVideos("roots-b", 2);
    const noStreams: StreamInspector = {
      inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }),
    };
    let next: Config = testConfig({ languages: ["de"], standalone: { roots: [first] } });
    const runtime = createRuntime(next, {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
      inspector: noStreams,
      loadConfig: () => next,
    });
    const scan = async () => {
      const started = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
      if (!started.ok) throw new Error("scan did not start");
      return (await started.done).summary!;
    };
    try {
      expect((await scan()).filesSeen).toBe(1);
      next = testConfig({
        languages: ["de", "en"],
        standalone: { roots: [first, second] },
        providers: { podnapisi: { enabled: true } },
      });
      const res = await request(runtime, "/api/v1/system/reload", { method: "POST" });
      expect(await jsonOf(res)).toEqual({ rescheduled: [], restartNeeded: [] });
      expect((await scan()).filesSeen).toBe(3);
      expect(runtime.deps.config.languages).toEqual(["de", "en"]);
      expect(runtime.deps.providers.names()).toEqual(["podnapisi"]);
      const status = await jsonOf(request(runtime, "/api/v1/system/status"));
      expect(status.config.standalone.roots).toEqual([first, second]);
    } finally {
      await runtime.close();
    }
  });
});
