#!/usr/bin/env bun
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildInfo } from "./build-info.ts";
import { ownDataDir, useExistingDataDir } from "./cli/data-dir.ts";
import { HELP } from "./cli/help.ts";
import { runProbeCommand } from "./cli/probe.ts";
import { createProgressLine } from "./cli/progress-line.ts";
import {
  checkScanFolder,
  parseScanArgs,
  printSummary,
  progressPrinter,
  SCAN_HELP,
  scanPath,
  summaryJson,
} from "./cli/scan.ts";
import { parseSearchArgs, printSearchSummary, SEARCH_HELP, searchProgressPrinter } from "./cli/search.ts";
import { serveCommand } from "./cli/serve.ts";
import { ConfigError, type LoadedConfig, loadConfig, redactConfig } from "./config/load.ts";
import { redactUrlUserinfo } from "./config/redact.ts";
import { configSchema } from "./config/schema.ts";
import { openDatabase, openDatabaseReadOnly } from "./db/client.ts";
import { storedApiKey } from "./http/auth.ts";
import { silentLogger } from "./log.ts";
import { buildProviders } from "./providers/index.ts";
import { NO_PROVIDER_ENABLED } from "./providers/registry.ts";
import { createRuntime, databasePath, loggerFor } from "./server.ts";

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
// Messages quote outside errors, which may carry a configured URL's userinfo.
const io: Out = {
  stdout: (s) => process.stdout.write(`${redactUrlUserinfo(s)}\n`),
  stderr: (s) => process.stderr.write(`${redactUrlUserinfo(s)}\n`),
};
const progressLine = createProgressLine();

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
  if (args.path !== undefined && args.lang !== undefined) {
    // The first-taste form works without any config file; defaults fill in the probe settings.
    const loaded = args.config
      ? loadOrReport(args.config)
      : { config: configSchema.parse({}), configFile: undefined, dataDirSource: "" };
    return loaded ? scanPath(args, out, loaded.config.scan, progressLine) : 2;
  }
  const loaded = loadOrReport(args.config);
  if (!loaded) return 2;
  let scopePath: string | undefined;
  if (args.path !== undefined) {
    const folder = checkScanFolder(args.path, loaded.config);
    if (!folder.ok) {
      io.stderr(folder.error);
      return 2;
    }
    scopePath = folder.path;
  }
  if (!useExistingDataDir(loaded, io)) return 2;
  const lock = ownDataDir(loaded, "scan", io);
  if (!lock) return 1;
  try {
    const log = loggerFor(loaded.config, (line) => progressLine.above(redactUrlUserinfo(line)));
    const runtime = createRuntime(loaded.config, { log, onScanProgress: progressPrinter(out, progressLine) });
    try {
      const started = runtime.deps.scanner.start({
        mode: args.full ? "full" : "auto",
        trigger: "cli",
        ...(scopePath ? { scope: { path: scopePath } } : {}),
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
      if (scopePath && result.summary.filesSeen === 0 && result.status === "completed") {
        io.stderr(`--path ${scopePath}: no file of the configured library is under it`);
        return 2;
      }
      return Object.keys(result.summary.errors).length > 0 || result.status !== "completed" ? 1 : 0;
    } finally {
      await runtime.close();
    }
  } finally {
    lock.release();
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
  // As the server's search entry points do (searchRefusal): no provider and no Whisper is nothing to search with.
  if (buildProviders(loaded.config.providers).length === 0 && !loaded.config.whisper.enabled) {
    io.stderr(`cannot search: ${NO_PROVIDER_ENABLED}`);
    return 2;
  }
  if (!useExistingDataDir(loaded, io)) return 2;
  const lock = ownDataDir(loaded, "search", io);
  if (!lock) return 1;
  try {
    const out = { ...io, isTTY: process.stderr.isTTY === true && !args.json };
    const runtime = createRuntime(loaded.config, {
      log: loggerFor(loaded.config, (line) => progressLine.above(redactUrlUserinfo(line))),
      onSearchProgress: searchProgressPrinter(out, progressLine),
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
      return result.failed > 0 || result.status !== "completed" ? 1 : 0;
    } finally {
      await runtime.close();
    }
  } finally {
    lock.release();
  }
}

/** Reads the key; never creates one (that is the server's first start), never writes. */
function apiKeyCommand(loaded: LoadedConfig): number {
  if (loaded.config.auth.apiKey) {
    io.stdout(loaded.config.auth.apiKey);
    return 0;
  }
  if (!useExistingDataDir(loaded, io)) return 2;
  const path = databasePath(loaded.config);
  let key: string | null = null;
  if (existsSync(path)) {
    const handle = openDatabaseReadOnly(path);
    try {
      key = storedApiKey(handle);
    } catch {
      // A database that was never migrated holds no key yet.
    } finally {
      handle.close();
    }
  }
  if (key === null) {
    io.stderr(`no API key yet in ${path}: start \`subhound serve\` once to generate it, or set auth.apiKey`);
    return 1;
  }
  io.stdout(key);
  return 0;
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
      io.stderr(
        `data dir: ${loaded.config.dataDir} (${loaded.dataDirSource})${existsSync(loaded.config.dataDir) ? "" : ", not created yet"}`,
      );
      io.stdout(JSON.stringify(redactConfig(loaded.config), null, 2));
      return 0;
    case "healthcheck": {
      const timeout = Number(values.timeout ?? 5000);
      return healthcheck(loaded, values.url as string | undefined, Number.isFinite(timeout) ? timeout : 5000);
    }
    case "api-key":
      return apiKeyCommand(loaded);
    case "serve":
      return serveCommand(loaded, values.config as string | undefined, io);
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
