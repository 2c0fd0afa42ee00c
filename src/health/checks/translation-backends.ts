import { z } from "@hono/zod-openapi";
import type { TranslationManager } from "../../translation/manager.ts";
import { defineHealthCheck } from "../check.ts";
import { FallbackStatsSchema } from "./fallback-stats.ts";

const backend = z.object({
  name: z.enum(["ollama", "openai", "deepl", "libretranslate"]),
  healthy: z.boolean(),
  message: z.string(),
});

/** Healthy while at least one backend of the chain answers: the chain falls back in order. */
async function checkChain(translation: TranslationManager, signal: AbortSignal) {
  if (!translation.enabled) {
    return { healthy: true, message: "translation is off (translation.chain is empty)", backends: [] };
  }
  const backends = (await translation.healthCheck(signal)).map((b) => ({
    name: b.name,
    healthy: b.healthy,
    message: b.message,
  }));
  const up = backends.filter((b) => b.healthy).length;
  const down = backends.filter((b) => !b.healthy);
  return {
    healthy: up > 0,
    message:
      down.length === 0
        ? `${up}/${backends.length} backends healthy`
        : `${up}/${backends.length} backends healthy; ${down.map((b) => b.message).join("; ")}`,
    backends,
  };
}

export const translationBackends = defineHealthCheck({
  name: "translation_backends",
  summary:
    "the backends of `translation.chain`; healthy while at least one answers, and counts the subtitles translated since start",
  critical: true,
  details: {
    fallback: FallbackStatsSchema.openapi({ description: "Subtitles translated since start" }),
    backends: z.array(backend),
  },
  example: {
    healthy: true,
    message: "translation is off (translation.chain is empty)",
    backends: [],
    fallback: { count: 0, failures: 0, meanMs: null },
  },
  create: (deps) => async (signal) => {
    const f = deps.fallbacks?.();
    const fallback = {
      count: f?.translated ?? 0,
      failures: f?.translationFailures ?? 0,
      meanMs: f?.translationMeanMs ?? null,
    };
    return { ...(await checkChain(deps.translation, signal)), fallback };
  },
});
