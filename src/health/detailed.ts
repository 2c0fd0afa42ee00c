import type { Clock } from "../clock.ts";
import { redactStrings } from "../config/redact.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { Scheduler } from "../jobs/scheduler.ts";
import type { LibrarySource } from "../library/index.ts";
import type { MediaServerManager } from "../mediaservers/manager.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { TranslationManager } from "../translation/manager.ts";
import { createScanSourcesStore } from "../wanted/scan-sources-store.ts";
import type { Scanner } from "../wanted/scanner.ts";
import { createWantedStore } from "../wanted/store.ts";
import type { WhisperBackend } from "../whisper/types.ts";
import { checkArrConnectivity } from "./checks/arr.ts";
import { checkDatabase } from "./checks/database.ts";
import { checkDiskConfig, checkDiskMedia } from "./checks/disk.ts";
import { checkMediaServers } from "./checks/media-servers.ts";
import { checkMemory } from "./checks/memory.ts";
import { checkProviders } from "./checks/providers.ts";
import { checkScheduler } from "./checks/scheduler.ts";
import { checkOllama, checkTranslationBackends } from "./checks/translation.ts";
import { checkWhisper } from "./checks/whisper.ts";
import { type Check, type CheckResult, errorMessage, SUBSYSTEMS, type SubsystemName } from "./subsystems.ts";

export interface HealthReport {
  status: "healthy" | "degraded";
  checkedAt: string;
  /** The subsystems whose failure makes the status degraded (`health.critical`). */
  critical: SubsystemName[];
  subsystems: Record<SubsystemName, CheckResult>;
}

export interface DetailedHealthDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  scanner: Scanner;
  translation: TranslationManager;
  mediaServers: MediaServerManager;
  whisper: WhisperBackend | null;
  providers: ProviderRegistry;
  scheduler: Scheduler;
  /** What the translation and Whisper fallbacks did since start (the searcher counts them). */
  fallbacks?: () => {
    translated: number;
    translationFailures: number;
    translationMeanMs: number | null;
    transcribed: number;
    transcriptionFailures: number;
    transcriptionMeanMs: number | null;
  };
  /** The library sources; the Sonarr and Radarr ones are checked. */
  sources: readonly LibrarySource[];
}

export interface DetailedHealth {
  /** The cached report while younger than `health.cacheSeconds`, else a new one; `fresh` forces one. */
  report(options?: { fresh?: boolean }): Promise<HealthReport>;
}

/**
 * Runs `check` with its own abort signal and deadline: a hung backend makes only its own
 * subsystem unhealthy, and a throw becomes `{healthy: false}` instead of failing the report.
 */
export async function runBounded(check: Check, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve({ healthy: false, message: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const work = (async (): Promise<CheckResult> => {
    try {
      return await check(controller.signal);
    } catch (e) {
      return { healthy: false, message: errorMessage(e) };
    }
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthChecks(deps: DetailedHealthDeps): Record<SubsystemName, Check> {
  const { config } = deps;
  const { minFreePercent } = config.disk;
  const sourcesStore = createScanSourcesStore(deps.db.sqlite);
  const wantedStore = createWantedStore(deps.db.sqlite);
  const listingState = { failing: sourcesStore.failing, held: wantedStore.heldRemovals };
  return {
    database: () => checkDatabase(deps.db),
    ollama: (signal) => checkOllama(deps.translation, signal),
    providers: () => checkProviders(deps.providers),
    disk_config: () => checkDiskConfig(config.dataDir, minFreePercent),
    disk_media: () => checkDiskMedia([...config.disk.mediaPaths, ...config.standalone.roots], minFreePercent),
    memory: () => checkMemory(),
    translation_backends: async (signal) => {
      const f = deps.fallbacks?.();
      const fallback = {
        count: f?.translated ?? 0,
        failures: f?.translationFailures ?? 0,
        meanMs: f?.translationMeanMs ?? null,
      };
      return { ...(await checkTranslationBackends(deps.translation, signal)), fallback };
    },
    media_servers: (signal) => checkMediaServers(deps.mediaServers, signal),
    whisper_backends: async (signal) => {
      const f = deps.fallbacks?.();
      const fallback = {
        count: f?.transcribed ?? 0,
        failures: f?.transcriptionFailures ?? 0,
        meanMs: f?.transcriptionMeanMs ?? null,
      };
      return { ...(await checkWhisper(deps.whisper, signal)), fallback };
    },
    arr_connectivity: (signal) => checkArrConnectivity(deps.sources, signal, listingState),
    scheduler: () => checkScheduler(deps.scheduler, deps.scanner),
  };
}

/** Runs every check concurrently and caches the report for `health.cacheSeconds` of `deps.clock`. */
export function createDetailedHealth(deps: DetailedHealthDeps): DetailedHealth {
  const checks = healthChecks(deps);
  const { timeoutMs, cacheSeconds, critical } = deps.config.health;
  let cached: { report: HealthReport; at: number } | null = null;
  let inFlight: Promise<HealthReport> | null = null;

  async function run(): Promise<HealthReport> {
    const results = await Promise.all(SUBSYSTEMS.map((name) => runBounded(checks[name], timeoutMs)));
    // Checks quote backend errors, and a backend URL may carry userinfo.
    const subsystems = Object.fromEntries(
      SUBSYSTEMS.map((name, i) => [name, redactStrings(results[i]!)]),
    ) as Record<SubsystemName, CheckResult>;
    const degraded = critical.some((name) => !subsystems[name].healthy);
    return {
      status: degraded ? "degraded" : "healthy",
      checkedAt: deps.clock.now().toISOString(),
      critical: [...critical],
      subsystems,
    };
  }

  return {
    report(options = {}) {
      const now = deps.clock.now().getTime();
      if (!options.fresh && cached && now - cached.at < cacheSeconds * 1000) {
        return Promise.resolve(cached.report);
      }
      // Concurrent callers share one run instead of each hitting every backend.
      inFlight ??= run()
        .then((report) => {
          cached = { report, at: deps.clock.now().getTime() };
          return report;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  };
}
