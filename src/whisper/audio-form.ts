import type { Exchange } from "../net/remote.ts";
import { type WhisperBackendName, WhisperError } from "./types.ts";

export function audioBlob(audio: Blob | Uint8Array): Blob {
  return audio instanceof Blob ? audio : new Blob([audio as Uint8Array<ArrayBuffer>]);
}

/**
 * Where Whisper's language list (its tokenizer's LANGUAGES) has its own code: it knows Norwegian
 * only as `no`, Javanese as `jw`, Filipino as Tagalog `tl`; anything else it refuses (422/400).
 */
const WHISPER_CODES: Readonly<Record<string, string>> = { nb: "no", jv: "jw", fil: "tl" };

/** Whisper wants ISO 639-1 (`en`, `pt`), not a regional tag. */
export function whisperLanguage(code: string | undefined): string | undefined {
  if (code === undefined || code.trim() === "") return undefined;
  const base = (code.split("-")[0] ?? code).toLowerCase();
  return WHISPER_CODES[base] ?? base;
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
