import { z } from "@hono/zod-openapi";
import type { WhisperBackend } from "../../whisper/types.ts";
import { defineHealthCheck, errorMessage } from "../check.ts";
import { FallbackStatsSchema } from "./fallback-stats.ts";

async function checkWhisper(whisper: WhisperBackend | null, signal: AbortSignal) {
  if (!whisper) return { healthy: true, message: "Whisper disabled", activeBackend: null };
  try {
    const result = await whisper.healthCheck(signal);
    return { healthy: result.healthy, message: result.message, activeBackend: whisper.name };
  } catch (e) {
    return { healthy: false, message: errorMessage(e), activeBackend: whisper.name };
  }
}

export const whisperBackends = defineHealthCheck({
  name: "whisper_backends",
  summary:
    "the Whisper backend answers when `whisper.enabled`, and counts the subtitles transcribed since start",
  critical: false,
  details: {
    fallback: FallbackStatsSchema.openapi({ description: "Subtitles transcribed since start" }),
    activeBackend: z.enum(["asr-webservice", "openai"]).nullable(),
  },
  example: {
    healthy: true,
    message: "Whisper disabled",
    activeBackend: null,
    fallback: { count: 0, failures: 0, meanMs: null },
  },
  create: (deps) => async (signal) => {
    const f = deps.fallbacks?.();
    const fallback = {
      count: f?.transcribed ?? 0,
      failures: f?.transcriptionFailures ?? 0,
      meanMs: f?.transcriptionMeanMs ?? null,
    };
    return { ...(await checkWhisper(deps.whisper, signal)), fallback };
  },
});
