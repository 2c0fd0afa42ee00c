import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { LibrarySource } from "../library/index.ts";
import type { MediaFile } from "../library/types.ts";
import type { Logger } from "../log.ts";
import type { SidecarSubtitle } from "../media/sidecar-name.ts";
import { createSidecarFinder, type SidecarFinder } from "../media/sidecars.ts";
import type { SubtitleStream } from "../media/types.ts";
import { decide } from "./decide.ts";
import { applyOverride, defaultProfile, type Profile, type ProfileOverride } from "./profile.ts";
import { loadOverrides } from "./profile-store.ts";
import {
  createWantedStore,
  type FileWrite,
  fileChanged,
  isReplaced,
  kindOf,
  mediaKeyOf,
  type StoredFile,
  type WriteCounts,
} from "./store.ts";

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
}

export interface ScanSummary {
  mode: ScanMode;
  filesSeen: number;
  probed: number;
  cacheHits: number;
  /** Files the scan could not read locally (wrong path mapping, unmounted share). */
  unreadable: number;
  added: number;
  resolved: number;
  reopened: number;
  removed: number;
  errors: Record<string, string>;
  durationMs: number;
}

export type ScanStatus = "running" | "completed" | "failed" | "cancelled" | "interrupted";

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
}

export type StreamInspection =
  | { ok: true; streams: SubtitleStream[]; cached: boolean; mtimeMs: number | null }
  | { ok: false; error: string; missing: boolean };

/** What a file contains; backed by the probe cache so a warm scan only stats. */
export interface StreamInspector {
  inspect(path: string): Promise<StreamInspection>;
  /** Commits buffered cache writes; called after every series/movie and at the end. */
  flush?(): void;
}

export interface ScannerDeps {
  db: DbHandle;
  clock: Clock;
  log: Logger;
  config: Pick<Config, "languages" | "profile" | "scan">;
  sources: LibrarySource[];
  inspector: StreamInspector;
  createFinder?: () => SidecarFinder;
  onProgress?: (progress: ScanProgress) => void;
  /** Series/movies listed and inspected at once. */
  groupConcurrency?: number;
}

export type StartResult =
  | { ok: true; scanId: number; done: Promise<ScanProgress> }
  | { ok: false; runningScanId: number };

const CYCLE_KEY = "scan.cycle";

interface StoredSubtitles {
  streams: SubtitleStream[];
  sidecars: Pick<SidecarSubtitle, "fileName" | "language" | "forced" | "hearingImpaired" | "format">[];
}

function isUnder(path: string, root: string): boolean {
  const r = root.endsWith("/") ? root.slice(0, -1) : root;
  return path === r || path.startsWith(`${r}/`);
}

function inScope(file: MediaFile, scope: ScanScope): boolean {
  if (scope.seriesId !== undefined && file.seriesId !== scope.seriesId) return false;
  if (scope.movieId !== undefined && file.movieId !== scope.movieId) return false;
  if (scope.path !== undefined && !isUnder(file.path, scope.path)) return false;
  return true;
}

function isScoped(scope: ScanScope): boolean {
  return scope.seriesId !== undefined || scope.movieId !== undefined || scope.path !== undefined;
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>, signal: AbortSignal) {
  let next = 0;
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  });
  await Promise.all(runners);
}

/** Groups that are written in one transaction each: a series, a movie, a standalone folder. */
interface Group {
  label: string;
  files: () => Promise<{ ok: true; files: MediaFile[] } | { ok: false; error: string }>;
}

