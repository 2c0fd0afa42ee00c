#!/usr/bin/env bun
import { parseArgs } from "node:util";
import { buildInfo } from "./build-info.ts";
import { PROBE_HELP, runProbeCommand } from "./cli/probe.ts";
import {
  parseScanArgs,
  printSummary,
  progressPrinter,
  SCAN_HELP,
  scanPath,
  summaryJson,
} from "./cli/scan.ts";
import { parseSearchArgs, printSearchSummary, SEARCH_HELP, searchProgressPrinter } from "./cli/search.ts";
import { ConfigError, type LoadedConfig, loadConfig, redactConfig } from "./config/load.ts";
import { configSchema } from "./config/schema.ts";
import { openDatabase } from "./db/client.ts";
import { silentLogger } from "./log.ts";
import { createRuntime, databasePath, loggerFor, startServer } from "./server.ts";

const HELP: Record<string, string> = {
  main: `Subhound ${buildInfo.version}: finds missing subtitles in your Sonarr/Radarr library and fetches them.

Usage: subhound [command] [options]

Commands:
  serve         run the server (default)
  scan          scan the library now (or: scan --path DIR --lang en,de, no config needed)
  search        search providers for wanted items now and save what is found
  probe         print the subtitle streams inside video files
  healthcheck   exit 0 if the local server answers its liveness probe, 1 otherwise
  config        print the effective configuration, secrets redacted
  api-key       print the API key clients must send
  openapi       print the OpenAPI 3.1 document
  version       print version, commit and build date

Options (every command):
  --config PATH   config file (default: config.toml in the data dir)
  -h, --help      help for a command, e.g. subhound serve --help

Settings come from defaults < config.toml < SUBHOUND_* environment variables; see the README.`,
  serve: `Usage: subhound serve [--config PATH]

Opens (and migrates) <dataDir>/subhound.db, then serves the API on server.host:server.port
(default 0.0.0.0:6868). SIGTERM/SIGINT stop it gracefully.`,
  healthcheck: `Usage: subhound healthcheck [--config PATH] [--url URL] [--timeout MS]

Calls GET /api/v1/health on the local server (from the config's port and urlBase, or --url)
and exits 0 when it answers 200, 1 otherwise. For systemd, Docker and Uptime Kuma push checks.`,
  config: `Usage: subhound config [--config PATH]

Prints the effective configuration as JSON, with every secret replaced by ***.
Exits 2 with a message naming the key when the configuration is invalid.`,
  "api-key": `Usage: subhound api-key [--config PATH]

Prints the API key: auth.apiKey when configured, otherwise the one generated on first start.`,
  openapi: `Usage: subhound openapi

Prints the OpenAPI 3.1 document generated from the routes (default configuration).`,
  version: "Usage: subhound version\n\nPrints version, commit and build date.",
  scan: SCAN_HELP,
  search: SEARCH_HELP,
  probe: PROBE_HELP,
};

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
const io: Out = {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
};

function load(configPath: string | undefined): LoadedConfig {
  return loadConfig({ configPath });
}

async function healthcheck(
  loaded: LoadedConfig,
  url: string | undefined,
  timeoutMs: number,
): Promise<number> {
  const { server } = loaded.config;
  const host = server.host === "0.0.0.0" || server.host === "::" ? "127.0.0.1" : server.host;
  const target =
    url ?? `http://${host.includes(":") ? `[${host}]` : host}:${server.port}${server.urlBase}/api/v1/health`;
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 200) {
      io.stdout(`healthy: ${target}`);
      return 0;
    }
    io.stderr(`unhealthy: ${target} answered ${res.status}`);
  } catch (e) {
    io.stderr(`unhealthy: ${target}: ${(e as Error).message}`);
  }
  return 1;
}

function loadOrReport(configPath: string | undefined): LoadedConfig | null {
  try {
    return load(configPath);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`invalid configuration: ${e.message}`);
      return null;
    }
    throw e;
  }
}

async function probeCommand(argv: string[]): Promise<number> {
  const at = argv.indexOf("--config");
  const configPath = at >= 0 ? argv[at + 1] : undefined;
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  const loaded = loadOrReport(configPath);
  return loaded ? runProbeCommand(rest, io, loaded.config.scan) : 2;
}

