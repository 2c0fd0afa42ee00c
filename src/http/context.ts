import type { BuildInfo } from "../build-info.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { EventBus } from "../events/bus.ts";
import type { DetailedHealth } from "../health/detailed.ts";
import type { Scheduler } from "../jobs/scheduler.ts";
import type { Logger } from "../log.ts";
import type { Prober } from "../media/probe/probe.ts";
import type { MediaServerManager } from "../mediaservers/manager.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { TranslationManager } from "../translation/manager.ts";
import type { Scanner } from "../wanted/scanner.ts";
import type { Searcher } from "../wanted/search.ts";
import type { WebhookProcessor } from "../webhooks/processor.ts";
import type { WhisperBackend } from "../whisper/types.ts";

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
  translation: TranslationManager;
  mediaServers: MediaServerManager;
  /** Null while `whisper.enabled` is false. */
  whisper: WhisperBackend | null;
  /** `/health/detailed`: every subsystem checked, cached for `health.cacheSeconds`. */
  health: DetailedHealth;
  providers: ProviderRegistry;
  searcher: Searcher;
  /** Progress and status changes, streamed at /api/v1/events. */
  events: EventBus;
  /** Cron jobs (scan, search, maintenance); started by `serve` only. */
  scheduler: Scheduler;
  /** Sonarr/Radarr webhook deliveries, worked off in the background. */
  webhooks: WebhookProcessor;
  /** Re-reads the configuration and reschedules the jobs; what else changed needs a restart. */
  reload(): ReloadResult;
}

export interface AppEnv {
  Variables: { deps: AppDeps; requestId: string };
}

export type ReloadResult =
  | { ok: true; rescheduled: string[]; restartNeeded: string[] }
  | { ok: false; error: string };
