import type { WhisperBackend } from "../../whisper/types.ts";
import { type CheckResult, errorMessage } from "../subsystems.ts";

export async function checkWhisper(
  whisper: WhisperBackend | null,
  signal: AbortSignal,
): Promise<CheckResult> {
  if (!whisper) return { healthy: true, message: "Whisper disabled", activeBackend: null };
  try {
    const result = await whisper.healthCheck(signal);
    return { healthy: result.healthy, message: result.message, activeBackend: whisper.name };
  } catch (e) {
    return { healthy: false, message: errorMessage(e), activeBackend: whisper.name };
  }
}
