/**
 * Keys (as `changedKeys` names them) that a reload applies to the running server: the next scan or
 * search uses them. Everything else (listen address, data dir, database, logging, probing, health,
 * session length, the per-host connection cap, subtitle sync) is read once at start and needs a
 * restart; tests/settings/live-keys.test.ts checks that every key is in one list or the other.
 */
const LIVE_PREFIXES = [
  "sonarr",
  "radarr",
  "pathMappings",
  "standalone",
  "languages",
  "profile",
  "profiles",
  "profileTags",
  "naming",
  "providers",
  "translation",
  "mediaServers",
  "notifications",
  "postProcessing",
  "proxy",
  "whisper.enabled",
  "whisper.backend",
  "whisper.url",
  "whisper.apiKey",
  "whisper.model",
  "whisper.timeoutMs",
  "scan.schedule",
  "scan.fullEvery",
  "scan.maxRemovalShare",
  "search.schedule",
  "search.concurrency",
  "search.maxAttempts",
  "search.backoffBaseMinutes",
  "search.backoffCapHours",
  "search.afterAttemptsEveryDays",
  "search.minScore",
  "search.minScorePercent",
  "search.itemsPerRun",
  "webhooks",
  "maintenance",
  "upgrades",
  "auth.apiKey",
  "auth.username",
  "auth.password",
  "auth.localBypass",
];

export function appliesLive(key: string): boolean {
  return LIVE_PREFIXES.some((p) => key === p || key.startsWith(`${p}.`));
}

/** The sections and keys that take effect only after a restart, for the settings page to mark. */
export const RESTART_KEYS = [
  "dataDir",
  "server",
  "database",
  "log",
  "scan.probeEngine",
  "scan.ffprobePath",
  "scan.ffprobeConcurrency",
  "scan.ffprobeTimeoutMs",
  "search.requestTimeoutMs",
  "whisper.concurrency",
  "auth.sessionDays",
  "disk",
  "health",
  "network",
  "sync",
] as const;
