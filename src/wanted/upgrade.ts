import { basename } from "node:path";
import type { Clock } from "../clock.ts";
import { forEachConcurrent } from "../concurrency.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { SubhoundEvent } from "../events/bus.ts";
import type { Logger } from "../log.ts";
import type { Profile } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { createProcessOwner, leaseOwnerFor } from "../runs/process-owner.ts";
import { nodeSaveFileSystem, type SaveFileSystem } from "../subtitles/save.ts";
import { type UpgradableDownload, upgradableDownloads } from "./history-store.ts";
import { createCandidateFinder } from "./search-candidates.ts";
import type { SubtitleTools } from "./search-types.ts";
import * as store from "./store/index.ts";
import { type AfterDownload, createSubtitleWriter } from "./subtitle-writer.ts";
import { ownershipProblem, type UpgradeOutcome, upgradeCutoff, upgradeItem } from "./upgrade-item.ts";

export interface UpgraderDeps {
  db: DbHandle;
  clock: Clock;
  log: Logger;
  /** Read at each run: a reload's new values apply to the next one. */
  config: Pick<Config, "search" | "languages" | "profile" | "translation" | "upgrades">;
  registry: ProviderRegistry;
  tools: SubtitleTools;
  owner?: string;
  leaseMs?: number;
  /** `subtitle.upgraded` for each replaced subtitle (notifications). */
  publish?: (event: SubhoundEvent) => void;
  /** Tests swap one in to change a file between the checks. */
  fileSystem?: SaveFileSystem;
  /** The profile's fixes and sync, as for a download: an upgrade must not undo them. */
  afterDownload?: AfterDownload;
}

/** How far a run is, for the tasks API (`done`/`total`/`current` are the fields it lifts out). */
export interface UpgradeProgress {
  total: number;
  done: number;
  current: string | null;
  upgraded: number;
  noBetter: number;
  atCutoff: number;
  leftAlone: number;
  failed: number;
  /** Busy with another search, ignored, or its video gone since. */
  skipped: number;
  /** Of `upgraded`: translations and transcripts a real subtitle replaced (last: the Tasks page shows counts in order). */
  replacedMachineMade: number;
}

/** What a run did, as the job's summary: counts, then each upgrade, file left alone and failure, with why. */
export interface UpgradeRunResult extends Omit<UpgradeProgress, "current"> {
  days: number;
  machineMadeDays: number;
  minGain: number;
  upgrades: {
    itemId: number;
    title: string;
    language: string;
    path: string;
    /** `machine` says the replaced subtitle was the translation or Whisper fallback's, not a provider's. */
    from: { historyId: number; provider: string; score: number; machine: UpgradableDownload["machine"] };
    to: { historyId: number; provider: string; score: number };
    oldFileKept: string | null;
  }[];
  leftAloneFiles: { itemId: number; path: string; reason: string }[];
  failures: { itemId: number; title: string; reason: string }[];
}

/** At most this many upgrades, files left alone and failures are listed in one run's summary (the counts are whole). */
const LISTED = 50;
const UPGRADABLE_STATUSES = new Set(["found", "resolved"]);

/**
 * The upgrade job: re-searches subtitles Subhound downloaded in the last `upgrades.days` days whose
 * score is under their profile's cutoff, and replaces its own file when a candidate is clearly
 * better; and the translations and transcripts it made in the last `upgrades.machineMadeDays` days,
 * replaced by any real subtitle over the item's minimum. Each item is claimed like a manual search
 * (no attempt spent), so it never races a search.
 */
