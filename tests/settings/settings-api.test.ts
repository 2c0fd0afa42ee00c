import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { parse } from "smol-toml";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { type Json, jsonOf, request } from "../support/runtime.ts";
import { API_KEY, getSettings, putSettings, settingsRuntime } from "./support.ts";

let sonarr: FakeSonarr;
beforeAll(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-secret-key-1" });
});
afterAll(() => sonarr.stop());

const BASE_TOML = (url: string) => `languages = ["en"]

[[sonarr]]
name = "main"
url = "${url}"
apiKey = "sonarr-secret-key-1"

[[sonarr]]
name = "second"
url = "http://admin:url-password-9@second.test:8989"
apiKey = "second-secret-key-2"

[providers.subdl]
enabled = true
apiKey = "subdl-secret-key-3"
`;
const SECRETS = [
  "sonarr-secret-key-1",
  "second-secret-key-2",
  "url-password-9",
  "subdl-secret-key-3",
  API_KEY,
];

describe("GET /settings", () => {
  test("values without any secret, which secrets are set, which keys the environment sets", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url), { SUBHOUND_SEARCH__CONCURRENCY: "2" });
    try {
      const res = await request(s.runtime, "/api/v1/settings", { key: API_KEY });
      const text = await res.text();
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      const doc = JSON.parse(text);
      expect(doc.configFile).toBe(s.configFile);
      expect(doc.values.sonarr.map((i: { id: string; name: string }) => [i.id, i.name])).toEqual([
        ["0", "main"],
        ["1", "second"],
      ]);
      expect(doc.values.sonarr[0].apiKey).toBeUndefined();
      expect(doc.values.sonarr[1].url).toBe("http://***@second.test:8989");
      expect(doc.values.search.concurrency).toBe(2);
      expect(doc.secrets["sonarr.0.apiKey"]).toEqual({ set: true });
      expect(doc.secrets["providers.subdl.apiKey"]).toEqual({ set: true });
      expect(doc.secrets["providers.jimaku.apiKey"]).toEqual({ set: false });
      expect(doc.secrets["whisper.apiKey"]).toEqual({ set: false });
      expect(doc.env).toMatchObject({
        "search.concurrency": "SUBHOUND_SEARCH__CONCURRENCY",
        "auth.apiKey": "SUBHOUND_API_KEY",
      });
      expect(doc.pendingRestart).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe("GET /settings of a file that does not load", () => {
  test("409 naming the key, the file and its line, without the bad value's credentials", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      writeFileSync(
        s.configFile,
        `${readFileSync(s.configFile, "utf8")}\n[server]\nport = "http://admin:typo-secret-8@x"\n`,
      );
      const res = await request(s.runtime, "/api/v1/settings", { key: API_KEY });
      expect(res.status).toBe(409);
      expect((await jsonOf(res)).detail).toBe(
        `the configuration does not load: server.port: expected a whole number from 0 to 65535, got "http://***@x" (in ${s.configFile}, line 18)`,
      );
    } finally {
      await s.close();
    }
  });
});

