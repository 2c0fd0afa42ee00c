import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { parseSidecarName } from "../../src/media/sidecars.ts";
import type { SubtitleStream } from "../../src/media/types.ts";
import { applyOverride, defaultProfile, type Profile } from "../../src/profiles/profile.ts";
import { createRuntime } from "../../src/server.ts";
import { decide, extractionPlan, profileFingerprint } from "../../src/wanted/decide.ts";
import { storedMediaJson } from "../../src/wanted/file-facts.ts";
import { getOverride, putOverride } from "../../src/wanted/profile-store.ts";
import { explainNotWanted, explainReason } from "../../src/wanted/wanted-reason.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";
import { subtitleStream as stream } from "../support/subtitle-stream.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, touch, wantedSlots } from "./scan-env.ts";

/** A language profile's cutoff (Bazarr's): once its language is there, the others are not wanted. */

const base: Profile = defaultProfile({
  languages: ["en", "es"],
  profile: {
    forced: "off",
    hearingImpaired: "include",
    embedded: "text",
    formats: ["ass", "srt"],
    upgradeSrtToAss: false,
    translate: false,
    whisper: false,
    syncAfterDownload: false,
    fixes: [],
  },
});
const withCutoff = (cutoff: string, more: Partial<Profile> = {}) =>
  applyOverride(base, { ...more, cutoff } as Partial<Profile>);

function sidecar(name: string) {
  const parsed = parseSidecarName("Movie", name);
  if (!parsed) throw new Error(`${name} is not a sidecar of Movie`);
  return parsed;
}

/** Each wanted language × variant: what satisfies it (null: wanted); absent: not wanted. */
const decided = (profile: Profile, sidecars: string[], streams: SubtitleStream[] = []) =>
  Object.fromEntries(
    decide(profile, sidecars.map(sidecar), streams).map((d) => [
      `${d.language}/${d.variant}`,
      d.satisfied ? d.by : null,
    ]),
  );

