import { argsOrExit, type Command, readArgs, versionLine } from "./command.ts";

export const VERSION_HELP = "Usage: subhound version\n\nPrints version, commit and build date.";

export const versionCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, VERSION_HELP, readArgs(argv, {}));
  if (typeof args === "number") return args;
  io.stdout(versionLine());
  return 0;
};
