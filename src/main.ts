#!/usr/bin/env bun
import { apiKeyCommand } from "./cli/api-key.ts";
import { type Command, processIo, processStdout } from "./cli/command.ts";
import { configCommand } from "./cli/config.ts";
import type { Io } from "./cli/data-dir.ts";
import { healthcheckCommand } from "./cli/healthcheck.ts";
import { MAIN_HELP } from "./cli/help.ts";
import { openapiCommand } from "./cli/openapi.ts";
import { probeCommand } from "./cli/probe.ts";
import { scanCommand } from "./cli/scan.ts";
import { searchCommand } from "./cli/search.ts";
import { serveCommand } from "./cli/serve.ts";
import { versionCommand } from "./cli/version.ts";

/** One file per command under src/cli; each reads its arguments with `readArgs` (cli/command.ts). */
const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  scan: scanCommand,
  search: searchCommand,
  probe: probeCommand,
  healthcheck: healthcheckCommand,
  config: configCommand,
  "api-key": apiKeyCommand,
  openapi: openapiCommand,
  version: versionCommand,
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const first = argv[0];
  // Without a command name, `serve` runs, and --help describes the program rather than serve.
  if (first === undefined || first.startsWith("-")) {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(MAIN_HELP);
      return 0;
    }
    return serveCommand(argv, io);
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    io.stderr(`unknown command "${first}"\n\n${MAIN_HELP}`);
    return 2;
  }
  return command(argv.slice(1), io);
}

async function exitAfterOutput(code: number): Promise<never> {
  await processStdout.flushed();
  process.exit(code);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(exitAfterOutput, (e) => {
    process.stderr.write(`fatal: ${(e as Error).stack ?? e}\n`);
    return exitAfterOutput(1);
  });
}
