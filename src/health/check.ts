import { z } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { Scheduler } from "../jobs/scheduler.ts";
import type { LibrarySource } from "../library/index.ts";
import type { MediaServerManager } from "../mediaservers/manager.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { TranslationManager } from "../translation/manager.ts";
import type { Scanner } from "../wanted/scanner.ts";
import type { WhisperBackend } from "../whisper/types.ts";

/** What every check reads from: the running server's parts, injected once. */
export interface HealthCheckDeps {
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

/** Fields every check reports, whatever else it adds. */
export const checkBase = { healthy: z.boolean(), message: z.string() };

/** What a check that threw or ran out of time reports: no details, only why. */
export const CheckFailedSchema = z
  .object({
    healthy: z.literal(false),
    message: z.string().openapi({ example: "timed out after 5000 ms" }),
  })
  .openapi("HealthCheckFailed");
export type CheckFailed = z.infer<typeof CheckFailedSchema>;

/** A check's report: `healthy`, `message` and the details its definition declares. */
export type CheckReport<Details extends z.ZodRawShape> = z.infer<z.ZodObject<typeof checkBase & Details>>;

/** One run of a check: cheap, honours `signal`, and may throw (the runner turns a throw into `CheckFailed`). */
export type CheckRun<Details extends z.ZodRawShape> = (
  signal: AbortSignal,
) => Promise<CheckReport<Details>> | CheckReport<Details>;

/**
 * One entry of the health registry. Its name is the key in `/health/detailed` and in
 * `health.critical`; `details` is both its response schema and its type.
 */
export interface HealthCheck<Name extends string = string, Details extends z.ZodRawShape = z.ZodRawShape> {
  name: Name;
  /** One sentence for the README: what is checked, and when it is unhealthy. */
  summary: string;
  /** Whether its failure degrades the status when `health.critical` is not set. */
  critical: boolean;
  details: Details;
  /** A healthy report, shown in the API docs. */
  example: CheckReport<Details>;
  /** Called once when the server starts; the function it returns runs on every report. */
  create(deps: HealthCheckDeps): CheckRun<Details>;
}

/** Keeps the literal name and the details' shape, so the registry's types stay exact. */
export function defineHealthCheck<const Name extends string, const Details extends z.ZodRawShape>(
  check: HealthCheck<Name, Details>,
): HealthCheck<Name, Details> {
  return check;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Names the instance in a summary, unless the client's message already starts that way. */
export function withPrefix(prefix: string, message: string): string {
  return message.startsWith(prefix) ? message : `${prefix}${message}`;
}
