import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import type { ChatMessage } from "./llm-prompt.ts";
import {
  type ChatReply,
  defaultLlmBatchOptions,
  type LlmBatchOptions,
  translateWithChat,
} from "./llm-translate.ts";
import {
  acceptsTemperature,
  exceedsContext,
  isQuotaExhausted,
  openAiError,
  refusesTemperature,
} from "./openai-errors.ts";
import { type Attempt, retryAfterMs, transportFailure, withRetries } from "./retry.ts";
import { type TranslationBackend, TranslationError } from "./types.ts";

export interface OpenAiOptions extends Partial<LlmBatchOptions> {
  timeoutMs?: number;
  healthTimeoutMs?: number;
  retries?: number;
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Any OpenAI-compatible chat server (external-apis.md §5): `POST {url}/chat/completions`, Bearer key. */
export function createOpenAiBackend(
  config: Config["translation"]["openai"],
  deps: RemoteDeps = {},
  options: OpenAiOptions = {},
): TranslationBackend {
  const d = resolveDeps(deps);
  const base = config.url.replace(/\/+$/, "");
  const model = config.model;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const retries = options.retries ?? 2;
  const batch: LlmBatchOptions = { ...defaultLlmBatchOptions, ...options };
  const scrub = scrubber(config.apiKey);
  /** Turned off for good once the server refuses it, for models the name check does not know. */
  let sendTemperature = acceptsTemperature(model);
  const headers = (): Record<string, string> => ({
    Accept: "application/json",
    "User-Agent": d.userAgent,
    ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}),
  });

  async function chatOnce(messages: ChatMessage[], signal?: AbortSignal): Promise<Attempt<ChatReply>> {
    const result = await exchange(
      d,
      `${base}/chat/completions`,
      {
        method: "POST",
        headers: { ...headers(), "Content-Type": "application/json" },
        body: JSON.stringify({ model, messages, ...(sendTemperature ? { temperature: 0 } : {}) }),
      },
      { timeoutMs, signal, maxBytes: BODY_CAPS.translation },
    );
    if (!result.ok) return transportFailure("openai", result);
    const { status, text } = result;
    const fail = (
      kind: TranslationError["kind"],
      message: string,
      retry: boolean,
      waitMs?: number | null,
    ) => ({
      ok: false as const,
      error: new TranslationError(kind, "openai", scrub(`openai: ${message}`), { status }),
      retry,
      waitMs,
    });
    if (status >= 200 && status < 300) {
      const parsed = parseJson(text);
      const completion = parsed.ok ? completionSchema.safeParse(parsed.value) : null;
      if (!completion?.success)
        return fail("invalid-response", `not a chat completion (HTTP ${status})`, false);
      const choice = completion.data.choices[0];
      return {
        ok: true,
        value: { content: choice?.message.content ?? "", truncated: choice?.finish_reason === "length" },
      };
    }
    const detail = bodyDetail(text);
    const error = openAiError(text);
    if (status === 400 && sendTemperature && refusesTemperature(error)) {
      // At most once: the flag stays off for every later request.
      sendTemperature = false;
      return chatOnce(messages, signal);
    }
    // Local servers run with small contexts (llama.cpp `-c 4096`): a batch that does not fit is split.
    if (status === 400 && exceedsContext(text)) return { ok: true, value: { content: "", truncated: true } };
    if (status === 401 || status === 403) return fail("auth", `API key rejected (HTTP ${status})`, false);
    if (status === 404 && /model/i.test(detail)) {
      return fail("model-not-found", `model "${model}" not found: ${detail}`, false);
    }
    // "You exceeded your current quota" is no credit at all: the next backend, not a wait.
    if (status === 429 && isQuotaExhausted(error))
      return fail("quota", `quota exhausted (HTTP 429): ${detail}`, false);
    if (status === 429)
      return fail(
        "rate-limited",
        `rate limited (HTTP 429): ${detail}`,
        true,
        retryAfterMs(d, result.headers),
      );
    if (status >= 500) return fail("http", `server error (HTTP ${status}): ${detail}`, true);
    return fail("bad-request", `request rejected (HTTP ${status}): ${detail}`, false);
  }

  const chat = (messages: ChatMessage[], signal?: AbortSignal) =>
    withRetries(d, retries, signal, () => chatOnce(messages, signal));

  return {
    name: "openai",
    async healthCheck(signal) {
      const result = await exchange(
        d,
        `${base}/models`,
        { method: "GET", headers: headers() },
        { timeoutMs: options.healthTimeoutMs ?? 10_000, signal, maxBytes: BODY_CAPS.translation },
      );
      if (!result.ok) return { healthy: false, message: scrub(`${base}: ${result.reason}`) };
      if (result.status === 401 || result.status === 403) {
        return { healthy: false, message: `${base} rejected the API key (HTTP ${result.status})` };
      }
      if (result.status !== 200)
        return { healthy: false, message: `${base}/models answered HTTP ${result.status}` };
      const parsed = parseJson(result.text);
      const models = parsed.ok ? modelsSchema.safeParse(parsed.value) : null;
      if (!models?.success)
        return { healthy: false, message: `${base} does not look like an OpenAI-compatible API` };
      const listed = models.data.data.some((m) => m.id === model);
      // Proxies often serve models they do not list, so an unlisted model is only reported.
      const message = listed ? `model "${model}" available` : `reachable; model "${model}" is not in /models`;
      return { healthy: true, message, details: { model, listed } };
    },
    async translate(lines, from, to, signal) {
      if (lines.length === 0) return [];
      return translateWithChat("openai", chat, lines, from, to, batch, signal);
    },
  };
}