describe("decide under a cutoff", () => {
  test("without a cutoff every language is wanted, as before, and no stored decision is made again", () => {
    expect(base.cutoff).toBeNull();
    expect(decided(base, ["Movie.en.srt"])).toEqual({ "en/full": "sidecar:Movie.en.srt", "es/full": null });
    // The fingerprint a scan stored its decisions under stays what it was before the field existed.
    const { cutoff: _, ...before } = base;
    expect(profileFingerprint(base)).toBe(profileFingerprint(before as Profile));
    expect(profileFingerprint(withCutoff("any"))).not.toBe(profileFingerprint(base));
  });

  test('"any": a subtitle in either language ends the wanting of the other', () => {
    const any = withCutoff("any");
    expect(decided(any, [])).toEqual({ "en/full": null, "es/full": null });
    expect(decided(any, ["Movie.en.srt"])).toEqual({ "en/full": "sidecar:Movie.en.srt" });
    expect(decided(any, ["Movie.es.srt"])).toEqual({ "es/full": "sidecar:Movie.es.srt" });
    // Both there: both stay, satisfied.
    expect(decided(any, ["Movie.en.srt", "Movie.es.srt"])).toEqual({
      "en/full": "sidecar:Movie.en.srt",
      "es/full": "sidecar:Movie.es.srt",
    });
  });

  test("one language: only that language meets it", () => {
    const en = withCutoff("en");
    expect(decided(en, ["Movie.en.srt"])).toEqual({ "en/full": "sidecar:Movie.en.srt" });
    // Spanish alone does not meet an English cutoff: English is still wanted.
    expect(decided(en, ["Movie.es.srt"])).toEqual({ "en/full": null, "es/full": "sidecar:Movie.es.srt" });
    // Any spelling of the language, canonical in the profile.
    expect(withCutoff("English").cutoff).toBe("en");
    expect(withCutoff("off").cutoff).toBeNull();
  });

  test("an embedded stream meets it only when the profile's embedded setting accepts it", () => {
    const en = stream({ language: "eng", codec: "subrip", textBased: true });
    const pgs = stream({ language: "eng", codec: "hdmv_pgs_subtitle", textBased: false });
    expect(decided(withCutoff("any"), [], [en])).toEqual({ "en/full": "embedded:2:subrip" });
    expect(decided(withCutoff("any", { embedded: "none" }), [], [en])).toEqual({
      "en/full": null,
      "es/full": null,
    });
    expect(decided(withCutoff("en"), [], [pgs])).toEqual({ "en/full": null, "es/full": null });
    expect(decided(withCutoff("en", { embedded: "any" }), [], [pgs])).toEqual({
      "en/full": "embedded:2:hdmv_pgs_subtitle",
    });
  });

  test("a subtitle the profile refuses (HI excluded, forced only) does not meet it", () => {
    expect(decided(withCutoff("any"), ["Movie.en.sdh.srt"])).toEqual({
      "en/full": "sidecar:Movie.en.sdh.srt",
    });
    expect(decided(withCutoff("any", { hearingImpaired: "exclude" }), ["Movie.en.sdh.srt"])).toEqual({
      "en/full": null,
      "es/full": null,
    });
    expect(decided(withCutoff("any"), ["Movie.en.forced.srt"])).toEqual({ "en/full": null, "es/full": null });
  });

  test("forced items: the other languages' go too, the cutoff language's forced one stays wanted", () => {
    const separate = withCutoff("en", { forced: "separate" });
    expect(decided(separate, [])).toEqual({
      "en/full": null,
      "en/forced": null,
      "es/full": null,
      "es/forced": null,
    });
    expect(decided(separate, ["Movie.en.srt"])).toEqual({
      "en/full": "sidecar:Movie.en.srt",
      "en/forced": null,
    });
    // A forced Spanish one that is there stays, satisfied.
    expect(decided(separate, ["Movie.en.srt", "Movie.es.forced.srt"])).toEqual({
      "en/full": "sidecar:Movie.en.srt",
      "en/forced": null,
      "es/forced": "sidecar:Movie.es.forced.srt",
    });
  });

  test("a cutoff inherited by a profile without its language does not apply there", () => {
    const en = withCutoff("en");
    expect(applyOverride(en, { languages: ["de", "es"] }).cutoff).toBeNull();
    expect(applyOverride(en, { languages: ["es", "en"] }).cutoff).toBe("en");
  });

  test("extraction skips a language the cutoff no longer wants", () => {
    const de = stream({ language: "spa", codec: "subrip" });
    const refused = withCutoff("any", { embedded: "none", extractEmbedded: true });
    expect(extractionPlan(refused, [sidecar("Movie.en.srt")], [de], undefined, () => true)).toEqual([]);
    const noCutoff = applyOverride(base, { embedded: "none", extractEmbedded: true });
    expect(extractionPlan(noCutoff, [sidecar("Movie.en.srt")], [de], undefined, () => true)).toEqual([
      { language: "es", variant: "full", streamIndex: 2 },
    ]);
  });
});

describe("the reason in words", () => {
  const facts = (sidecars: string[], language = "es") => ({
    language,
    variant: "full" as const,
    satisfiedBy: null,
    upgradeCandidate: false,
    season: 1,
    subtitlesJson: storedMediaJson(null, [], sidecars.map(sidecar), null),
  });

  test("a wanted item whose sibling met the cutoff says so until the next scan removes it", () => {
    expect(explainReason(facts(["Movie.en.srt"]), withCutoff("any"))).toEqual({
      code: "cutoff",
      text: 'Not needed: the cutoff is met by English (Movie.en.srt): any one language of the profile is enough (cutoff = "any"); the next scan removes this item.',
    });
    expect(explainReason(facts(["Movie.en.srt"]), withCutoff("en")).text).toBe(
      'Not needed: the cutoff is met by English (Movie.en.srt): English is enough (cutoff = "en"); the next scan removes this item.',
    );
    expect(explainReason(facts(["Movie.es.srt"], "en"), withCutoff("en")).code).toBe("no_subtitle");
    expect(explainReason(facts(["Movie.en.srt"]), base).code).toBe("no_subtitle");
  });

  test("a file's details list the language the cutoff made unnecessary", () => {
    const notWanted = explainNotWanted(
      { subtitlesJson: storedMediaJson(null, [], [sidecar("Movie.en.srt")], null), season: 1 },
      withCutoff("any"),
    );
    expect(notWanted.map((n) => [n.language, n.variant, n.reason.code])).toEqual([["es", "full", "cutoff"]]);
  });
});

