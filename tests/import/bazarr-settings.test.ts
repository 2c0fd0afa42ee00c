import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { MAX_SETTINGS_BYTES, readBazarrSettings } from "../../src/import/bazarr-settings.ts";
import { type BazarrSettings, draftFromBazarrSettings } from "../../src/import/bazarr-settings-draft.ts";
import { main } from "../../src/main.ts";
import { BAZARR_CONFIG_YAML } from "../fixtures/bazarr/config-yaml.ts";

/** Every secret in the fixture, as it must never reach stdout. */
const SECRETS = [
  "sonarr0123456789abcdef0123456789ab",
  "radarr0123456789abcdef0123456789ab",
  "os-Secret-pass!",
  "subdl-KEY-0123456789",
  "Pr0xy-P@ss",
  "plexTOKEN-abcdef123456",
  "Pr0xy-P%40ss",
  "proxyuser",
];

let dir: string;
/** Bazarr's config.yaml, where Bazarr keeps it (<Bazarr config>/config/config.yaml). */
let FIXTURE: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bazarr-settings-"));
  FIXTURE = join(dir, "config.yaml");
  writeFileSync(FIXTURE, BAZARR_CONFIG_YAML);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["import-bazarr", ...args], {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** The fixture with some sections changed. */
function variant(name: string, change: (s: BazarrSettings) => void): string {
  const settings = Bun.YAML.parse(BAZARR_CONFIG_YAML) as BazarrSettings;
  change(settings);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, JSON.stringify(settings)); // JSON is YAML
  return path;
}

/** The draft of the fixture's settings changed by `change`. */
const draft = (name: string, change: (s: BazarrSettings) => void) =>
  draftFromBazarrSettings(readBazarrSettings(variant(name, change)));

