import type { BuildInfo } from "../build-info.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { Prober } from "../media/probe/probe.ts";
import type { Scanner } from "../wanted/scanner.ts";

/** Everything a route may use, passed in once by whoever builds the app (server, CLI, tests). */
export interface AppDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  log: Logger;
  build: BuildInfo;
  /** The key requests must present; resolved by `ensureApiKey` before the app is built. */
  apiKey: string;
  startedAt: Date;
  prober: Prober;
  scanner: Scanner;
}

export interface AppEnv {
  Variables: { deps: AppDeps; requestId: string };
}