async function groupsOf(
  source: LibrarySource,
  scope: ScanScope,
  signal: AbortSignal,
): Promise<{ ok: true; groups: Group[] } | { ok: false; error: string }> {
  if (source.kind === "sonarr") {
    const series = await source.listSeries(signal);
    if (!series.ok) return { ok: false, error: series.error.message };
    return {
      ok: true,
      groups: series.value
        .filter((s) => scope.seriesId === undefined || s.id === scope.seriesId)
        .map((s) => ({
          label: s.title,
          files: async () => {
            const listing = await source.listSeriesFiles(s, signal);
            return listing.ok ? { ok: true, files: listing.items } : { ok: false, error: listing.error };
          },
        })),
    };
  }
  const listing = await source.listAllFiles({ signal });
  if (!listing.ok) return { ok: false, error: listing.error };
  const byGroup = new Map<string, MediaFile[]>();
  for (const file of listing.items) {
    const key =
      file.source === "radarr" ? `movie:${file.movieId}` : file.path.slice(0, file.path.lastIndexOf("/"));
    const list = byGroup.get(key);
    if (list) list.push(file);
    else byGroup.set(key, [file]);
  }
  return {
    ok: true,
    groups: [...byGroup.values()].map((files) => ({
      label:
        files[0]!.source === "radarr"
          ? files[0]!.title
          : files[0]!.path.slice(0, files[0]!.path.lastIndexOf("/")),
      files: async () => ({ ok: true, files }),
    })),
  };
}

