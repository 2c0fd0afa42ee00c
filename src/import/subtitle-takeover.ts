import { basename } from "node:path";
import type { DbHandle } from "../db/client.ts";
import { languageSatisfies } from "../media/languages.ts";
import { createSidecarFinder, type SidecarFinder } from "../media/sidecars.ts";
import { nodeSaveFileSystem, type SaveFileSystem } from "../subtitles/save.ts";
import { lastWrittenAt, recordSavedSubtitle, type SavedSubtitle } from "../wanted/history-store.ts";
import { itemsOfFiles, type LibraryFileRow } from "../wanted/store/index.ts";
import type { BazarrDb } from "./bazarr-db.ts";
import {
  BAZARR_ACTION,
  type BazarrMaker,
  type BazarrSubtitleRecord,
  readBazarrSubtitles,
} from "./bazarr-history.ts";
import { bazarrLanguage } from "./bazarr-language.ts";
import { subhoundCandidate } from "./bazarr-providers.ts";
import { type BazarrTimezone, parseBazarrTime } from "./bazarr-time.ts";
import { type Examples, noteExample } from "./examples.ts";
import { type LibraryLookup, localSubtitlePath, matchVideo } from "./library-match.ts";

/** The history action of a subtitle Bazarr made and Subhound took over. */
export const IMPORTED_ACTION = "imported";

/**
 * Bazarr writes its history row after saving, syncing and post-processing the file, so the file's
 * time is at most the row's. A little slack covers file systems that keep whole (FAT: even) seconds.
 */
export const MTIME_SLACK_MS = 5_000;

export type TakeoverSkip =
  | "deleted-by-bazarr"
  | "not-made-by-bazarr"
  | "video-not-in-library"
  | "not-beside-video"
  | "missing"
  | "not-a-file"
  | "not-a-sidecar"
  | "no-language"
  | "unreadable-time"
  | "changed-since"
  | "already-subhounds";

export interface TakeoverPlan {
  /** Why the whole part could not run, or null. */
  skippedPart: string | null;
  /** A history table left out (its columns are missing), with why. */
  notes: string[];
  bazarrRows: number;
  bazarrPaths: number;
  imports: SavedSubtitle[];
  skipped: Partial<Record<TakeoverSkip, Examples>>;
}

export interface TakeoverDeps {
  bazarr: BazarrDb;
  handle: Pick<DbHandle, "sqlite" | "db">;
  library: LibraryLookup;
  timezone: BazarrTimezone;
  fileSystem?: SaveFileSystem;
  finder?: SidecarFinder;
}

/**
 * Which subtitle files Bazarr made are still exactly as it left them, beside a video of Subhound's
 * library, and not yet Subhound's: each becomes a history row of Subhound's own (`imported`), with
 * the file's hash and size now, so every later check of ownership (upgrade, sync, fix, delete) treats
 * it as a file Subhound wrote. Bazarr keeps no hash; a file whose time is later than Bazarr's newest
 * record of it was changed since (by the user, or a tool) and stays the user's. Only reads.
 */
