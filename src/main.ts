#!/usr/bin/env bun
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildInfo } from "./build-info.ts";
import { claimDataDir, readApiKey, refuseBusy, useExistingDataDir } from "./cli/data-dir.ts";
import { HELP } from "./cli/help.ts";
import { runProbeCommand } from "./cli/probe.ts";
import { createProgressLine } from "./cli/progress-line.ts";
import { describeRemote, remoteScan, remoteSearch } from "./cli/remote.ts";
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
import { createStdout } from "./cli/stdout.ts";
import { ConfigError, type LoadedConfig, loadConfig, redactConfig } from "./config/load.ts";
import { redactUrlUserinfo } from "./config/redact.ts";
import { configSchema } from "./config/schema.ts";
import { openDatabase } from "./db/client.ts";
import { silentLogger } from "./log.ts";
import { buildProviders } from "./providers/index.ts";
import { NO_PROVIDER_ENABLED } from "./providers/registry.ts";
import { createRuntime, databasePath, loggerFor } from "./server.ts";
import type { ScanProgress } from "./wanted/scanner.ts";
import type { SearchRunProgress } from "./wanted/search.ts";

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
// Messages quote outside errors, which may carry a configured URL's userinfo.
const stdout = createStdout();
const io: Out = {
  stdout: (s) => stdout.write(`${redactUrlUserinfo(s)}\n`),
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
  const progress = progressPrinter(out, progressLine);
  const report = (result: ScanProgress) => reportScan(result, args.json, scopePath);
  const claim = claimDataDir(loaded, "scan");
  if (!claim.ok) {
    if (!claim.server) {
      refuseBusy(io, "scan", claim.message);
      return 1;
    }
    // The server owns the database: it runs the scan, this command shows it.
    describeRemote(io, "scan", claim.message);
    const remote = await remoteScan(
      claim.server,
      {
        ...(args.full ? { full: true } : {}),
        ...(args.forceRemoval ? { forceRemoval: true } : {}),
        ...(scopePath ? { path: scopePath } : {}),
      },
      progress,
    );
    if (!remote.ok) {
      io.stderr(`the server did not run the scan: ${remote.error}`);
      return 1;
    }
    return report(remote.progress);
  }
  try {
    const log = loggerFor(loaded.config, (line) => progressLine.above(redactUrlUserinfo(line)));
    const runtime = createRuntime(loaded.config, { log, onScanProgress: progress });
    try {
      const started = runtime.deps.scanner.start({
        mode: args.full ? "full" : "auto",
        trigger: "cli",
        forceRemoval: args.forceRemoval,
        ...(scopePath ? { scope: { path: scopePath } } : {}),
      });
      if (!started.ok) {
        io.stderr(`scan ${started.runningScanId} is already running`);
        return 1;
      }
      const onSignal = () => runtime.deps.scanner.cancel();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      return report(await started.done);
    } finally {
      await runtime.close();
    }
  } finally {
    claim.lock.release();
  }
}

/** Prints a finished scan (run here or by the server) and chooses the exit code. */
function reportScan(result: ScanProgress, json: boolean, scopePath: string | undefined): number {
  if (!result.summary) {
    io.stderr(`scan ${result.status}: ${JSON.stringify(result.errors)}`);
    return 1;
  }
  if (json) io.stdout(JSON.stringify(summaryJson(result.summary), null, 2));
  else printSummary(io, result.summary);
  if (scopePath && result.summary.filesSeen === 0 && result.status === "succeeded") {
    io.stderr(`--path ${scopePath}: no file of the configured library is under it`);
    return 2;
  }
  return Object.keys(result.summary.errors).length > 0 || result.status !== "succeeded" ? 1 : 0;
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
  const out = { ...io, isTTY: process.stderr.isTTY === true && !args.json };
  const progress = searchProgressPrinter(out, progressLine);
  const report = (result: SearchRunProgress) => {
    printSearchSummary(io, result, args.json);
    return result.failed > 0 || result.status !== "succeeded" ? 1 : 0;
  };
  const claim = claimDataDir(loaded, "search");
  if (!claim.ok) {
    if (!claim.server) {
      refuseBusy(io, "search", claim.message);
      return 1;
    }
    describeRemote(io, "search", claim.message);
    const remote = await remoteSearch(claim.server, args.ids.length ? { ids: args.ids } : {}, progress);
    if (!remote.ok) {
      io.stderr(`the server did not run the search: ${remote.error}`);
      return 1;
    }
    return report(remote.progress);
  }
  try {
    const runtime = createRuntime(loaded.config, {
      log: loggerFor(loaded.config, (line) => progressLine.above(redactUrlUserinfo(line))),
      onSearchProgress: progress,
    });
    try {
      const run = runtime.deps.searcher.start({
        trigger: "cli",
        scope: args.ids.length ? { ids: args.ids } : {},
      });
      const onSignal = () => runtime.deps.searcher.cancel();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      return report(await run.done);
    } finally {
      await runtime.close();
    }
  } finally {
    claim.lock.release();
  }
}

/** Reads the key; never creates one (that is the server's first start), never writes. */
function apiKeyCommand(loaded: LoadedConfig): number {
  if (!loaded.config.auth.apiKey && !useExistingDataDir(loaded, io)) return 2;
  const key = readApiKey(loaded);
  if (key === null) {
    io.stderr(
      `no API key yet in ${databasePath(loaded.config)}: start \`subhound serve\` once to generate it, or set auth.apiKey`,
    );
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

async function exitAfterOutput(code: number): Promise<never> {
  await stdout.flushed();
  process.exit(code);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(exitAfterOutput, (e) => {
    process.stderr.write(`fatal: ${(e as Error).stack ?? e}\n`);
    return exitAfterOutput(1);
  });
}
