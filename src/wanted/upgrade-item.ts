import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { SubhoundEvent } from "../events/bus.ts";
import type { Profile } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { bestPossibleScore, rankCandidates, scoreCandidate } from "../providers/scoring.ts";
import { removeOwnFile } from "../subtitles/remove-own.ts";
import type { SaveFileSystem } from "../subtitles/save.ts";
import { lastWrittenAt, recordSavedSubtitle, type UpgradableDownload } from "./history-store.ts";
import { minScoreFor } from "./min-score.ts";
import { mediaOf } from "./outcome-events.ts";
import type { createCandidateFinder } from "./search-candidates.ts";
import type { SubtitleTools } from "./search-types.ts";
import type { WantedRecord } from "./store/index.ts";
import { type SubtitleWriter, savedHistoryRow } from "./subtitle-writer.ts";

/** What re-searching one download came to; `left-alone` and `failed` say why. */
export type UpgradeOutcome =
  | { kind: "at-cutoff"; score: number; cutoff: number }
  | { kind: "left-alone"; path: string; reason: string }
  | { kind: "no-better"; score: number; best: number | null }
  | {
      kind: "upgraded";
      historyId: number;
      path: string;
      provider: string;
      score: number;
      previous: {
        historyId: number;
        provider: string;
        score: number;
        path: string;
        machine: UpgradableDownload["machine"];
      };
      /** Set when the better subtitle has another name and the old file could not be removed. */
      oldFileKept: string | null;
    }
  | { kind: "failed"; reason: string };

export interface UpgradeItemDeps {
  db: DbHandle;
  clock: Clock;
  config: Pick<Config, "search" | "upgrades">;
  registry: ProviderRegistry;
  tools: SubtitleTools;
  finder: ReturnType<typeof createCandidateFinder>;
  /** Made with the profile's after-download work (fixes, sync), as the searcher's writer is. */
  writer: Pick<SubtitleWriter, "fetchPrepared" | "provenance" | "fixAndPlace" | "afterSaved">;
  fileSystem: SaveFileSystem;
  publish?: (event: SubhoundEvent) => void;
}

/** The score past which `item` is done: its profile's cutoff, at most the best it could ever score. */
export function upgradeCutoff(item: WantedRecord, profile: Profile, registry: ProviderRegistry): number {
  const top = registry.names()[0];
  const best = bestPossibleScore(
    { kind: item.kind, hasYear: item.file.year !== null },
    profile,
    top === undefined ? 1000 : registry.priorityOf(top),
  );
  return Math.min(profile.upgradeCutoff ?? best, best);
}

/**
 * Whether the file of `download` is still exactly what Subhound wrote there; otherwise why it is
 * left alone (the user deleted, edited or replaced it).
 */
export async function ownershipProblem(
  deps: Pick<UpgradeItemDeps, "db" | "fileSystem">,
  download: UpgradableDownload,
): Promise<string | null> {
  const written = lastWrittenAt(deps.db.db, download.path);
  if (!written) return "Subhound no longer owns this path";
  const target = await deps.fileSystem.inspect(download.path).catch(() => null);
  if (target === null || target.kind === "missing") return "the file is gone (deleted or moved by you)";
  if (target.kind !== "file") return `a ${target.kind} is there now`;
  if (written.size !== null && written.size !== target.size)
    return "the file was edited or replaced since Subhound wrote it (it is yours now)";
  const hash = await deps.fileSystem.hashFile(download.path, target).catch(() => null);
  return hash === written.sha256
    ? null
    : "the file was edited or replaced since Subhound wrote it (it is yours now)";
}

/**
 * Re-searches one claimed item whose current subtitle is `download` and replaces it when a
 * candidate scores at least `upgrades.minGain` more. The current candidate is scored again with
 * today's profile when a provider still lists it, so both sides are measured alike. A machine-made
 * subtitle (a translation or transcript) has no score to beat: any candidate over the item's minimum
 * replaces it, since a real subtitle in the language is what the fallback stood in for. A better
 * subtitle with the same name replaces the old one atomically (only while it is still Subhound's);
 * one with another name (another format, or HI) is saved first and the old file removed after.
 */
