import type { HealthResult } from "../net/remote.ts";

export type TranslationBackendName = "ollama" | "openai" | "deepl" | "libretranslate";

export type TranslationErrorKind =
  | "not-configured"
  | "disabled"
  | "auth"
  | "quota"
  | "rate-limited"
  | "model-not-found"
  | "line-count"
  | "truncated"
  | "bad-request"
  | "http"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid-response"
  | "all-failed";

/** A failed translation. Its message names the backend and cause, never an API key. */
export class TranslationError extends Error {
  override readonly name = "TranslationError";
  readonly kind: TranslationErrorKind;
  readonly backend: TranslationBackendName | "chain";
  readonly status: number | null;
  /** For `all-failed`: what each backend of the chain answered. */
  readonly causes: readonly TranslationError[];

  constructor(
    kind: TranslationErrorKind,
    backend: TranslationBackendName | "chain",
    message: string,
    extra: { status?: number | null; causes?: readonly TranslationError[] } = {},
  ) {
    super(message);
    this.kind = kind;
    this.backend = backend;
    this.status = extra.status ?? null;
    this.causes = extra.causes ?? [];
  }
}

export interface TranslationBackend {
  readonly name: TranslationBackendName;
  /** Cheap: never translates text and never spends quota. Never throws. */
  healthCheck(signal?: AbortSignal): Promise<HealthResult>;
  /**
   * Returns exactly one translation per input line, in input order, or throws a
   * {@link TranslationError}. Language codes are ISO 639-1 or BCP-47 (`en`, `pt-BR`).
   */
  translate(lines: readonly string[], from: string, to: string, signal?: AbortSignal): Promise<string[]>;
}
