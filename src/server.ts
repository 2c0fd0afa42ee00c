import { type AppDeps, createApp, type SubhoundApp } from "./app.ts";
import { ensureApiKey, type ResolvedApiKey } from "./auth/api-key.ts";
import { type BuildInfo, buildInfo } from "./build-info.ts";
import { type Clock, systemClock } from "./clock.ts";
import { changedKeys } from "./config/diff.ts";
import { loadConfig, secretValues } from "./config/load.ts";
import type { Config } from "./config/schema.ts";
import { type DbHandle, databasePath, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createEventBus } from "./events/bus.ts";
import { createDetailedHealth } from "./health/detailed.ts";
import { PROBLEM_TYPE, problemBody } from "./http/problem.ts";
import { checkRequestSize, raiseParserHeaderLimit } from "./http/request-limits.ts";
import { registerSubhoundJobs } from "./jobs/jobs.ts";
import { createScheduler } from "./jobs/scheduler.ts";
import { type ArrHttpDeps, createLibrarySources, type LibrarySource } from "./library/index.ts";
import { createStandaloneSource } from "./library/standalone.ts";
import { createLogger, type Logger } from "./log.ts";
import { createStreamInspector, type StreamInspector } from "./media/inspector.ts";
import { createProbeCache } from "./media/probe/cache.ts";
import { createProber } from "./media/probe/probe.ts";
import { createMediaServerManager } from "./mediaservers/manager.ts";
import type { RemoteDeps } from "./net/remote.ts";
import { buildProviders } from "./providers/index.ts";
import { createProviderRegistry } from "./providers/registry.ts";
import type { SubtitleProvider } from "./providers/types.ts";
import { createProcessOwner } from "./runs/process-owner.ts";
import { DEFAULT_ALIGN } from "./sync/align.ts";
import { locateFfmpeg } from "./sync/ffmpeg.ts";
import { createSyncService } from "./sync/sync-service.ts";
import type { ReloadResult } from "./system/system.routes.ts";
import { createTranslationManager } from "./translation/manager.ts";
import { createScanner, type ScanProgress } from "./wanted/scanner.ts";
import { createSearcher, type SearchRunProgress, type SubtitleTools } from "./wanted/search.ts";
import { searchRefusal } from "./wanted/search-guard.ts";
import { createSubtitleTools } from "./wanted/subtitle-tools.ts";
import { createWebhookProcessor } from "./webhooks/processor.ts";
import { createWhisperBackend } from "./whisper/backend.ts";

/** Keys a reload applies without a restart (the scheduler's and the standalone source's). */
const APPLIED_ON_RELOAD = new Set([
  "scan.schedule",
  "search.schedule",
  "maintenance.schedule",
  "maintenance.backupRetention",
  "standalone.roots",
]);

/** `write` lets a CLI command keep log lines out of its progress line. */
export function loggerFor(config: Config, write?: (line: string) => void): Logger {
  return createLogger({
    level: config.log.level,
    format: config.log.format,
    secrets: secretValues(config),
    ...(write ? { write } : {}),
  });
}

export interface Runtime {
  deps: AppDeps;
  app: SubhoundApp;
  key: ResolvedApiKey;
  /** Cancels running work, waits for it, closes the database. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  log?: Logger;
  clock?: Clock;
  db?: DbHandle;
  build?: BuildInfo;
  /** Tests replace what reaches outside: the library sources, the HTTP layer under them, the prober. */
  sources?: LibrarySource[];
  arrDeps?: ArrHttpDeps;
  /** The HTTP layer of the translation, media-server and Whisper clients. */
  remoteDeps?: RemoteDeps;
  inspector?: StreamInspector;
  onScanProgress?: (progress: ScanProgress) => void;
  onSearchProgress?: (progress: SearchRunProgress) => void;
  /** Replaces the configured providers (tests use in-process ones). */
  providers?: { provider: SubtitleProvider; priority: number }[];
  subtitleTools?: SubtitleTools;
  /** Where `reload()` reads the configuration again (the path `serve` was started with). */
  configPath?: string;
  loadConfig?: () => Config;
}

