import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Text } from "../../src/hash.ts";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import type { Runtime } from "../../src/server.ts";
import { recordSavedSubtitle, savedSubtitleById } from "../../src/wanted/history-store.ts";
import type { SubtitleTools } from "../../src/wanted/search-types.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import type { UpgradeRunResult } from "../../src/wanted/upgrade.ts";
import { candidate } from "../providers/fixtures.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { searchHarness, srt } from "./search-harness.ts";

// upgrades.machineMadeDays: a translation or transcript Subhound made stands in for a real subtitle
// only until a provider has one (Bazarr's "upgrade manually downloaded or translated subtitles").

const { clock, library, media } = searchHarness();

const release = (episode: number) => `Breaking.Bad.S01E0${episode}.720p-GRP`;

/**
 * German is wanted. English exists for every episode with the release matched (388 points, so the
 * translation made from it records 388); German only once a test offers it: "low" has no release
 * match (35 points), "good" has (388).
 */
function provider(options: { english?: boolean } = {}) {
  const german = new Map<number, ProviderCandidate[]>();
  const downloads: string[] = [];
  const fake: SubtitleProvider = {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async (q) => {
      const episode = q.episodes[0]!;
      if (!q.languages.includes("en")) return german.get(episode) ?? [];
      if (options.english === false) return [];
      return [
        candidate("opensubtitles", `en-E${episode}`, {
          language: "en",
          episodes: [episode],
          releaseNames: [release(episode)],
        }),
      ];
    },
    download: async (c) => {
      downloads.push(c.id);
      return { fileName: `${c.id}.srt`, bytes: new TextEncoder().encode(srt(`Text ${c.id}`)) };
    },
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
  const offer = (episode: number, id: "low" | "good") => {
    const offered = candidate("opensubtitles", `${id}-E${episode}`, {
      language: "de",
      episodes: [episode],
      ...(id === "good" ? { releaseNames: [release(episode)] } : {}),
    });
    german.set(episode, [...(german.get(episode) ?? []), offered]);
  };
  return { fake, offer, downloads };
}

/** The real pipeline with a translator and a Whisper that need no server (their own tests have those). */
function fallbackTools(): SubtitleTools {
  return {
    ...createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
    translate: async ({ text }) => ({ text: text.replaceAll("Text", "Maschine"), backend: "fake" }),
    transcribe: async () => ({ text: srt("Gehört"), backend: "fake-whisper" }),
  };
}

function itemOf(rt: Runtime, episode: number): number {
  return rt.deps.db.sqlite
    .query<{ id: number }, [string]>(
      "SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id WHERE f.episodes_json = ?",
    )
    .get(JSON.stringify([episode]))!.id;
}

async function searchEpisode(rt: Runtime, episode: number) {
  return rt.deps.searcher.start({ trigger: "api", scope: { ids: [itemOf(rt, episode)] } }).done;
}

const subtitleOf = (episode: number) => {
  const folder = join(media(), "Breaking Bad", "Season 01");
  const name = readdirSync(folder).find((f) => f.includes(`S01E0${episode}`) && f.endsWith(".de.srt"));
  return { folder, path: join(folder, name!) };
};

/** Runs the scheduled job by hand and returns its recorded summary. */
async function upgradeRun(rt: Runtime): Promise<UpgradeRunResult> {
  const started = rt.deps.scheduler.runNow("subtitle-upgrade");
  if (!started.ok) throw new Error(`upgrade job did not start: ${started.reason}`);
  await rt.deps.scheduler.whenIdle("subtitle-upgrade");
  const run = rt.deps.scheduler.history("subtitle-upgrade", 1)[0]!;
  expect(run).toMatchObject({ id: started.runId, outcome: "succeeded" });
  return run.summary as UpgradeRunResult;
}

type HistoryRow = { id: number; action: string; candidateId: string; machine: string | null };
async function history(rt: Runtime): Promise<HistoryRow[]> {
  return (await jsonOf(request(rt, "/api/v1/history?pageSize=100"))).items;
}

/** One episode whose German subtitle is a machine translation of the English one. */
async function translated(config: object = {}) {
  const p = provider();
  const rt = await library(1, p.fake, config, fallbackTools());
  expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
  const { folder, path } = subtitleOf(1);
  expect(readFileSync(path, "utf8")).toContain("Maschine en-E1");
  expect((await history(rt)).map((r) => [r.action, r.machine])).toEqual([["translated", "translated"]]);
  return { rt, p, folder, path };
}

describe("the subtitle-upgrade job and machine-made subtitles", () => {
  test("a real subtitle replaces a translation however low it scores, at the same path, as an upgrade", async () => {
    const { rt, p, folder, path } = await translated();
    // The translation records its English source's 388; a German one of 35 is still the better subtitle.
    p.offer(1, "low");
    // Past upgrades.days (7): only the longer machine-made window (30) reaches it.
    clock.advance(10 * 86_400_000);
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({
      total: 1,
      upgraded: 1,
      replacedMachineMade: 1,
      noBetter: 0,
      days: 7,
      machineMadeDays: 30,
    });
    expect(summary.upgrades[0]).toMatchObject({
      path,
      from: { provider: "opensubtitles", score: 388, machine: "translated" },
      to: { provider: "opensubtitles", score: 35 },
      oldFileKept: null,
    });
    expect(readFileSync(path, "utf8")).toContain("Text low-E1");
    // Replaced in place: no temp file beside it, no second German subtitle.
    expect(readdirSync(folder).filter((f) => f.includes(".de.") || f.includes("subhound"))).toEqual([
      path.slice(folder.length + 1),
    ]);

    const rows = await history(rt);
    expect(rows.map((r) => [r.action, r.candidateId, r.machine])).toEqual([
      ["upgraded", "low-E1", null],
      ["translated", "en-E1", "translated"],
    ]);
    const [item] = (await jsonOf(request(rt, "/api/v1/wanted?status=all"))).items;
    expect(item).toMatchObject({ status: "found", machine: null });
    const events = rt.deps.events.since(0).filter((e) => e.event.type === "subtitle.upgraded");
    expect(events.map((e) => e.event.data)).toEqual([
      expect.objectContaining({
        path,
        provider: "opensubtitles",
        score: 35,
        previous: { provider: "opensubtitles", score: 388, machine: "translated" },
      }),
    ]);

    // A real subtitle now: from here on it is upgraded as any download is (upgrades.days, minGain).
    p.offer(1, "good");
    clock.advance(60_000);
    expect(await upgradeRun(rt)).toMatchObject({ total: 1, upgraded: 1, replacedMachineMade: 0 });
    expect(readFileSync(path, "utf8")).toContain("Text good-E1");
  });

  test("a candidate under the item's minimum score does not replace it", async () => {
    const { rt, p, path } = await translated({ search: { minScore: 100 } });
    p.offer(1, "low");
    const before = p.downloads.length;
    expect(await upgradeRun(rt)).toMatchObject({
      total: 1,
      upgraded: 0,
      noBetter: 1,
      replacedMachineMade: 0,
    });
    expect(p.downloads.length).toBe(before);
    expect(readFileSync(path, "utf8")).toContain("Maschine en-E1");
    expect((await history(rt)).map((r) => r.action)).toEqual(["translated"]);

    p.offer(1, "good");
    expect(await upgradeRun(rt)).toMatchObject({ upgraded: 1, replacedMachineMade: 1 });
    expect(readFileSync(path, "utf8")).toContain("Text good-E1");
  });

  test("outside upgrades.machineMadeDays, and with 0, a translation is not searched again", async () => {
    const { rt, p, path } = await translated({ upgrades: { machineMadeDays: 0 } });
    p.offer(1, "good");
    expect(await upgradeRun(rt)).toMatchObject({ total: 0, upgraded: 0, machineMadeDays: 0 });

    rt.deps.config.upgrades.machineMadeDays = 3;
    clock.advance(3 * 86_400_000 + 1000);
    expect(await upgradeRun(rt)).toMatchObject({ total: 0, upgraded: 0, machineMadeDays: 3 });
    expect(readFileSync(path, "utf8")).toContain("Maschine en-E1");
    expect(p.downloads).toEqual(["en-E1"]);
  });

  test("a Whisper transcript is replaced by a real subtitle too", async () => {
    const p = provider({ english: false });
    const rt = await library(1, p.fake, {}, fallbackTools());
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
    const { path } = subtitleOf(1);
    expect(readFileSync(path, "utf8")).toContain("Gehört");
    p.offer(1, "low");
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ upgraded: 1, replacedMachineMade: 1 });
    expect(summary.upgrades[0]!.from).toMatchObject({
      provider: "whisper",
      score: 0,
      machine: "transcribed",
    });
    expect(readFileSync(path, "utf8")).toContain("Text low-E1");
    expect((await history(rt)).map((r) => [r.action, r.machine])).toEqual([
      ["upgraded", null],
      ["transcribed", "transcribed"],
    ]);
  });

  test("a translation the user edited is left alone and takes no search from the others", async () => {
    const p = provider();
    // One search per run: the edited file, searched longest ago, must not use it up.
    const rt = await library(2, p.fake, { upgrades: { itemsPerRun: 1 } }, fallbackTools());
    expect((await searchEpisode(rt, 1)).found).toBe(1);
    clock.advance(60_000);
    expect((await searchEpisode(rt, 2)).found).toBe(1);
    const edited = srt("Meine eigene Übersetzung");
    writeFileSync(subtitleOf(1).path, edited);
    p.offer(1, "good");
    p.offer(2, "good");
    const before = p.downloads.length;

    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 2, leftAlone: 1, upgraded: 1, replacedMachineMade: 1 });
    expect(summary.leftAloneFiles).toEqual([
      {
        itemId: itemOf(rt, 1),
        path: subtitleOf(1).path,
        reason: "the file was edited or replaced since Subhound wrote it (it is yours now)",
      },
    ]);
    expect(summary.upgrades.map((u) => u.itemId)).toEqual([itemOf(rt, 2)]);
    expect(readFileSync(subtitleOf(1).path, "utf8")).toBe(edited);
    expect(readFileSync(subtitleOf(2).path, "utf8")).toContain("Text good-E2");
    expect(p.downloads.slice(before)).toEqual(["good-E2"]);
  });

  test("downloads at their cutoff take no search from a translation either", async () => {
    const p = provider();
    p.offer(1, "low");
    const rt = await library(
      2,
      p.fake,
      { profile: { upgradeCutoff: 30 }, upgrades: { itemsPerRun: 1 } },
      fallbackTools(),
    );
    // Episode 1 downloaded (35, over the cutoff of 30) before episode 2 was translated.
    expect((await searchEpisode(rt, 1)).found).toBe(1);
    clock.advance(60_000);
    expect((await searchEpisode(rt, 2)).found).toBe(1);
    p.offer(2, "low");
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 2, atCutoff: 1, upgraded: 1, replacedMachineMade: 1 });
    expect(readFileSync(subtitleOf(2).path, "utf8")).toContain("Text low-E2");
  });

  test("a translation synced since stays machine-made, and a real subtitle still replaces it", async () => {
    const { rt, p, path } = await translated();
    // As the sync service records a retimed file: rewritten in place, a `synced` row with its new hash.
    const retimed = readFileSync(path, "utf8").replace("00:00:01,000", "00:00:01,500");
    writeFileSync(path, retimed);
    const [made] = await history(rt);
    const { id: _id, ...entry } = savedSubtitleById(rt.deps.db.db, made!.id)!;
    recordSavedSubtitle(rt.deps.db.db, {
      ...entry,
      sha256: sha256Text(retimed),
      size: Buffer.byteLength(retimed),
      action: "synced",
      createdAt: clock.now().toISOString(),
    });
    const [item] = (await jsonOf(request(rt, "/api/v1/wanted?status=all"))).items;
    expect(item).toMatchObject({ machine: "translated" });

    p.offer(1, "low");
    clock.advance(60_000);
    expect(await upgradeRun(rt)).toMatchObject({ upgraded: 1, replacedMachineMade: 1, leftAlone: 0 });
    expect(readFileSync(path, "utf8")).toContain("Text low-E1");
    expect((await history(rt)).map((r) => r.action)).toEqual(["upgraded", "synced", "translated"]);
  });

  test("a translation Bazarr made, taken over by the import, is machine-made too", async () => {
    const { rt, p, path } = await translated();
    // As `subhound import-bazarr` records one: action imported, provider "translation", score 0,
    // made 20 days ago (past upgrades.days, within machineMadeDays).
    rt.deps.db.sqlite.run(
      "UPDATE subtitle_history SET action = 'imported', provider = 'translation', score = 0, created_at = ?",
      [new Date(clock.now().getTime() - 20 * 86_400_000).toISOString()],
    );
    // The Wanted list calls it a machine translation, as it does Subhound's own.
    const [item] = (await jsonOf(request(rt, "/api/v1/wanted?status=all"))).items;
    expect(item).toMatchObject({ machine: "translated" });
    p.offer(1, "low");
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ upgraded: 1, replacedMachineMade: 1 });
    expect(summary.upgrades[0]!.from).toMatchObject({ provider: "translation", machine: "translated" });
    expect(readFileSync(path, "utf8")).toContain("Text low-E1");
  });
});
