import { existsSync } from "node:fs";
import { redactConfig } from "../config/load.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import { checkRegistryNames, loadOrReport } from "./load-config.ts";

export const CONFIG_HELP = `Usage: subhound config [--config PATH]

Prints the effective configuration as JSON, with every secret replaced by ***.
Exits 2 with a message naming the key when the configuration is invalid.`;

export const configCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, CONFIG_HELP, readArgs(argv, {}));
  if (typeof args === "number") return args;
  const loaded = loadOrReport(args.config, io);
  if (!loaded || !(await checkRegistryNames(loaded, io))) return 2;
  io.stderr(
    `data dir: ${loaded.config.dataDir} (${loaded.dataDirSource})${existsSync(loaded.config.dataDir) ? "" : ", not created yet"}`,
  );
  io.stdout(JSON.stringify(redactConfig(loaded.config), null, 2));
  return 0;
};
