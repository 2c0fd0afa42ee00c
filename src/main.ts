#!/usr/bin/env bun
import { type Command, processIo, processStdout } from "./cli/command.ts";
import type { Io } from "./cli/data-dir.ts";
import { MAIN_HELP } from "./cli/help.ts";
import { writeStderr } from "./stderr.ts";

/**
 * One file per command under src/cli; each reads its arguments with `readArgs` (cli/command.ts).
 * Loaded on demand: `version` or `healthcheck` must not pay for the server's module graph.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./cli/serve.ts")).serveCommand,
  scan: async () => (await import("./cli/scan.ts")).scanCommand,
  search: async () => (await import("./cli/search.ts")).searchCommand,
  probe: async () => (await import("./cli/probe.ts")).probeCommand,
  healthcheck: async () => (await import("./cli/healthcheck.ts")).healthcheckCommand,
  config: async () => (await import("./cli/config.ts")).configCommand,
  "api-key": async () => (await import("./cli/api-key.ts")).apiKeyCommand,
  "import-bazarr": async () => (await import("./cli/import-bazarr.ts")).importBazarrCommand,
  openapi: async () => (await import("./cli/openapi.ts")).openapiCommand,
  version: async () => (await import("./cli/version.ts")).versionCommand,
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const first = argv[0];
  // Without a command name, `serve` runs, and --help describes the program rather than serve.
  if (first === undefined || first.startsWith("-")) {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(MAIN_HELP);
      return 0;
    }
    return (await COMMANDS.serve!())(argv, io);
  }
  const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!load) {
    io.stderr(`unknown command "${first}"\n\n${MAIN_HELP}`);
    return 2;
  }
  return (await load())(argv.slice(1), io);
}

async function exitAfterOutput(code: number): Promise<never> {
  await processStdout.flushed();
  process.exit(code);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(exitAfterOutput, (e) => {
    writeStderr(`fatal: ${(e as Error).stack ?? e}\n`);
    return exitAfterOutput(1);
  });
}