describe("Bazarr's settings as a config.toml draft", () => {
  test("Sonarr, Radarr, path mappings, providers, proxy and preferences map to Subhound's keys", () => {
    const { config, notCarried } = draftFromBazarrSettings(readBazarrSettings(FIXTURE));
    expect(config.sonarr).toEqual([
      {
        name: "sonarr",
        // ssl, ip, port and base_url "/sonarr/" as Bazarr's url_sonarr() joins them.
        url: "https://sonarr.lan:443/sonarr",
        apiKey: "sonarr0123456789abcdef0123456789ab",
        pathMappings: [
          { from: "/tv", to: "/data/media/tv" },
          { from: "/anime", to: "/data/media/anime" },
        ],
      },
    ]);
    expect(config.radarr).toEqual([
      {
        name: "radarr",
        url: "http://radarr:7878",
        apiKey: "radarr0123456789abcdef0123456789ab",
        pathMappings: [{ from: "/movies", to: "/data/media/movies" }],
      },
    ]);
    expect(config.providers).toEqual({
      // Off until the user adds an API consumer key, which Bazarr never had.
      opensubtitles: { username: "moviebuff", password: "os-Secret-pass!", enabled: false },
      podnapisi: { enabled: true },
      subdl: { enabled: true, apiKey: "subdl-KEY-0123456789" },
    });
    expect(config.proxy).toEqual({
      url: "http://proxyuser:Pr0xy-P%40ss@squid.example.org:3128",
      exclude: ["nas.example.org"],
    });
    // Bazarr's relative folder "Subs" is one a scan reads.
    expect(config.naming).toEqual({ hearingImpairedTag: "sdh", folder: "Subs" });
    expect(config.search).toEqual({ minScorePercent: { episodes: 90, movies: 70 } });
    expect(config.upgrades).toEqual({ days: 14 });
    // Bazarr's whisperai is not enabled in the fixture.
    expect(config.whisper).toBeUndefined();

    const keys = notCarried.map((n) => n.key);
    expect(keys.some((k) => k.startsWith("general.subfolder"))).toBe(false);
    expect(config.mediaServers).toEqual([
      { type: "plex", url: "http://192.168.1.20:32400", apiKey: "plexTOKEN-abcdef123456" },
    ]);
    // Bazarr's "exclude season 0" is the default profile's skipSpecials.
    expect(config.profile).toEqual({ skipSpecials: true });
    expect(keys.some((k) => k.startsWith("sonarr."))).toBe(false);
    expect(keys).toContain("opensubtitlescom");
    expect(notCarried.find((n) => n.key === "opensubtitlescom")!.reason).toContain("API consumer key");
    // Defaults are not noise in the list.
    expect(keys.some((k) => k.startsWith("general.chmod"))).toBe(false);
    expect(keys.some((k) => k.startsWith("radarr."))).toBe(false);
  });

  test("a SOCKS proxy, providers Subhound lacks, adaptive searching off and chmod are each reported or mapped", () => {
    const path = variant("socks", (s) => {
      s.proxy!.type = "socks5";
      s.general!.enabled_providers = ["addic7ed", "titlovi", "whisperai"];
      s.general!.adaptive_searching = false;
      s.general!.chmod_enabled = true;
      s.general!.chmod = "0664";
      s.general!.upgrade_frequency = 876000;
      s.subsync!.use_subsync = true;
    });
    const { config, notCarried } = draftFromBazarrSettings(readBazarrSettings(path));
    expect(config.proxy).toBeUndefined();
    const reason = (key: string) => notCarried.find((n) => n.key === key)?.reason;
    expect(reason("proxy.type")).toContain("only HTTP proxies");
    expect(reason("addic7ed")).toContain("gestdown");
    expect(reason("titlovi")).toBe("Subhound has no such provider");
    expect(reason("general.adaptive_searching")).toContain("search.maxAttempts");
    expect(config.providers).toBeUndefined();
    expect(config.whisper).toEqual({
      enabled: true,
      backend: "asr-webservice",
      url: "http://127.0.0.1:9000",
      timeoutMs: 3_600_000,
    });
    expect(config.postProcessing).toEqual({ command: ["chmod", "0664", "{{subtitles}}"] });
    expect(config.upgrades).toEqual({ enabled: false, days: 14 });
    expect(config.profile).toEqual({ syncAfterDownload: true, skipSpecials: true });
  });

  test("a subtitle folder: Subs or Subtitles (any spelling) carry over, any other folder is reported", () => {
    const withFolder = (subfolder: string, custom: string) =>
      draft(`subfolder-${subfolder}-${custom.replace(/\W/g, "_")}`, (s) => {
        s.general!.subfolder = subfolder;
        s.general!.subfolder_custom = custom;
      });
    expect(withFolder("relative", "./subtitles/").config.naming).toMatchObject({ folder: "subtitles" });
    const other = withFolder("relative", "Extras");
    expect((other.config.naming as Record<string, unknown>).folder).toBeUndefined();
    expect(other.notCarried.find((n) => n.key === 'general.subfolder_custom = "Extras"')?.reason).toContain(
      "Subs or Subtitles",
    );
    const absolute = withFolder("absolute", "/srv/subtitles");
    expect((absolute.config.naming as Record<string, unknown>).folder).toBeUndefined();
    expect(absolute.notCarried.find((n) => n.key === 'general.subfolder = "absolute"')?.reason).toContain(
      "never in one folder",
    );
    const beside = withFolder("current", "Subs");
    expect((beside.config.naming as Record<string, unknown>).folder).toBeUndefined();
    expect(beside.notCarried.some((n) => n.key.startsWith("general.subfolder"))).toBe(false);
  });

  test("only monitored: mapped when every app Bazarr uses had it, reported when one had it alone", () => {
    const both = draft("monitored-both", (s) => {
      s.sonarr!.sync_only_monitored_episodes = true;
      s.radarr!.only_monitored = true;
    });
    expect(both.config.profile).toMatchObject({ monitoredOnly: true });
    expect(both.notCarried.some((n) => n.key.includes("monitored"))).toBe(false);

    const sonarrOnly = draft("monitored-sonarr", (s) => {
      s.sonarr!.only_monitored = true;
    });
    expect((sonarrOnly.config.profile as Record<string, unknown>).monitoredOnly).toBeUndefined();
    expect(sonarrOnly.notCarried.find((n) => n.key === "sonarr.only_monitored = true")?.reason).toContain(
      "series and movies alike",
    );

    // Radarr off in Bazarr: Sonarr's choice is the whole library's.
    const radarrOff = draft("monitored-no-radarr", (s) => {
      s.general!.use_radarr = false;
      s.sonarr!.only_monitored = true;
    });
    expect(radarrOff.config.profile).toMatchObject({ monitoredOnly: true });
  });

  test("Plex: Bazarr's Plex is a [[mediaServers]] table when on, off when Bazarr did not refresh it", () => {
    const off = draft("plex-off", (s) => {
      s.general!.use_plex = false;
      s.plex!.set_movie_added = true;
    });
    expect(off.config.mediaServers).toBeUndefined();
    expect(off.notCarried.some((n) => n.key.startsWith("plex"))).toBe(false);
    const on = draft("plex-on", (s) => {
      s.plex!.set_movie_added = true;
    });
    expect(on.config.mediaServers).toEqual([
      { type: "plex", url: "http://192.168.1.20:32400", apiKey: "plexTOKEN-abcdef123456" },
    ]);
    expect(on.notCarried.find((n) => n.key === "plex.set_movie_added = true")?.reason).toContain(
      "added dates",
    );

    const noRefresh = draft("plex-no-refresh", (s) => {
      s.general!.use_plex = true;
      s.plex!.ssl = true;
      s.plex!.update_movie_library = false;
      s.plex!.update_series_library = false;
    });
    expect(noRefresh.config.mediaServers).toEqual([
      { type: "plex", url: "https://192.168.1.20:32400", apiKey: "plexTOKEN-abcdef123456", enabled: false },
    ]);
    expect(noRefresh.notCarried.find((n) => n.key === "plex")?.reason).toContain("switched off");

    const noToken = draft("plex-no-token", (s) => {
      s.general!.use_plex = true;
      s.plex!.apikey = "";
    });
    expect(noToken.config.mediaServers).toBeUndefined();
    expect(noToken.notCarried.find((n) => n.key === "plex")?.reason).toContain("[[mediaServers]]");
  });

  test("Sonarr and its path mappings stay out when Bazarr has it off", () => {
    const path = variant("no-sonarr", (s) => {
      s.general!.use_sonarr = false;
    });
    const { config, notCarried } = draftFromBazarrSettings(readBazarrSettings(path));
    expect(config.sonarr).toBeUndefined();
    expect(notCarried.map((n) => n.key)).toContain("general.path_mappings");
    // Its own settings away from the default are not reported either: Bazarr did not use them.
    expect(notCarried.some((n) => n.key.startsWith("sonarr."))).toBe(false);
  });
});

