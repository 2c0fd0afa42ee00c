import type { TranslationManager } from "../../translation/manager.ts";
import { type CheckResult, errorMessage } from "../subsystems.ts";

/** Ollama only matters when the translation chain uses it. */
export async function checkOllama(
  translation: TranslationManager,
  signal: AbortSignal,
): Promise<CheckResult> {
  const ollama = translation.backends.find((b) => b.name === "ollama");
  if (!ollama) return { healthy: true, message: "not in the translation chain" };
  try {
    const result = await ollama.healthCheck(signal);
    return { healthy: result.healthy, message: result.message };
  } catch (e) {
    return { healthy: false, message: errorMessage(e) };
  }
}

/** Healthy while at least one backend of the chain answers: the chain falls back in order. */
export async function checkTranslationBackends(
  translation: TranslationManager,
  signal: AbortSignal,
): Promise<CheckResult> {
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
