import { type AppDeps, createApp, type SubhoundApp } from "./app.ts";
import { ensureApiKey, type ResolvedApiKey, storedApiKey } from "./auth/api-key.ts";
import { streamCredentialCheck } from "./auth/stream-credentials.ts";
import { createAutoExtractor } from "./browse/auto-extract.ts";
import { createLibraryEditor } from "./browse/library-editor.ts";
import { type BuildInfo, buildInfo } from "./build-info.ts";
import { type Clock, systemClock } from "./clock.ts";
import { configChanged } from "./config/config-version.ts";
import { changedKeys } from "./config/diff.ts";
import { loadConfig } from "./config/load.ts";
import type { Config } from "./config/schema.ts";
import { type DbHandle, databasePath, openDatabase } from "./db/client.ts";
import { isWal } from "./db/connection.ts";
import { migrate } from "./db/migrate.ts";
import { createEventBus } from "./events/bus.ts";
import { createScanEndCollector, createScanGcPacer } from "./gc-pacer.ts";
import { createDetailedHealth } from "./health/detailed.ts";
import { createHealthChangeTracker, logHealthChange } from "./health/health-changes.ts";
import { registerSubhoundJobs } from "./jobs/jobs.ts";
import { createScheduler } from "./jobs/scheduler.ts";
import { type ArrHttpDeps, createLibrarySources, type LibrarySource } from "./library/index.ts";
import { type Logger, loggerFor } from "./log.ts";
import { createLogBuffer, type LogBuffer } from "./log-buffer.ts";
import { createStreamInspector, type StreamInspector } from "./media/inspector.ts";
import { createMountGuard, type MountGuard } from "./media/mount-guard.ts";
import { createProbeCache } from "./media/probe/cache.ts";
import { proberFor } from "./media/probe/probe.ts";
import { createMediaServerManager } from "./mediaservers/manager.ts";
import { limitPerHost } from "./net/host-limit.ts";
import { proxied } from "./net/proxy.ts";
import type { RemoteDeps } from "./net/remote.ts";
import type { FetchLike } from "./net/retry-timing.ts";
import { createNotifications } from "./notifications/dispatcher.ts";
import { replaceableNotifications } from "./notifications/replaceable.ts";
import { createPostProcessor, type PostProcessor } from "./postprocess/post-processor.ts";
import { buildProviders } from "./providers/index.ts";
import { createProviderRegistry } from "./providers/registry.ts";
import type { ProviderName, SubtitleProvider } from "./providers/types.ts";
import { createProcessOwner } from "./runs/process-owner.ts";
import { createAccountService } from "./settings/account-service.ts";
import { appliesLive } from "./settings/live-keys.ts";
import { createSettingsService } from "./settings/settings-service.ts";
import { switchable } from "./settings/switchable.ts";
import { getAt, parseKey, setAt, type Tree } from "./settings/tree.ts";
import { createAfterDownload } from "./sync/after-download.ts";
import { DEFAULT_ALIGN } from "./sync/align.ts";
import { locateFfmpeg } from "./sync/ffmpeg.ts";
import { createSyncService } from "./sync/sync-service.ts";
import { createStopTracker, type StopTracker } from "./system/shutdown-deadline.ts";
import type { ReloadResult } from "./system/system.routes.ts";
import { createTranslationManager } from "./translation/manager.ts";
import { createWantedListReader } from "./wanted/list-reader.ts";
import { createScanner, type ScanProgress } from "./wanted/scanner.ts";
import { createSearcher, type SearchRunProgress, type SubtitleTools } from "./wanted/search.ts";
import { searchRefusal } from "./wanted/search-guard.ts";
import { createSearchIndexer } from "./wanted/search-indexer.ts";
import { currentOrders, wantedIdsUnder } from "./wanted/store/index.ts";
import { createSubtitleTools } from "./wanted/subtitle-tools.ts";
import { createUpgrader } from "./wanted/upgrade.ts";
import { createMediaServerWebhookProcessor } from "./webhooks/media-server-processor.ts";
import { createWebhookProcessor } from "./webhooks/processor.ts";
import { createWhisperBackend } from "./whisper/backend.ts";

/** How long closing waits for queued notifications before dropping them. */
const NOTIFICATION_GRACE_MS = 5_000;

