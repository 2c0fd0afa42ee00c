import { mkdirSync, statSync } from "node:fs";
import type { LoadedConfig } from "../config/load.ts";
import { databasePath } from "../db/client.ts";
import { acquireOwnerLock } from "../db/owner-lock.ts";
import { startServer } from "../listen.ts";
import { loggerFor } from "../log.ts";
import { createLogBuffer } from "../log-buffer.ts";
import { NO_PROVIDER_ENABLED } from "../providers/registry.ts";
import { createRuntime, type Runtime } from "../server.ts";
import { warmWantedList } from "../wanted/list-warm.ts";
import { searchRefusal } from "../wanted/search-guard.ts";
import { argsOrExit, type Command, checkRegistryNames, loadOrReport, readArgs } from "./command.ts";
import type { Io } from "./data-dir.ts";

export const SERVE_HELP = `Usage: subhound serve [--config PATH]

Creates the data dir if needed, opens (and migrates) <dataDir>/subhound.db, then serves the API on
server.host:server.port (default 0.0.0.0:6868). One server per data dir: a second one is refused,
naming the running one. A library never scanned is scanned at once. SIGTERM/SIGINT stop it
gracefully; SIGHUP reloads the configuration.`;

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

async function serve(loaded: LoadedConfig, configPath: string | undefined, io: Io): Promise<number> {
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
  const owned = acquireOwnerLock(config.dataDir, { command: "serve" });
  if (!owned.ok) {
    io.stderr(`cannot start: ${owned.message}`);
    return 1;
  }
  try {
    let runtime: Runtime;
    try {
      runtime = createRuntime(config, { log, logBuffer, configPath });
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
    // Handlers go in before the socket opens, so a supervisor's early SIGTERM is never fatal.
    let signalled: (signal: string) => void = () => {};
    const stopRequested = new Promise<string>((r) => {
      signalled = r;
    });
    const onSignal = (signal: string) => () => signalled(signal);
    process.once("SIGTERM", onSignal("SIGTERM"));
    process.once("SIGINT", onSignal("SIGINT"));
    let server: ReturnType<typeof startServer>;
    try {
      server = startServer(runtime);
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
    await server.shutdown(await stopRequested);
    process.off("SIGHUP", onHangup);
    return 0;
  } finally {
    owned.lock.release();
  }
}
