import { forEachConcurrent } from "../concurrency.ts";
import { createYielder } from "../event-loop.ts";
import { mergeSkipped } from "../library/arr-wire.ts";
import type { Listing, MediaFile } from "../library/types.ts";
import { pruneUnlistedProbes } from "../media/probe/cache.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import type { SubtitleStream } from "../media/types.ts";
import { profileSet } from "../profiles/profile.ts";
import { decide } from "./decide.ts";
import { fileContext, libraryFactsOf, readStoredMedia, storedMediaJson } from "./file-facts.ts";
import { fileChanged, isReplaced, kindOf, mediaKeyOf, storedMediaFile } from "./file-identity.ts";
import { createProfileResolver } from "./profile-resolver.ts";
import { heldMessage, planRemoval } from "./removal-policy.ts";
import { inScope, isScoped, listGroups, mergeUndecodable, unchangedGroup } from "./scan-groups.ts";
import { createPhaseTimes } from "./scan-phases.ts";
import type { ScanSourcesStore } from "./scan-sources-store.ts";
import type { ScannerDeps, ScanProgress, ScanRequest, ScanSummary } from "./scanner.ts";
import type { FileWrite, WantedStore, WriteCounts } from "./store/index.ts";

/**
 * Files written per transaction: a 1,000-episode series is not one long write (a file costs
 * its upsert, its items and the full-text index; WAL with synchronous=NORMAL makes commits cheap).
 */
const FILE_REPORT_MS = 200;
const WRITE_CHUNK = 32;
/** Files of one group inspected at once (ffprobe runs are async; the native reader is not). */
const FILE_WORKERS = 8;

export interface ScanRunContext {
  deps: ScannerDeps;
  store: WantedStore;
  sourcesStore: ScanSourcesStore;
  /** Records progress in the run's row (throttled by the caller). */
  persist: (progress: ScanProgress) => void;
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
    errors: {},
    warnings: {},
    durationMs: 0,
    phases: createPhaseTimes().snapshot(),
  };
}

