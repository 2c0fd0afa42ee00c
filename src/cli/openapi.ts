import { configSchema } from "../config/schema.ts";
import { openDatabase } from "../db/client.ts";
import { silentLogger } from "../log.ts";
import { createRuntime } from "../server.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";

export const OPENAPI_HELP = `Usage: subhound openapi

Prints the OpenAPI 3.1 document generated from the routes (default configuration).`;

/** Reads no configuration: the document describes the routes, whatever the setup. */
export const openapiCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, OPENAPI_HELP, readArgs(argv, {}));
  if (typeof args === "number") return args;
  const runtime = createRuntime(configSchema.parse({ auth: { apiKey: "0".repeat(32) } }), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
  });
  io.stdout(JSON.stringify(runtime.app.openapi, null, 2));
  await runtime.close();
  return 0;
};
