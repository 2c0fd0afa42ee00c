import { dirname } from "node:path";
import { forEachConcurrent } from "../concurrency.ts";
import { createYielder } from "../event-loop.ts";
import { mergeSkipped } from "../library/arr-wire.ts";
import type { Listing, MediaFile } from "../library/types.ts";
import { directoryStamp } from "../media/directory-stamp.ts";
import type { MountGuard } from "../media/mount-guard.ts";
import { hasCachedProbes, pruneUnlistedProbes } from "../media/probe/cache.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import { profileSet } from "../profiles/profile.ts";
import { profileFingerprint } from "./decide.ts";
import { mediaKeyOf } from "./file-identity.ts";
import { createProfileResolver } from "./profile-resolver.ts";
import { heldMessage, planRemoval } from "./removal-policy.ts";
import { type FileStepContext, scanFile, scanStoredFile } from "./scan-file.ts";
import {
  inScope,
  isScoped,
  listGroups,
  mergeUndecodable,
  stampHolds,
  unchangedGroup,
  wholeListing,
} from "./scan-groups.ts";
import { createPhaseTimes } from "./scan-phases.ts";
import type { ScanSourcesStore } from "./scan-sources-store.ts";
import { createScanWriteQueue } from "./scan-write-queue.ts";
import type { ScannerDeps, ScanProgress, ScanRequest, ScanSummary } from "./scanner.ts";
import { createSeriesStamper } from "./series-stamper.ts";
import type { FileWrite, WantedStore } from "./store/index.ts";

const FILE_REPORT_MS = 200;
/** Held-back and vanished files handled per transaction. */
const REMOVAL_CHUNK = 32;
/** Files of one group inspected at once (ffprobe runs are async; the native reader is not). */
const FILE_WORKERS = 8;

export interface ScanRunContext {
  deps: ScannerDeps;
  store: WantedStore;
  sourcesStore: ScanSourcesStore;
  mounts: MountGuard;
  /** Records progress in the run's row (throttled by the caller). */
  persist: (progress: ScanProgress) => void;
  /** Told, as the scan ends, of the indexing of its files for search that goes on after it. */
  indexing: (done: Promise<void>) => void;
}

function emptySummary(mode: ScanSummary["mode"]): ScanSummary {
  return {
    mode,
    filesSeen: 0,
    probed: 0,
    cacheHits: 0,
    unreadable: 0,
    undecodableNames: 0,
    added: 0,
    resolved: 0,
    reopened: 0,
    removed: 0,
    heldBack: 0,
    unchangedSeries: 0,
    errors: {},
    warnings: {},
    durationMs: 0,
    phases: createPhaseTimes().snapshot(),
  };
}

