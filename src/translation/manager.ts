import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import type { HealthResult, RemoteDeps } from "../net/remote.ts";
import { createDeepLBackend, type DeepLOptions } from "./deepl.ts";
import { createLibreTranslateBackend, type LibreTranslateOptions } from "./libretranslate.ts";
import { createOllamaBackend, type OllamaOptions } from "./ollama.ts";
import { createOpenAiBackend, type OpenAiOptions } from "./openai.ts";
import { type TranslationBackend, type TranslationBackendName, TranslationError } from "./types.ts";

export interface BackendStats {
  name: TranslationBackendName;
  calls: number;
  failures: number;
  lastError: string | null;
  /** Mean duration of all calls, successful or not; null before the first. */
  meanDurationMs: number | null;
}

export interface TranslationResult {
  lines: string[];
  backend: TranslationBackendName;
}

export interface TranslationManager {
  /** False when `translation.chain` is empty. */
  readonly enabled: boolean;
  readonly backends: readonly TranslationBackend[];
  /** Tries each backend of the chain in order; throws `disabled`, `aborted` or `all-failed`. */
  translate(
    lines: readonly string[],
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<TranslationResult>;
  healthCheck(signal?: AbortSignal): Promise<(HealthResult & { name: TranslationBackendName })[]>;
  stats(): BackendStats[];
}

export interface BackendOptions {
  ollama?: OllamaOptions;
  openai?: OpenAiOptions;
  deepl?: DeepLOptions;
  libretranslate?: LibreTranslateOptions;
}

export function createTranslationBackend(
  name: TranslationBackendName,
  config: Config["translation"],
  deps: RemoteDeps = {},
  options: BackendOptions = {},
): TranslationBackend {
  switch (name) {
    case "ollama":
      return createOllamaBackend(config.ollama, deps, options.ollama);
    case "openai":
      return createOpenAiBackend(config.openai, deps, options.openai);
    case "deepl":
      return createDeepLBackend(config.deepl, deps, options.deepl);
    case "libretranslate":
      return createLibreTranslateBackend(config.libretranslate, deps, options.libretranslate);
  }
}

export interface TranslationManagerDeps extends RemoteDeps {
  clock: Clock;
  log: Logger;
  /** Replaces the backends built from config (tests, or callers composing their own). */
  backends?: readonly TranslationBackend[];
  options?: BackendOptions;
}

function asTranslationError(name: TranslationBackendName, e: unknown): TranslationError {
  if (e instanceof TranslationError) return e;
  return new TranslationError("http", name, `${name}: ${e instanceof Error ? e.message : String(e)}`);
}

/** The configured translation chain: the first backend that translates a job wins. */
export function createTranslationManager(
  config: Config["translation"],
  deps: TranslationManagerDeps,
): TranslationManager {
  const { clock, log } = deps;
  const backends =
    deps.backends ??
    [...new Set(config.chain)].map((name) => createTranslationBackend(name, config, deps, deps.options));
  const stats = new Map(
    backends.map((b) => [b.name, { calls: 0, failures: 0, lastError: null as string | null, totalMs: 0 }]),
  );

  async function tryBackend(
    backend: TranslationBackend,
    lines: readonly string[],
    from: string,
    to: string,
    signal?: AbortSignal,
  ) {
    const entry = stats.get(backend.name)!;
    const started = clock.now().getTime();
    entry.calls++;
    try {
      return await backend.translate(lines, from, to, signal);
    } catch (e) {
      const error = asTranslationError(backend.name, e);
      entry.failures++;
      entry.lastError = error.message;
      throw error;
    } finally {
      entry.totalMs += clock.now().getTime() - started;
    }
  }

  return {
    enabled: backends.length > 0,
    backends,
    async translate(lines, from, to, signal) {
      if (backends.length === 0) {
        throw new TranslationError("disabled", "chain", "translation is off: translation.chain is empty");
      }
      const causes: TranslationError[] = [];
      for (const backend of backends) {
        if (signal?.aborted) throw new TranslationError("aborted", "chain", "translation cancelled");
        try {
          const translated = await tryBackend(backend, lines, from, to, signal);
          return { lines: translated, backend: backend.name };
        } catch (e) {
          const error = e as TranslationError;
          if (error.kind === "aborted" || signal?.aborted) {
            throw new TranslationError("aborted", "chain", "translation cancelled");
          }
          log.warn("translation backend failed", {
            backend: backend.name,
            kind: error.kind,
            error: error.message,
          });
          causes.push(error);
        }
      }
      const summary = causes.map((c) => c.message).join("; ");
      throw new TranslationError("all-failed", "chain", `every translation backend failed: ${summary}`, {
        causes,
      });
    },
    async healthCheck(signal) {
      return Promise.all(
        backends.map(async (backend) => {
          try {
            return { name: backend.name, ...(await backend.healthCheck(signal)) };
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            return { name: backend.name, healthy: false, message };
          }
        }),
      );
    },
    stats() {
      return backends.map((b) => {
        const entry = stats.get(b.name)!;
        return {
          name: b.name,
          calls: entry.calls,
          failures: entry.failures,
          lastError: entry.lastError,
          meanDurationMs: entry.calls === 0 ? null : entry.totalMs / entry.calls,
        };
      });
    },
  };
}
