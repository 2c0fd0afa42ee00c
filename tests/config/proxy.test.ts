import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configCommand } from "../../src/cli/config.ts";
import { ConfigError, loadConfig } from "../../src/config/load.ts";
import { redactConfig, secretValues } from "../../src/config/redact.ts";
import { configSchema } from "../../src/config/schema.ts";
import {
  API_KEY,
  getSettings,
  putSettings,
  type SettingsRuntime,
  settingsRuntime,
} from "../settings/support.ts";
import { request } from "../support/runtime.ts";

const PASSWORD = "Pr0xy-pass-word-58";
const PROXY = `http://subhound:${PASSWORD}@10.0.0.5:8888`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The loader's one-line message for `env`, or null when it loads. */
function loadError(env: Record<string, string>): string | null {
  try {
    loadConfig({ env: { SUBHOUND_DATA_DIR: "/nonexistent-proxy-test", ...env }, cwd: "/" });
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}

describe("proxy settings: validation", () => {
  test("defaults: no proxy, nothing excluded, local addresses direct", () => {
    expect(configSchema.parse({}).proxy).toEqual({ exclude: [], bypassLocal: true });
  });

  test("an http(s) proxy with or without credentials; a trailing slash is dropped", () => {
    expect(configSchema.parse({ proxy: { url: "https://proxy.example.org:3128/" } }).proxy.url).toBe(
      "https://proxy.example.org:3128",
    );
    expect(configSchema.parse({ proxy: { url: PROXY } }).proxy.url).toBe(PROXY);
    expect(configSchema.parse({ proxy: { url: "http://[fd00::5]:8888" } }).proxy.url).toBe(
      "http://[fd00::5]:8888",
    );
  });

  test("another scheme, a path, a query or no URL at all is refused, never quoting the password", () => {
    const cases: [string, string][] = [
      [
        `socks5://subhound:${PASSWORD}@10.0.0.5:1080`,
        "expected an http:// or https:// proxy (SOCKS is not supported)",
      ],
      [`ftp://subhound:${PASSWORD}@10.0.0.5`, "expected an http:// or https:// proxy"],
      [
        `http://subhound:${PASSWORD}@10.0.0.5:8888/proxy`,
        "a proxy URL is only scheme, optional user:password@, host and port",
      ],
      [`http://subhound:${PASSWORD}@10.0.0.5:8888?x=1`, "a proxy URL is only scheme"],
      [`subhound:${PASSWORD}@10.0.0.5:8888`, "expected"],
      ["10.0.0.5:8888", "expected"],
    ];
    for (const [url, message] of cases) {
      const error = loadError({ SUBHOUND_PROXY__URL: url });
      expect({ url, error }).toEqual({ url, error: expect.stringContaining(`proxy.url: ${message}`) });
      expect(error).toContain("(from SUBHOUND_PROXY__URL)");
      expect(error).not.toContain(PASSWORD);
    }
  });

  test("exclude takes host names, domains (also *.x and .x) and IP addresses, comma-separated from the environment", () => {
    const config = loadConfig({
      env: {
        SUBHOUND_DATA_DIR: "/nonexistent-proxy-test",
        SUBHOUND_PROXY__URL: PROXY,
        SUBHOUND_PROXY__EXCLUDE: "example.org, *.example.net,.lan.example,203.0.113.7,[2001:db8::1]",
        SUBHOUND_PROXY__BYPASS_LOCAL: "no",
      },
      cwd: "/",
    }).config;
    expect(config.proxy).toEqual({
      url: PROXY,
      exclude: ["example.org", "*.example.net", ".lan.example", "203.0.113.7", "[2001:db8::1]"],
      bypassLocal: false,
    });
    for (const entry of ["http://example.org", "example.org:443", "example.org/path", "user@example.org"])
      expect(loadError({ SUBHOUND_PROXY__EXCLUDE: entry })).toContain(
        `expected a host name, domain or IP address such as example.org (no scheme, port or path), got ${JSON.stringify(entry)}`,
      );
  });
});

describe("proxy credentials are a secret", () => {
  test("the redacted config and the logger's secret list cover the proxy's user and password", () => {
    const config = configSchema.parse({ proxy: { url: PROXY } });
    expect(redactConfig(config).proxy.url).toBe("http://***@10.0.0.5:8888");
    expect(secretValues(config)).toEqual(expect.arrayContaining([PASSWORD, `subhound:${PASSWORD}`]));
    // Percent-encoded in the URL: both spellings are scrubbed.
    const encoded = configSchema.parse({ proxy: { url: "http://me:p%40ss-w0rd@10.0.0.5:8888" } });
    expect(secretValues(encoded)).toEqual(expect.arrayContaining(["p%40ss-w0rd", "p@ss-w0rd"]));
  });

  test("`subhound config` prints the proxy URL with ***@ in place of the credentials", async () => {
    const dir = mkdtempSync(join(tmpdir(), "subhound-proxy-config-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "config.toml");
    writeFileSync(file, `dataDir = "${dir}"\n\n[proxy]\nurl = "${PROXY}"\nexclude = ["example.org"]\n`);
    const out: string[] = [];
    const err: string[] = [];
    const code = await configCommand(["--config", file], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    expect(code).toBe(0);
    const printed = out.join("\n");
    expect(JSON.parse(printed).proxy).toEqual({
      url: "http://***@10.0.0.5:8888",
      exclude: ["example.org"],
      bypassLocal: true,
    });
    expect(`${printed}\n${err.join("\n")}`).not.toContain(PASSWORD);
  });

  test("the settings document masks them, and a save of the masked URL with a new host keeps them", async () => {
    const rt: SettingsRuntime = settingsRuntime(`[proxy]\nurl = "${PROXY}"\n`);
    cleanups.push(() => rt.close());
    // As the browser receives it, before any parsing.
    expect(await (await request(rt.runtime, "/api/v1/settings", { key: API_KEY })).text()).not.toContain(
      PASSWORD,
    );
    const doc = await getSettings(rt.runtime);
    expect(doc.values.proxy).toEqual({ url: "http://***@10.0.0.5:8888", exclude: [], bypassLocal: true });

    const saved = await putSettings(rt.runtime, {
      revision: doc.revision,
      values: { proxy: { url: "http://***@10.0.0.6:3128", exclude: ["example.org"], bypassLocal: false } },
    });
    expect(saved.status).toBe(200);
    const file = readFileSync(rt.configFile, "utf8");
    expect(file).toContain(`url = "http://subhound:${PASSWORD}@10.0.0.6:3128"`);
    expect(file).toContain('exclude = [ "example.org" ]');
    expect(await saved.text()).not.toContain(PASSWORD);
  });
});