/** One scan: lists every source, inspects and decides per file, writes, then removes what is gone. */
export async function runScan(
  { deps, store, sourcesStore, persist }: ScanRunContext,
  request: ScanRequest,
  progress: ScanProgress,
  signal: AbortSignal,
): Promise<ScanSummary> {
  const { clock, log } = deps;
  const started = performance.now();
  const scope = request.scope ?? {};
  const mode = progress.mode;
  const profileFor = createProfileResolver(deps.db.db, profileSet(deps.config));
  const finder = (deps.createFinder ?? (() => createSidecarFinder()))();
  const pause = createYielder();
  const phases = createPhaseTimes();
  // Per-file progress reaches listeners (SSE, the CLI bar) at most every 200 ms; group ends always do.
  let lastFileReport = 0;
  const reportFile = () => {
    const now = performance.now();
    if (now - lastFileReport < FILE_REPORT_MS) return;
    lastFileReport = now;
    deps.onProgress?.(progress);
  };
  const summary = emptySummary(mode);
  const warn = (instance: string, message: string) => {
    const before = summary.warnings[instance];
    summary.warnings[instance] = before ? `${before}; ${message}` : message;
  };
  const maxShare = deps.config.scan.maxRemovalShare;
  const sources = deps.sources.filter((s) => scope.instance === undefined || s.instance === scope.instance);
  if (scope.instance !== undefined && sources.length === 0) {
    summary.errors[scope.instance] = "no such library instance is configured";
  }

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
    let unreadableExample: string | null = null;
    let unreadableHere = 0;
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
        progress.current = group.label;
        const { files: stored, items: itemsByFile } = phases.timeSync(
          "store",
          () => store.loadGroup(instance, group.selector),
          0,
        );
        // An unchanged series is worked from what is stored: its sidecars are still looked at, its listing
        // is not asked for. A scoped scan (a webhook, the user) names the series because something changed: it lists.
        const listing: Listing<MediaFile> =
          mode === "incremental" &&
          !isScoped(scope) &&
          unchangedGroup(group.totals, stored.values(), (p) => finder.hasVideo(p))
            ? { ok: true, items: [...stored.values()].map(storedMediaFile) }
            : await phases.time("list", () => group.files());
        if (!listing.ok) {
          listingComplete = false;
          groupError = listing.error;
        } else {
          undecodable = mergeUndecodable(undecodable, listing.undecodable);
          skipped = mergeSkipped(skipped, listing.skipped);
          const files = listing.items.filter((f) => inScope(f, scope));
          progress.total += files.length - group.expectedFiles;
          deps.onProgress?.(progress);
          const writes: FileWrite[] = [];
          // A few workers per group keep ffprobe busy; each hands the event loop back between files.
          await forEachConcurrent(
            files,
            FILE_WORKERS,
            async (file) => {
              try {
                await pause();
                const inspectStarted = performance.now();
                summary.filesSeen++;
                const mediaKey = mediaKeyOf(file);
                const previous = stored.get(mediaKey);
                const mtimeMs =
                  file.source === "standalone" && file.dateAdded ? Date.parse(file.dateAdded) : null;
                const changed = !previous || fileChanged(previous, file, mtimeMs);
                let streams: SubtitleStream[];
                let probedAudio: string[] | null = null;
                let inspected = false;
                if (mode === "full" || changed || !previous) {
                  const result = await phases.time("probe", () => deps.inspector.inspect(file.path));
                  if (!result.ok) {
                    summary.unreadable++;
                    unreadableHere++;
                    unreadableExample ??= `${file.path}: ${result.error}`;
                    // Keep what is known: an unmounted share must not make items appear or vanish.
                    if (!previous) return;
                    ({ streams, probedAudio } = readStoredMedia(previous.subtitlesJson));
                  } else {
                    streams = result.streams;
                    probedAudio = result.audioLanguages ?? null;
                    inspected = true;
                    if (result.cached) summary.cacheHits++;
                    else summary.probed++;
                  }
                } else {
                  ({ streams, probedAudio } = readStoredMedia(previous.subtitlesJson));
                }
                const sidecars = finder.find(file.path);
                const facts = libraryFactsOf(file);
                const subtitlesJson = storedMediaJson(facts, streams, sidecars, probedAudio);
                phases.record("inspect", inspectStarted);
                const decisions = phases.timeSync("decide", () =>
                  decide(profileFor(file), sidecars, streams, fileContext(file.season, facts, probedAudio)),
                );
                writes.push({
                  file,
                  mediaKey,
                  kind: kindOf(file),
                  mtimeMs,
                  subtitlesJson,
                  inspected,
                  replaced: previous !== undefined && isReplaced(previous, file),
                  // Full scans rewrite every row (arr metadata such as titles may change without the change key).
                  unchanged:
                    mode === "incremental" &&
                    previous !== undefined &&
                    !changed &&
                    previous.subtitlesJson === subtitlesJson,
                  wasMissing: previous?.missingSince != null,
                  storedId: previous?.id ?? null,
                  decisions,
                });
              } finally {
                progress.done++;
                reportFile();
              }
            },
            { signal },
          );
          deps.inspector.flush?.();
          for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
            if (i > 0) await pause();
            const counts: WriteCounts = phases.timeSync(
              "store",
              () =>
                store.writeGroup(
                  writes.slice(i, i + WRITE_CHUNK),
                  progress.scanId,
                  clock.now().toISOString(),
                  itemsByFile,
                ),
              0,
            );
            phases.count("store", counts.filesWritten);
            summary.added += counts.added;
            summary.resolved += counts.resolved;
            summary.reopened += counts.reopened;
          }
        }
        if (!listing.ok) progress.total -= group.expectedFiles;
        deps.onProgress?.(progress);
        persist(progress);
      },
      { signal },
    );

    if (unreadableHere > 0) {
      summary.errors[instance] ??=
        `${unreadableHere} file(s) not readable locally (check path mappings), e.g. ${unreadableExample}`;
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
        `${skipped.count} record(s) ${source.kind} sent could not be read and were skipped, so nothing of this instance is removed this scan; e.g. ${skipped.example}`,
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
    const plan = planRemoval(
      store.vanishedFiles(instance, progress.scanId),
      storedCount,
      maxShare,
      request.forceRemoval === true,
    );
    if (plan.hold.length > 0) {
      for (let i = 0; i < plan.hold.length; i += WRITE_CHUNK * 8) {
        await pause();
        store.markMissing(plan.hold.slice(i, i + WRITE_CHUNK * 8), now);
      }
      summary.heldBack += plan.hold.length;
      warn(instance, heldMessage(plan.hold.length, storedCount, maxShare));
      log.warn("large removal held back until the next full scan agrees", {
        instance,
        held: plan.hold.length,
        stored: storedCount,
      });
    }
    for (let i = 0; i < plan.remove.length; i += WRITE_CHUNK) {
      await pause();
      summary.removed += store.removeFiles(plan.remove.slice(i, i + WRITE_CHUNK), now).removed;
    }
  }
  // After a clean full pass, cache rows of files no library lists any more are dead weight.
  if (mode === "full" && !isScoped(scope) && !signal.aborted && Object.keys(summary.errors).length === 0) {
    pruneUnlistedProbes(deps.db.sqlite);
  }
  summary.durationMs = Math.round(performance.now() - started);
  summary.phases = phases.snapshot();
  log.debug("scan phases", { scanId: progress.scanId, durationMs: summary.durationMs, ...summary.phases });
  return summary;
}
