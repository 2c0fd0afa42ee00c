import { arrConnectivity } from "./checks/arr.ts";
import { database } from "./checks/database.ts";
import { diskConfig } from "./checks/disk-config.ts";
import { diskMedia } from "./checks/disk-media.ts";
import { mediaServers } from "./checks/media-servers.ts";
import { memory } from "./checks/memory.ts";
import { ollama } from "./checks/ollama.ts";
import { providers } from "./checks/providers.ts";
import { scheduler } from "./checks/scheduler.ts";
import { subtitleSync } from "./checks/subtitle-sync.ts";
import { translationBackends } from "./checks/translation-backends.ts";
import { whisperBackends } from "./checks/whisper.ts";

/**
 * Every health check, in the order `/health/detailed` reports them. The response schema,
 * `health.critical` and the README's table are derived from this list: adding a check is its
 * file in `checks/` and one line here.
 */
export const HEALTH_CHECKS = [
  database,
  ollama,
  providers,
  diskConfig,
  diskMedia,
  memory,
  translationBackends,
  mediaServers,
  whisperBackends,
  arrConnectivity,
  scheduler,
  subtitleSync,
] as const;

export type HealthCheckName = (typeof HEALTH_CHECKS)[number]["name"];

export const HEALTH_CHECK_NAMES: readonly HealthCheckName[] = HEALTH_CHECKS.map((c) => c.name);

/** What `health.critical` is when the config leaves it out. */
export const DEFAULT_CRITICAL: readonly HealthCheckName[] = HEALTH_CHECKS.filter((c) => c.critical).map(
  (c) => c.name,
);
