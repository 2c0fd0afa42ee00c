import { afterAll, beforeAll, expect, test } from "bun:test";
import { type FakeJellyfin, startFakeJellyfin } from "../fakes/jellyfin.ts";
import { type FakePlex, startFakePlex } from "../fakes/plex.ts";
import { type Json, request } from "../support/runtime.ts";
import { API_KEY, getSettings, settingsRuntime } from "./support.ts";

const JELLYFIN_KEY = "jellyfin-secret-key-0123456789";
const PLEX_TOKEN = "plex-secret-token-abcdef";

let jellyfin: FakeJellyfin;
let plex: FakePlex;
beforeAll(async () => {
  jellyfin = await startFakeJellyfin(JELLYFIN_KEY);
  plex = await startFakePlex(PLEX_TOKEN);
});
afterAll(async () => {
  await jellyfin.stop();
  await plex.stop();
});

const testServer = async (
  rt: Parameters<typeof request>[0],
  body: unknown,
): Promise<Json & { raw: string }> => {
  const res = await request(rt, "/api/v1/settings/mediaserver/test", {
    key: API_KEY,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const raw = await res.text();
  return { ...JSON.parse(raw), raw };
};

test("a media server is tested as typed, or with its saved key; the answer never holds the key", async () => {
  const s = settingsRuntime(
    `[[mediaServers]]\ntype = "jellyfin"\nname = "living"\nurl = "${jellyfin.url}"\napiKey = "${JELLYFIN_KEY}"\n`,
  );
  try {
    const doc = await getSettings(s.runtime);
    expect(JSON.stringify(doc)).not.toContain(JELLYFIN_KEY);
    const typed = await testServer(s.runtime, { type: "jellyfin", url: jellyfin.url, apiKey: JELLYFIN_KEY });
    expect(typed.ok).toBe(true);
    expect(typed.version).toEqual(expect.any(String));
    const saved = await testServer(s.runtime, { type: "jellyfin", url: `${jellyfin.url}/`, id: "0" });
    expect(saved).toMatchObject({ ok: true, version: typed.version });
    const wrong = await testServer(s.runtime, { type: "jellyfin", url: jellyfin.url, apiKey: "wrong-key-1" });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/401|auth|key/i);
    // The saved key belongs to a Jellyfin: switched to Plex in the page, it is not sent there.
    const switched = await testServer(s.runtime, { type: "plex", url: plex.url, id: "0" });
    expect(switched).toMatchObject({ ok: false, message: expect.stringContaining("Plex token is needed") });
    const noKey = await testServer(s.runtime, { type: "emby", url: jellyfin.url });
    expect(noKey).toMatchObject({ ok: false, version: null, message: expect.stringContaining("API key") });
    const badUrl = await testServer(s.runtime, { type: "jellyfin", url: "jellyfin:8096", apiKey: "k" });
    expect(badUrl.message).toContain("http://jellyfin:8096");
    for (const answer of [typed, saved, wrong, switched]) expect(answer.raw).not.toContain(JELLYFIN_KEY);
  } finally {
    await s.close();
  }
});

test("a Plex server's test proves the token through its library list", async () => {
  const s = settingsRuntime(null);
  try {
    const ok = await testServer(s.runtime, {
      type: "plex",
      url: plex.url,
      apiKey: PLEX_TOKEN,
      pathMappings: [{ from: "/data/tv", to: "/tv" }],
    });
    expect(ok.ok).toBe(true);
    expect(ok.message).toContain("libraries");
    expect(ok.raw).not.toContain(PLEX_TOKEN);
    const wrong = await testServer(s.runtime, { type: "plex", url: plex.url, apiKey: "not-the-token" });
    expect(wrong.ok).toBe(false);
    expect(wrong.raw).not.toContain("not-the-token");
    const nothing = await testServer(s.runtime, {
      type: "plex",
      url: "http://127.0.0.1:1",
      apiKey: PLEX_TOKEN,
    });
    expect(nothing.ok).toBe(false);
    expect(nothing.raw).not.toContain(PLEX_TOKEN);
  } finally {
    await s.close();
  }
});

test("a bad body is a problem, not a test", async () => {
  const s = settingsRuntime(null);
  try {
    const res = await request(s.runtime, "/api/v1/settings/mediaserver/test", {
      key: API_KEY,
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "kodi", url: "http://kodi" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("problem+json");
  } finally {
    await s.close();
  }
});