export function createScanner(deps: ScannerDeps) {
  const { db, clock, log } = deps;
  const sqlite = db.sqlite;
  const store = createWantedStore(sqlite);
  const newFinder = deps.createFinder ?? (() => createSidecarFinder());
  const groupConcurrency = deps.groupConcurrency ?? 4;

  const insertRun = sqlite.query<{ id: number }, [string, string, string, string]>(
    "INSERT INTO scan_runs (mode, trigger, scope_json, status, started_at) VALUES (?, ?, ?, 'running', ?) RETURNING id",
  );
  const updateRun = sqlite.query<unknown, Record<string, string | number | null>>(
    `UPDATE scan_runs SET status = $status, phase = $phase, done = $done, total = $total, current = $current,
        summary_json = $summary, errors_json = $errors, finished_at = $finishedAt WHERE id = $id`,
  );
  const selectLastRun = sqlite.query<Record<string, string | number | null>, []>(
    "SELECT * FROM scan_runs ORDER BY id DESC LIMIT 1",
  );
  const getSetting = sqlite.query<{ value: string }, [string]>(
    "SELECT value FROM app_settings WHERE key = ?",
  );
  const setSetting = sqlite.query<unknown, [string, string, string]>(
    "INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  );
  const sourceState = sqlite.query<{ lastSuccessAt: string | null }, [string]>(
    "SELECT last_success_at AS lastSuccessAt FROM scan_sources WHERE instance = ?",
  );
  const recordSourceSuccess = sqlite.query<unknown, [string, string, string, number]>(
    `INSERT INTO scan_sources (instance, source, last_success_at, last_full_at) VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN ?3 END)
     ON CONFLICT (instance) DO UPDATE SET source = excluded.source, last_success_at = excluded.last_success_at,
        last_full_at = coalesce(excluded.last_full_at, scan_sources.last_full_at)`,
  );
  const recordSourceError = sqlite.query<unknown, [string, string, string, string]>(
    `INSERT INTO scan_sources (instance, source, last_error, last_error_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (instance) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
  );

  // A process that died mid-scan left its run "running"; nothing is running now.
  sqlite.run(
    "UPDATE scan_runs SET status = 'interrupted', finished_at = started_at WHERE status = 'running'",
  );

  let running: { progress: ScanProgress; controller: AbortController; done: Promise<ScanProgress> } | null =
    null;

  function rowToProgress(row: Record<string, string | number | null>): ScanProgress {
    return {
      scanId: Number(row.id),
      mode: row.mode as ScanMode,
      trigger: row.trigger as ScanTrigger,
      scope: JSON.parse(String(row.scope_json)),
      status: row.status as ScanStatus,
      phase: String(row.phase),
      done: Number(row.done),
      total: Number(row.total),
      current: row.current === null ? null : String(row.current),
      startedAt: String(row.started_at),
      finishedAt: row.finished_at === null ? null : String(row.finished_at),
      summary: row.summary_json ? JSON.parse(String(row.summary_json)) : null,
      errors: JSON.parse(String(row.errors_json)),
    };
  }

  let lastPersist = 0;
  function persist(p: ScanProgress, force = false) {
    const t = Date.now();
    if (!force && t - lastPersist < 250) return;
    lastPersist = t;
    updateRun.run({
      $id: p.scanId,
      $status: p.status,
      $phase: p.phase,
      $done: p.done,
      $total: p.total,
      $current: p.current,
      $summary: p.summary ? JSON.stringify(p.summary) : null,
      $errors: JSON.stringify(p.errors),
      $finishedAt: p.finishedAt,
    });
  }

  function chooseMode(request: ScanRequest): ScanMode {
    if (request.mode !== "auto") return request.mode;
    const cycle = Number(getSetting.get(CYCLE_KEY)?.value ?? 0);
    const neverListed = deps.sources.some((s) => !sourceState.get(s.instance)?.lastSuccessAt);
    return neverListed || cycle % deps.config.scan.fullEvery === 0 ? "full" : "incremental";
  }

  async function run(
    request: ScanRequest,
    progress: ScanProgress,
    signal: AbortSignal,
  ): Promise<ScanSummary> {
    const started = performance.now();
    const scope = request.scope ?? {};
    const mode = progress.mode;
    const base = defaultProfile(deps.config);
    const overrides = loadOverrides(sqlite);
    const profileFor = (file: MediaFile): Profile => {
      const arrId = file.source === "sonarr" ? file.seriesId : file.source === "radarr" ? file.movieId : null;
      const kind = file.source === "sonarr" ? "series" : "movie";
      const override: ProfileOverride | undefined =
        arrId === null ? undefined : overrides.get(`${file.instance}|${kind}|${arrId}`);
      return applyOverride(base, override);
    };
    const finder = newFinder();
    const summary: ScanSummary = {
      mode,
      filesSeen: 0,
      probed: 0,
      cacheHits: 0,
      unreadable: 0,
      added: 0,
      resolved: 0,
      reopened: 0,
      removed: 0,
      errors: {},
      durationMs: 0,
    };
    const sources = deps.sources.filter((s) => scope.instance === undefined || s.instance === scope.instance);
    if (scope.instance !== undefined && sources.length === 0) {
      summary.errors[scope.instance] = "no such library instance is configured";
    }

    for (const source of sources) {
      if (signal.aborted) break;
      const instance = source.instance;
      const scanStartedAt = clock.now().toISOString();
      progress.phase = `listing ${source.kind}:${instance}`;
      progress.done = 0;
      progress.total = 0;
      progress.current = null;
      deps.onProgress?.(progress);
      const listed = await groupsOf(source, scope, signal);
      if (!listed.ok) {
        summary.errors[instance] = listed.error;
        recordSourceError.run(instance, source.kind, listed.error, clock.now().toISOString());
        log.warn("library listing failed; nothing of this instance is removed", {
          instance,
          error: listed.error,
        });
        continue;
      }
      const stored: Map<string, StoredFile> = store.loadFiles(instance);
      const itemsByFile = store.loadItems(instance);
      let listingComplete = true;
      let unreadableExample: string | null = null;
      let unreadableHere = 0;
      progress.phase = `scanning ${source.kind}:${instance}`;
      progress.total = listed.groups.length;
      deps.onProgress?.(progress);

      await pool(
        listed.groups,
        groupConcurrency,
        async (group) => {
          progress.current = group.label;
          const listing = await group.files();
          if (!listing.ok) {
            listingComplete = false;
            summary.errors[instance] = listing.error;
          } else {
            const files = listing.files.filter((f) => inScope(f, scope));
            const writes: FileWrite[] = [];
            await Promise.all(
              files.map(async (file) => {
                summary.filesSeen++;
                const mediaKey = mediaKeyOf(file);
                const previous = stored.get(mediaKey);
                const mtimeMs =
                  file.source === "standalone" && file.dateAdded ? Date.parse(file.dateAdded) : null;
                const changed = !previous || fileChanged(previous, file, mtimeMs);
                let streams: SubtitleStream[];
                let inspected = false;
                if (mode === "full" || changed || !previous) {
                  const result = await deps.inspector.inspect(file.path);
                  if (!result.ok) {
                    summary.unreadable++;
                    unreadableHere++;
                    unreadableExample ??= `${file.path}: ${result.error}`;
                    // Keep what is known: an unmounted share must not make items appear or vanish.
                    if (!previous) return;
                    streams = (JSON.parse(previous.subtitlesJson) as StoredSubtitles).streams ?? [];
                  } else {
                    streams = result.streams;
                    inspected = true;
                    if (result.cached) summary.cacheHits++;
                    else summary.probed++;
                  }
                } else {
                  streams = (JSON.parse(previous.subtitlesJson) as StoredSubtitles).streams ?? [];
                }
                const sidecars = finder.find(file.path);
                const subtitles: StoredSubtitles = {
                  streams,
                  sidecars: sidecars.map((s) => ({
                    fileName: s.fileName,
                    language: s.language,
                    forced: s.forced,
                    hearingImpaired: s.hearingImpaired,
                    format: s.format,
                  })),
                };
                const subtitlesJson = JSON.stringify(subtitles);
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
                  storedId: previous?.id ?? null,
                  decisions: decide(profileFor(file), sidecars, streams),
                });
              }),
            );
            deps.inspector.flush?.();
            if (writes.length > 0) {
              const counts: WriteCounts = store.writeGroup(
                writes,
                progress.scanId,
                clock.now().toISOString(),
                itemsByFile,
              );
              summary.added += counts.added;
              summary.resolved += counts.resolved;
              summary.reopened += counts.reopened;
            }
          }
          progress.done++;
          deps.onProgress?.(progress);
          persist(progress);
        },
        signal,
      );

      if (unreadableHere > 0) {
        summary.errors[instance] ??=
          `${unreadableHere} file(s) not readable locally (check path mappings), e.g. ${unreadableExample}`;
      }
      if (signal.aborted) break;
      if (listingComplete) {
        recordSourceSuccess.run(instance, source.kind, scanStartedAt, mode === "full" ? 1 : 0);
        // Only a full, unscoped scan whose listing of this instance fully succeeded may remove.
        if (mode === "full" && !isScoped(scope))
          summary.removed += store.removeVanished(instance, progress.scanId);
      }
    }
    // After a clean full pass, cache rows of files no library lists any more are dead weight.
    if (mode === "full" && !isScoped(scope) && !signal.aborted && Object.keys(summary.errors).length === 0) {
      sqlite.run("DELETE FROM probe_cache WHERE path NOT IN (SELECT path FROM media_files)");
    }
    summary.durationMs = Math.round(performance.now() - started);
    return summary;
  }

  return {
    /** Starts a scan unless one is running; the returned promise settles when it ends. */
    start(request: ScanRequest): StartResult {
      if (running) return { ok: false, runningScanId: running.progress.scanId };
      const mode = chooseMode(request);
      const startedAt = clock.now().toISOString();
      const scope = request.scope ?? {};
      const scanId = insertRun.get(mode, request.trigger, JSON.stringify(scope), startedAt)!.id;
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
      };
      let settle: (p: ScanProgress) => void = () => {};
      running = { progress, controller, done: new Promise((r) => (settle = r)) };
      log.info("scan started", { scanId, mode, trigger: request.trigger, scope });
      const done = run(request, progress, controller.signal)
        .then(
          (summary) => {
            progress.summary = summary;
            progress.errors = summary.errors;
            progress.status = controller.signal.aborted ? "cancelled" : "completed";
            if (request.mode === "auto" && progress.status === "completed") {
              const cycle = Number(getSetting.get(CYCLE_KEY)?.value ?? 0);
              setSetting.run(CYCLE_KEY, String(cycle + 1), clock.now().toISOString());
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
      const row = selectLastRun.get();
      return row ? rowToProgress(row) : null;
    },
    isRunning: () => running !== null,
    /** Instances whose listing has never fully succeeded: a first start scans them at once. */
    neverListed: (): string[] =>
      deps.sources.filter((s) => !sourceState.get(s.instance)?.lastSuccessAt).map((s) => s.instance),
    /** Resolves once no scan is running (after cancelling, for a clean shutdown). */
    whenIdle: async (): Promise<void> => {
      if (running) await running.done;
    },
  };
}

export type Scanner = ReturnType<typeof createScanner>;
