import type { Config } from "../config/schema.ts";

/** The eleven categories `/health/detailed` reports, in the order it reports them. */
export const SUBSYSTEMS = [
  "database",
  "ollama",
  "providers",
  "disk_config",
  "disk_media",
  "memory",
  "translation_backends",
  "media_servers",
  "whisper_backends",
  "arr_connectivity",
  "scheduler",
] as const;

export type SubsystemName = (typeof SUBSYSTEMS)[number];

// `health.critical` in the config schema lists the same names; fail to compile if they drift.
type CriticalName = Config["health"]["critical"][number];
const _sameNames: [CriticalName, SubsystemName] extends [SubsystemName, CriticalName] ? true : never = true;
void _sameNames;

/** What every check returns: healthy or not, a sentence for humans, and typed details. */
export interface CheckResult {
  healthy: boolean;
  message: string;
  [detail: string]: unknown;
}

/** One check: cheap, honours `signal`, and may throw (the runner turns a throw into unhealthy). */
export type Check = (signal: AbortSignal) => Promise<CheckResult> | CheckResult;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Names the instance in a summary, unless the client's message already starts that way. */
export function withPrefix(prefix: string, message: string): string {
  return message.startsWith(prefix) ? message : `${prefix}${message}`;
}
