import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { readSetting, writeSetting } from "../db/app-settings.ts";
import type { DbHandle } from "../db/client.ts";
import { unlessBusy } from "../db/connection.ts";
import type { LibrarySource } from "../library/index.ts";
import type { Logger } from "../log.ts";
import type { StreamInspector } from "../media/inspector.ts";
import { createMountGuard, type MountGuard } from "../media/mount-guard.ts";
import type { SidecarFinder } from "../media/sidecars.ts";
import { createProcessOwner } from "../runs/process-owner.ts";
import { createRunRecorder } from "../runs/recorder.ts";
import { lastScanRun, type ScanRunRow } from "../runs/run-store.ts";
import type { RunStatus } from "../runs/status.ts";
import { createPhaseTimes, type PhaseTimes } from "./scan-phases.ts";
import { runScan } from "./scan-run.ts";
import { createScanSourcesStore } from "./scan-sources-store.ts";
import type { createScanWriter } from "./scan-writer.ts";
import { createWantedStore } from "./store/index.ts";

export type ScanMode = "full" | "incremental";
export type ScanTrigger = "api" | "cli" | "schedule" | "webhook";

export interface ScanScope {
  instance?: string;
  seriesId?: number;
  movieId?: number;
  /** Only files at or below this local path. */
  path?: string;
}

export interface ScanRequest {
  /** `auto` follows the cycle: every `scan.fullEvery`th automatic scan is full. */
  mode: "auto" | ScanMode;
  trigger: ScanTrigger;
  scope?: ScanScope;
  /** A full scan removes every file it no longer saw at once, even past `scan.maxRemovalShare`. */
  forceRemoval?: boolean;
}

export interface ScanSummary {
  mode: ScanMode;
  filesSeen: number;
  probed: number;
  cacheHits: number;
  /** Files the scan could not read locally (wrong path mapping, unmounted share). */
  unreadable: number;
  /** Video, folder and subtitle names that are not valid UTF-8, skipped. */
  undecodableNames: number;
  added: number;
  resolved: number;
  reopened: number;
  removed: number;
  /** Files no longer listed whose removal waits for the next full scan to agree. */
  heldBack: number;
  /**
   * Sonarr series trusted as unchanged from the stamp an earlier scan left: none of their episodes was
   * looked at (their files count in `filesSeen`).
   */
  unchangedSeries: number;
  /** Per instance: listings that failed or were not trusted (nothing of that instance was removed). */
  errors: Record<string, string>;
  /** Per instance: what did not stop the scan but needs a look (held-back removals, bad names). */
  warnings: Record<string, string>;
  durationMs: number;
  /** Where the time went, per phase, with what each handled (see scan-phases.ts). */
  phases: PhaseTimes;
}

export type ScanStatus = RunStatus;

export interface ScanProgress {
  scanId: number;
  mode: ScanMode;
  trigger: ScanTrigger;
  scope: ScanScope;
  status: ScanStatus;
  phase: string;
  done: number;
  total: number;
  current: string | null;
  startedAt: string;
  finishedAt: string | null;
  summary: ScanSummary | null;
  errors: Record<string, string>;
  /**
   * Wanted items this scan has added, resolved, reopened or removed so far, counted as its writes commit: while
   * it runs, a move tells a listener the wanted list changed (the Wanted page refetches).
   */
  changed: number;
}

export interface ScannerDeps {
  db: DbHandle;
  clock: Clock;
  log: Logger;
  config: Pick<Config, "languages" | "profile" | "scan">;
  sources: LibrarySource[];
  inspector: StreamInspector;
  createFinder?: () => SidecarFinder;
  /**
   * Asks each filesystem whether it answers before its folders are read (a dead network share would
   * block this thread); one per runtime, so a share that is still silent is not asked again by the
   * next scan. Default: a guard of the scanner's own.
   */
  mounts?: MountGuard;
  onProgress?: (progress: ScanProgress) => void;
  /** Series/movies listed and inspected at once. */
  groupConcurrency?: number;
  /** This process's owner id (`createProcessOwner`), recorded on its scan runs. */
  owner?: string;
  /** Whether a pid is alive; tests stand in for the OS. */
  alive?: (pid: number) => boolean;
  /**
   * Where a scan with whole batches to write commits them: on a writer thread (default, for a
   * database file) or on this one.
   */
  writes?: "worker" | "inline";
  /** Tests stand in for the writer thread. */
  createWriter?: typeof createScanWriter;
}

