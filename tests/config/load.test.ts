import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { loadConfig, redactConfig, secretValues } from "../../src/config/load.ts";
import { configErrorOf, loadToml } from "../support/config-files.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "subhound-config-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("config cascade", () => {
  test("OpenSubtitles' User-Agent names the version that is running", () => {
    const { config } = loadConfig({ env: {}, cwd: tempDir() });
    expect(config.providers.opensubtitles.userAgent).toBe(`Subhound v${pkg.version}`);
  });

  test("the variables the test suite reads are not config keys", () => {
    const dir = tempDir();
    const env = { SUBHOUND_CHROMIUM: "/opt/chromium/chrome", SUBHOUND_SCREENSHOTS: "1" };
    expect(loadConfig({ env, cwd: dir }).config.dataDir).toBe(join(dir, "data"));
  });

  test("defaults alone give a working config", () => {
    const dir = tempDir();
    const { config, configFile } = loadConfig({ env: {}, cwd: dir });
    expect(configFile).toBeUndefined();
    expect(config.server).toMatchObject({ host: "0.0.0.0", port: 6868, urlBase: "" });
    expect(config.dataDir).toBe(join(dir, "data"));
    expect(config.languages).toEqual(["en"]);
    expect(config.scan.fullEvery).toBe(6);
    expect(config.database.wal).toBe(true);
    expect(config.sonarr).toEqual([]);
  });

  test("config.toml in the data dir overrides defaults, env overrides the file", () => {
    const { config, configFile } = loadToml(
      `languages = ["en", "de"]
[server]
port = 7000
host = "127.0.0.1"
[[sonarr]]
name = "main"
url = "http://sonarr:8989/"
apiKey = "sonarr-key-1234"
pathMappings = [{ from = "/tv", to = "/mnt/tv" }]
[[sonarr]]
name = "anime"
url = "http://sonarr-anime:8989"
apiKey = "sonarr-key-5678"
[standalone]
roots = ["/media/tv"]
`,
      {
        SUBHOUND_PORT: "7001",
        SUBHOUND_SONARR__1__URL: "http://other:8989",
        SUBHOUND_DATABASE__WAL: "false",
      },
    );
    expect(configFile).toEndWith("config.toml");
    expect(config.server.port).toBe(7001);
    expect(config.server.host).toBe("127.0.0.1");
    expect(config.languages).toEqual(["en", "de"]);
    expect(config.sonarr[0]).toMatchObject({
      name: "main",
      url: "http://sonarr:8989",
      pathMappings: [{ from: "/tv", to: "/mnt/tv" }],
      timeoutMs: 15000,
    });
    // Env patches one field of the second instance and keeps the rest from the file.
    expect(config.sonarr[1]).toMatchObject({
      name: "anime",
      url: "http://other:8989",
      apiKey: "sonarr-key-5678",
    });
    expect(config.standalone.roots).toEqual(["/media/tv"]);
    expect(config.database.wal).toBe(false);
  });

  test("--config PATH is read instead of the data dir file", () => {
    const dir = tempDir();
    const path = join(dir, "elsewhere.toml");
    writeFileSync(path, '[log]\nlevel = "debug"\n');
    const { config, configFile } = loadConfig({ configPath: path, env: {}, cwd: dir });
    expect(configFile).toBe(path);
    expect(config.log.level).toBe("debug");
  });

  test("flat env names and the nested scheme", () => {
    const dir = tempDir();
    const { config } = loadConfig({
      cwd: dir,
      env: {
        SUBHOUND_HOST: "::",
        SUBHOUND_API_KEY: "a-long-enough-api-key",
        SUBHOUND_LOG_LEVEL: "warn",
        SUBHOUND_LANGUAGES: "en, de,pt-BR",
        SUBHOUND_URL_BASE: "/subhound/",
        SUBHOUND_RADARR__0__URL: "http://radarr:7878",
        SUBHOUND_RADARR__0__API_KEY: "radarr-key-1234",
        SUBHOUND_RADARR__0__PATH_MAPPINGS__0__FROM: "D:\\Movies",
        SUBHOUND_RADARR__0__PATH_MAPPINGS__0__TO: "/mnt/movies",
        SUBHOUND_SCAN__FULL_EVERY: "3",
        SUBHOUND_PROVIDERS__OPENSUBTITLES__ENABLED: "true",
        SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY: "os-key-1234",
        SUBHOUND_MEDIA_SERVERS__0__TYPE: "jellyfin",
        SUBHOUND_MEDIA_SERVERS__0__URL: "http://jf:8096",
        SUBHOUND_MEDIA_SERVERS__0__API_KEY: "jf-key-1234",
        SUBHOUND_WHISPER__ENABLED: "false",
        UNRELATED: "ignored",
      },
    });
    expect(config.server.host).toBe("::");
    expect(config.auth.apiKey).toBe("a-long-enough-api-key");
    expect(config.log.level).toBe("warn");
    expect(config.languages).toEqual(["en", "de", "pt-BR"]);
    expect(config.server.urlBase).toBe("/subhound");
    expect(config.radarr[0]).toMatchObject({
      name: "radarr",
      url: "http://radarr:7878",
      pathMappings: [{ from: "D:\\Movies", to: "/mnt/movies" }],
    });
    expect(config.scan.fullEvery).toBe(3);
    expect(config.providers.opensubtitles.enabled).toBe(true);
    expect(config.mediaServers[0]).toMatchObject({ type: "jellyfin", url: "http://jf:8096" });
    // "false" must not coerce to true.
    expect(config.whisper.enabled).toBe(false);
  });
});