/** Opens and migrates the database and builds the app: everything `serve` needs short of a socket. */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const log = options.log ?? loggerFor(config);
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDatabase({ path: databasePath(config), wal: config.database.wal });
  try {
    const { applied, schemaVersion } = migrate(db.sqlite);
    if (applied.length) log.info("database migrated", { applied, schemaVersion, path: db.path });
    const key = ensureApiKey(config, db, clock);
    const prober = createProber({
      engine: config.scan.probeEngine,
      ffprobePath: config.scan.ffprobePath,
      concurrency: config.scan.ffprobeConcurrency,
      timeoutMs: config.scan.ffprobeTimeoutMs,
    });
    const events = createEventBus({ now: () => clock.now() });
    const sources = options.sources ?? createLibrarySources(config, options.arrDeps);
    // One owner id on this process's runs and leases; what a dead process left is closed at once.
    const owner = createProcessOwner();
    const scanner = createScanner({
      owner,
      db,
      clock,
      log: log.child({ component: "scan" }),
      config,
      sources,
      inspector:
        options.inspector ??
        createStreamInspector(prober, createProbeCache(db.sqlite, { now: () => clock.now() })),
      onProgress: (p) => {
        events.publish({ type: "scan.progress", data: p });
        options.onScanProgress?.(p);
      },
    });
    const remote = options.remoteDeps ?? {};
    const translation = createTranslationManager(config.translation, {
      ...remote,
      clock,
      log: log.child({ component: "translation" }),
    });
    const mediaServers = createMediaServerManager(config.mediaServers, {
      ...remote,
      log: log.child({ component: "mediaservers" }),
    });
    const whisper = createWhisperBackend(config.whisper, remote);
    const providers = createProviderRegistry({
      providers: options.providers ?? buildProviders(config.providers),
      sqlite: db.sqlite,
      clock,
      log: log.child({ component: "providers" }),
      requestTimeoutMs: config.search.requestTimeoutMs,
      ...(remote.fetch ? { fetch: remote.fetch as typeof fetch } : {}),
    });
    const searcher = createSearcher({
      owner,
      sqlite: db.sqlite,
      clock,
      log: log.child({ component: "search" }),
      config,
      registry: providers,
      tools:
        options.subtitleTools ??
        createSubtitleTools({
          mediaServers,
          translation,
          whisper,
          whisperConcurrency: config.whisper.concurrency,
        }),
      onProgress: (p) => {
        events.publish({ type: "search.progress", data: p });
        options.onSearchProgress?.(p);
      },
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
    const scheduler = createScheduler({ owner, db, clock, log: log.child({ component: "jobs" }), events });
    registerSubhoundJobs(scheduler, {
      config,
      db,
      clock,
      scanner,
      searcher,
      searchRefusal: () => searchRefusal(providers, config),
    });
    const health = createDetailedHealth({
      fallbacks: () => searcher.fallbackStats(),
      scheduler,
      providers,
      config,
      db,
      clock,
      scanner,
      translation,
      mediaServers,
      whisper,
      sources,
    });
    const syncTimeoutMs = config.sync.timeoutMs;
    const sync = createSyncService({
      sqlite: db.sqlite,
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
    const deps: AppDeps = {
      config,
      db,
      clock,
      log,
      build: options.build ?? buildInfo,
      apiKey: key.apiKey,
      startedAt: clock.now(),
      prober,
      scanner,
      translation,
      mediaServers,
      whisper,
      health,
      providers,
      searcher,
      events,
      scheduler,
      webhooks,
      reload: () => reloadConfig(),
      sync,
    };
    /** Applies new schedules and standalone roots at once; names every other changed key as needing a restart. */
    const reloadConfig = (): ReloadResult => {
      let next: Config;
      try {
        next = (options.loadConfig ?? (() => loadConfig({ configPath: options.configPath }).config))();
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
      if (changed.includes("standalone.roots") && !options.sources) applyStandaloneRoots(next.standalone);
      const restartNeeded = changed.filter((k) => !APPLIED_ON_RELOAD.has(k));
      log.info("configuration reloaded", { rescheduled, restartNeeded });
      return { ok: true, rescheduled, restartNeeded };
    };
    /** The scanner and health read `sources` and `config.standalone` on each run, so swapping them in place applies new roots. */
    const applyStandaloneRoots = (standalone: Config["standalone"]) => {
      const at = sources.findIndex((s) => s.kind === "standalone");
      const fresh = standalone.roots.length > 0 ? [createStandaloneSource({ roots: standalone.roots })] : [];
      if (at >= 0) sources.splice(at, 1, ...fresh);
      else sources.push(...fresh);
      config.standalone = standalone;
    };
    const close = async () => {
      await sync.close();
      await webhooks.stop();
      await scheduler.shutdown(config.server.shutdownTimeoutMs);
      scanner.cancel();
      searcher.cancel();
      await Promise.all([scanner.whenIdle(), searcher.whenIdle()]);
      db.close();
    };
    return { deps, app: createApp(deps), key, close };
  } catch (e) {
    db.close();
    throw e;
  }
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish within the configured bound, closes the DB. */
  shutdown(reason?: string): Promise<void>;
}

/** The address a local client uses: a wildcard host is reached through loopback, IPv6 in brackets. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export function startServer(runtime: Runtime): RunningServer {
  const { config, log } = runtime.deps;
  raiseParserHeaderLimit();
  const server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    idleTimeout: 120,
    // The server goes along: the UI's local-bypass check reads the peer address from it.
    fetch: (request, server) => checkRequestSize(request) ?? runtime.app.fetch(request, server),
    error(err) {
      log.error("request failed outside the app", { error: err });
      return new Response(
        JSON.stringify(problemBody(500, "The server hit an unexpected error; details are in its log")),
        { status: 500, headers: { "Content-Type": PROBLEM_TYPE } },
      );
    },
  });
  const port = server.port ?? config.server.port;
  const url = `http://${reachableHost(config.server.host)}:${port}${config.server.urlBase}`;
  log.info("listening", {
    url,
    listen: `${config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host}:${port}`,
    urlBase: config.server.urlBase,
    dataDir: config.dataDir,
    version: runtime.deps.build.version,
  });

  let closing: Promise<void> | undefined;
  const shutdown = (reason = "shutdown") => {
    closing ??= (async () => {
      log.info("shutting down", { reason });
      const graceful = server.stop(false);
      const bound = new Promise<"timeout">((r) =>
        setTimeout(() => r("timeout"), config.server.shutdownTimeoutMs),
      );
      if ((await Promise.race([graceful, bound])) === "timeout") {
        log.warn("in-flight requests did not finish in time; closing them", {
          timeoutMs: config.server.shutdownTimeoutMs,
        });
        await server.stop(true);
      }
      await runtime.close();
      log.info("stopped");
    })();
    return closing;
  };
  return { url, port, shutdown };
}