export type StartResult =
  | { ok: true; scanId: number; done: Promise<ScanProgress> }
  | { ok: false; runningScanId: number };

const CYCLE_KEY = "scan.cycle";

export function createScanner(deps: ScannerDeps) {
  const { db, clock, log } = deps;
  const store = createWantedStore(db);
  const sourcesStore = createScanSourcesStore(db);
  const mounts = deps.mounts ?? createMountGuard();

  const recorder = createRunRecorder("scan", {
    db: db.db,
    clock,
    owner: deps.owner ?? createProcessOwner(),
    ...(deps.alive ? { alive: deps.alive } : {}),
  });

  // A process that died mid-scan left its run "running".
  recorder.interruptDead();

  let running: { progress: ScanProgress; controller: AbortController; done: Promise<ScanProgress> } | null =
    null;

  function rowToProgress(row: ScanRunRow): ScanProgress {
    return {
      scanId: row.id,
      mode: row.mode as ScanMode,
      trigger: row.trigger as ScanTrigger,
      scope: JSON.parse(row.scopeJson),
      status: row.status as ScanStatus,
      phase: row.phase,
      done: row.done,
      total: row.total,
      current: row.current,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      // Runs recorded before a summary field existed read as zero/empty for it.
      summary: row.summaryJson
        ? {
            undecodableNames: 0,
            heldBack: 0,
            unchangedSeries: 0,
            warnings: {},
            phases: createPhaseTimes().snapshot(),
            ...JSON.parse(row.summaryJson),
          }
        : null,
      errors: JSON.parse(row.errorsJson),
      // Another process's running scan is seen through its recorded row, which keeps no running count.
      changed: row.summaryJson ? changedBy(JSON.parse(row.summaryJson)) : 0,
    };
  }

  // The files the last scan added, being indexed for search after it ended (shutdown waits for it).
  let indexing: Promise<void> = Promise.resolve();
  let lastPersist = 0;
  function persist(p: ScanProgress, force = false) {
    const t = Date.now();
    if (!force && t - lastPersist < 250) return;
    lastPersist = t;
    const columns = {
      phase: p.phase,
      done: p.done,
      total: p.total,
      current: p.current,
      summaryJson: p.summary ? JSON.stringify(p.summary) : null,
      errorsJson: JSON.stringify(p.errors),
    };
    // Progress skips a turn rather than wait behind the writer thread's transaction.
    if (p.status === "running") unlessBusy(db.sqlite, () => recorder.progress(p.scanId, columns));
    else recorder.finish(p.scanId, p.status, columns, p.finishedAt ?? clock.now().toISOString());
  }

  function chooseMode(request: ScanRequest): ScanMode {
    if (request.mode !== "auto") return request.mode;
    const cycle = Number(readSetting(db, CYCLE_KEY) ?? 0);
    const neverListed = deps.sources.some((s) => !sourcesStore.lastSuccessAt(s.instance));
    return neverListed || cycle % deps.config.scan.fullEvery === 0 ? "full" : "incremental";
  }

  return {
    /** Starts a scan unless one is running; the returned promise settles when it ends. */
    start(request: ScanRequest): StartResult {
      if (running) return { ok: false, runningScanId: running.progress.scanId };
      const mode = chooseMode(request);
      const startedAt = clock.now().toISOString();
      const scope = request.scope ?? {};
      const scanId = recorder.start(
        { mode, trigger: request.trigger, scopeJson: JSON.stringify(scope) },
        startedAt,
      );
      const controller = new AbortController();
      const progress: ScanProgress = {
        scanId,
        mode,
        trigger: request.trigger,
        scope,
        status: "running",
        phase: "starting",
        done: 0,
        total: 0,
        current: null,
        startedAt,
        finishedAt: null,
        summary: null,
        errors: {},
        changed: 0,
      };
      let settle: (p: ScanProgress) => void = () => {};
      running = { progress, controller, done: new Promise((r) => (settle = r)) };
      log.info("scan started", { scanId, mode, trigger: request.trigger, scope });
      const done = runScan(
        { deps, store, sourcesStore, mounts, persist, indexing: (p) => (indexing = p.catch(() => {})) },
        request,
        progress,
        controller.signal,
      )
        .then(
          (summary) => {
            progress.summary = summary;
            progress.errors = summary.errors;
            // Not one file seen and a library that could not be listed: nothing was scanned (Sonarr
            // down, a mount gone), which the task list and history must show as a failure.
            const nothingListed = summary.filesSeen === 0 && Object.keys(summary.errors).length > 0;
            progress.status = controller.signal.aborted
              ? "cancelled"
              : nothingListed
                ? "failed"
                : "succeeded";
            if (progress.status === "succeeded") {
              // A full scan of the whole library that listed every instance starts the cycle again, however
              // it was asked for: after `subhound scan --full` the next automatic scan is incremental.
              const wholeFull =
                mode === "full" &&
                Object.keys(scope).length === 0 &&
                Object.keys(summary.errors).length === 0;
              if (wholeFull) writeSetting(db, CYCLE_KEY, "1", clock.now());
              else if (request.mode === "auto") {
                const cycle = Number(readSetting(db, CYCLE_KEY) ?? 0);
                writeSetting(db, CYCLE_KEY, String(cycle + 1), clock.now());
              }
            }
            log.info("scan finished", { scanId, status: progress.status, ...summary });
          },
          (error: unknown) => {
            progress.status = "failed";
            progress.errors = { ...progress.errors, scan: (error as Error).message };
            log.error("scan failed", { scanId, error });
          },
        )
        .then(() => {
          progress.phase = progress.status;
          progress.current = null;
          progress.finishedAt = clock.now().toISOString();
          persist(progress, true);
          running = null;
          deps.onProgress?.(progress);
          settle(progress);
          return progress;
        });
      return { ok: true, scanId, done };
    },
    cancel(): number | null {
      if (!running) return null;
      running.controller.abort();
      return running.progress.scanId;
    },
    /** The running scan, or else the last one recorded. */
    status(): ScanProgress | null {
      if (running) return { ...running.progress };
      let row = lastScanRun(db.db);
      // Another process's scan (`subhound scan`) shows as running while it runs; one killed
      // meanwhile is marked interrupted here, not left running until this server restarts.
      if (row?.status === "running" && recorder.interruptDead().length > 0) row = lastScanRun(db.db);
      return row ? rowToProgress(row) : null;
    },
    isRunning: () => running !== null,
    /** How many library sources a scan would list (a reload replaces them). */
    sourceCount: () => deps.sources.length,
    /** Instances whose listing has never fully succeeded: a first start scans them at once. */
    neverListed: (): string[] =>
      deps.sources.filter((s) => !sourcesStore.lastSuccessAt(s.instance)).map((s) => s.instance),
    /** Resolves once no scan is running and the last one's files are indexed for search (after cancelling, for a clean shutdown). */
    whenIdle: async (): Promise<void> => {
      if (running) await running.done;
      await indexing;
    },
  };
}

export type Scanner = ReturnType<typeof createScanner>;

/** The wanted items a scan's writes changed, from its summary. */
function changedBy(summary: Pick<ScanSummary, "added" | "resolved" | "reopened" | "removed">): number {
  return summary.added + summary.resolved + summary.reopened + summary.removed;
}
