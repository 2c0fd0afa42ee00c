import type { Exchange } from "../net/remote.ts";
import { type WhisperBackendName, WhisperError } from "./types.ts";

export function audioBlob(audio: Blob | Uint8Array): Blob {
  return audio instanceof Blob ? audio : new Blob([audio as Uint8Array<ArrayBuffer>]);
}

/** Whisper wants ISO 639-1 (`en`, `pt`), not a regional tag. */
export function whisperLanguage(code: string | undefined): string | undefined {
  if (code === undefined || code.trim() === "") return undefined;
  return (code.split("-")[0] ?? code).toLowerCase();
}

const SRT_START = /^\uFEFF?\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/;

/** Empty output is valid (silent audio); anything else must start like an SRT cue. */
export function looksLikeSrt(text: string): boolean {
  return text.trim() === "" || SRT_START.test(text);
}

export function transportError(
  backend: WhisperBackendName,
  result: Extract<Exchange, { ok: false }>,
): WhisperError {
  return new WhisperError(result.kind, backend, `${backend}: ${result.reason}`);
}