describe("the scan", () => {
  let env: ScanEnv;
  beforeEach(async () => {
    env = await startScanEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  test("other languages' items go when a cutoff sidecar appears and come back when it is deleted", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    const file = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const video = join(env.media, "tv", "Show", file.relativePath);
    touch(video);
    const scanner = makeScanner(env, { config: { languages: ["en", "es"], profile: { cutoff: "any" } } });
    await scan(scanner);
    expect(wantedSlots(env)).toEqual(["Show S01E01 en/full", "Show S01E01 es/full"]);

    const english = video.replace(/\.mkv$/, ".en.srt");
    touch(english);
    await scan(scanner, { mode: "incremental" });
    expect(wantedSlots(env)).toEqual(["Show S01E01 en/full"]);

    rmSync(english);
    await scan(scanner, { mode: "incremental" });
    expect(wantedSlots(env)).toEqual(["Show S01E01 en/full", "Show S01E01 es/full"]);
    const statuses = env.db.sqlite
      .query<{ language: string; status: string }, []>(
        "SELECT language, status FROM wanted_items ORDER BY language",
      )
      .all();
    expect(statuses).toEqual([
      { language: "en", status: "wanted" },
      { language: "es", status: "wanted" },
    ]);
  });
});

describe("an override's cutoff", () => {
  let env: ScanEnv;
  beforeEach(async () => {
    env = await startScanEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  test("is stored with its languages and read back, without a column of its own", () => {
    const target = { instance: "main", kind: "series" as const, arrId: 1 };
    const saved = putOverride(env.db.db, target, { cutoff: "any" }, "2026-11-24T10:00:00.000Z");
    expect(saved.override).toEqual({ cutoff: "any" });
    putOverride(env.db.db, target, { languages: ["ja", "en"], cutoff: "ja" }, "2026-11-24T10:00:00.000Z");
    expect(getOverride(env.db.db, saved.id)?.override).toEqual({ languages: ["ja", "en"], cutoff: "ja" });
    putOverride(env.db.db, target, { languages: ["ja"] }, "2026-11-24T10:00:00.000Z");
    expect(getOverride(env.db.db, saved.id)?.override).toEqual({ languages: ["ja"] });
  });
});

test("the profile API takes a cutoff of the profile's languages and refuses another with a 422", async () => {
  const sonarr = await startFakeSonarr({ apiKey: "k" });
  const dir = mkdtempSync(join(tmpdir(), "subhound-cutoff-api-"));
  const runtime = createRuntime(
    testConfig({
      languages: ["en", "es"],
      profile: { cutoff: "en" },
      profiles: { anime: { languages: ["ja", "en"], cutoff: "any" } },
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }],
      pathMappings: [{ from: "/tv", to: dir }],
    }),
    { log: silentLogger, db: openDatabase({ path: ":memory:" }) },
  );
  const put = (override: Record<string, unknown>) =>
    request(runtime, "/api/v1/profiles/overrides", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ instance: "main", kind: "series", arrId: 1, override }),
    });
  const effective = () =>
    jsonOf(request(runtime, "/api/v1/profiles/effective?instance=main&kind=series&arrId=1"));
  try {
    const profiles = await jsonOf(request(runtime, "/api/v1/profiles"));
    expect(profiles.default.cutoff).toBe("en");
    expect(profiles.named.anime.cutoff).toBe("any");

    const refused = await put({ cutoff: "de" });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await jsonOf(refused)).detail).toBe(
      `cutoff: "de" is not one of the profile's languages (en, es); expected "any", "off" or one of them`,
    );
    // Against the languages it would have: its own, or its named profile's.
    expect((await put({ languages: ["de", "fr"], cutoff: "es" })).status).toBe(422);
    expect((await put({ profileName: "anime", cutoff: "es" })).status).toBe(422);
    expect((await put({ cutoff: "xx" })).status).toBe(400);

    expect((await put({ profileName: "anime", cutoff: "ja" })).status).toBe(200);
    expect((await effective()).profile).toMatchObject({ languages: ["ja", "en"], cutoff: "ja" });
    expect((await put({ cutoff: "off" })).status).toBe(200);
    expect((await effective()).profile).toMatchObject({ languages: ["en", "es"], cutoff: null });
    expect((await put({ cutoff: "es" })).status).toBe(200);
    const stored = await jsonOf(request(runtime, "/api/v1/profiles"));
    expect(stored.overrides[0].override).toEqual({ cutoff: "es" });
    expect((await effective()).profile.cutoff).toBe("es");
  } finally {
    await runtime.close();
    await sonarr.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
