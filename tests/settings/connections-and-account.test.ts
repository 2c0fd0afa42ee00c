import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { browserRequest, sessionCookie } from "../auth/support.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { type Json, jsonOf, request } from "../support/runtime.ts";
import { API_KEY, getSettings, putSettings, settingsRuntime } from "./support.ts";

let sonarr: FakeSonarr;
beforeAll(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-secret-key-1" });
  sonarr.addSeries({ title: "Show", path: "/tv/Show", year: 2020 });
});
afterAll(() => sonarr.stop());

const testArr = (rt: Parameters<typeof request>[0], body: unknown) =>
  request(rt, "/api/v1/settings/arr/test", {
    key: API_KEY,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("Sonarr/Radarr instances", () => {
  test("Test as typed says the version or why not, with the saved key when none is typed; never the key", async () => {
    const s = settingsRuntime(
      `[[sonarr]]\nname = "main"\nurl = "${sonarr.url}"\napiKey = "sonarr-secret-key-1"\n`,
    );
    try {
      const typed = await testArr(s.runtime, {
        kind: "sonarr",
        url: sonarr.url,
        apiKey: "sonarr-secret-key-1",
      });
      expect(await jsonOf(typed)).toMatchObject({ ok: true, message: expect.stringContaining("Sonarr") });
      const saved = await jsonOf(testArr(s.runtime, { kind: "sonarr", url: sonarr.url, id: "0" }));
      expect(saved.ok).toBe(true);
      expect(saved.version).toEqual(expect.any(String));
      const wrong = await testArr(s.runtime, {
        kind: "sonarr",
        url: sonarr.url,
        apiKey: "wrong-key-typed-here",
      });
      const text = await wrong.text();
      expect(JSON.parse(text).ok).toBe(false);
      expect(text).not.toContain("wrong-key-typed-here");
      expect(text).not.toContain("sonarr-secret-key-1");
      const radarr = await jsonOf(testArr(s.runtime, { kind: "radarr", url: sonarr.url, id: "0" }));
      expect(radarr.ok).toBe(false);
      const none = await jsonOf(testArr(s.runtime, { kind: "sonarr", url: sonarr.url }));
      expect(none).toMatchObject({ ok: false, message: expect.stringContaining("API key") });
    } finally {
      await s.close();
    }
  });

  test("an instance added by a save is listed by the next scan, without a restart", async () => {
    const s = settingsRuntime(null);
    try {
      const doc = await getSettings(s.runtime);
      const seriesListedBefore = sonarr.requests.count("/api/v3/series");
      const res = await putSettings(s.runtime, {
        revision: doc.revision,
        values: { sonarr: [{ name: "added", url: sonarr.url }] },
        secrets: { "sonarr.0.apiKey": "sonarr-secret-key-1" },
      });
      expect(res.status).toBe(200);
      const scan = await request(s.runtime, "/api/v1/wanted/scan", {
        key: API_KEY,
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ full: true }),
      });
      expect(scan.status).toBe(202);
      await s.runtime.deps.scanner.whenIdle();
      expect(sonarr.requests.count("/api/v3/series")).toBeGreaterThan(seriesListedBefore);
    } finally {
      await s.close();
    }
  });
});

describe("standalone folders", () => {
  test("Test lists a folder as a scan would: videos counted, a missing or relative one refused", async () => {
    const s = settingsRuntime(null);
    try {
      const media = join(s.dataDir, "media", "Film (2020)");
      mkdirSync(media, { recursive: true });
      writeFileSync(join(media, "Film (2020).mkv"), "video");
      writeFileSync(join(media, "notes.txt"), "not a video");
      const folderTest = (path: string) =>
        jsonOf(
          request(s.runtime, "/api/v1/settings/folder/test", {
            key: API_KEY,
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ path }),
          }),
        );
      expect(await folderTest(join(s.dataDir, "media"))).toEqual({
        ok: true,
        message: "1 video found",
        videos: 1,
      });
      expect(await folderTest(join(s.dataDir, "absent"))).toMatchObject({ ok: false, videos: null });
      expect(await folderTest("media")).toMatchObject({
        ok: false,
        message: expect.stringContaining("absolute"),
      });
    } finally {
      await s.close();
    }
  });
});

async function signedIn(rt: Parameters<typeof request>[0]) {
  const res = await browserRequest(rt, "/api/v1/auth/setup", {
    method: "POST",
    body: { username: "admin", password: "first-password" },
  });
  expect(res.status).toBe(200);
  return sessionCookie(res);
}

