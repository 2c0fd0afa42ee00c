import { mkdirSync, statSync } from "node:fs";
import type { LoadedConfig } from "../config/load.ts";
import { databasePath } from "../db/client.ts";
import { acquireOwnerLock } from "../db/owner-lock.ts";
import { restoreNotice } from "../db/restore-pending.ts";
import { type ServerOptions, startServer } from "../listen.ts";
import { loggerFor } from "../log.ts";
import { createLogBuffer } from "../log-buffer.ts";
import { NO_PROVIDER_ENABLED } from "../providers/registry.ts";
import { createRuntime, type Runtime, type RuntimeOptions } from "../server.ts";
import { createRestartControl, detectSupervisor, RESTART_EXIT_CODE } from "../system/restart.ts";
import { SHUTDOWN_DEADLINE_MS } from "../system/shutdown-deadline.ts";
import { warmWantedList } from "../wanted/list-warm.ts";
import { searchRefusal } from "../wanted/search-guard.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import type { Io } from "./data-dir.ts";
import { checkRegistryNames, loadOrReport } from "./load-config.ts";

export const SERVE_HELP = `Usage: subhound serve [--config PATH]

Creates the data dir if needed, opens (and migrates) <dataDir>/subhound.db, then serves the API on
server.host:server.port (default 0.0.0.0:6868). One server per data dir: a second one is refused,
naming the running one. A library never scanned is scanned at once. SIGTERM/SIGINT stop it
gracefully within ${SHUTDOWN_DEADLINE_MS / 1000} s (past that it exits 1, naming what had not stopped; a second
signal exits at once); SIGHUP reloads the configuration. POST /api/v1/system/restart stops it the same
way and exits ${RESTART_EXIT_CODE}, for systemd or a container's restart policy to start it again. A restore staged
through the API (<dataDir>/restore-pending.db) is put in place before the database is opened; the
database it replaces is kept in <dataDir>/backups as subhound-before-restore-<UTC time>.db.`;

/** What a new user must hear at start: the setup cannot do its job yet. */
function warnAboutSetup(runtime: Runtime): void {
  const { log, providers, scanner, scheduler } = runtime.deps;
  if (searchRefusal(providers, runtime.deps.config)) {
    log.warn(`${NO_PROVIDER_ENABLED}; searches are refused until then`);
  }
  // A library never listed would otherwise wait for the first scheduled scan, hours away.
  const neverScanned = scanner.neverListed();
  if (neverScanned.length > 0) {
    log.info("first scan of the library starting now", { instances: neverScanned });
    const started = scheduler.runNow("wanted-scan");
    if (!started.ok) log.warn("the first scan could not start", { reason: started.reason });
  }
}

export const serveCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, SERVE_HELP, readArgs(argv, {}));
  if (typeof args === "number") return args;
  const loaded = loadOrReport(args.config, io);
  return loaded ? serve(loaded, args.config, io) : 2;
};

/** What a test changes in a real server process: the shutdown's deadline, reads that never return. */
export interface ServeOptions extends ServerOptions {
  runtime?: Pick<RuntimeOptions, "sources" | "inspector">;
}

export async function serve(
  loaded: LoadedConfig,
  configPath: string | undefined,
  io: Io,
  options: ServeOptions = {},
): Promise<number> {
  const { config } = loaded;
  // Names the registry knows are checked here, before anything is created or migrated.
  if (!(await checkRegistryNames(loaded, io))) return 2;
  const logBuffer = createLogBuffer();
  const log = loggerFor(config, undefined, logBuffer);
  if (loaded.configFile) log.info("config loaded", { file: loaded.configFile });
  try {
    if (!statSync(config.dataDir, { throwIfNoEntry: false })) {
      mkdirSync(config.dataDir, { recursive: true });
      log.info("created the data dir", { dataDir: config.dataDir, from: loaded.dataDirSource });
    } else if (!statSync(config.dataDir).isDirectory()) {
      io.stderr(`the data dir ${config.dataDir} (${loaded.dataDirSource}) is not a directory`);
      return 1;
    }
  } catch (e) {
    io.stderr(`cannot create the data dir ${config.dataDir}: ${(e as Error).message}`);
    return 1;
  }
  let owned: ReturnType<typeof acquireOwnerLock>;
  try {
    owned = acquireOwnerLock(config.dataDir, { command: "serve" });
  } catch (e) {
    io.stderr(`cannot start: ${(e as Error).message}`);
    return 1;
  }
  if (!owned.ok) {
    io.stderr(`cannot start: ${owned.message}`);
    return 1;
  }
  const { restored } = owned.lock;
  if (restored) {
    log.warn(restoreNotice({ ...restored, keptAs: null }), {
      database: databasePath(config),
      previousKeptAs: restored.keptAs,
      moved: restored.moved,
    });
  }
  try {
    let runtime: Runtime;
    try {
      runtime = createRuntime(config, { ...options.runtime, log, logBuffer, configPath });
    } catch (e) {
      io.stderr(`cannot open the database at ${databasePath(config)}: ${(e as Error).message}`);
      return 1;
    }
    if (runtime.key.generated) {
      // Shown once, on stdout and not through the logger, which never writes secrets.
      io.stdout(
        `Generated an API key for this server: ${runtime.key.apiKey}\nClients send it as the X-Api-Key header. \`subhound api-key\` prints it again.`,
      );
    }
    // Handlers go in before the socket opens, so a supervisor's early SIGTERM is never fatal. A
    // second signal while stopping means whoever sent it will not wait: the process exits at once.
    let signalled: (signal: string) => void = () => {};
    let signalledAgain: (signal: string) => void = () => {};
    const stopRequested = new Promise<string>((r) => {
      signalled = r;
    });
    const stopForced = new Promise<string>((r) => {
      signalledAgain = r;
    });
    let signals = 0;
    const onSignal = (signal: string) => {
      if (signals++ === 0) signalled(signal);
      else signalledAgain(signal);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    // A restart asked through the API is the stop a first SIGTERM makes, ending in another exit code.
    const restart = createRestartControl({
      supervisor: detectSupervisor(),
      stopping: () => signals > 0,
      stop: onSignal,
    });
    runtime.deps.restart = restart;
    let server: ReturnType<typeof startServer>;
    try {
      server = startServer(runtime, options);
    } catch (e) {
      await runtime.close();
      io.stderr(`cannot listen on ${config.server.host}:${config.server.port}: ${(e as Error).message}`);
      return 1;
    }
    owned.lock.update({ url: server.url });
    runtime.deps.scheduler.start();
    runtime.deps.notifications.start();
    warnAboutSetup(runtime);
    void warmWantedList(runtime.deps.db, log.child({ component: "wanted" }));
    // SIGHUP re-reads the configuration and reschedules, as POST /api/v1/system/reload does.
    const onHangup = () => {
      const result = runtime.deps.reload();
      if (!result.ok) log.error("configuration not reloaded", { error: result.error });
    };
    process.on("SIGHUP", onHangup);
    const outcome = await Promise.race([server.shutdown(await stopRequested), stopForced]);
    process.off("SIGHUP", onHangup);
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    if (typeof outcome === "string") {
      log.error("second signal while stopping: exiting now", {
        signal: outcome,
        notStopped: server.stillStopping(),
      });
      runtime.abandon();
      return 1;
    }
    if (!outcome.stopped) return 1;
    return restart.requested ? RESTART_EXIT_CODE : 0;
  } finally {
    owned.lock.release();
  }
}
