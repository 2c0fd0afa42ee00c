import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { loadConfig } from "../../src/config/load.ts";
import { createSettingsService } from "../../src/settings/settings-service.ts";
import type { Json } from "../support/runtime.ts";
import { getSettings, putSettings, settingsRuntime } from "./support.ts";

type Values = Record<string, Json>;

/** Saves one edit of the settings page's values over `toml`; answers the file as it is then. */
async function saveOver(
  toml: string,
  edit: (values: Values) => Values,
  options: { env?: Record<string, string>; secrets?: Record<string, string | null> } = {},
): Promise<string> {
  const s = settingsRuntime(toml, options.env);
  try {
    const doc = await getSettings(s.runtime);
    const res = await putSettings(s.runtime, {
      revision: doc.revision,
      values: edit(doc.values),
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(readFileSync(`${s.configFile}.bak`, "utf8")).toBe(toml);
    return readFileSync(s.configFile, "utf8");
  } finally {
    await s.close();
  }
}

const HAND_WRITTEN = `# My Subhound setup.
# Keep in sync with the NAS.

languages = ['en', "de"] # what the family watches

[search]
# Be picky: anything below is junk.
minScore = 40 # was 30
concurrency = 2

# Quiet logs unless debugging.
[log]
level = "warn"
`;

test("a save changes only the line of the value that changed: comments, blank lines, quoting stay", async () => {
  const saved = await saveOver(HAND_WRITTEN, (v) => ({ search: { ...v.search, minScore: 55 } }));
  expect(saved).toBe(HAND_WRITTEN.replace("minScore = 40 # was 30", "minScore = 55 # was 30"));
});

test("a save that changes nothing leaves the file byte for byte", async () => {
  const saved = await saveOver(HAND_WRITTEN, (v) => v);
  expect(saved).toBe(HAND_WRITTEN);
});

test("a key added to a table goes below its last key, not under the next table's comment", async () => {
  const saved = await saveOver(HAND_WRITTEN, (v) => ({ search: { ...v.search, itemsPerRun: 100 } }));
  expect(saved).toBe(HAND_WRITTEN.replace("concurrency = 2\n", "concurrency = 2\nitemsPerRun = 100\n"));
});

const INSTANCES = `languages = ["en"]

# The 4K box.
[[sonarr]]
name = "uhd"
url = "http://uhd.test:8989"
apiKey = "uhd-secret-key-1"
# Slow disks.
timeoutMs = 30000

# The HD box.
[[sonarr]]
name = "hd"
url = "http://hd.test:8989"
apiKey = "hd-secret-key-2"

# Anime lives here.
[[sonarr]]
name = "anime"
url = "http://anime.test:8989"
apiKey = "anime-secret-key-3"

# Radarr: only one.
[[radarr]]
name = "movies"
url = "http://radarr.test:7878"
apiKey = "radarr-secret-key-4"
`;

test("a key removed from the file takes its line and its own comment, and nothing else", async () => {
  const saved = await saveOver(INSTANCES, (v) => ({
    sonarr: v.sonarr.map((entry: Values) => {
      if (entry.name !== "uhd") return entry;
      const { timeoutMs: _cleared, ...rest } = entry;
      return rest;
    }),
  }));
  expect(saved).toBe(INSTANCES.replace("# Slow disks.\ntimeoutMs = 30000\n", ""));
});

test("a secret removed takes its line; the table's comments stay", async () => {
  const toml = `[providers.jimaku]
# Not yet: waiting for the account.
enabled = false
apiKey = "jimaku-secret-key-8" # from the profile page
priority = 5
`;
  const saved = await saveOver(toml, (v) => v, { secrets: { "providers.jimaku.apiKey": null } });
  expect(saved).toBe(toml.replace('apiKey = "jimaku-secret-key-8" # from the profile page\n', ""));
});

test("removing and reordering [[sonarr]] entries moves each one's comments with it; the next table keeps its own", async () => {
  const saved = await saveOver(INSTANCES, (v) => {
    const [uhd, _hd, anime] = v.sonarr;
    return { sonarr: [anime, uhd] };
  });
  expect(saved).toBe(`languages = ["en"]

# Anime lives here.
[[sonarr]]
name = "anime"
url = "http://anime.test:8989"
apiKey = "anime-secret-key-3"

# The 4K box.
[[sonarr]]
name = "uhd"
url = "http://uhd.test:8989"
apiKey = "uhd-secret-key-1"
# Slow disks.
timeoutMs = 30000

# Radarr: only one.
[[radarr]]
name = "movies"
url = "http://radarr.test:7878"
apiKey = "radarr-secret-key-4"
`);
  expect((parse(saved) as Json).sonarr.map((i: Values) => i.name)).toEqual(["anime", "uhd"]);
});

test("removing the last [[sonarr]] entry keeps the comment of the [[radarr]] below it", async () => {
  const saved = await saveOver(INSTANCES, (v) => ({ sonarr: v.sonarr.slice(0, 2) }));
  expect(saved).toBe(
    INSTANCES.replace(
      '# Anime lives here.\n[[sonarr]]\nname = "anime"\nurl = "http://anime.test:8989"\napiKey = "anime-secret-key-3"\n\n',
      "",
    ),
  );
});

test("a new list entry, a first list and a new table are added; every line the user wrote stays", async () => {
  const saved = await saveOver(
    INSTANCES,
    (v) => ({
      sonarr: [...v.sonarr, { name: "kids", url: "http://kids.test:8989" }],
      mediaServers: [{ type: "jellyfin", url: "http://jellyfin.test:8096" }],
      providers: { ...v.providers, podnapisi: { ...v.providers.podnapisi, enabled: true } },
    }),
    { secrets: { "sonarr.3.apiKey": "kids-secret-key-5", "mediaServers.0.apiKey": "jellyfin-key-6" } },
  );
  // The new instance follows the last one, before the comment of [[radarr]]; new sections go last.
  expect(saved).toBe(
    `${INSTANCES.replace(
      'apiKey = "anime-secret-key-3"\n',
      'apiKey = "anime-secret-key-3"\n\n[[sonarr]]\nname = "kids"\nurl = "http://kids.test:8989"\napiKey = "kids-secret-key-5"\n',
    )}
[[mediaServers]]
type = "jellyfin"
url = "http://jellyfin.test:8096"
apiKey = "jellyfin-key-6"

[providers]
[providers.podnapisi]
enabled = true
`,
  );
});

test("a CRLF file stays CRLF", async () => {
  const crlf = HAND_WRITTEN.replaceAll("\n", "\r\n");
  const saved = await saveOver(crlf, (v) => ({
    search: { ...v.search, minScore: 55 },
    log: { ...v.log, format: "json" },
  }));
  expect(saved).toBe(
    crlf
      .replace("minScore = 40 # was 30", "minScore = 55 # was 30")
      .replace('level = "warn"\r\n', 'level = "warn"\r\nformat = "json"\r\n'),
  );
});

test("a file that starts with a byte-order mark keeps it", async () => {
  const bom = `\uFEFF${HAND_WRITTEN}`;
  const saved = await saveOver(bom, (v) => ({ log: { ...v.log, level: "error" } }));
  expect(saved).toBe(bom.replace('level = "warn"', 'level = "error"'));
});

test("inline tables and dotted keys stay as the user wrote them", async () => {
  const toml = `languages = ["en"]
log.level = "warn" # dotted
server = { port = 6969, host = "127.0.0.1" } # inline

[providers]
subdl = { enabled = true, apiKey = "subdl-secret-key-7" }
jimaku.enabled = false
`;
  const saved = await saveOver(toml, (v) => ({
    log: { ...v.log, level: "debug" },
    server: { ...v.server, port: 7070 },
    providers: { ...v.providers, subdl: { ...v.providers.subdl, priority: 5 } },
  }));
  expect(saved).toBe(
    toml
      .replace('log.level = "warn"', 'log.level = "debug"')
      .replace("port = 6969", "port = 7070")
      .replace('apiKey = "subdl-secret-key-7" }', 'apiKey = "subdl-secret-key-7", priority = 5 }'),
  );
});

const MULTI_LINE = `[providers.opensubtitles]
# As OpenSubtitles asked.
userAgent = """
Subhound
(home NAS)"""
priority = 10
`;

test("a multi-line string is kept as written while another value changes", async () => {
  const saved = await saveOver(MULTI_LINE, (v) => ({
    providers: { ...v.providers, opensubtitles: { ...v.providers.opensubtitles, priority: 20 } },
  }));
  expect(saved).toBe(MULTI_LINE.replace("priority = 10", "priority = 20"));
});

/** The example's instances leave their keys to the environment. */
const EXAMPLE_KEYS = {
  SUBHOUND_SONARR__0__API_KEY: "example-sonarr-key",
  SUBHOUND_RADARR__0__API_KEY: "example-radarr-key",
  SUBHOUND_MEDIA_SERVERS__0__API_KEY: "example-jellyfin-key",
};

test("deploy/config.example.toml saved with one change keeps every other line byte for byte", async () => {
  const example = readFileSync(new URL("../../deploy/config.example.toml", import.meta.url), "utf8");
  const saved = await saveOver(example, (v) => ({ search: { ...v.search, minScore: 120 } }), {
    env: EXAMPLE_KEYS,
  });
  const before = example.split("\n");
  const after = saved.split("\n");
  expect(after.length).toBe(before.length);
  const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
  expect(changed).toEqual([["minScore = 0", "minScore = 120"]]);
});

test("a key added to the example config's [profile] goes below its keys, above the notes that close it", async () => {
  const example = readFileSync(new URL("../../deploy/config.example.toml", import.meta.url), "utf8");
  const saved = await saveOver(example, (v) => ({ profile: { ...v.profile, upgradeCutoff: 400 } }), {
    env: EXAMPLE_KEYS,
  });
  expect(saved).toBe(
    example.replace("extractEmbedded = false\n", "extractEmbedded = false\nupgradeCutoff = 400\n"),
  );
});

test("a patch that would not read back as the settings saved is not written: the file is written anew, and debug says why", async () => {
  // toml-patch 3.3.0 writes a multi-line string's new value with the file's CRLF inside it, which
  // is another value. The check catches it, so the file is written from the settings instead.
  const s = settingsRuntime(
    '# Transcription.\r\n[whisper]\r\nmodel = """\r\nwhisper-1"""\r\nconcurrency = 2\r\n',
  );
  const debug: [string, Record<string, unknown> | undefined][] = [];
  const log = {
    debug: (msg: string, fields?: Record<string, unknown>) => debug.push([msg, fields]),
    info() {},
    warn() {},
    error() {},
    child() {
      return log;
    },
  };
  try {
    const service = createSettingsService({
      env: s.env,
      cwd: s.dataDir,
      running: loadConfig({ env: s.env, cwd: s.dataDir }).config,
      reload: () => ({ ok: true, restartNeeded: [] }),
      log,
    });
    const doc = service.document();
    const values = doc.values as Values;
    const outcome = service.save({
      revision: doc.revision,
      values: { whisper: { ...values.whisper, model: "large-v3\nturbo" } },
    });
    expect(outcome.ok).toBe(true);
    const saved = readFileSync(s.configFile, "utf8");
    expect(saved).toStartWith("# Subhound configuration, saved by the settings page;");
    expect(parse(saved)).toEqual({ whisper: { model: "large-v3\nturbo", concurrency: 2 } });
    expect(debug).toEqual([
      [
        "config.toml written anew: its comments and layout could not be kept",
        {
          file: s.configFile,
          reason: "the patched file reads differently at whisper.model",
        },
      ],
    ]);
  } finally {
    await s.close();
  }
});

test("a save to a file that only has comments keeps them", async () => {
  const toml = "# Nothing set yet; see deploy/config.example.toml.\n";
  const s = settingsRuntime(toml);
  try {
    const doc = await getSettings(s.runtime);
    const res = await putSettings(s.runtime, { revision: doc.revision, values: { languages: ["fr"] } });
    expect(res.status).toBe(200);
    expect(readFileSync(s.configFile, "utf8")).toBe(`${toml}languages = [ "fr" ]\n`);
  } finally {
    await s.close();
  }
});