export async function upgradeItem(
  deps: UpgradeItemDeps,
  item: WantedRecord,
  profile: Profile,
  download: UpgradableDownload,
  signal: AbortSignal,
): Promise<UpgradeOutcome> {
  const { db, registry, tools, finder, writer } = deps;
  const { query, usable, outcomes } = await finder.rankedFor(item, signal);
  if (signal.aborted) return { kind: "failed", reason: "cancelled" };
  if (outcomes.length > 0 && !outcomes.some((o) => o.ok))
    return {
      kind: "failed",
      reason: `no provider could be asked: ${outcomes.map((o) => (o.ok ? "" : `${o.provider}: ${o.reason}`)).join("; ")}`,
    };
  const isCurrent = (c: { provider: string; id: string }) =>
    c.provider === download.provider && c.id === download.candidateId;
  const current = usable.find(isCurrent);
  const baseline = current
    ? scoreCandidate(current, query, profile, registry.priorityOf(current.provider)).score
    : download.score;
  const ranked = rankCandidates(usable, query, profile, {
    minScore: minScoreFor(item, profile, deps.config.search, registry),
    priorityOf: (c) => registry.priorityOf(c.provider),
  }).filter((s) => !isCurrent(s.candidate));
  const best = ranked[0]?.score ?? null;
  const better = (
    download.machine !== null
      ? ranked
      : ranked.filter((s) => s.score >= baseline + deps.config.upgrades.minGain)
  ).slice(0, 3);
  const reasons: string[] = [];
  for (const scored of better) {
    if (signal.aborted) return { kind: "failed", reason: "cancelled" };
    const prepared = await writer.fetchPrepared(item, scored, item.language, profile.formats, signal);
    if (!prepared.ok) {
      reasons.push(prepared.reason);
      continue;
    }
    const { fixed, targetPath } = await writer.fixAndPlace(
      item,
      prepared,
      profile,
      scored.candidate.hearingImpaired === true,
    );
    const saved = await tools.save({
      videoPath: item.file.path,
      targetPath,
      content: new TextEncoder().encode(fixed.text),
      writtenByUs: (path) => lastWrittenAt(db.db, path),
    });
    if (!saved.ok) {
      const detail = saved.detail ? `: ${saved.detail}` : "";
      if (saved.reason === "user-file-exists" && targetPath === download.path)
        return { kind: "left-alone", path: download.path, reason: `changed while searching${detail}` };
      reasons.push(`${saved.reason}${detail}`);
      continue;
    }
    const from = writer.provenance(scored, "downloaded");
    const historyId = recordSavedSubtitle(
      db.db,
      savedHistoryRow(item, from, prepared, saved, {
        action: "upgraded",
        createdAt: deps.clock.now().toISOString(),
      }),
    );
    await writer.afterSaved(item, {
      historyId,
      path: saved.path,
      subtitle: prepared,
      profile,
      fixed,
      transcribed: false,
    });
    let oldFileKept: string | null = null;
    if (saved.path !== download.path) {
      const written = lastWrittenAt(db.db, download.path);
      const removed = written
        ? await removeOwnFile(download.path, written, deps.fileSystem)
        : { ok: false as const, detail: "Subhound no longer owns it" };
      if (!removed.ok) oldFileKept = `${download.path} kept: ${removed.detail}`;
    }
    await tools.refresh?.(item.file.path);
    const previous = { provider: download.provider, score: download.score, machine: download.machine };
    deps.publish?.({
      type: "subtitle.upgraded",
      data: {
        ...mediaOf(item),
        path: saved.path,
        provider: from.provider,
        score: from.score,
        manual: false,
        previous,
      },
    });
    return {
      kind: "upgraded",
      historyId,
      path: saved.path,
      provider: from.provider,
      score: from.score,
      previous: {
        ...previous,
        historyId: download.historyId,
        path: download.path,
        machine: download.machine,
      },
      oldFileKept,
    };
  }
  // Better ones were offered but none could be fetched or saved: that is a failure, not "nothing better".
  if (better.length > 0) return { kind: "failed", reason: reasons.join("; ") };
  return { kind: "no-better", score: baseline, best };
}