export async function planTakeover(deps: TakeoverDeps): Promise<TakeoverPlan> {
  const fileSystem = deps.fileSystem ?? nodeSaveFileSystem;
  const finder = deps.finder ?? createSidecarFinder();
  const { records, rows, skipped: notes } = readBazarrSubtitles(deps.bazarr);
  const plan: TakeoverPlan = {
    skippedPart: notes.length === 2 ? notes.join("; ") : null,
    notes: notes.length === 2 ? [] : notes,
    bazarrRows: rows,
    bazarrPaths: records.length,
    imports: [],
    skipped: {},
  };
  const skip = (reason: TakeoverSkip, example: string) => {
    plan.skipped[reason] = noteExample(plan.skipped[reason], example);
  };
  const planned = new Set<string>();
  for (const record of records) {
    const outcome = await takeOver(record);
    if ("skip" in outcome) skip(outcome.skip, outcome.example);
    else if (!planned.has(outcome.path)) {
      planned.add(outcome.path);
      plan.imports.push(outcome);
    }
  }
  return plan;

  async function takeOver(
    record: BazarrSubtitleRecord,
  ): Promise<SavedSubtitle | { skip: TakeoverSkip; example: string }> {
    const at = (skip: TakeoverSkip, example = record.subtitlePath) => ({ skip, example });
    if (record.lastAction === BAZARR_ACTION.deleted) return at("deleted-by-bazarr");
    const maker = record.maker;
    if (!maker) return at("not-made-by-bazarr");
    const files = record.arrId === null ? [] : deps.library.filesOf(record.kind, record.arrId);
    const file = record.videoPath === null ? null : matchVideo(files, record.videoPath);
    if (!file || record.videoPath === null)
      return at("video-not-in-library", record.videoPath ?? record.subtitlePath);
    const path = localSubtitlePath(file, record.videoPath, record.subtitlePath);
    if (path === null) return at("not-beside-video");
    const target = await fileSystem.inspect(path).catch(() => null);
    if (target === null || target.kind === "missing") return at("missing", path);
    if (target.kind !== "file") return at("not-a-file", `${path} (a ${target.kind})`);
    const sidecar = finder.find(file.path).find((s) => s.path === path);
    if (!sidecar) return at("not-a-sidecar", path);
    if (lastWrittenAt(deps.handle.db, path) !== null) return at("already-subhounds", path);
    const language = sidecar.language ?? (maker.language === null ? null : bazarrLanguage(maker.language));
    if (language === null) return at("no-language", path);
    const madeAt = parseBazarrTime(record.lastTimestamp, deps.timezone);
    if (madeAt === null) return at("unreadable-time", `${path} (${String(record.lastTimestamp)})`);
    if (target.mtimeMs > madeAt.getTime() + MTIME_SLACK_MS)
      return at(
        "changed-since",
        `${path} (changed ${later(target.mtimeMs - madeAt.getTime())} after Bazarr's record)`,
      );
    const sha256 = await fileSystem.hashFile(path, target).catch(() => null);
    if (sha256 === null) return at("not-a-file", path);
    const variant = sidecar.forced ? "forced" : "full";
    return {
      wantedItemId: itemFor(file, language, variant),
      instance: file.instance,
      title: file.title,
      season: file.season,
      episodes: JSON.parse(file.episodesJson) as number[],
      language,
      variant,
      ...provenance(maker, path),
      release: null,
      breakdown: {},
      format: sidecar.format,
      encoding: null,
      path,
      sha256,
      size: target.size,
      action: IMPORTED_ACTION,
      createdAt: madeAt.toISOString(),
    };
  }

  /** The item the subtitle serves, so the upgrade job and the item's history find it. */
  function itemFor(file: LibraryFileRow, language: string, variant: string): number | null {
    const items = (itemsOfFiles(deps.handle.db, [file.id]).get(file.id) ?? []).filter(
      (i) => i.variant === variant,
    );
    return (
      (
        items.find((i) => i.language === language) ??
        items.find((i) => languageSatisfies(i.language, language))
      )?.id ?? null
    );
  }
}

/**
 * Who made the file, under the names Subhound's providers use where they name the same subtitle
 * alike (so the upgrade job scores the current subtitle again, and blacklisting it from the history
 * works); otherwise as Bazarr named it. Only downloads carry a score: Bazarr's points follow the same
 * weights as Subhound's match points.
 */
function provenance(
  maker: BazarrMaker,
  path: string,
): Pick<SavedSubtitle, "provider" | "candidateId" | "score"> {
  if (maker.action === BAZARR_ACTION.uploaded)
    return { provider: "upload", candidateId: basename(path), score: 0 };
  if (maker.action === BAZARR_ACTION.translated)
    return { provider: "translation", candidateId: basename(path), score: 0 };
  const score = maker.score ?? 0;
  const provider = maker.provider ?? "bazarr";
  const mapped = subhoundCandidate(provider, maker.subsId ?? "");
  return mapped ? { ...mapped, score } : { provider, candidateId: maker.subsId ?? "", score };
}

function later(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${Math.round(hours / 24)} days`;
}

/**
 * Records the planned files as Subhound's, in one transaction. A path Subhound took over in the
 * meantime (a search wrote it) is left as it is.
 */
export function applyTakeover(handle: Pick<DbHandle, "sqlite" | "db">, plan: TakeoverPlan): number {
  return handle.sqlite.transaction(() => {
    let recorded = 0;
    for (const saved of plan.imports) {
      if (lastWrittenAt(handle.db, saved.path) !== null) continue;
      recordSavedSubtitle(handle.db, saved);
      recorded++;
    }
    return recorded;
  })();
}