describe("authentication", () => {
  test("the API key is shown to a signed-in browser only, and a regenerated key replaces the old at once", async () => {
    const s = settingsRuntime(null, {}, { apiKeyInEnv: false });
    try {
      const cookie = await signedIn(s.runtime);
      const oldKey = s.runtime.key.apiKey;
      expect((await request(s.runtime, "/api/v1/auth/api-key", { key: oldKey })).status).toBe(403);
      const shown = await jsonOf(browserRequest(s.runtime, "/api/v1/auth/api-key", { cookie }));
      expect(shown).toEqual({ apiKey: oldKey, source: { kind: "database" } });
      // Every other answer still hides it.
      expect(
        await (await browserRequest(s.runtime, "/api/v1/system/status", { cookie })).text(),
      ).not.toContain(oldKey);

      const regenerated = await jsonOf(
        browserRequest(s.runtime, "/api/v1/auth/api-key/regenerate", { method: "POST", cookie }),
      );
      expect(regenerated.apiKey).not.toBe(oldKey);
      expect((await request(s.runtime, "/api/v1/wanted/summary", { key: oldKey })).status).toBe(401);
      expect((await request(s.runtime, "/api/v1/wanted/summary", { key: regenerated.apiKey })).status).toBe(
        200,
      );
    } finally {
      await s.close();
    }
  });

  test("a key kept in config.toml is regenerated there; one set by the environment cannot be", async () => {
    const inFile = settingsRuntime(
      `[auth]\napiKey = "file-api-key-0123456789"\n`,
      {},
      { apiKeyInEnv: false },
    );
    const inEnv = settingsRuntime(null);
    try {
      const cookie = await signedIn(inFile.runtime);
      const res = await jsonOf(
        browserRequest(inFile.runtime, "/api/v1/auth/api-key/regenerate", { method: "POST", cookie }),
      );
      expect(res.source).toEqual({ kind: "file" });
      expect((parse(readFileSync(inFile.configFile, "utf8")) as Json).auth.apiKey).toBe(res.apiKey);
      expect(
        (await request(inFile.runtime, "/api/v1/wanted/summary", { key: "file-api-key-0123456789" })).status,
      ).toBe(401);
      expect((await request(inFile.runtime, "/api/v1/wanted/summary", { key: res.apiKey })).status).toBe(200);

      const envCookie = await signedIn(inEnv.runtime);
      const refused = await browserRequest(inEnv.runtime, "/api/v1/auth/api-key/regenerate", {
        method: "POST",
        cookie: envCookie,
      });
      expect(refused.status).toBe(409);
      expect((await jsonOf(refused)).detail).toContain("SUBHOUND_API_KEY");
    } finally {
      await inFile.close();
      await inEnv.close();
    }
  });

  test("a password change needs the current one, signs other sessions out, and the new one works", async () => {
    const s = settingsRuntime(null);
    try {
      const cookie = await signedIn(s.runtime);
      const other = sessionCookie(
        await browserRequest(s.runtime, "/api/v1/auth/login", {
          method: "POST",
          body: { username: "admin", password: "first-password" },
        }),
      );
      const wrong = await browserRequest(s.runtime, "/api/v1/auth/password", {
        method: "POST",
        cookie,
        body: { currentPassword: "not-it", newPassword: "second-password" },
      });
      expect(wrong.status).toBe(422);
      const ok = await browserRequest(s.runtime, "/api/v1/auth/password", {
        method: "POST",
        cookie,
        body: { currentPassword: "first-password", newPassword: "second-password" },
      });
      expect(await jsonOf(ok)).toEqual({ otherSessionsEnded: 1 });
      expect((await browserRequest(s.runtime, "/api/v1/wanted/summary", { cookie })).status).toBe(200);
      expect((await browserRequest(s.runtime, "/api/v1/wanted/summary", { cookie: other })).status).toBe(401);
      const login = (password: string) =>
        browserRequest(s.runtime, "/api/v1/auth/login", {
          method: "POST",
          body: { username: "admin", password },
        });
      expect((await login("first-password")).status).toBe(401);
      expect((await login("second-password")).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  test("current-password guesses sent all at once are limited like guesses one after another", async () => {
    const s = settingsRuntime(null);
    try {
      const cookie = await signedIn(s.runtime);
      const guesses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          browserRequest(s.runtime, "/api/v1/auth/password", {
            method: "POST",
            cookie,
            body: { currentPassword: `guess number ${i}`, newPassword: "second-password" },
          }),
        ),
      );
      const statuses = guesses.map((res) => res.status);
      expect(statuses.filter((status) => status === 422)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    } finally {
      await s.close();
    }
  });

  test("a login kept in config.toml gets the new password's hash there", async () => {
    const s = settingsRuntime(`[auth]\nusername = "admin"\npassword = "file-password"\n`);
    try {
      const cookie = sessionCookie(
        await browserRequest(s.runtime, "/api/v1/auth/login", {
          method: "POST",
          body: { username: "admin", password: "file-password" },
        }),
      );
      const res = await browserRequest(s.runtime, "/api/v1/auth/password", {
        method: "POST",
        cookie,
        body: { currentPassword: "file-password", newPassword: "changed-password" },
      });
      expect(res.status).toBe(200);
      const stored = (parse(readFileSync(s.configFile, "utf8")) as Json).auth.password as string;
      expect(stored.startsWith("$argon2id$")).toBe(true);
      const login = await browserRequest(s.runtime, "/api/v1/auth/login", {
        method: "POST",
        body: { username: "admin", password: "changed-password" },
      });
      expect(login.status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
