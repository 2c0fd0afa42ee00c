import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import {
  bodyDetail,
  exchange,
  type HealthResult,
  parseJson,
  type RemoteDeps,
  resolveDeps,
} from "../net/remote.ts";
import type { ChatMessage } from "./llm-prompt.ts";
import {
  type ChatReply,
  defaultLlmBatchOptions,
  type LlmBatchOptions,
  translateWithChat,
} from "./llm-translate.ts";
import { type Attempt, retryAfterMs, transportFailure, withRetries } from "./retry.ts";
import { type TranslationBackend, TranslationError } from "./types.ts";

export interface OllamaOptions extends Partial<LlmBatchOptions> {
  timeoutMs?: number;
  healthTimeoutMs?: number;
  /** Extra attempts after network errors, 429 and 5xx. */
  retries?: number;
}

const tagsSchema = z.object({
  models: z.array(z.object({ name: z.string(), model: z.string().optional() })),
});

const chunkSchema = z.object({
  error: z.string().optional(),
  message: z.object({ content: z.string().optional() }).optional(),
  done: z.boolean().optional(),
  done_reason: z.string().optional(),
});

export type OllamaReply =
  | { ok: true; content: string; doneReason: string | null }
  | { ok: false; error: string }
  | { ok: false; invalid: string };

/**
 * Reads an `/api/chat` reply: one JSON object when `stream` was false, or NDJSON (one object per
 * line, the last one `done: true`) when the server streamed anyway. A line `{"error": …}` can
 * arrive mid-stream with the status already 200.
 */
export function parseOllamaReply(text: string): OllamaReply {
  const whole = parseJson(text);
  const rawChunks: unknown[] = [];
  if (whole.ok) rawChunks.push(whole.value);
  else {
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      const parsed = parseJson(line);
      if (!parsed.ok) return { ok: false, invalid: "the reply is neither JSON nor NDJSON" };
      rawChunks.push(parsed.value);
    }
  }
  let content = "";
  let doneReason: string | null = null;
  let done = false;
  for (const raw of rawChunks) {
    const chunk = chunkSchema.safeParse(raw);
    if (!chunk.success) return { ok: false, invalid: "unexpected reply shape" };
    if (chunk.data.error !== undefined) return { ok: false, error: chunk.data.error };
    content += chunk.data.message?.content ?? "";
    if (chunk.data.done) {
      done = true;
      doneReason = chunk.data.done_reason ?? null;
    }
  }
  if (!done) return { ok: false, invalid: "the reply ended before done" };
  return { ok: true, content, doneReason };
}

/** `llama3.2` is installed as `llama3.2:latest`; an explicit tag must match exactly. */
export function ollamaModelMatches(configured: string, installed: string): boolean {
  const withTag = (name: string) => (name.includes(":") ? name : `${name}:latest`);
  return withTag(configured) === withTag(installed);
}

/** Ollama's native API (external-apis.md §5): `POST /api/chat` with `stream: false`, health via `/api/tags`. */
export function createOllamaBackend(
  config: Config["translation"]["ollama"],
  deps: RemoteDeps = {},
  options: OllamaOptions = {},
): TranslationBackend {
  const d = resolveDeps(deps);
  const base = config.url.replace(/\/+$/, "");
  const model = config.model;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const retries = options.retries ?? 2;
  const batch: LlmBatchOptions = { ...defaultLlmBatchOptions, ...options };

  async function chatOnce(messages: ChatMessage[], signal?: AbortSignal): Promise<Attempt<ChatReply>> {
    // num_ctx: Ollama's default window (2048 or 4096 tokens) drops the start of a longer prompt,
    // the instructions with it, and answers anyway: a batch would come back as something else.
    const body = {
      model,
      messages,
      stream: false,
      format: "json",
      options: { temperature: 0, num_ctx: config.contextLength },
    };
    const result = await exchange(
      d,
      `${base}/api/chat`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": d.userAgent,
        },
        body: JSON.stringify(body),
      },
      { timeoutMs, signal, maxBytes: BODY_CAPS.translation },
    );
    if (!result.ok) return transportFailure("ollama", result);
    const { status, text } = result;
    const fail = (
      kind: TranslationError["kind"],
      message: string,
      retry: boolean,
      waitMs?: number | null,
    ) => ({
      ok: false as const,
      error: new TranslationError(kind, "ollama", `ollama: ${message}`, { status }),
      retry,
      waitMs,
    });
    if (status >= 200 && status < 300) {
      const reply = parseOllamaReply(text);
      if ("error" in reply) return fail("http", `the model failed mid-reply: ${reply.error}`, true);
      if ("invalid" in reply) return fail("invalid-response", `${reply.invalid} (HTTP ${status})`, false);
      return { ok: true, value: { content: reply.content, truncated: reply.doneReason === "length" } };
    }
    const detail = bodyDetail(text);
    if (status === 404 && /not found/i.test(detail)) {
      return fail(
        "model-not-found",
        `model "${model}" is not installed; run \`ollama pull ${model}\``,
        false,
      );
    }
    if (status === 401 || status === 403) return fail("auth", `access denied (HTTP ${status})`, false);
    if (status === 429)
      return fail("rate-limited", `rate limited (HTTP 429)`, true, retryAfterMs(d, result.headers));
    if (status >= 500) return fail("http", `server error (HTTP ${status}): ${detail}`, true);
    return fail("bad-request", `request rejected (HTTP ${status}): ${detail}`, false);
  }

  const chat = (messages: ChatMessage[], signal?: AbortSignal) =>
    withRetries(d, retries, signal, () => chatOnce(messages, signal));

  return {
    name: "ollama",
    async healthCheck(signal) {
      const result = await exchange(
        d,
        `${base}/api/tags`,
        { method: "GET", headers: { Accept: "application/json", "User-Agent": d.userAgent } },
        { timeoutMs: options.healthTimeoutMs ?? 10_000, signal, maxBytes: BODY_CAPS.translation },
      );
      if (!result.ok) return { healthy: false, message: `Ollama at ${base}: ${result.reason}` };
      if (result.status !== 200) {
        return { healthy: false, message: `Ollama at ${base} answered HTTP ${result.status}` };
      }
      const parsed = parseJson(result.text);
      const tags = parsed.ok ? tagsSchema.safeParse(parsed.value) : null;
      if (!tags?.success)
        return { healthy: false, message: `${base} does not look like Ollama (bad /api/tags)` };
      const names = tags.data.models.map((m) => m.name);
      const installed = names.some((n) => ollamaModelMatches(model, n));
      const details = { model, installedModels: names };
      if (!installed) {
        return {
          healthy: false,
          message: `model "${model}" is not installed; run \`ollama pull ${model}\``,
          details,
        };
      }
      return { healthy: true, message: `model "${model}" available`, details } satisfies HealthResult;
    },
    async translate(lines, from, to, signal) {
      if (lines.length === 0) return [];
      return translateWithChat("ollama", chat, lines, from, to, batch, signal);
    },
  };
}