async function scanCommand(argv: string[]): Promise<number> {
  const args = parseScanArgs(argv);
  if (args instanceof Error) {
    io.stderr(`${args.message}\n\n${SCAN_HELP}`);
    return 2;
  }
  if (args.help) {
    io.stdout(SCAN_HELP);
    return 0;
  }
  const out = { ...io, isTTY: process.stderr.isTTY === true && !args.json };
  if (args.path !== undefined) {
    // The first-taste form works without any config file; defaults fill in the probe settings.
    const loaded = args.config
      ? loadOrReport(args.config)
      : { config: configSchema.parse({}), configFile: undefined };
    return loaded ? scanPath(args, out, loaded.config.scan) : 2;
  }
  const loaded = loadOrReport(args.config);
  if (!loaded) return 2;
  const log = loggerFor(loaded.config);
  const runtime = createRuntime(loaded.config, { log, onScanProgress: progressPrinter(out) });
  try {
    const started = runtime.deps.scanner.start({
      mode: args.full ? "full" : "auto",
      trigger: "cli",
      forceRemoval: args.forceRemoval,
    });
    if (!started.ok) {
      io.stderr(`scan ${started.runningScanId} is already running`);
      return 1;
    }
    const onSignal = () => runtime.deps.scanner.cancel();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const result = await started.done;
    if (!result.summary) {
      io.stderr(`scan ${result.status}: ${JSON.stringify(result.errors)}`);
      return 1;
    }
    if (args.json) io.stdout(JSON.stringify(summaryJson(result.summary), null, 2));
    else printSummary(io, result.summary);
    return Object.keys(result.summary.errors).length > 0 || result.status !== "succeeded" ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

async function searchCommand(argv: string[]): Promise<number> {
  const args = parseSearchArgs(argv);
  if (args instanceof Error) {
    io.stderr(`${args.message}\n\n${SEARCH_HELP}`);
    return 2;
  }
  if (args.help) {
    io.stdout(SEARCH_HELP);
    return 0;
  }
  const loaded = loadOrReport(args.config);
  if (!loaded) return 2;
  const out = { ...io, isTTY: process.stderr.isTTY === true && !args.json };
  const runtime = createRuntime(loaded.config, {
    log: loggerFor(loaded.config),
    onSearchProgress: searchProgressPrinter(out),
  });
  try {
    const run = runtime.deps.searcher.start({
      trigger: "cli",
      scope: args.ids.length ? { ids: args.ids } : {},
    });
    const onSignal = () => runtime.deps.searcher.cancel();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const result = await run.done;
    printSearchSummary(io, result, args.json);
    return result.failed > 0 || result.status !== "succeeded" ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  const command = first === undefined || first.startsWith("-") ? "serve" : first;
  const rest = command === first ? argv.slice(1) : argv;
  if (command === "--version") return main(["version"]);
  if (!(command in HELP) || command === "main") {
    io.stderr(`unknown command "${command}"\n\n${HELP.main}`);
    return 2;
  }
  if (command === "probe") return probeCommand(rest);
  if (command === "scan") return scanCommand(rest);
  if (command === "search") return searchCommand(rest);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
        url: { type: "string" },
        timeout: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${HELP[command]}`);
    return 2;
  }
  if (values.help) {
    io.stdout(first === undefined || first.startsWith("-") ? HELP.main! : HELP[command]!);
    return 0;
  }
  if (values.version || command === "version") {
    io.stdout(`subhound ${buildInfo.version} (commit ${buildInfo.commit}, built ${buildInfo.buildDate})`);
    return 0;
  }
  if (command === "openapi") {
    const runtime = createRuntime(configSchema.parse({ auth: { apiKey: "0".repeat(32) } }), {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
    });
    io.stdout(JSON.stringify(runtime.app.openapi, null, 2));
    await runtime.close();
    return 0;
  }

  let loaded: LoadedConfig;
  try {
    loaded = load(values.config as string | undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`invalid configuration: ${e.message}`);
      return 2;
    }
    throw e;
  }

  switch (command) {
    case "config":
      io.stdout(JSON.stringify(redactConfig(loaded.config), null, 2));
      return 0;
    case "healthcheck": {
      const timeout = Number(values.timeout ?? 5000);
      return healthcheck(loaded, values.url as string | undefined, Number.isFinite(timeout) ? timeout : 5000);
    }
    case "api-key": {
      const runtime = createRuntime(loaded.config, { log: silentLogger });
      io.stdout(runtime.key.apiKey);
      await runtime.close();
      return 0;
    }
    case "serve": {
      const log = loggerFor(loaded.config);
      if (loaded.configFile) log.info("config loaded", { file: loaded.configFile });
      let runtime: ReturnType<typeof createRuntime>;
      try {
        runtime = createRuntime(loaded.config, { log, configPath: values.config as string | undefined });
      } catch (e) {
        io.stderr(`cannot open the database at ${databasePath(loaded.config)}: ${(e as Error).message}`);
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
        io.stderr(
          `cannot listen on ${loaded.config.server.host}:${loaded.config.server.port}: ${(e as Error).message}`,
        );
        return 1;
      }
      runtime.deps.scheduler.start();
      // SIGHUP re-reads the configuration and reschedules, as POST /api/v1/system/reload does.
      const onHangup = () => {
        const result = runtime.deps.reload();
        if (!result.ok) log.error("configuration not reloaded", { error: result.error });
      };
      process.on("SIGHUP", onHangup);
      await server.shutdown(await stopRequested);
      process.off("SIGHUP", onHangup);
      return 0;
    }
  }
  return 2;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`fatal: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