describe("config validation names the key", () => {
  const dir = () => tempDir();
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "port not a number",
      { SUBHOUND_PORT: "notaport" },
      /^server\.port: expected a whole number from 0 to 65535, got "notaport" \(from SUBHOUND_PORT\)$/,
    ],
    ["port out of range", { SUBHOUND_PORT: "70000" }, /^server\.port: .*70000.*SUBHOUND_PORT/],
    ["bad log level", { SUBHOUND_LOG_LEVEL: "loud" }, /^log\.level: .*SUBHOUND_LOG_LEVEL/],
    [
      "short api key",
      { SUBHOUND_API_KEY: "short" },
      /^auth\.apiKey: must be at least 16 characters \(from SUBHOUND_API_KEY\)$/,
    ],
    ["unknown env key", { SUBHOUND_NOPE: "1" }, /^nope: unknown key \(from SUBHOUND_NOPE\)$/],
    [
      "non-http url",
      { SUBHOUND_SONARR__0__URL: "ftp://x", SUBHOUND_SONARR__0__API_KEY: "k" },
      /^sonarr\.0\.url: expected an http\(s\) URL \(from SUBHOUND_SONARR__0__URL\)$/,
    ],
    [
      "missing key of an entry only variables made names them",
      { SUBHOUND_SONARR__0__URL: "http://x:8989" },
      /^sonarr\.0\.apiKey: is required \(sonarr\.0 is set by SUBHOUND_SONARR__0__URL\)$/,
    ],
    [
      "a notifier table only variables made names them",
      { SUBHOUND_NOTIFICATIONS__0__HEADERS: "x" },
      /^notifications\.0\.type: .*\(notifications\.0 is set by SUBHOUND_NOTIFICATIONS__0__HEADERS\)$/,
    ],
    [
      "bad boolean",
      { SUBHOUND_DATABASE__WAL: "maybe" },
      /^database\.wal: expected true or false \(also 1\/0, yes\/no, on\/off\), got "maybe" \(from SUBHOUND_DATABASE__WAL\)$/,
    ],
    [
      "a number that is not one",
      { SUBHOUND_DISK__MIN_FREE_PERCENT: "lots" },
      /^disk\.minFreePercent: expected a number from 0 to 100, got "lots" \(from SUBHOUND_DISK__MIN_FREE_PERCENT\)$/,
    ],
    [
      "an empty number is not 0",
      { SUBHOUND_DISK__MIN_FREE_PERCENT: "" },
      /^disk\.minFreePercent: expected a number from 0 to 100, got "" \(from SUBHOUND_DISK__MIN_FREE_PERCENT\)$/,
    ],
    [
      "an empty secret",
      { SUBHOUND_TRANSLATION__DEEPL__API_KEY: "" },
      /^translation\.deepl\.apiKey: must not be empty \(from SUBHOUND_TRANSLATION__DEEPL__API_KEY\)$/,
    ],
    ["bad language", { SUBHOUND_LANGUAGES: "en,english!" }, /^languages\.1: expected a language code/],
    [
      "bad enum",
      { SUBHOUND_SCAN__PROBE_ENGINE: "magic" },
      /^scan\.probeEngine: .*SUBHOUND_SCAN__PROBE_ENGINE/,
    ],
    [
      "enabled provider without its key",
      { SUBHOUND_PROVIDERS__SUBDL__ENABLED: "true" },
      /^providers\.subdl\.apiKey: is required when the provider is enabled \(providers\.subdl is set by SUBHOUND_PROVIDERS__SUBDL__ENABLED\)$/,
    ],
  ];
  for (const [name, env, pattern] of cases) {
    test(name, () => {
      expect(configErrorOf(() => loadConfig({ env, cwd: dir() }))).toMatch(pattern);
    });
  }

  test("unknown key in the file names the key and the file", () => {
    expect(configErrorOf(() => loadToml("[server]\nprot = 1\n"))).toMatch(
      /^server\.prot: unknown key \(in .*config\.toml, line 2\)$/,
    );
  });

  test("several unknown keys are each named by their own path", () => {
    expect(
      configErrorOf(() => loadToml("foo = 1\n[bar]\nx = 1\n[server]\nprot = 1\nhots = 2\n")).split("\n"),
    ).toEqual([
      expect.stringMatching(/^server\.prot: unknown key \(in .*config\.toml, line 5\)$/),
      expect.stringMatching(/^server\.hots: unknown key \(in .*config\.toml, line 6\)$/),
      expect.stringMatching(/^foo: unknown key \(in .*config\.toml, line 1\)$/),
      expect.stringMatching(/^bar: unknown key \(in .*config\.toml, line 2\)$/),
    ]);
  });

  test("a key missing from an entry of the file names the file, also when a variable patches the entry", () => {
    expect(
      configErrorOf(() =>
        loadToml('[[sonarr]]\nurl = "http://x"\n', { SUBHOUND_SONARR__0__URL: "http://y" }),
      ),
    ).toMatch(/^sonarr\.0\.apiKey: is required \(in .*config\.toml, line 1\)$/);
  });

  test("a key in the file is named with its line: in an entry, a sub-table, a dotted key, after a multi-line string", () => {
    const toml = [
      "# mine",
      "[[sonarr]]",
      'name = "a"',
      'url = "http://a"',
      'apiKey = "key-a"',
      "",
      "[[sonarr]]",
      'name = "b"',
      'url = "not a url"',
      'apiKey = "key-b"',
      "",
      "[[sonarr.pathMappings]]",
      'from = "/tv"',
      'to = ""',
      "",
      "[translation]",
      'ollama.url = "nope"',
      "",
      "[[notifications]]",
      'type = "webhook"',
      'webhookUrl = "http://hooks.test/x"',
      'name = """',
      "timeoutMs = 1",
      '"""',
      "timeoutMs = 5",
    ].join("\r\n");
    expect(configErrorOf(() => loadToml(toml)).split("\n")).toEqual([
      expect.stringMatching(/^sonarr\.1\.url: .* \(in .*config\.toml, line 9\)$/),
      expect.stringMatching(/^sonarr\.1\.pathMappings\.0\.to: .* \(in .*config\.toml, line 14\)$/),
      expect.stringMatching(/^translation\.ollama\.url: .* \(in .*config\.toml, line 17\)$/),
      expect.stringMatching(/^notifications\.0\.name: .* \(in .*config\.toml, line 22\)$/),
      expect.stringMatching(/^notifications\.0\.timeoutMs: .* \(in .*config\.toml, line 25\)$/),
    ]);
  });

  test("a boolean in place of a number is refused, not read as 1", () => {
    expect(configErrorOf(() => loadToml("[disk]\nminFreePercent = true\n"))).toMatch(
      /^disk\.minFreePercent: expected a number from 0 to 100, got true \(in .*config\.toml, line 2\)$/,
    );
  });

  test("wrong type in the file", () => {
    expect(configErrorOf(() => loadToml('[scan]\nfullEvery = "often"\n'))).toMatch(
      /^scan\.fullEvery: .*"often".*config\.toml/,
    );
  });

  test("invalid TOML names the line", () => {
    expect(configErrorOf(() => loadToml("[server\nport = 1\n"))).toMatch(
      /config\.toml: line 1, column \d+: invalid TOML/,
    );
  });

  test("a file saved by a Windows editor reads: byte-order mark, CRLF line ends, tabs", () => {
    const { config } = loadToml('\uFEFF# mine\r\nlanguages\t=\t["de"]\r\n\r\n[server]\r\n\tport = 7000\r\n');
    expect(config.languages).toEqual(["de"]);
    expect(config.server.port).toBe(7000);
  });

  test("an explicit config file that does not exist", () => {
    expect(configErrorOf(() => loadConfig({ configPath: "/nonexistent/subhound.toml", env: {} }))).toMatch(
      /subhound\.toml: not found/,
    );
  });
});

describe("secrets", () => {
  const { config } = loadConfig({
    cwd: "/tmp",
    env: {
      SUBHOUND_API_KEY: "the-server-api-key-123",
      SUBHOUND_SONARR__0__URL: "http://x:8989",
      SUBHOUND_SONARR__0__API_KEY: "sonarr-secret-abc",
      SUBHOUND_PROVIDERS__OPENSUBTITLES__PASSWORD: "hunter2-password",
    },
  });

  test("redactConfig hides every secret and nothing else", () => {
    const text = JSON.stringify(redactConfig(config));
    for (const secret of ["the-server-api-key-123", "sonarr-secret-abc", "hunter2-password"]) {
      expect(text).not.toContain(secret);
    }
    const redacted = redactConfig(config);
    expect(redacted.auth.apiKey).toBe("***");
    expect(redacted.sonarr[0]!.apiKey).toBe("***");
    expect(redacted.sonarr[0]!.url).toBe("http://x:8989");
    expect(redacted.providers.subdl.apiKey).toBeUndefined();
  });

  test("secretValues lists them for the logger", () => {
    expect(secretValues(config).sort()).toEqual([
      "hunter2-password",
      "sonarr-secret-abc",
      "the-server-api-key-123",
    ]);
  });
});
