import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { parse } from "smol-toml";
import type { paths } from "../../generated/api-types.d.ts";
import { API_KEY, settingsRuntime } from "./support.ts";

/**
 * The settings routes driven through the client generated from openapi.json: every call
 * type-checks against the spec, and each answer has the status and media type the spec declares.
 */
const FULL_TOML = `languages = ["en", "pt-BR"]
pathMappings = [{ from = "/media", to = "/mnt/media" }]

[server]
port = 7000

[profile]
forced = "separate"
formats = ["srt"]

[[sonarr]]
name = "main"
url = "http://sonarr.test:8989"
apiKey = "sonarr-secret-key-1"
pathMappings = [{ from = "/tv", to = "/mnt/tv" }]
timeoutMs = 20000

[[radarr]]
name = "movies"
url = "http://user:url-secret-2@radarr.test:7878"
apiKey = "radarr-secret-key-3"
enabled = false

[standalone]
roots = ["/srv/other"]

[scan]
schedule = "15 */4 * * *"
fullEvery = 3

[providers.opensubtitles]
enabled = true
apiKey = "os-secret-key-4"
username = "me"
password = "os-secret-password-5"
priority = 10

[translation]
chain = ["deepl", "ollama"]

[translation.deepl]
apiKey = "deepl-secret-key-6"

[[mediaServers]]
type = "jellyfin"
url = "http://jellyfin.test:8096"
apiKey = "jellyfin-secret-key-7"

[whisper]
enabled = true
backend = "openai"
apiKey = "whisper-secret-key-8"

[health.timeouts]
whisper_backends = 60000
`;
const SECRETS = [
  "sonarr-secret-key-1",
  "url-secret-2",
  "radarr-secret-key-3",
  "os-secret-key-4",
  "os-secret-password-5",
  "deepl-secret-key-6",
  "jellyfin-secret-key-7",
  "whisper-secret-key-8",
];

const s = settingsRuntime(FULL_TOML);
afterAll(() => s.close());
const api = createClient<paths>({
  baseUrl: "http://subhound.test",
  headers: { "X-Api-Key": API_KEY },
  fetch: (request) => Promise.resolve(s.runtime.app.fetch(request)),
});

test("every setting round-trips: the document saved back unchanged leaves config.toml's values as they were", async () => {
  const got = await api.GET("/api/v1/settings");
  expect(got.response.status).toBe(200);
  const text = JSON.stringify(got.data);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(
    Object.entries(got.data!.secrets)
      .filter(([, v]) => v.set)
      .map(([k]) => k)
      .sort(),
  ).toEqual([
    "auth.apiKey",
    "mediaServers.0.apiKey",
    "providers.opensubtitles.apiKey",
    "providers.opensubtitles.password",
    "radarr.0.apiKey",
    "sonarr.0.apiKey",
    "translation.deepl.apiKey",
    "whisper.apiKey",
  ]);
  const before = parse(readFileSync(s.configFile, "utf8"));
  const saved = await api.PUT("/api/v1/settings", {
    body: { revision: got.data!.revision, values: got.data!.values },
  });
  expect(saved.response.status).toBe(200);
  for (const secret of SECRETS) expect(JSON.stringify(saved.data)).not.toContain(secret);
  expect(parse(readFileSync(s.configFile, "utf8"))).toEqual(before);
  expect({ ...saved.data!.settings, revision: "" }).toEqual({ ...got.data!, revision: "" });
  expect(saved.data!.restartNeeded).toEqual([]);
});

test("refusals are problems: 409 for a stale revision, 422 naming the key, 400 for a malformed body", async () => {
  const stale = await api.PUT("/api/v1/settings", { body: { revision: "0000", values: {} } });
  expect(stale.response.status).toBe(409);
  expect(stale.response.headers.get("content-type")).toStartWith("application/problem+json");
  const current = await api.GET("/api/v1/settings");
  const invalid = await api.PUT("/api/v1/settings", {
    body: { revision: current.data!.revision, values: { scan: { schedule: "every day" } } },
  });
  expect(invalid.response.status).toBe(422);
  expect(invalid.error).toMatchObject({ status: 422, errors: [{ path: "scan.schedule" }] });
  const malformed = await api.PUT("/api/v1/settings", { body: { values: {} } as never });
  expect(malformed.response.status).toBe(400);
});

test("arr Test answers 200 either way; the API key routes need a signed-in browser", async () => {
  const tested = await api.POST("/api/v1/settings/arr/test", {
    body: { kind: "radarr", url: "http://127.0.0.1:9", id: "0" },
  });
  expect(tested.response.status).toBe(200);
  expect(tested.data!.ok).toBe(false);
  expect(JSON.stringify(tested.data)).not.toContain("radarr-secret-key-3");
  const key = await api.GET("/api/v1/auth/api-key");
  expect(key.response.status).toBe(403);
  const regenerate = await api.POST("/api/v1/auth/api-key/regenerate");
  expect(regenerate.response.status).toBe(403);
  const password = await api.POST("/api/v1/auth/password", {
    body: { currentPassword: "x", newPassword: "long enough password" },
  });
  expect(password.response.status).toBe(409);
});
