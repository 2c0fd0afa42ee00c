import type { TranslationError, TranslationErrorKind } from "../translation/types.ts";
import type { WhisperError } from "../whisper/types.ts";

export type SubtitleTranslationErrorKind =
  /** Only SRT, ASS and SSA are translated. */
  | "unsupported-format"
  /** The source subtitle does not validate as its format. */
  | "invalid-input"
  /** The translation chain failed; `cause` is the manager's {@link TranslationError}. */
  | "translation"
  /** The translated file lost lines, timings, order or markup (see `sameStructure`). */
  | "structure"
  /** The translated file does not validate. */
  | "invalid-output"
  | "aborted";

/** A subtitle that could not be translated; nothing was produced. */
export class SubtitleTranslationError extends Error {
  override readonly name = "SubtitleTranslationError";
  readonly kind: SubtitleTranslationErrorKind;
  /** For `translation`: the most specific reason, e.g. `model-not-found` or `line-count`. */
  readonly translationKind: TranslationErrorKind | null;
  /** For `structure`: the 1-based line that differs. */
  readonly line: number | null;

  constructor(
    kind: SubtitleTranslationErrorKind,
    message: string,
    extra: { cause?: TranslationError; line?: number } = {},
  ) {
    super(message, extra.cause ? { cause: extra.cause } : undefined);
    this.kind = kind;
    this.line = extra.line ?? null;
    const cause = extra.cause;
    this.translationKind = cause
      ? cause.kind === "all-failed" && cause.causes.length === 1
        ? cause.causes[0]!.kind
        : cause.kind
      : null;
  }
}

export type WhisperFallbackErrorKind =
  /** ffmpeg is not installed or not at the configured path. */
  | "ffmpeg-missing"
  /** ffmpeg ran and failed (unreadable file, no audio stream, …). */
  | "ffmpeg-failed"
  /** The temp directory is the video's own directory. */
  | "bad-temp-dir"
  /** The Whisper backend failed; `cause` is its {@link WhisperError}. */
  | "transcription"
  /** The backend's reply is not a usable SRT. */
  | "invalid-output"
  /** No audio stream is in the wanted language, and that is not English (whisper-audio.ts). */
  | "language-not-spoken"
  | "timeout"
  | "aborted";

export class WhisperFallbackError extends Error {
  override readonly name = "WhisperFallbackError";
  readonly kind: WhisperFallbackErrorKind;

  constructor(kind: WhisperFallbackErrorKind, message: string, cause?: WhisperError) {
    super(message, cause ? { cause } : undefined);
    this.kind = kind;
  }
}