export function createUpgrader(deps: UpgraderDeps) {
  const { db, clock, log, registry, tools } = deps;
  const fileSystem = deps.fileSystem ?? nodeSaveFileSystem;
  const processOwner = deps.owner ?? createProcessOwner();
  const leaseMs = deps.leaseMs ?? 15 * 60_000;
  const iso = () => clock.now().toISOString();
  const finder = createCandidateFinder({ db, config: deps.config, registry, tools });
  // With the profile's after-download work: an upgrade gets its fixes and sync as the download it replaces did.
  const writer = createSubtitleWriter({
    db: db.db,
    clock,
    registry,
    tools,
    ...(deps.afterDownload ? { afterDownload: deps.afterDownload } : {}),
  });
  let progress: UpgradeProgress | null = null;

  const pad = (n: number) => String(n).padStart(2, "0");
  const label = (item: store.WantedRecord) => {
    const { title, season, episodesJson } = item.file;
    const episodes = (JSON.parse(episodesJson) as number[]).map((e) => `E${pad(e)}`).join("");
    return `${title}${season === null ? "" : ` S${pad(season)}${episodes}`} [${item.language}]`;
  };

  /**
   * What needs no search: a download at its cutoff, or a file that is no longer Subhound's; else the
   * profile the item is searched under.
   */
  async function triage(
    download: UpgradableDownload,
    item: store.WantedRecord,
  ): Promise<{ settled: UpgradeOutcome } | { profile: Profile }> {
    const profile = finder.profileFor(item);
    // A machine-made subtitle's score is its source's (or 0): no cutoff says it is good enough.
    const cutoff = upgradeCutoff(item, profile, registry);
    if (download.machine === null && download.score >= cutoff)
      return { settled: { kind: "at-cutoff", score: download.score, cutoff } };
    const problem = await ownershipProblem({ db, fileSystem }, download);
    if (problem) return { settled: { kind: "left-alone", path: download.path, reason: problem } };
    return { profile };
  }

  async function search(
    download: UpgradableDownload,
    item: store.WantedRecord,
    profile: Profile,
    signal: AbortSignal,
  ): Promise<UpgradeOutcome | "skipped"> {
    const owner = leaseOwnerFor(processOwner, `upgrade-${item.id}-${clock.now().getTime()}`);
    const previous = store.itemStatus(db.db, item.id);
    if (previous === null || !UPGRADABLE_STATUSES.has(previous)) return "skipped";
    const expiresAt = new Date(clock.now().getTime() + leaseMs).toISOString();
    if (!store.claimForManual(db.sqlite, { id: item.id, owner, now: iso(), expiresAt })) return "skipped";
    let outcome: UpgradeOutcome;
    try {
      outcome = await upgradeItem({ ...deps, fileSystem, finder, writer }, item, profile, download, signal);
    } catch (error) {
      outcome = { kind: "failed", reason: (error as Error).message };
    }
    // Back to what it was, searched now: a run that cannot look at every download starts with the others next time.
    store.settleClaim(db.sqlite, {
      id: item.id,
      owner,
      status: previous,
      attempt: 0,
      now: iso(),
      retryAfter: null,
      error: null,
      satisfiedBy: outcome.kind === "upgraded" ? `sidecar:${basename(outcome.path)}` : null,
    });
    return outcome;
  }

  async function run(signal: AbortSignal): Promise<UpgradeRunResult> {
    const { days, machineMadeDays, minGain, itemsPerRun } = deps.config.upgrades;
    const ago = (n: number) => new Date(clock.now().getTime() - n * 86_400_000).toISOString();
    const downloads = upgradableDownloads(
      db.db,
      ago(days),
      machineMadeDays > 0 ? ago(machineMadeDays) : null,
    );
    const records = new Map(
      store
        .wantedRecords(
          db,
          downloads.map((d) => d.wantedItemId),
        )
        .map((r) => [r.id, r] as const),
    );
    // Downloads and machine-made subtitles in one queue, least recently searched first: a searched item
    // goes to its end, so both kinds take their turns whatever their numbers.
    const queue = downloads
      .filter((d) => {
        const item = records.get(d.wantedItemId);
        return item !== undefined && UPGRADABLE_STATUSES.has(item.status) && item.file.missingSince === null;
      })
      .sort((a, b) =>
        (records.get(a.wantedItemId)!.lastSearchedAt ?? "").localeCompare(
          records.get(b.wantedItemId)!.lastSearchedAt ?? "",
        ),
      );
    const state: UpgradeProgress = {
      total: 0,
      done: 0,
      current: null,
      upgraded: 0,
      noBetter: 0,
      atCutoff: 0,
      leftAlone: 0,
      failed: 0,
      skipped: 0,
      replacedMachineMade: 0,
    };
    progress = state;
    const result: UpgradeRunResult = {
      ...state,
      days,
      machineMadeDays,
      minGain,
      upgrades: [],
      leftAloneFiles: [],
      failures: [],
    };

    const tally = (item: store.WantedRecord, outcome: UpgradeOutcome | "skipped") => {
      state.done++;
      if (outcome === "skipped" || (outcome.kind === "failed" && signal.aborted)) {
        state.skipped++;
        return;
      }
      switch (outcome.kind) {
        case "at-cutoff":
          state.atCutoff++;
          break;
        case "no-better":
          state.noBetter++;
          break;
        case "failed":
          state.failed++;
          log.warn("upgrade search failed", { itemId: item.id, reason: outcome.reason });
          if (result.failures.length < LISTED)
            result.failures.push({ itemId: item.id, title: label(item), reason: outcome.reason });
          break;
        case "left-alone":
          state.leftAlone++;
          log.info("upgrade left a file alone", {
            itemId: item.id,
            path: outcome.path,
            reason: outcome.reason,
          });
          if (result.leftAloneFiles.length < LISTED)
            result.leftAloneFiles.push({ itemId: item.id, path: outcome.path, reason: outcome.reason });
          break;
        case "upgraded": {
          state.upgraded++;
          const { previous } = outcome;
          if (previous.machine !== null) state.replacedMachineMade++;
          log.info("subtitle upgraded", {
            itemId: item.id,
            path: outcome.path,
            from: `${previous.provider} ${previous.score}${previous.machine ? ` (${previous.machine})` : ""}`,
            to: `${outcome.provider} ${outcome.score}`,
            ...(outcome.oldFileKept ? { oldFileKept: outcome.oldFileKept } : {}),
          });
          if (result.upgrades.length < LISTED)
            result.upgrades.push({
              itemId: item.id,
              title: label(item),
              language: item.language,
              path: outcome.path,
              from: {
                historyId: previous.historyId,
                provider: previous.provider,
                score: previous.score,
                machine: previous.machine,
              },
              to: { historyId: outcome.historyId, provider: outcome.provider, score: outcome.score },
              oldFileKept: outcome.oldFileKept,
            });
          break;
        }
      }
    };

    try {
      // Only searches count against itemsPerRun: a download at its cutoff or a file left alone is never
      // searched, so never goes to the end of the queue, and would otherwise take the same places every run.
      const toSearch: { download: UpgradableDownload; item: store.WantedRecord; profile: Profile }[] = [];
      const settled: { item: store.WantedRecord; outcome: UpgradeOutcome }[] = [];
      for (const download of queue) {
        if (toSearch.length >= itemsPerRun || signal.aborted) break;
        const item = records.get(download.wantedItemId)!;
        const verdict = await triage(download, item);
        if ("settled" in verdict) settled.push({ item, outcome: verdict.settled });
        else toSearch.push({ download, item, profile: verdict.profile });
      }
      state.total = settled.length + toSearch.length;
      log.info("upgrade run started", {
        downloads: downloads.length,
        searching: toSearch.length,
        days,
        machineMadeDays,
      });
      for (const { item, outcome } of settled) tally(item, outcome);
      await forEachConcurrent(
        toSearch,
        deps.config.search.concurrency,
        async ({ download, item, profile }) => {
          state.current = label(item);
          tally(item, await search(download, item, profile, signal));
        },
        { signal },
      );
    } finally {
      state.current = null;
      progress = null;
    }
    const { current: _, ...counts } = state;
    log.info("upgrade run finished", counts);
    return { ...result, ...counts };
  }

  return {
    run,
    /** The running run's progress; null between runs. */
    progress: (): UpgradeProgress | null => (progress ? { ...progress } : null),
  };
}

export type Upgrader = ReturnType<typeof createUpgrader>;
