import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { buildInfo } from "../build-info.ts";
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
