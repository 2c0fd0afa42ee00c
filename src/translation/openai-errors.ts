import { z } from "zod";
import { parseJson } from "../net/remote.ts";

/** OpenAI's error body: `{"error":{"message","type","param","code"}}` (external-apis.md §5, §8). */
const errorBodySchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.string().nullish(),
  }),
});

export type OpenAiErrorBody = z.infer<typeof errorBodySchema>["error"];

export function openAiError(text: string): OpenAiErrorBody | null {
  const parsed = parseJson(text);
  const body = parsed.ok ? errorBodySchema.safeParse(parsed.value) : null;
  return body?.success ? body.data.error : null;
}

/** A 429 that means "no credit left", not "slow down": waiting will not help. */
export function isQuotaExhausted(error: OpenAiErrorBody | null): boolean {
  if (error === null) return false;
  if (error.code === "insufficient_quota" || error.type === "insufficient_quota") return true;
  return /exceeded your current quota/i.test(error.message ?? "");
}

/** A 400 refusing our `temperature` (reasoning models accept only the default). */
export function refusesTemperature(error: OpenAiErrorBody | null): boolean {
  if (error === null) return false;
  if (error.param === "temperature") return true;
  return /temperature/i.test(error.message ?? "") && /unsupported/i.test(`${error.code} ${error.message}`);
}

/**
 * Reasoning models (o1, o3, o4-mini, gpt-5…) answer 400 `unsupported_value` to any `temperature`
 * but the default, so none is sent to them; other models get 0 for steady translations.
 */
export function acceptsTemperature(model: string): boolean {
  const name = model.toLowerCase().split("/").at(-1) ?? "";
  return !/^(?:o\d|gpt-5)/.test(name);
}

/**
 * A 400 saying the prompt does not fit the model's context: OpenAI's `context_length_exceeded`,
 * vLLM's "maximum context length is …", llama.cpp's `exceed_context_size_error`. A smaller batch fits.
 */
export function exceedsContext(body: string): boolean {
  return /context_length_exceeded|exceed_context_size|maximum context length|exceeds the available context size/i.test(
    body,
  );
}
