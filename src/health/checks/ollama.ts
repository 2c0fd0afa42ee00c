import type { TranslationManager } from "../../translation/manager.ts";
import { type CheckReport, defineHealthCheck, errorMessage } from "../check.ts";

/** Ollama only matters when the translation chain uses it. */
async function checkOllama(
  translation: TranslationManager,
  signal: AbortSignal,
): Promise<CheckReport<Record<never, never>>> {
  const ollama = translation.backends.find((b) => b.name === "ollama");
  if (!ollama) return { healthy: true, message: "not in the translation chain" };
  try {
    const result = await ollama.healthCheck(signal);
    return { healthy: result.healthy, message: result.message };
  } catch (e) {
    return { healthy: false, message: errorMessage(e) };
  }
}

export const ollama = defineHealthCheck({
  name: "ollama",
  summary: "Ollama answers; only checked when it is in `translation.chain`",
  critical: true,
  details: {},
  example: { healthy: true, message: "not in the translation chain" },
  create: (deps) => (signal) => checkOllama(deps.translation, signal),
});
