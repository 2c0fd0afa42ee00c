import { HEALTH_SUBSYSTEMS } from "../config/schema.ts";

/** The config schema owns the list, so `health.critical` can only name real subsystems. */
export const SUBSYSTEMS = HEALTH_SUBSYSTEMS;

export type SubsystemName = (typeof SUBSYSTEMS)[number];

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
