import type { Config } from "../config/schema.ts";
import type { RemoteDeps } from "../net/remote.ts";
import { createAsrWebserviceBackend, type WhisperOptions } from "./asr-webservice.ts";
import { createOpenAiWhisperBackend } from "./openai.ts";
import type { WhisperBackend } from "./types.ts";

/** The configured Whisper backend, or null while `whisper.enabled` is false (the default). */
export function createWhisperBackend(
  config: Config["whisper"],
  deps: RemoteDeps = {},
  options: WhisperOptions = {},
): WhisperBackend | null {
  if (!config.enabled) return null;
  return config.backend === "openai"
    ? createOpenAiWhisperBackend(config, deps, options)
    : createAsrWebserviceBackend(config, deps, options);
}
