import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import type { Runtime } from "../../src/server.ts";
import type { UpgradeRunResult } from "../../src/wanted/upgrade.ts";
import { startFakeWebhookReceiver } from "../fakes/webhook.ts";
import { candidate } from "../providers/fixtures.ts";
import { pollUntil } from "../support/poll.ts";
import { request } from "../support/runtime.ts";
import { searchHarness, srt } from "./search-harness.ts";

const { clock, library, media } = searchHarness();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const RELEASE = "Breaking.Bad.S01E01.720p-GRP";
const ASS = `[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hallo besser
Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,Noch besser
`;

/**
 * One German episode; `offers` is what the provider answers now (changed between the first search
 * and the upgrade run). "low" has no release match (35 points: SRT 25 + provider 10); "good" matches
 * the release (title, season, episode, group and release details: +263); "tie" is "low" plus a resolution
 * match (+2, under the 20-point minimum gain).
 */
function provider() {
  const offers: ProviderCandidate[] = [];
  const downloads: string[] = [];
  /** Runs before a download is answered (a user editing the file meanwhile). */
  const beforeDownload: { run: (id: string) => void } = { run: () => {} };
  const bodies: Record<string, string> = {
    low: srt("Hallo alt"),
    good: srt("Hallo neu"),
    tie: srt("Hallo gleich"),
    styled: ASS,
    broken: "<html><body>502 Bad Gateway</body></html>",
  };
  const fake: SubtitleProvider = {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async () => offers,
    download: async (c) => {
      downloads.push(c.id);
      beforeDownload.run(c.id);
      return {
        fileName: `${c.id}.${c.format ?? "srt"}`,
        bytes: new TextEncoder().encode(bodies[c.id]),
      };
    },
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
  const offer = {
    low: candidate("opensubtitles", "low", { language: "de" }),
    good: candidate("opensubtitles", "good", { language: "de", releaseNames: [RELEASE] }),
    tie: candidate("opensubtitles", "tie", { language: "de", matches: ["resolution"] }),
    styled: candidate("opensubtitles", "styled", { language: "de", format: "ass", releaseNames: [RELEASE] }),
    broken: candidate("opensubtitles", "broken", { language: "de", releaseNames: [RELEASE] }),
  };
  return { fake, offers, offer, downloads, beforeDownload };
}

type HistoryRow = {
  id: number;
  action: string;
  provider: string;
  candidateId: string;
  score: number;
  path: string;
  replaces: { id: number; provider: string; score: number } | null;
};

async function history(rt: Runtime, query = ""): Promise<HistoryRow[]> {
  const res = await request(rt, `/api/v1/history?pageSize=100${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: HistoryRow[] }).items;
}

/** Runs the scheduled job by hand and returns its recorded summary. */
async function upgradeRun(rt: Runtime): Promise<UpgradeRunResult> {
  const started = rt.deps.scheduler.runNow("subtitle-upgrade");
  if (!started.ok) throw new Error(`upgrade job did not start: ${started.reason}`);
  await rt.deps.scheduler.whenIdle("subtitle-upgrade");
  const run = rt.deps.scheduler.history("subtitle-upgrade", 1)[0]!;
  expect(run).toMatchObject({ id: started.runId, outcome: "succeeded" });
  return run.summary as UpgradeRunResult;
}

/** Library of one episode, first searched with only "low" on offer. */
async function downloadedLow(config: object = {}) {
  const p = provider();
  p.offers.push(p.offer.low);
  const rt = await library(1, p.fake, config);
  expect((await rt.deps.searcher.start({ trigger: "api" }).done).found).toBe(1);
  const folder = join(media(), "Breaking Bad", "Season 01");
  const subtitle = join(folder, readdirSync(folder).find((f) => f.endsWith(".de.srt"))!);
  expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");
  return { rt, p, folder, subtitle };
}

describe("the subtitle-upgrade job", () => {
  test("replaces a low-score download of Subhound's own, atomically at the same path, and history links both", async () => {
    const { rt, p, folder, subtitle } = await downloadedLow();
    p.offers.push(p.offer.good);
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 1, upgraded: 1, noBetter: 0, leftAlone: 0, days: 7, minGain: 20 });
    expect(summary.upgrades[0]).toMatchObject({
      path: subtitle,
      from: { provider: "opensubtitles", score: 35 },
      to: { provider: "opensubtitles", score: 388 },
      oldFileKept: null,
    });
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo neu");
    // No temp file left beside it, and no second German subtitle.
    expect(readdirSync(folder).filter((f) => f.includes(".de.") || f.includes("subhound"))).toEqual([
      subtitle.slice(folder.length + 1),
    ]);

    const rows = await history(rt);
    expect(rows.map((r) => [r.action, r.candidateId, r.score])).toEqual([
      ["upgraded", "good", 388],
      ["downloaded", "low", 35],
    ]);
    expect(rows[0]!.replaces).toEqual({ id: rows[1]!.id, provider: "opensubtitles", score: 35 });
    expect(rows[1]!.replaces).toBeNull();
    expect((await history(rt, "&action=upgraded")).map((r) => r.candidateId)).toEqual(["good"]);
    const status = rt.deps.db.sqlite.query("SELECT status, attempts FROM wanted_items").get();
    expect(status).toEqual({ status: "found", attempts: 1 });

    // Now at 388 with nothing better on offer: the next run searches and changes nothing.
    const again = await upgradeRun(rt);
    expect(again).toMatchObject({ total: 1, upgraded: 0, noBetter: 1 });
  });

  test("a better subtitle in another format takes the old one's place: the SRT of ours is removed", async () => {
    const { rt, p, folder, subtitle } = await downloadedLow();
    p.offers.push(p.offer.styled);
    const summary = await upgradeRun(rt);
    expect(summary.upgraded).toBe(1);
    const assPath = subtitle.replace(/\.srt$/, ".ass");
    expect(summary.upgrades[0]).toMatchObject({ path: assPath, oldFileKept: null });
    expect(existsSync(subtitle)).toBe(false);
    expect(readFileSync(assPath, "utf8")).toContain("Hallo besser");
    expect(readdirSync(folder).filter((f) => f.includes(".de."))).toHaveLength(1);
    const rows = await history(rt);
    expect(rows[0]).toMatchObject({ action: "upgraded", path: assPath, replaces: { id: rows[1]!.id } });
  });

  test("a file the user edited is left alone, and the job result and log say why", async () => {
    const { rt, p, subtitle } = await downloadedLow();
    p.offers.push(p.offer.good);
    const edited = srt("Meine eigene Korrektur");
    writeFileSync(subtitle, edited);
    const before = p.downloads.length;
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 1, upgraded: 0, leftAlone: 1 });
    expect(summary.leftAloneFiles).toEqual([
      {
        itemId: expect.any(Number),
        path: subtitle,
        reason: "the file was edited or replaced since Subhound wrote it (it is yours now)",
      },
    ]);
    expect(readFileSync(subtitle, "utf8")).toBe(edited);
    // Not even searched: nothing was downloaded, and history has only the first download.
    expect(p.downloads.length).toBe(before);
    expect((await history(rt)).map((r) => r.action)).toEqual(["downloaded"]);
  });

  test("a file the user edits while the upgrade downloads is left alone too", async () => {
    const { rt, p, subtitle } = await downloadedLow();
    p.offers.push(p.offer.good);
    const edited = srt("Gerade korrigiert");
    p.beforeDownload.run = (id) => {
      if (id === "good") writeFileSync(subtitle, edited);
    };
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ upgraded: 0, leftAlone: 1 });
    expect(summary.leftAloneFiles[0]!.reason).toStartWith("changed while searching: ");
    expect(readFileSync(subtitle, "utf8")).toBe(edited);
    expect((await history(rt)).map((r) => r.action)).toEqual(["downloaded"]);
  });

  test("a better candidate that is not a subtitle fails the item and keeps the old file", async () => {
    const { rt, p, subtitle } = await downloadedLow();
    p.offers.push(p.offer.broken);
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 1, upgraded: 0, noBetter: 0, failed: 1 });
    expect(summary.failures).toEqual([
      {
        itemId: expect.any(Number),
        title: "Breaking Bad S01E01 [de]",
        reason: expect.stringContaining("broken"),
      },
    ]);
    expect(p.downloads).toContain("broken");
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");
    expect((await history(rt)).map((r) => r.action)).toEqual(["downloaded"]);
  });

  test("when no provider answers, the run says so as a failure and the file stays", async () => {
    const { rt, p, subtitle } = await downloadedLow();
    p.fake.search = async () => {
      throw new Error("connection refused");
    };
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 1, upgraded: 0, noBetter: 0, failed: 1 });
    expect(summary.failures[0]!.reason).toStartWith("no provider could be asked: opensubtitles: ");
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");
  });

  test("a candidate not clearly higher (under upgrades.minGain) changes nothing", async () => {
    const { rt, p, subtitle } = await downloadedLow();
    p.offers.push(p.offer.tie);
    const before = p.downloads.length;
    const summary = await upgradeRun(rt);
    expect(summary).toMatchObject({ total: 1, upgraded: 0, noBetter: 1 });
    expect(p.downloads.length).toBe(before);
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");
    expect((await history(rt)).map((r) => r.action)).toEqual(["downloaded"]);
  });

  test("the cutoff is respected: the profile's and a series override's", async () => {
    const { rt, p, subtitle } = await downloadedLow({ profile: { upgradeCutoff: 30 } });
    p.offers.push(p.offer.good);
    const searchesBefore = p.downloads.length;
    expect(await upgradeRun(rt)).toMatchObject({ total: 1, atCutoff: 1, upgraded: 0 });
    expect(p.downloads.length).toBe(searchesBefore);
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");

    // The series asks for more than the default: its override's cutoff applies.
    const seriesId = rt.deps.db.sqlite
      .query<{ id: number }, []>("SELECT series_id AS id FROM media_files")
      .get()!.id;
    const put = await request(rt, "/api/v1/profiles/overrides", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        instance: "main",
        kind: "series",
        arrId: seriesId,
        override: { upgradeCutoff: 200 },
      }),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { override: object }).override).toEqual({ upgradeCutoff: 200 });
    expect(await upgradeRun(rt)).toMatchObject({ upgraded: 1 });
    // 388 is over the override's 200: done, not searched again.
    expect(await upgradeRun(rt)).toMatchObject({ total: 1, atCutoff: 1 });
  });

  test("downloads older than upgrades.days are not re-searched", async () => {
    const { rt, p, subtitle } = await downloadedLow({ upgrades: { days: 3 } });
    p.offers.push(p.offer.good);
    clock.advance(3 * 86_400_000 + 1000);
    expect(await upgradeRun(rt)).toMatchObject({ total: 0, upgraded: 0, days: 3 });
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");
  });

  test("an upgrade is notified as the `upgrade` event", async () => {
    const hook = startFakeWebhookReceiver();
    cleanups.push(() => hook.stop());
    const { rt, p } = await downloadedLow({
      notifications: [{ type: "webhook", name: "hook", webhookUrl: hook.url, events: ["upgrade"] }],
    });
    p.offers.push(p.offer.good);
    expect((await upgradeRun(rt)).upgraded).toBe(1);
    await pollUntil(
      async () => hook.requests.length,
      (n) => n === 1,
    );
    expect(hook.requests[0]!.body).toMatchObject({
      event: "upgrade",
      item: { language: "de", score: 388, previous: { provider: "opensubtitles", score: 35 } },
    });
  });

  test("upgrades.enabled = false skips the run, and the job is listed with its schedule", async () => {
    const { rt, p, subtitle } = await downloadedLow({ upgrades: { enabled: false, schedule: "15 4 * * *" } });
    p.offers.push(p.offer.good);
    expect(await upgradeRun(rt)).toEqual({ skipped: "upgrades.enabled is false" } as never);
    expect(readFileSync(subtitle, "utf8")).toContain("Hallo alt");
    const task = rt.deps.scheduler.list().find((j) => j.name === "subtitle-upgrade");
    expect(task).toMatchObject({ schedule: "15 4 * * *", running: false });
  });
});
