import { type FakeService, json, startFakeService } from "./fake-service.ts";
import { answer, createScriptedLlm, readBatch, type ScriptedLlm } from "./ollama.ts";

/**
 * An OpenAI-compatible chat server (`/v1/chat/completions`, `/v1/models`) sharing the Ollama
 * fake's scripted model. Configure clients with `${fake.url}/v1`.
 */

export interface FakeOpenAiChat extends FakeService {
  llm: ScriptedLlm;
  apiKey: string;
  models: string[];
  /** Models that, as OpenAI's reasoning models, answer 400 `unsupported_value` to a temperature but 1. */
  reasoningModels: string[];
  /** The account has no credit: every chat answers OpenAI's 429 `insufficient_quota`. */
  quotaExhausted: boolean;
  /**
   * A server whose context holds only this many subtitle lines: a longer batch answers 400 the way
   * `contextError` says — llama.cpp's server (`-c`), vLLM (`--max-model-len`) or OpenAI itself.
   */
  contextLines: number | null;
  contextError: "llama.cpp" | "vllm" | "openai";
}

function contextExceeded(style: FakeOpenAiChat["contextError"], tokens: number): Response {
  if (style === "llama.cpp")
    return json(
      {
        error: {
          code: 400,
          message: `request (${tokens} tokens) exceeds the available context size (4096 tokens), try increasing it`,
          type: "exceed_context_size_error",
          n_prompt_tokens: tokens,
          n_ctx: 4096,
        },
      },
      400,
    );
  if (style === "vllm")
    return json(
      {
        object: "error",
        message: `This model's maximum context length is 4096 tokens. However, you requested ${tokens} tokens in the messages, Please reduce the length of the messages.`,
        type: "BadRequestError",
        param: null,
        code: 400,
      },
      400,
    );
  return json(
    {
      error: {
        message: `This model's maximum context length is 4096 tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    },
    400,
  );
}

export async function startFakeOpenAiChat(apiKey = "sk-test-0123456789abcdef"): Promise<FakeOpenAiChat> {
  const llm = createScriptedLlm();
  const service = startFakeService({
    route: ({ req, url, body }) => {
      const presented = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      if (presented !== fake.apiKey) {
        // OpenAI echoes the key it was given, so clients must not repeat error bodies blindly.
        const message = `Incorrect API key provided: ${presented}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        return json(
          { error: { message, type: "invalid_request_error", param: null, code: "invalid_api_key" } },
          401,
        );
      }
      if (req.method === "GET" && url.pathname === "/v1/models") {
        return json({
          object: "list",
          data: fake.models.map((id) => ({ id, object: "model", created: 1686935002, owned_by: "openai" })),
        });
      }
      if (req.method === "POST" && url.pathname === "/v1/chat/completions") {
        const request = body as { model?: string; messages?: unknown } | undefined;
        const model = request?.model ?? "";
        if (!fake.models.includes(model)) {
          const message = `The model \`${model}\` does not exist or you do not have access to it.`;
          return json(
            { error: { message, type: "invalid_request_error", param: null, code: "model_not_found" } },
            404,
          );
        }
        if (fake.quotaExhausted) {
          const message =
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.";
          return json(
            { error: { message, type: "insufficient_quota", param: null, code: "insufficient_quota" } },
            429,
          );
        }
        const temperature = (body as { temperature?: unknown } | undefined)?.temperature;
        if (fake.reasoningModels.includes(model) && temperature !== undefined && temperature !== 1) {
          const message = `Unsupported value: 'temperature' does not support ${String(temperature)} with this model. Only the default (1) value is supported.`;
          return json(
            {
              error: {
                message,
                type: "invalid_request_error",
                param: "temperature",
                code: "unsupported_value",
              },
            },
            400,
          );
        }
        const lines = Object.keys(readBatch(request?.messages)?.lines ?? {}).length;
        if (fake.contextLines !== null && lines > fake.contextLines)
          return contextExceeded(fake.contextError, 4096 + lines * 20);
        const outcome = answer(llm, request?.messages);
        if (outcome.kind === "http-error") {
          return json(
            { error: { message: outcome.error, type: "server_error", param: null, code: null } },
            outcome.status,
          );
        }
        const content = outcome.content;
        const finish = outcome.kind === "content" && outcome.truncated ? "length" : "stop";
        return json({
          id: "chatcmpl-123",
          object: "chat.completion",
          created: 1677652288,
          model,
          choices: [
            { index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: finish },
          ],
          usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 },
        });
      }
      return json(
        { error: { message: "Not found", type: "invalid_request_error", param: null, code: null } },
        404,
      );
    },
  });
  const fake: FakeOpenAiChat = {
    ...service,
    llm,
    apiKey,
    models: ["gpt-4o-mini", "o3-mini", "my-reasoner"],
    reasoningModels: ["o3-mini", "my-reasoner"],
    quotaExhausted: false,
    contextLines: null,
    contextError: "llama.cpp",
  };
  return fake;
}
