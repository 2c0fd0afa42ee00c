import { join } from "node:path";
import { createApp, type SubhoundApp } from "./app.ts";
import { type BuildInfo, buildInfo } from "./build-info.ts";
import { type Clock, systemClock } from "./clock.ts";
import { loadConfig, secretValues } from "./config/load.ts";
import type { Config } from "./config/schema.ts";
import { type DbHandle, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createEventBus } from "./events/bus.ts";
import { createDetailedHealth } from "./health/detailed.ts";
import { ensureApiKey, type ResolvedApiKey } from "./http/auth.ts";
import type { AppDeps, ReloadResult } from "./http/context.ts";
import { registerSubhoundJobs } from "./jobs/jobs.ts";
import { createScheduler } from "./jobs/scheduler.ts";
import { type ArrHttpDeps, createLibrarySources, type LibrarySource } from "./library/index.ts";
import { createLogger, type Logger } from "./log.ts";
import { createStreamInspector } from "./media/inspector.ts";
import { createProbeCache } from "./media/probe/cache.ts";
import { createProber } from "./media/probe/probe.ts";
import { createMediaServerManager } from "./mediaservers/manager.ts";
import type { RemoteDeps } from "./net/remote.ts";
import { buildProviders } from "./providers/index.ts";
import { createProviderRegistry } from "./providers/registry.ts";
import type { SubtitleProvider } from "./providers/types.ts";
import { createProcessOwner } from "./runs/process-owner.ts";
import { createTranslationManager } from "./translation/manager.ts";
import { createScanner, type ScanProgress, type StreamInspector } from "./wanted/scanner.ts";
import { createSearcher, type SearchRunProgress, type SubtitleTools } from "./wanted/search.ts";
import { createSubtitleTools } from "./wanted/subtitle-tools.ts";
import { createWebhookProcessor } from "./webhooks/processor.ts";
import { createWhisperBackend } from "./whisper/backend.ts";

export function databasePath(config: Config): string {
  return join(config.dataDir, "subhound.db");
}

export function loggerFor(config: Config): Logger {
  return createLogger({ level: config.log.level, format: config.log.format, secrets: secretValues(config) });
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
      config,
      clock,
      log: log.child({ component: "webhooks" }),
      events,
    });
    const scheduler = createScheduler({ owner, db, clock, log: log.child({ component: "jobs" }), events });
    registerSubhoundJobs(scheduler, { config, db, clock, scanner, searcher });
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
    };
    /** Applies new schedules at once; other changed sections are reported as needing a restart. */
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
      const restartNeeded = (Object.keys(next) as (keyof Config)[]).filter(
        (k) =>
          !["scan", "search", "maintenance"].includes(k) &&
          JSON.stringify(next[k]) !== JSON.stringify(config[k]),
      );
      log.info("configuration reloaded", { rescheduled, restartNeeded });
      return { ok: true, rescheduled, restartNeeded };
    };
    const close = async () => {
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

export function startServer(runtime: Runtime): RunningServer {
  const { config, log } = runtime.deps;
  const server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    idleTimeout: 120,
    fetch: runtime.app.fetch,
    error(err) {
      log.error("request failed outside the app", { error: err });
      return new Response("Internal Server Error", { status: 500 });
    },
  });
  const url = `http://${config.server.host === "0.0.0.0" ? "127.0.0.1" : config.server.host}:${server.port}${config.server.urlBase}`;
  log.info("listening", { url, dataDir: config.dataDir, version: runtime.deps.build.version });

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
  return { url, port: server.port ?? config.server.port, shutdown };
}