/** One scan: lists every source, inspects and decides per file, writes, then removes what is gone. */
export async function runScan(
  { deps, store, sourcesStore, mounts, persist, indexing }: ScanRunContext,
  request: ScanRequest,
  progress: ScanProgress,
  signal: AbortSignal,
): Promise<ScanSummary> {
  const { clock, log } = deps;
  const started = performance.now();
  const scope = request.scope ?? {};
  const mode = progress.mode;
  const profileFor = createProfileResolver(deps.db.db, profileSet(deps.config));
  // Folders are stamped on the scan's clock: one changed within seconds of it is not vouched for.
  const finder = (
    deps.createFinder ??
    (() => createSidecarFinder({ stampDirectory: (path) => directoryStamp(path, clock.now().getTime()) }))
  )();
  const pause = createYielder();
  const phases = createPhaseTimes();
  // A scan that starts with an empty probe cache looks none up, and writes probes only of files it
  // lists: nothing to prune after it either.
  const probesBefore = hasCachedProbes(deps.db.sqlite);
  // Per-file progress reaches listeners (SSE, the CLI bar) at most every 200 ms; group ends always do.
  let lastFileReport = 0;
  const reportFile = () => {
    const now = performance.now();
    if (now - lastFileReport < FILE_REPORT_MS) return;
    lastFileReport = now;
    deps.onProgress?.(progress);
  };
  const summary = emptySummary(mode);
  // Series found whole are stamped once the instance's writes are in; a stamp that holds spares the
  // next incremental scan every episode of its series.
  const stamper = createSeriesStamper(store, finder);
  const warn = (instance: string, message: string) => {
    const before = summary.warnings[instance];
    summary.warnings[instance] = before ? `${before}; ${message}` : message;
  };
  const maxShare = deps.config.scan.maxRemovalShare;
  let unreadableHere = 0;
  let unreadableExample: string | null = null;
  let missingHere = 0;
  const fileStep: FileStepContext = {
    mode,
    inspector: deps.inspector,
    probeCacheEmpty: !probesBefore,
    finder,
    profileFor,
    storedListing: (id) => store.storedListing(id),
    phases,
    onInspected: (outcome) => {
      if (outcome === "probed") summary.probed++;
      else if (outcome === "cached") summary.cacheHits++;
      else {
        summary.unreadable++;
        unreadableHere++;
        if (outcome.missing) missingHere++;
        unreadableExample ??= outcome.unreadable;
      }
    },
  };
  const writes = createScanWriteQueue({
    deps,
    store,
    pause,
    scanId: progress.scanId,
    onWritten: ({ counts, ms }) => {
      phases.addMs("store", ms, counts.filesWritten);
      stamper.written(counts.seriesGens);
      summary.added += counts.added;
      summary.resolved += counts.resolved;
      summary.reopened += counts.reopened;
      const changed = counts.added + counts.resolved + counts.reopened;
      if (changed > 0) {
        // Told at once: a listener showing the wanted list refetches what this commit changed.
        progress.changed += changed;
        deps.onProgress?.(progress);
      }
    },
  });
  const sources = deps.sources.filter((s) => scope.instance === undefined || s.instance === scope.instance);
  if (scope.instance !== undefined && sources.length === 0) {
    summary.errors[scope.instance] = "no such library instance is configured";
  }

  try {
    for (const source of sources) {
      if (signal.aborted) break;
      const instance = source.instance;
      const scanStartedAt = clock.now().toISOString();
      const fail = (error: string) => {
        summary.errors[instance] = error;
        sourcesStore.recordError(instance, source.kind, error, clock.now().toISOString());
      };
      progress.phase = `listing ${source.kind}:${instance}`;
      progress.done = 0;
      progress.total = 0;
      progress.current = null;
      deps.onProgress?.(progress);
      const storedCount = phases.timeSync("store", () => store.countFiles(instance), 0);
      const listed = await phases.time("list", () =>
        listGroups(source, scope, signal, (root) =>
          root === undefined ? storedCount : store.countFiles(instance, root),
        ),
      );
      if (!listed.ok) {
        fail(listed.error);
        log.warn("library listing failed; nothing of this instance is removed", {
          instance,
          error: listed.error,
        });
        continue;
      }
      const sidecarNamesBefore = finder.undecodable()?.count ?? 0;
      let listingComplete = listed.problems.length === 0;
      let groupError: string | null = listed.problems.length > 0 ? listed.problems.join("; ") : null;
      unreadableExample = null;
      unreadableHere = 0;
      missingHere = 0;
      let undecodable = listed.undecodable;
      // Progress counts files: the total starts from what the listing expects and is corrected as
      // each group is listed (a Sonarr series' file count is only a statistic until then).
      let skipped = listed.skipped;
      progress.phase = `scanning ${source.kind}:${instance}`;
      progress.total = listed.groups.reduce((sum, g) => sum + g.expectedFiles, 0);
      deps.onProgress?.(progress);

      await forEachConcurrent(
        listed.groups,
        deps.groupConcurrency ?? 4,
        async (group) => {
          // A series whose stamp holds awaits nothing else: 5,000 of them in a row must still hand the loop back.
          await pause();
          progress.current = group.label;
          // Its folders are read on this thread: on a share that does not answer they would block it
          // (and every request). Such a group counts as not listed: nothing of the instance is removed.
          const silentAt = async (folder: string | undefined): Promise<boolean> => {
            const silence = folder === undefined ? null : await mounts.check(folder);
            if (silence === null) return false;
            listingComplete = false;
            groupError = silence;
            progress.total -= group.expectedFiles;
            return true;
          };
          // A Sonarr series with statistics may be stamped once found whole; an incremental scan trusts
          // a stamp that still holds and looks at no episode of the series.
          const seriesId = group.selector.kind === "series" ? group.selector.id : null;
          const totals = seriesId !== null && !isScoped(scope) ? group.totals : undefined;
          const profile = totals
            ? profileFingerprint(
                profileFor({ source: "sonarr", instance, seriesId, movieId: null, tags: totals.tags }),
              )
            : "";
          if (totals && seriesId !== null) {
            // Read before the files: a change after that raises the count, and ends the chain.
            const read = phases.timeSync("store", () => stamper.begin(instance, seriesId), 0);
            if (mode === "incremental" && (await silentAt(Object.keys(read.stamp?.folders ?? {})[0]))) return;
            const nowMs = clock.now().getTime();
            const files =
              mode === "incremental"
                ? phases.timeSync("inspect", () => stampHolds(read.stamp, totals, profile, nowMs), 0)
                : null;
            if (files !== null) {
              summary.filesSeen += files;
              summary.unchangedSeries++;
              progress.done += files;
              progress.total += files - group.expectedFiles;
              deps.onProgress?.(progress);
              persist(progress);
              return;
            }
          }
          const proposeStamp = (paths: readonly string[]) => {
            if (totals && seriesId !== null && !signal.aborted)
              stamper.propose(
                instance,
                seriesId,
                {
                  files: paths.length,
                  episodes: totals.episodes,
                  size: totals.size,
                  facts: totals.factsKey,
                  profile,
                },
                paths,
              );
          };
          const stored = phases.timeSync("store", () => store.loadGroup(instance, group.selector), 0);
          // A few workers per group keep ffprobe busy; each hands the event loop back between files.
          const eachFile = <T>(files: readonly T[], step: (file: T) => Promise<FileWrite | null>) =>
            forEachConcurrent(
              files,
              FILE_WORKERS,
              async (file) => {
                try {
                  await pause();
                  summary.filesSeen++;
                  const write = await step(file);
                  if (write) writes.push(write);
                } finally {
                  progress.done++;
                  reportFile();
                }
              },
              { signal },
            );
          // An unchanged series is worked from what is stored: its sidecars are still looked at, its listing
          // is not asked for. A scoped scan (a webhook, the user) names the series because something changed: it lists.
          const quick =
            mode === "incremental" &&
            !isScoped(scope) &&
            unchangedGroup(group.totals, stored.values(), (p) => finder.hasVideo(p));
          const listing: Listing<MediaFile> | null = quick
            ? null
            : await phases.time("list", () => group.files());
          if (listing === null) {
            const files = [...stored.values()];
            if (await silentAt(files[0] && dirname(files[0].path))) return;
            progress.total += files.length - group.expectedFiles;
            await eachFile(files, (file) => scanStoredFile(fileStep, file));
            // unchangedGroup held: every stored file is one Sonarr counts, and each stands or is written now.
            proposeStamp(files.map((f) => f.path));
          } else if (!listing.ok) {
            listingComplete = false;
            groupError = listing.error;
            progress.total -= group.expectedFiles;
          } else {
            undecodable = mergeUndecodable(undecodable, listing.undecodable);
            skipped = mergeSkipped(skipped, listing.skipped);
            const files = listing.items.filter((f) => inScope(f, scope));
            if (await silentAt(files[0] && dirname(files[0].path))) return;
            progress.total += files.length - group.expectedFiles;
            deps.onProgress?.(progress);
            const listedKeys = new Set<string>();
            // Files not read in this scan (an unchanged one of an incremental scan): is each still on disk?
            const unread: string[] = [];
            let stands = 0;
            await eachFile(files, async (file) => {
              const mediaKey = mediaKeyOf(file);
              listedKeys.add(mediaKey);
              const previous = stored.get(mediaKey);
              const write = await scanFile(fileStep, file, mediaKey, previous);
              // Null for a stored file: it stands as decided. Null for a new one: it did not read, is not stored.
              if (write !== null || previous !== undefined) stands++;
              if (!write?.inspected) unread.push(file.path);
              return write;
            });
            if (
              totals &&
              wholeListing(files, totals, stands, listedKeys, stored.keys()) &&
              unread.every((p) => finder.hasVideo(p))
            )
              proposeStamp(files.map((f) => f.path));
          }
          await writes.flush(false);
          deps.onProgress?.(progress);
          persist(progress);
        },
        { signal },
      );
      await writes.flush(true);
      // A cancelled scan may not have written what a proposed series needs: no stamp is left then.
      if (!signal.aborted) phases.timeSync("store", () => stamper.finish(), 0);

      if (unreadableHere > 0) {
        // Path mappings are the likely cause only of a file Sonarr or Radarr names that is not there;
        // a standalone file was just found by walking, and one that is there but unreadable is damaged.
        const hint =
          missingHere > 0 && source.kind !== "standalone"
            ? ` (${missingHere === unreadableHere ? "not found" : `${missingHere} not found`}: check path mappings)`
            : "";
        summary.errors[instance] ??=
          `${unreadableHere} file(s) not readable locally${hint}, e.g. ${unreadableExample}`;
      }
      const sidecarNames = finder.undecodable();
      const names = (undecodable?.count ?? 0) + (sidecarNames?.count ?? 0) - sidecarNamesBefore;
      if (names > 0) {
        summary.undecodableNames += names;
        warn(
          instance,
          `${names} file or folder name(s) are not valid UTF-8 and were skipped (rename them), e.g. ${undecodable?.example ?? sidecarNames?.example}`,
        );
      }
      if (skipped !== null) {
        warn(
          instance,
          source.kind === "standalone"
            ? `${skipped.count} folder(s) could not be read (permissions?) and were skipped, so nothing under the standalone roots is removed this scan; e.g. ${skipped.example}`
            : `${skipped.count} record(s) ${source.kind} sent could not be read and were skipped, so nothing of this instance is removed this scan; e.g. ${skipped.example}`,
        );
      }
      if (signal.aborted) break;
      if (!listingComplete) {
        fail(groupError ?? "the listing was incomplete");
        log.warn("library listing incomplete; nothing of this instance is removed", {
          instance,
          error: summary.errors[instance],
        });
        continue;
      }
      sourcesStore.recordSuccess(instance, source.kind, scanStartedAt, mode === "full", !isScoped(scope));
      // Only a full, unscoped scan whose listing of this instance fully succeeded may remove.
      if (mode !== "full" || isScoped(scope) || skipped !== null) continue;
      const now = clock.now().toISOString();
      // With nothing stored before the scan, every stored file is one the scan just wrote.
      const plan = planRemoval(
        storedCount === 0 ? [] : store.vanishedFiles(instance, progress.scanId),
        storedCount,
        maxShare,
        request.forceRemoval === true,
      );
      if (plan.hold.length > 0) {
        for (let i = 0; i < plan.hold.length; i += REMOVAL_CHUNK * 8) {
          await pause();
          store.markMissing(plan.hold.slice(i, i + REMOVAL_CHUNK * 8), now);
        }
        summary.heldBack += plan.hold.length;
        warn(instance, heldMessage(plan.hold.length, storedCount, maxShare));
        log.warn("large removal held back until the next full scan agrees", {
          instance,
          held: plan.hold.length,
          stored: storedCount,
        });
      }
      for (let i = 0; i < plan.remove.length; i += REMOVAL_CHUNK) {
        await pause();
        const { removed } = store.removeFiles(plan.remove.slice(i, i + REMOVAL_CHUNK), now);
        summary.removed += removed;
        progress.changed += removed;
      }
      if (plan.remove.length > 0) deps.onProgress?.(progress);
    }
    // After a clean full pass, cache rows of files no library lists any more are dead weight.
    if (
      mode === "full" &&
      !isScoped(scope) &&
      probesBefore &&
      !signal.aborted &&
      Object.keys(summary.errors).length === 0
    ) {
      pruneUnlistedProbes(deps.db.sqlite);
    }
  } finally {
    indexing(writes.close());
  }
  summary.durationMs = Math.round(performance.now() - started);
  summary.phases = phases.snapshot();
  log.debug("scan phases", {
    scanId: progress.scanId,
    durationMs: summary.durationMs,
    ...summary.phases,
    unchangedSeries: summary.unchangedSeries,
  });
  return summary;
}
