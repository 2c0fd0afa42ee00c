import { databasePath } from "../db/client.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import { readApiKey, useExistingDataDir } from "./data-dir.ts";
import { loadOrReport } from "./load-config.ts";

export const API_KEY_HELP = `Usage: subhound api-key [--config PATH]

Prints the API key: auth.apiKey when configured, otherwise the one the server generated on its
first start. It finds the data dir as the server does (SUBHOUND_DATA_DIR, --config, ./data), says
which on stderr, and only reads: it works beside a running server and never creates a key.`;

/** Reads the key; never creates one (that is the server's first start), never writes. */
export const apiKeyCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, API_KEY_HELP, readArgs(argv, {}));
  if (typeof args === "number") return args;
  const loaded = loadOrReport(args.config, io);
  if (!loaded) return 2;
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
};