describe("PUT /settings", () => {
  test("a save writes config.toml atomically with a backup, keeps untyped secrets and applies at once", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      const before = readFileSync(s.configFile, "utf8");
      const doc = await getSettings(s.runtime);
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { ...doc.values, languages: ["en", "pt-BR"], search: { ...doc.values.search, minScore: 40 } },
        secrets: { "providers.jimaku.apiKey": "jimaku-secret-key-4" },
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      for (const secret of [...SECRETS, "jimaku-secret-key-4"]) expect(text).not.toContain(secret);
      const body = JSON.parse(text);
      expect(body.restartNeeded).toEqual([]);
      expect(body.settings.secrets["providers.jimaku.apiKey"]).toEqual({ set: true });
      expect(body.settings.revision).not.toBe(doc.revision);

      expect(readFileSync(`${s.configFile}.bak`, "utf8")).toBe(before);
      const file = parse(readFileSync(s.configFile, "utf8")) as Json;
      expect(file.languages).toEqual(["en", "pt-BR"]);
      expect(file.sonarr[0].apiKey).toBe("sonarr-secret-key-1");
      expect(file.sonarr[1].url).toBe("http://admin:url-password-9@second.test:8989");
      expect(file.providers.subdl.apiKey).toBe("subdl-secret-key-3");
      expect(file.providers.jimaku.apiKey).toBe("jimaku-secret-key-4");
      // Defaults the page sent back are not written: the file stays what the user set.
      expect(file.server).toBeUndefined();
      expect(file.search).toEqual({ minScore: 40 });
      expect(file.auth).toBeUndefined();
      expect(file.sonarr[0].timeoutMs).toBeUndefined();
      // Applied without a restart.
      const config = s.runtime.deps.config;
      expect(config.languages).toEqual(["en", "pt-BR"]);
      expect(config.search.minScore).toBe(40);
      expect(s.runtime.deps.providers.names()).toEqual(["subdl"]);
    } finally {
      await s.close();
    }
  });

  test("removing and reordering instances keeps each instance's own secrets", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      const doc = await getSettings(s.runtime);
      const [main, second] = doc.values.sonarr;
      const third = { name: "third", url: "http://third.test:8989" };
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { sonarr: [third, second, { ...main, name: "renamed" }] },
        secrets: { "sonarr.0.apiKey": "third-secret-key-5" },
      });
      expect(res.status).toBe(200);
      const file = parse(readFileSync(s.configFile, "utf8")) as Json;
      expect(file.sonarr.map((i: { name: string; apiKey: string }) => [i.name, i.apiKey])).toEqual([
        ["third", "third-secret-key-5"],
        ["second", "second-secret-key-2"],
        ["renamed", "sonarr-secret-key-1"],
      ]);
      const next = await getSettings(s.runtime);
      const removed = await putSettings(s.runtime, {
        revision: next.revision,
        values: { sonarr: [next.values.sonarr[2]] },
      });
      expect(removed.status).toBe(200);
      const after = parse(readFileSync(s.configFile, "utf8")) as Json;
      expect(after.sonarr).toEqual([{ name: "renamed", url: sonarr.url, apiKey: "sonarr-secret-key-1" }]);
      expect(s.runtime.deps.config.sonarr.map((i) => i.name)).toEqual(["renamed"]);
    } finally {
      await s.close();
    }
  });

  test("invalid values answer 422 naming each key, and nothing is written", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      const before = readFileSync(s.configFile, "utf8");
      const doc = await getSettings(s.runtime);
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: {
          sonarr: [{ ...doc.values.sonarr[0], url: "not a url" }],
          search: { ...doc.values.search, concurrency: 99 },
          languages: ["xx-nope"],
        },
      });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await jsonOf(res);
      expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "languages.0",
        "search.concurrency",
        "sonarr.0.url",
      ]);
      // Each message is for the field the user typed in, not a claim about the file it was never saved to.
      const url = problem.errors.find((e: { path: string }) => e.path === "sonarr.0.url");
      expect(url.message).toBe("expected an http(s) URL");
      expect(problem.detail).not.toContain("config.toml");
      expect(readFileSync(s.configFile, "utf8")).toBe(before);
      expect(existsSync(`${s.configFile}.bak`)).toBe(false);
    } finally {
      await s.close();
    }
  });

  test("a value shown with *** where a secret stood in it is saved back as the file had it", async () => {
    // A plain password that is also a host and folder name: the response scrubber masks it everywhere.
    const s = settingsRuntime(
      `[auth]\nusername = "me"\npassword = "homelab1"\n\n[standalone]\nroots = ["/srv/homelab1/tv", "/srv/other"]\n\n[[mediaServers]]\ntype = "jellyfin"\nurl = "http://homelab1:8096"\napiKey = "jellyfin-secret-key-7"\n`,
      {
        SUBHOUND_SEARCH__SCHEDULE: "0 */6 * * *",
        SUBHOUND_PATH_MAPPINGS__0__FROM: "/homelab1",
        SUBHOUND_PATH_MAPPINGS__0__TO: "/mnt",
      },
    );
    try {
      const doc = await getSettings(s.runtime);
      expect(doc.values.standalone.roots).toEqual(["/srv/***/tv", "/srv/other"]);
      expect(doc.values.mediaServers[0].url).toBe("http://***:8096");
      expect(doc.values.pathMappings).toEqual([{ from: "/***", to: "/mnt" }]);
      const unchanged = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { ...doc.values, standalone: { roots: [...doc.values.standalone.roots, "/srv/new"] } },
      });
      expect(unchanged.status).toBe(200);
      const file = parse(readFileSync(s.configFile, "utf8")) as Json;
      expect(file.standalone.roots).toEqual(["/srv/homelab1/tv", "/srv/other", "/srv/new"]);
      expect(file.mediaServers[0].url).toBe("http://homelab1:8096");
      expect(s.runtime.deps.config.mediaServers[0]!.url).toBe("http://homelab1:8096");

      // Edited around the mask, the hidden part is unknown: refused, never written as ***.
      const next = await getSettings(s.runtime);
      const edited = await putSettings(s.runtime, {
        revision: next.revision,
        values: { mediaServers: [{ ...next.values.mediaServers[0], url: "http://***:8097" }] },
      });
      expect(edited.status).toBe(422);
      const problem = await jsonOf(edited);
      expect(problem.errors).toEqual([
        { path: "mediaServers.0.url", message: "holds *** where a secret was hidden; type the whole value" },
      ]);
      expect(readFileSync(s.configFile, "utf8")).toContain("http://homelab1:8096");
    } finally {
      await s.close();
    }
  });

  test("a default shown with *** where a secret stood in it stays the default, not written", async () => {
    // The password is the provider's name, so its default API URL shows masked too.
    const s = settingsRuntime(
      `[providers.opensubtitles]\nenabled = true\napiKey = "os-consumer-key-0123"\nusername = "me"\npassword = "opensubtitles"\n`,
    );
    try {
      const doc = await getSettings(s.runtime);
      expect(doc.values.providers.opensubtitles.baseUrl).toBe("https://api.***.com/api/v1");
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { ...doc.values, languages: ["de"] },
      });
      expect(res.status).toBe(200);
      const file = parse(readFileSync(s.configFile, "utf8")) as Json;
      expect(file.providers.opensubtitles).toEqual({
        enabled: true,
        apiKey: "os-consumer-key-0123",
        username: "me",
        password: "opensubtitles",
      });
    } finally {
      await s.close();
    }
  });

  test("a save made from an older revision is refused: a newer edit of the file is never lost", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      const doc = await getSettings(s.runtime);
      writeFileSync(s.configFile, `${readFileSync(s.configFile, "utf8")}\n[scan]\nfullEvery = 3\n`);
      const res = await putSettings(s.runtime, { revision: doc.revision, values: { languages: ["de"] } });
      expect(res.status).toBe(409);
      expect((await jsonOf(res)).detail).toContain("changed since");
    } finally {
      await s.close();
    }
  });

  test("env-set keys are read-only: never written to the file, a change names the variable", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url), {
      SUBHOUND_LANGUAGES: "de,fr",
      SUBHOUND_SONARR__0__API_KEY: "env-secret-key-6",
    });
    try {
      const doc = await getSettings(s.runtime);
      expect(doc.env).toMatchObject({
        languages: "SUBHOUND_LANGUAGES",
        "sonarr.0.apiKey": "SUBHOUND_SONARR__0__API_KEY",
      });
      const changed = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { languages: ["en"] },
        secrets: { "sonarr.0.apiKey": "typed-key" },
      });
      expect(changed.status).toBe(422);
      const problem = await jsonOf(changed);
      expect(problem.errors).toEqual([
        { path: "sonarr.0.apiKey", message: "is set by SUBHOUND_SONARR__0__API_KEY; change it there" },
        { path: "languages", message: "is set by SUBHOUND_LANGUAGES; change it there" },
      ]);
      const same = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { ...doc.values, profile: { ...doc.values.profile, forced: "separate" } },
      });
      expect(same.status).toBe(200);
      const file = readFileSync(s.configFile, "utf8");
      expect(file).not.toContain("env-secret-key-6");
      expect(file).not.toContain("fr");
      const tree = parse(file) as Json;
      expect(tree.languages).toEqual(["en"]);
      expect(tree.sonarr[0].apiKey).toBe("sonarr-secret-key-1");
      expect(tree.profile).toEqual({ forced: "separate" });
    } finally {
      await s.close();
    }
  });

  test("an instance only variables make is not written to the file, and cannot be removed here", async () => {
    const s = settingsRuntime(`languages = ["en"]\n`, {
      SUBHOUND_SONARR__0__URL: sonarr.url,
      SUBHOUND_SONARR__0__API_KEY: "sonarr-secret-key-1",
      SUBHOUND_PATH_MAPPINGS__0__FROM: "/tv",
      SUBHOUND_PATH_MAPPINGS__0__TO: "/mnt/tv",
    });
    try {
      const doc = await getSettings(s.runtime);
      expect(doc.values.sonarr).toHaveLength(1);
      const same = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { ...doc.values, languages: ["en", "de"] },
      });
      expect(same.status).toBe(200);
      // No empty [[sonarr]] or [[pathMappings]] left behind, which would not load without the variables.
      expect(parse(readFileSync(s.configFile, "utf8"))).toEqual({ languages: ["en", "de"] });

      const next = await getSettings(s.runtime);
      const removed = await putSettings(s.runtime, {
        revision: next.revision,
        values: { ...next.values, sonarr: [], pathMappings: [] },
      });
      expect(removed.status).toBe(422);
      expect((await jsonOf(removed)).errors).toEqual([
        { path: "sonarr.0.url", message: "is set by SUBHOUND_SONARR__0__URL; change it there" },
        { path: "sonarr.0.apiKey", message: "is set by SUBHOUND_SONARR__0__API_KEY; change it there" },
        {
          path: "pathMappings.0.from",
          message: "is set by SUBHOUND_PATH_MAPPINGS__0__FROM; change it there",
        },
        { path: "pathMappings.0.to", message: "is set by SUBHOUND_PATH_MAPPINGS__0__TO; change it there" },
      ]);
      expect(s.runtime.deps.config.sonarr).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  test("without a config file the first save creates config.toml (owner-only) in the data dir", async () => {
    const s = settingsRuntime(null);
    try {
      const doc = await getSettings(s.runtime);
      expect(doc.fileExists).toBe(false);
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: {
          providers: {
            ...doc.values.providers,
            podnapisi: { ...doc.values.providers.podnapisi, enabled: true },
          },
        },
      });
      expect(res.status).toBe(200);
      expect(statSync(s.configFile).mode & 0o777).toBe(0o600);
      expect(parse(readFileSync(s.configFile, "utf8"))).toEqual({
        providers: { podnapisi: { enabled: true } },
      });
      expect(s.runtime.deps.providers.names()).toEqual(["podnapisi"]);
      expect((await getSettings(s.runtime)).fileExists).toBe(true);
    } finally {
      await s.close();
    }
  });

  test("a field sent as null leaves the file and its default applies; a key left out is kept", async () => {
    const s = settingsRuntime(`${BASE_TOML(sonarr.url)}
[search]
minScore = 40
concurrency = 3
`);
    try {
      const doc = await getSettings(s.runtime);
      expect(doc.values.search.minScore).toBe(40);
      const { minScore: _, concurrency: __, ...rest } = doc.values.search;
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { search: { ...rest, minScore: null } },
      });
      expect(res.status).toBe(200);
      const file = parse(readFileSync(s.configFile, "utf8")) as { search: Record<string, unknown> };
      expect(file.search.minScore).toBeUndefined();
      expect(file.search.concurrency).toBe(3);
      expect(s.runtime.deps.config.search.minScore).toBe(0);
    } finally {
      await s.close();
    }
  });

  test("a restart-only key is saved, named in restartNeeded and pending until then", async () => {
    const s = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      const doc = await getSettings(s.runtime);
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { log: { ...doc.values.log, level: "debug" } },
      });
      const body = await jsonOf(res);
      expect(body.restartNeeded).toEqual(["log.level"]);
      expect(body.settings.pendingRestart).toEqual(["log.level"]);
      expect(s.runtime.deps.config.log.level).toBe("info");
    } finally {
      await s.close();
    }
  });

  test("the page's save and the same edit typed into config.toml + reload end in the same state", async () => {
    const viaPage = settingsRuntime(BASE_TOML(sonarr.url));
    const viaFile = settingsRuntime(BASE_TOML(sonarr.url));
    try {
      const doc = await getSettings(viaPage.runtime);
      const saved = await putSettings(viaPage.runtime, {
        revision: doc.revision,
        values: {
          languages: ["en", "de"],
          sonarr: [doc.values.sonarr[0]],
          standalone: { roots: ["/srv/other"] },
          providers: {
            ...doc.values.providers,
            podnapisi: { ...doc.values.providers.podnapisi, enabled: true, priority: 5 },
          },
        },
      });
      expect(saved.status).toBe(200);
      writeFileSync(
        viaFile.configFile,
        `languages = ["en", "de"]\n\n[[sonarr]]\nname = "main"\nurl = "${sonarr.url}"\napiKey = "sonarr-secret-key-1"\n\n[standalone]\nroots = ["/srv/other"]\n\n[providers.subdl]\nenabled = true\napiKey = "subdl-secret-key-3"\n\n[providers.podnapisi]\nenabled = true\npriority = 5\n`,
      );
      expect(
        (await request(viaFile.runtime, "/api/v1/system/reload", { key: API_KEY, method: "POST" })).status,
      ).toBe(200);
      const strip = (d: { values: Record<string, unknown> }) => ({
        ...d,
        revision: "",
        configFile: "",
        values: { ...d.values, dataDir: "" },
      });
      expect(strip(await getSettings(viaPage.runtime))).toEqual(strip(await getSettings(viaFile.runtime)));
      const running = (rt: typeof viaPage.runtime) => ({ ...rt.deps.config, dataDir: "" });
      expect(running(viaPage.runtime)).toEqual(running(viaFile.runtime));
      expect(viaPage.runtime.deps.providers.names()).toEqual(viaFile.runtime.deps.providers.names());
    } finally {
      await viaPage.close();
      await viaFile.close();
    }
  });
});
