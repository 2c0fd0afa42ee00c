import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { buildInfo } from "../build-info.ts";
import { ConfigError, keyOrigin, type LoadedConfig, loadConfig } from "../config/load.ts";
import { redactUrlUserinfo } from "../config/redact.ts";
import { writeStderr } from "../stderr.ts";
import type { Io } from "./data-dir.ts";
import { createStdout } from "./stdout.ts";

/** A command: its arguments (after the command name) in, an exit code out. */
export type Command = (argv: string[], io: Io) => Promise<number>;

/** This process's standard output, complete and in order even into a pipe (see stdout.ts). */
export const processStdout = createStdout();

/** The terminal. Messages quote outside errors, which may carry a configured URL's userinfo. */
export const processIo: Io = {
  stdout: (s) => processStdout.write(`${redactUrlUserinfo(s)}\n`),
  stderr: (s) => writeStderr(`${redactUrlUserinfo(s)}\n`),
};

/** What every command accepts besides its own options. */
const SHARED_OPTIONS = {
  config: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} as const satisfies ParseArgsOptionsConfig;

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: O & typeof SHARED_OPTIONS;
    strict: true;
    allowPositionals: true;
  }>
>;

export type CommandArgs<O extends ParseArgsOptionsConfig> = Parsed<O>["values"] & { positionals: string[] };

/**
 * A command's arguments, read the one way every command reads them: its own options plus
 * `--config PATH`, `-h/--help` and `--version`; positionals only where the command takes them.
 */
export function readArgs<const O extends ParseArgsOptionsConfig>(
  argv: string[],
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
): CommandArgs<O> | Error {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, ...SHARED_OPTIONS },
      strict: true,
      allowPositionals: positionals,
    }) as Parsed<O>;
    return { ...parsed.values, positionals: parsed.positionals };
  } catch (e) {
    return e as Error;
  }
}

export function versionLine(): string {
  return `subhound ${buildInfo.version} (commit ${buildInfo.commit}, built ${buildInfo.buildDate})`;
}

/**
 * The arguments to run with, or the exit code when there is nothing to run: a usage error prints
 * the message and the command's help (2), `--help` prints the help (0), `--version` the version (0).
 */
export function argsOrExit<T extends { help?: boolean; version?: boolean }>(
  io: Io,
  help: string,
  args: T | Error,
): T | number {
  if (args instanceof Error) {
    io.stderr(`${args.message}\n\n${help}`);
    return 2;
  }
  if (args.help) {
    io.stdout(help);
    return 0;
  }
  if (args.version) {
    io.stdout(versionLine());
    return 0;
  }
  return args;
}

/** The configuration, or null after saying on stderr which key is wrong (the command exits 2). */
export function loadOrReport(configPath: string | undefined, io: Io): LoadedConfig | null {
  try {
    return loadConfig({ configPath });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`invalid configuration: ${e.message}`);
      return null;
    }
    throw e;
  }
}

/**
 * The checks the schema cannot make (`health.critical` and `health.timeouts` name checks of the
 * health registry, which sits above the config layer): false after saying on stderr which key is
 * wrong and where it came from, as loadOrReport does. `serve` refuses to start on them, and
 * `config` says so too instead of printing a configuration the server would refuse.
 */
export async function checkRegistryNames(loaded: LoadedConfig, io: Io): Promise<boolean> {
  // Loaded on demand: the registry imports every health check.
  const { resolveHealthSettings } = await import("../health/settings.ts");
  try {
    resolveHealthSettings(loaded.config.health);
    return true;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const key = e.message.slice(0, e.message.indexOf(":"));
    io.stderr(`invalid configuration: ${e.message}${keyOrigin(key, process.env, loaded.configFile)}`);
    return false;
  }
}
