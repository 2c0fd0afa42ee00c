import { buildMessages, type ChatMessage, correction, parseReply } from "./llm-prompt.ts";
import { type TranslationBackendName, TranslationError } from "./types.ts";

export interface ChatReply {
  content: string;
  /**
   * The model stopped at its token/context limit (Ollama `done_reason: "length"`, OpenAI
   * `finish_reason: "length"`), or the server refused the prompt as longer than its context.
   */
  truncated: boolean;
}

/** One chat completion; throws a {@link TranslationError} when the request fails for good. */
export type ChatFn = (messages: ChatMessage[], signal?: AbortSignal) => Promise<ChatReply>;

export interface LlmBatchOptions {
  /** Lines per request; halved for the rest of the job when a reply is truncated. */
  batchSize: number;
  /** Preceding lines sent along as context. */
  contextLines: number;
  /** Extra requests for a batch whose reply has the wrong number of lines. */
  countRetries: number;
}

export const defaultLlmBatchOptions: LlmBatchOptions = { batchSize: 40, contextLines: 3, countRetries: 2 };

/**
 * Translates in batches through `chat`, checking that every batch comes back line for line. A batch
 * cut off, or still miscounted after its retries, is asked again in halves.
 */
export async function translateWithChat(
  backend: TranslationBackendName,
  chat: ChatFn,
  lines: readonly string[],
  from: string,
  to: string,
  options: LlmBatchOptions,
  signal?: AbortSignal,
): Promise<string[]> {
  const out: string[] = [];
  let size = Math.max(1, options.batchSize);
  let index = 0;
  while (index < lines.length) {
    const batch = lines.slice(index, index + size);
    const context = lines.slice(Math.max(0, index - options.contextLines), index);
    const result = await translateBatch(backend, chat, batch, context, from, to, options, signal);
    if (typeof result === "object" && "miscounted" in result) {
      // Small models merge or split lines in a long batch and repeat it when told: halves are
      // asked instead. A single line that cannot come back as one line fails the subtitle.
      if (batch.length === 1) throw result.miscounted;
      size = Math.max(1, Math.floor(batch.length / 2));
      continue;
    }
    if (result === "truncated") {
      if (batch.length === 1) {
        throw new TranslationError(
          "truncated",
          backend,
          `${backend}: a single line does not fit: the reply was cut off or the model's context is too small`,
        );
      }
      size = Math.max(1, Math.floor(batch.length / 2));
      continue;
    }
    out.push(...result);
    index += batch.length;
  }
  return out;
}

async function translateBatch(
  backend: TranslationBackendName,
  chat: ChatFn,
  batch: readonly string[],
  context: readonly string[],
  from: string,
  to: string,
  options: LlmBatchOptions,
  signal?: AbortSignal,
): Promise<string[] | "truncated" | { miscounted: TranslationError }> {
  const messages = buildMessages(batch, context, from, to);
  let got: number | null = null;
  const attempts = 1 + Math.max(0, options.countRetries);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const reply = await chat(messages, signal);
    if (reply.truncated) return "truncated";
    const parsed = parseReply(reply.content, batch.length);
    if (parsed.ok) return parsed.lines;
    got = parsed.got;
    messages.push({ role: "assistant", content: reply.content }, correction(batch.length, got));
  }
  const what = got === null ? "no readable JSON" : `${got} lines`;
  return {
    miscounted: new TranslationError(
      "line-count",
      backend,
      `${backend}: expected ${batch.length} translated line${batch.length === 1 ? "" : "s"}, got ${what} after ${attempts} attempts`,
    ),
  };
}
