import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config/load.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";

let sonarr: FakeSonarr;
let runtime: Runtime;
let dir: string;

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  dir = mkdtempSync(join(tmpdir(), "subhound-profiles-api-"));
  const show = sonarr.addSeries({ title: "Frieren", path: "/tv/Frieren", tags: ["anime"] });
  sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1], audioLanguages: "jpn" });
  sonarr.addEpisodeFile(show.id, { season: 0, episodes: [1], audioLanguages: "jpn" });
  const config = testConfig({
    languages: ["en"],
    profiles: {
      anime: { languages: ["en", "ja"], audioRules: ["skip-audio-language"] },
      german: { languages: ["de"] },
    },
    profileTags: [{ tag: "anime", profile: "anime" }],
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: dir }],
  });
  runtime = createRuntime(config, {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: { inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }) },
  });
});

afterEach(async () => {
  await runtime.close();
  await sonarr.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function scanNow() {
  const res = await request(runtime, "/api/v1/wanted/scan", {
    method: "POST",
    body: JSON.stringify({ full: true }),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status).toBe(202);
  await runtime.deps.scanner.whenIdle();
}

const put = (override: Record<string, unknown>) =>
  request(runtime, "/api/v1/profiles/overrides", {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ instance: "main", kind: "series", arrId: 1, override }),
  });

const slots = async () =>
  (await jsonOf(request(runtime, "/api/v1/wanted?status=wanted&sort=language"))).items
    .map(
      (i: { season: number; language: string; variant: string }) => `S${i.season} ${i.language}/${i.variant}`,
    )
    .sort();

test("GET /profiles lists the named profiles and the tag assignments", async () => {
  const profiles = await jsonOf(request(runtime, "/api/v1/profiles"));
  expect(profiles.named.anime).toMatchObject({
    languages: ["en", "ja"],
    audioRules: ["skip-audio-language"],
    forced: "off",
  });
  expect(profiles.tags).toEqual([{ tag: "anime", profile: "anime" }]);
});

test("the tag's profile applies; an item's profileName and options set from the API win, and the explainer says why", async () => {
  await scanNow();
  // The anime profile wants en and ja; ja is the audio, so skip-audio-language drops it.
  expect(await slots()).toEqual(["S0 en/full", "S1 en/full"]);
  // The file's details say why Japanese is not wanted, after the scan removed nothing but never added it.
  const fileId = runtime.deps.db.sqlite
    .query<{ id: number }, []>("SELECT id FROM media_files WHERE season = 1")
    .get()!.id;
  const detail = await jsonOf(request(runtime, `/api/v1/library/files/${fileId}`));
  expect(detail.notWanted).toEqual([
    {
      language: "ja",
      languageName: "Japanese",
      variant: "full",
      reason: expect.objectContaining({ code: "audio_rule" }),
    },
  ]);
  expect(detail.notWanted[0].reason.text).toContain("the audio is Japanese (as the arr reports it)");

  const skip = await put({
    skipSpecials: true,
    monitoredOnly: false,
    extractEmbedded: false,
    audioRules: [],
  });
  expect(skip.status).toBe(200);
  expect((await jsonOf(skip)).override).toEqual({
    skipSpecials: true,
    monitoredOnly: false,
    extractEmbedded: false,
    audioRules: [],
  });
  // Before the next scan, the special's item says why it is going.
  const special = (await jsonOf(request(runtime, "/api/v1/wanted?status=wanted"))).items.find(
    (i: { season: number }) => i.season === 0,
  );
  expect(special.reason.code).toBe("special_skipped");
  await scanNow();
  expect(await slots()).toEqual(["S1 en/full", "S1 ja/full"]);

  const effective = () =>
    jsonOf(request(runtime, "/api/v1/profiles/effective?instance=main&kind=series&arrId=1"));
  expect(await effective()).toMatchObject({
    origin: { via: "tag", name: "anime", tag: "anime" },
    profile: { languages: ["en", "ja"], skipSpecials: true, audioRules: [] },
    inherited: { origin: { via: "tag", name: "anime" }, profile: { audioRules: ["skip-audio-language"] } },
  });
  expect((await put({ profileName: "german" })).status).toBe(200);
  expect(await effective()).toMatchObject({
    origin: { via: "item", name: "german" },
    profile: { languages: ["de"] },
    inherited: { origin: { via: "tag", name: "anime", tag: "anime" } },
  });
  await scanNow();
  expect(await slots()).toEqual(["S0 de/full", "S1 de/full"]);
  // A movie or series the scan never stored follows the default.
  expect(
    await jsonOf(request(runtime, "/api/v1/profiles/effective?instance=main&kind=movie&arrId=9")),
  ).toMatchObject({ origin: { via: "default" }, inherited: { origin: { via: "default" } } });
});

test("an unknown profileName or contradicting audio rules are refused with a problem", async () => {
  const unknown = await put({ profileName: "nope" });
  expect(unknown.status).toBe(400);
  expect(unknown.headers.get("content-type")).toContain("application/problem+json");
  expect((await jsonOf(unknown)).detail).toContain('no profile named "nope" (defined: anime, german)');
  const contradicting = await put({
    audioRules: ["forced-only-foreign-audio", "forced-only-audio-language"],
  });
  expect(contradicting.status).toBe(400);
  expect((await put({ audioRules: ["no-such-rule"] })).status).toBe(400);
});

test("a tag assigned to an unknown profile is a config error naming the key and its source", () => {
  const home = mkdtempSync(join(tmpdir(), "subhound-profiles-config-"));
  try {
    writeFileSync(
      join(home, "config.toml"),
      `[profiles.anime]\nlanguages = ["ja"]\n\n[[profileTags]]\ntag = "anime"\nprofile = "anime"\n\n[[profileTags]]\ntag = "kids"\nprofile = "children"\n`,
    );
    let message = "";
    try {
      loadConfig({ env: { SUBHOUND_DATA_DIR: home }, cwd: home });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toBe(
      `profileTags.1.profile: unknown profile "children" for tag "kids"; defined: anime (in ${join(home, "config.toml")}, line 10)`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
