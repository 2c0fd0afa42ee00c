import type { HealthResult } from "../net/remote.ts";

export type WhisperBackendName = "asr-webservice" | "openai";

export type WhisperErrorKind =
  | "bad-language"
  | "bad-request"
  | "auth"
  | "too-large"
  | "rate-limited"
  | "http"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid-response";

/** A failed transcription. Its message names the backend and cause, never an API key. */
export class WhisperError extends Error {
  override readonly name = "WhisperError";
  readonly kind: WhisperErrorKind;
  readonly backend: WhisperBackendName;
  readonly status: number | null;

  constructor(
    kind: WhisperErrorKind,
    backend: WhisperBackendName,
    message: string,
    status: number | null = null,
  ) {
    super(message);
    this.kind = kind;
    this.backend = backend;
    this.status = status;
  }
}

export interface TranscribeOptions {
  /** Spoken language (ISO 639-1); omitted = the backend detects it. */
  language?: string;
  /** `translate` produces English subtitles whatever the spoken language. */
  task?: "transcribe" | "translate";
  /** Sent as the multipart file name; backends use its extension to guess the format. */
  filename?: string;
}

export interface WhisperBackend {
  readonly name: WhisperBackendName;
  /** Cheap: never transcribes. Never throws. */
  healthCheck(signal?: AbortSignal): Promise<HealthResult>;
  /** Returns SRT text, or throws a {@link WhisperError}. */
  transcribe(audio: Blob | Uint8Array, options: TranscribeOptions, signal?: AbortSignal): Promise<string>;
}