export interface Runtime {
  deps: AppDeps;
  app: SubhoundApp;
  key: ResolvedApiKey;
  /**
   * Cancels running work, waits for it, closes the database. A server's shutdown passes its tracker:
   * graceful waits then fit its deadline, and each part is named while it has not stopped.
   */
  close(stop?: StopTracker): Promise<void>;
  /**
   * For a shutdown past its deadline: closes what closes without waiting, checkpoints what was
   * committed into the database file and closes the database, whatever is still running.
   */
  abandon(): void;
  /** Runs `postProcessing.command` after each saved subtitle (tests wait for it). */
  postProcessing: PostProcessor;
}

export interface RuntimeOptions {
  log?: Logger;
  /** The recent lines `log` keeps (GET /api/v1/system/logs); empty when `log` keeps none. */
  logBuffer?: LogBuffer;
  clock?: Clock;
  db?: DbHandle;
  build?: BuildInfo;
  /** Tests replace what reaches outside: the library sources, the HTTP layer under them, the prober. */
  sources?: LibrarySource[];
  arrDeps?: ArrHttpDeps;
  /** The HTTP layer of the translation, media-server and Whisper clients. */
  remoteDeps?: RemoteDeps;
  inspector?: StreamInspector;
  /** Tests stand in for a network share that does not answer. */
  mounts?: MountGuard;
  onScanProgress?: (progress: ScanProgress) => void;
  onSearchProgress?: (progress: SearchRunProgress) => void;
  /** Replaces the configured providers (tests use in-process ones). */
  providers?: { provider: SubtitleProvider; priority: number }[];
  subtitleTools?: SubtitleTools;
  /** Where `reload()` reads the configuration again (the path `serve` was started with). */
  configPath?: string;
  /** The environment and folder the configuration was loaded with (default: this process's). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  loadConfig?: () => Config;
}

/** Opens and migrates the database and builds the app: everything `serve` needs short of a socket. */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const logBuffer = options.logBuffer ?? createLogBuffer();
  const log = options.log ?? loggerFor(config, undefined, logBuffer);
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDatabase({ path: databasePath(config), wal: config.database.wal });
  try {
    const { applied, schemaVersion } = migrate(db.sqlite);
    if (applied.length) log.info("database migrated", { applied, schemaVersion, path: db.path });
    const key = ensureApiKey(config, db, clock);
    const prober = proberFor(config.scan);
    const events = createEventBus({ now: () => clock.now() });
    // One cap per host across every client: a scan, health checks and webhooks share a small Sonarr.
    const perHost = config.network.maxConnectionsPerHost;
    const sharedFetch = limitPerHost(proxied(config), perHost);
    const capped = (f: FetchLike | undefined) => (f ? limitPerHost(f, perHost) : sharedFetch);
    const arrDeps: ArrHttpDeps = { ...options.arrDeps, fetch: capped(options.arrDeps?.fetch) };
    const sources = options.sources ?? createLibrarySources(config, arrDeps);
    // One owner id on this process's runs and leases; what a dead process left is closed at once.
    const owner = createProcessOwner();
    const paceGc = createScanGcPacer({ everyMs: 100 });
    const collectAfterScan = createScanEndCollector();
    // A scan indexes the files it added for search once it ended; what one that was cut off (a
    // killed process) left is indexed at start.
    const searchIndexer = createSearchIndexer({ sqlite: db.sqlite, log: log.child({ component: "wanted" }) });
    // One per runtime: a share still silent is not asked again by the next scan or page.
    const mounts = options.mounts ?? createMountGuard();
    const scanner = createScanner({
      owner,
      mounts,
      db,
      clock,
      log: log.child({ component: "scan" }),
      config,
      sources,
      inspector:
        options.inspector ??
        createStreamInspector(prober, createProbeCache(db.sqlite, { now: () => clock.now() })),
      onProgress: (p) => {
        if (p.status === "running") paceGc(p.mode === "full");
        events.publish({ type: "scan.progress", data: p });
        options.onScanProgress?.(p);
        if (p.status !== "running") collectAfterScan(p.summary?.filesSeen ?? 0);
      },
    });
    const remote: RemoteDeps = { ...options.remoteDeps, fetch: capped(options.remoteDeps?.fetch) };
    // Aborted as closing begins: a media-server refresh in flight would otherwise hold a search,
    // and so the shutdown, for the whole request timeout of a server that is switched off.
    const closing = new AbortController();
    // Runs postProcessing.command after each subtitle saved (it hears of them from the history).
    const postProcessing = createPostProcessor({
      db,
      config: () => config.postProcessing,
      log: log.child({ component: "post-processing" }),
    });
    // Built again by a reload; what holds them at start reaches the new ones through these.
    const translationFor = (c: Config) =>
      createTranslationManager(c.translation, {
        ...remote,
        clock,
        log: log.child({ component: "translation" }),
      });
    const mediaServersFor = (c: Config) =>
      createMediaServerManager(c.mediaServers, {
        ...remote,
        log: log.child({ component: "mediaservers" }),
        signal: closing.signal,
      });
    const translationSwitch = switchable(translationFor(config));
    const mediaServersSwitch = switchable(mediaServersFor(config));
    const translation = translationSwitch.value;
    const mediaServers = mediaServersSwitch.value;
    let whisper = createWhisperBackend(config.whisper, remote);
    const providers = createProviderRegistry({
      providers: options.providers ?? buildProviders(config.providers),
      db: db.db,
      clock,
      log: log.child({ component: "providers" }),
      requestTimeoutMs: config.search.requestTimeoutMs,
      fetch: remote.fetch as typeof fetch,
    });
    const tools =
      options.subtitleTools ??
      createSubtitleTools({
        mediaServers,
        translation,
        whisper: () => whisper,
        whisperConcurrency: config.whisper.concurrency,
        // The config object a reload updates in place: the next save takes a changed naming.
        naming: () => config.naming,
      });
    const syncTimeoutMs = config.sync.timeoutMs;
    const sync = createSyncService({
      db,
      clock,
      log: log.child({ component: "sync" }),
      dataDir: config.dataDir,
      engine: {
        ffmpeg: locateFfmpeg(config.sync.ffmpegPath),
        decodeTimeoutMs: syncTimeoutMs,
        alignTimeoutMs: syncTimeoutMs,
        decodeProcesses: config.sync.decodeProcesses,
        align: { ...DEFAULT_ALIGN, maxOffsetMs: config.sync.maxOffsetSeconds * 1000 },
      },
    });
    const afterDownload = createAfterDownload({
      db: db.db,
      clock,
      log: log.child({ component: "sync" }),
      dataDir: config.dataDir,
      sync,
    });
    const searcher = createSearcher({
      owner,
      db,
      clock,
      log: log.child({ component: "search" }),
      config,
      registry: providers,
      tools,
      afterDownload,
      onProgress: (p) => {
        events.publish({ type: "search.progress", data: p });
        options.onSearchProgress?.(p);
      },
      publish: (e) => events.publish(e),
    });
    const upgrader = createUpgrader({
      owner,
      db,
      clock,
      log: log.child({ component: "upgrade" }),
      config,
      registry: providers,
      tools,
      publish: (e) => events.publish(e),
      afterDownload,
    });
    const webhooks = createWebhookProcessor({
      db,
      scanner,
      searcher,
      searchRefusal: () => searchRefusal(providers, config),
      config,
      clock,
      log: log.child({ component: "webhooks" }),
      events,
    });
    const mediaServerWebhooks = createMediaServerWebhookProcessor({
      scanner,
      searcher,
      servers: () => mediaServers.servers,
      wantedUnder: (path) => wantedIdsUnder(db.db, path),
      searchRefusal: () => searchRefusal(providers, config),
      config,
      clock,
      log: log.child({ component: "webhooks" }),
      events,
    });
    const scheduler = createScheduler({ owner, db, clock, log: log.child({ component: "jobs" }), events });
    registerSubhoundJobs(scheduler, {
      config,
      db,
      clock,
      scanner,
      searcher,
      upgrader,
      searchRefusal: () => searchRefusal(providers, config),
    });
    const healthLog = log.child({ component: "health" });
    const healthChanges = createHealthChangeTracker({
      onChange: (data) => {
        logHealthChange(healthLog, data);
        events.publish({ type: "health.changed", data });
      },
    });
    const health = createDetailedHealth({
      onReport: (report) => healthChanges.observe(report),
      fallbacks: () => searcher.fallbackStats(),
      scheduler,
      providers,
      config,
      db,
      clock,
      scanner,
      translation,
      mediaServers,
      get whisper() {
        return whisper;
      },
      sources,
    });
    const notificationsFor = (c: Config) =>
      createNotifications(c.notifications, {
        ...remote,
        log: log.child({ component: "notifications" }),
        clock,
        events,
        checkHealth: () => health.report(),
        healthWatchMs: c.health.watchSeconds * 1000,
      });
    const notifications = replaceableNotifications(notificationsFor(config), NOTIFICATION_GRACE_MS);
    const settings = createSettingsService({
      configPath: options.configPath,
      env: options.env ?? process.env,
      cwd: options.cwd ?? process.cwd(),
      running: config,
      reload: () => reloadConfig(),
      arrDeps,
      remoteDeps: remote,
      log: log.child({ component: "settings" }),
    });
    const account = createAccountService({
      settings,
      db,
      clock,
      apiKey: {
        get: () => deps.apiKey,
        set: (apiKey) => {
          deps.apiKey = apiKey;
        },
      },
    });
    const library = createLibraryEditor({
      db,
      clock,
      config,
      tools,
      owner,
      ffmpeg: () => locateFfmpeg(config.sync.ffmpegPath),
      signal: closing.signal,
    });
    // Profiles with extractEmbedded: after each scan that ends well, its files' text streams become sidecars.
    const autoExtract = createAutoExtractor({
      db,
      config,
      log: log.child({ component: "extract" }),
      extract: library.extract,
    });
    events.subscribe(({ event }) => {
      if (event.type !== "scan.progress") return;
      const progress = event.data as ScanProgress;
      if (progress.status === "succeeded") void autoExtract.afterScan(progress.scanId);
    });
    // List pages are read in a worker with a connection of its own: only a file in WAL mode lets it
    // read while this thread writes (an in-memory database is private to its connection).
    const wantedReader = isWal(db.sqlite)
      ? createWantedListReader({
          path: db.path,
          sharedOrders: () => currentOrders(db.sqlite),
          onGiveUp: (reason) =>
            log.warn("the wanted-list worker cannot start; pages are answered in the server's thread", {
              reason,
            }),
        })
      : null;
    const deps: AppDeps = {
      config,
      db,
      clock,
      log,
      logBuffer,
      build: options.build ?? buildInfo,
      apiKey: key.apiKey,
      streamCredentials: (c) => streamCredentialCheck(deps, c),
      startedAt: clock.now(),
      prober,
      scanner,
      mounts,
      translation,
      mediaServers,
      get whisper() {
        return whisper;
      },
      health,
      providers,
      searcher,
      events,
      scheduler,
      webhooks,
      mediaServerWebhooks,
      notifications,
      reload: () => reloadConfig(),
      settings,
      account,
      library,
      sync,
      wantedReader,
    };
    /**
     * Reads the configuration through the loader and applies what the running server can take: the
     * schedules, library sources, languages and profile, providers, translation, Whisper, media
     * servers, search and webhook settings, the login and the API key. Every other changed key is
     * named as needing a restart and keeps its running value.
     */
    const reloadConfig = (): ReloadResult => {
      let next: Config;
      try {
        next = (
          options.loadConfig ?? (() => loadConfig({ configPath: options.configPath, env, cwd }).config)
        )();
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
      const before = scheduler.list().map((j) => `${j.name}=${j.schedule}`);
      try {
        scheduler.applyConfig(next);
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
      const after = scheduler.list();
      const rescheduled = after.filter((j) => !before.includes(`${j.name}=${j.schedule}`)).map((j) => j.name);
      const changed = changedKeys(config, next);
      const live = changed.filter(appliesLive);
      const restartNeeded = changed.filter((k) => !appliesLive(k));
      applyLive(next, live);
      log.info("configuration reloaded", { rescheduled, applied: live, restartNeeded });
      return { ok: true, rescheduled, restartNeeded };
    };
    /**
     * Copies the live keys into the one config object every subsystem reads at each run, then
     * rebuilds what was built from them. Sources are swapped in place in the array the scanner and
     * health hold; a scan already running keeps the list it started with.
     */
    const applyLive = (next: Config, keys: string[]) => {
      for (const key of keys) setAt(config as unknown as Tree, parseKey(key), getAt(next, parseKey(key)));
      if (keys.length > 0) configChanged(config);
      const touched = (prefix: string) => keys.some((k) => k === prefix || k.startsWith(`${prefix}.`));
      if (
        !options.sources &&
        ["sonarr", "radarr", "pathMappings", "standalone"].some((section) => touched(section))
      )
        sources.splice(0, sources.length, ...createLibrarySources(config, arrDeps));
      if (!options.providers && touched("providers")) {
        const changedProviders = new Set(
          keys.filter((k) => k.startsWith("providers.")).map((k) => k.split(".")[1] as ProviderName),
        );
        providers.replace(buildProviders(config.providers), changedProviders);
      }
      if (touched("translation")) translationSwitch.set(translationFor(config));
      if (touched("mediaServers")) mediaServersSwitch.set(mediaServersFor(config));
      if (touched("whisper")) whisper = createWhisperBackend(config.whisper, remote);
      if (touched("notifications")) notifications.replace(notificationsFor(config));
      if (touched("auth.apiKey")) deps.apiKey = config.auth.apiKey ?? storedApiKey(db) ?? deps.apiKey;
      if (keys.length > 0) health.forget();
    };
    const env = options.env ?? process.env;
    const cwd = options.cwd ?? process.cwd();
    let dbClosed = false;
    const closeDatabase = () => {
      if (dbClosed) return;
      dbClosed = true;
      db.close();
    };
    const closeOnce = async (stop: StopTracker) => {
      closing.abort();
      // A CLI search closes right after its run: its last messages get a moment to go out.
      const notificationGrace = stop.grace(Math.min(NOTIFICATION_GRACE_MS, config.server.shutdownTimeoutMs));
      await stop.part("notifications", () => notifications.stop(notificationGrace));
      await stop.part("subtitle sync", () => sync.close());
      await stop.part("webhooks", () => Promise.all([webhooks.stop(), mediaServerWebhooks.stop()]));
      const jobs = scheduler
        .list()
        .filter((j) => j.running)
        .map((j) => j.name);
      await stop.part(jobs.length > 0 ? `jobs: ${jobs.join(", ")}` : "jobs", () =>
        scheduler.shutdown(stop.grace(config.server.shutdownTimeoutMs)),
      );
      scanner.cancel();
      searcher.cancel();
      await Promise.all([
        stop.part("scan", () => scanner.whenIdle()),
        stop.part("search", () => searcher.whenIdle()),
      ]);
      await stop.part("subtitle extraction", () => autoExtract.stop());
      // Commands already queued get the grace notifications get (a CLI search closes right after its run).
      await stop.part("post-processing", () =>
        postProcessing.stop({
          waitMs: stop.grace(Math.min(NOTIFICATION_GRACE_MS, config.server.shutdownTimeoutMs)),
        }),
      );
      wantedReader?.close();
      searchIndexer.stop();
      closeDatabase();
    };
    // Closed once: a second call (a test's cleanup after a stop) waits for the first.
    let closed: Promise<void> | null = null;
    const close = (stop: StopTracker = createStopTracker()) => {
      closed ??= closeOnce(stop);
      return closed;
    };
    const abandon = () => {
      closing.abort();
      void postProcessing.stop();
      wantedReader?.close();
      searchIndexer.stop();
      if (dbClosed) return;
      // Committed transactions are safe in the WAL either way; a passive checkpoint never waits for
      // a writer still in a transaction on another connection (a scan's), which the exit rolls back.
      // A transaction of this connection's that was left open is rolled back by the close.
      try {
        if (isWal(db.sqlite) && !db.sqlite.inTransaction) db.sqlite.run("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (error) {
        log.warn("the database could not be checkpointed before the exit", { error });
      }
      closeDatabase();
    };
    void searchIndexer.catchUp();
    return { deps, app: createApp(deps), key, close, abandon, postProcessing };
  } catch (e) {
    db.close();
    throw e;
  }
}