describe("subhound import-bazarr --settings", () => {
  test("prints the draft with every secret as ***, and the list of what was not carried over", async () => {
    const r = await cli(["--settings", FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[[sonarr]]");
    expect(r.stdout).toContain('url = "https://sonarr.lan:443/sonarr"');
    expect(r.stdout).toContain('apiKey = "***"');
    expect(r.stdout).toContain('url = "http://***@squid.example.org:3128"');
    expect(r.stdout).toContain("# Not carried over:");
    expect(r.stdout).toContain('folder = "Subs"');
    expect(r.stdout).toContain("skipSpecials = true");
    expect(r.stdout).toContain("[[mediaServers]]");
    for (const secret of SECRETS) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
  });

  test("--json gives the same, secrets masked", async () => {
    const r = await cli(["--settings", FIXTURE, "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      settings: {
        config: { sonarr: { apiKey: string; url: string }[]; providers: Record<string, unknown> };
        notCarried: { key: string; reason: string }[];
      };
    };
    expect(json.settings.config.sonarr[0]!.apiKey).toBe("***");
    expect(json.settings.config.sonarr[0]!.url).toBe("https://sonarr.lan:443/sonarr");
    expect(json.settings.config.providers.subdl).toEqual({ enabled: true, apiKey: "***" });
    expect(json.settings.notCarried.map((n) => n.key)).toContain("opensubtitlescom");
    for (const secret of SECRETS) expect(r.stdout).not.toContain(secret);
  });

  test("--write-config writes the draft with its real secrets, mode 0600, and Subhound's loader accepts it", async () => {
    const path = join(dir, "draft.toml");
    const r = await cli(["--settings", FIXTURE, "--write-config", path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, "utf8");
    expect(text).toContain('apiKey = "sonarr0123456789abcdef0123456789ab"');
    for (const secret of SECRETS) expect(r.stdout).not.toContain(secret);

    const { config } = loadConfig({ configPath: path, env: {}, cwd: dir });
    expect(config.sonarr[0]!.url).toBe("https://sonarr.lan:443/sonarr");
    expect(config.sonarr[0]!.apiKey).toBe("sonarr0123456789abcdef0123456789ab");
    expect(config.sonarr[0]!.pathMappings).toHaveLength(2);
    expect(config.radarr[0]!.pathMappings).toEqual([{ from: "/movies", to: "/data/media/movies" }]);
    expect(config.providers.subdl).toMatchObject({ enabled: true, apiKey: "subdl-KEY-0123456789" });
    expect(config.providers.podnapisi.enabled).toBe(true);
    expect(config.providers.opensubtitles).toMatchObject({
      enabled: false,
      username: "moviebuff",
      password: "os-Secret-pass!",
    });
    expect(config.proxy.url).toBe("http://proxyuser:Pr0xy-P%40ss@squid.example.org:3128");
    expect(config.proxy.exclude).toEqual(["nas.example.org"]);
    expect(config.naming).toEqual({ hearingImpairedTag: "sdh", languageCode: "alpha2", folder: "Subs" });
    expect(config.search.minScorePercent).toEqual({ episodes: 90, movies: 70 });
    expect(config.upgrades.days).toBe(14);
    expect(config.profile).toMatchObject({ skipSpecials: true, monitoredOnly: false });
    expect(config.mediaServers).toEqual([
      {
        type: "plex",
        url: "http://192.168.1.20:32400",
        apiKey: "plexTOKEN-abcdef123456",
        enabled: true,
        pathMappings: [],
      },
    ]);
  });

  test("the draft of every mapped setting at once loads too", async () => {
    const settings = variant("all", (s) => {
      s.general!.enabled_providers = [
        "opensubtitlescom",
        "podnapisi",
        "subdl",
        "jimaku",
        "animetosho",
        "gestdown",
        "whisperai",
      ];
      s.jimaku!.api_key = "jimaku-key-0123";
      s.general!.chmod_enabled = true;
      s.general!.upgrade_frequency = 24;
      s.general!.adaptive_searching_delta = "2w";
      s.subsync!.use_subsync = true;
      s.sonarr!.http_timeout = 120;
    });
    const path = join(dir, "all.toml");
    expect((await cli(["--settings", settings, "--write-config", path])).code).toBe(0);
    const { config } = loadConfig({ configPath: path, env: {}, cwd: dir });
    expect(config.providers.jimaku).toMatchObject({ enabled: true, apiKey: "jimaku-key-0123" });
    expect(config.providers.gestdown.enabled).toBe(true);
    expect(config.providers.animetosho.enabled).toBe(true);
    expect(config.whisper.enabled).toBe(true);
    expect(config.upgrades.schedule).toBe("30 3 * * *");
    expect(config.search.afterAttemptsEveryDays).toBe(14);
    expect(config.postProcessing.command).toEqual(["chmod", "0640", "{{subtitles}}"]);
    expect(config.profile.syncAfterDownload).toBe(true);
    expect(config.sonarr[0]!.timeoutMs).toBe(120_000);
  });

  test("--write-config never overwrites an existing file", async () => {
    const path = join(dir, "existing.toml");
    writeFileSync(path, "# mine\n");
    const r = await cli(["--settings", FIXTURE, "--write-config", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("already exists");
    expect(readFileSync(path, "utf8")).toBe("# mine\n");
  });

  test("a YAML file that is not Bazarr's settings is a clear error (exit 2)", async () => {
    const path = join(dir, "compose.yaml");
    writeFileSync(path, "services:\n  bazarr:\n    image: lscr.io/linuxserver/bazarr\n");
    const r = await cli(["--settings", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not Bazarr's settings");
    expect(r.stdout).toBe("");
  });

  test("an old config.ini and a file that is not YAML are refused with why", async () => {
    const ini = join(dir, "config.ini");
    writeFileSync(ini, "[general]\nip = 0.0.0.0\n");
    expect((await cli(["--settings", ini])).stderr).toContain("config.ini");
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "general: [unclosed\n");
    const r = await cli(["--settings", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not YAML");
  });

  test("a file over the size cap is refused before it is read", async () => {
    const path = join(dir, "big.yaml");
    writeFileSync(path, Buffer.alloc(MAX_SETTINGS_BYTES + 1, 0x20));
    const r = await cli(["--settings", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("more than Bazarr's config.yaml ever is");
  });

  test("--write-config without --settings, and --apply without --db, are usage errors", async () => {
    const a = await cli(["--db", join(dir, "x.db"), "--write-config", join(dir, "y.toml")]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--write-config needs --settings");
    const b = await cli(["--settings", FIXTURE, "--apply"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--apply needs --db");
  });
});
