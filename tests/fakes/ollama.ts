import { type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * A protocol-faithful Ollama (external-apis.md §5) whose model answers can be scripted. By default
 * the model "translates" by prefixing every line with `marker`, keeping Subhound's numbered-JSON
 * prompt format.
 */

export interface LlmBatch {
  context: string[];
  lines: Record<string, string>;
}

/** What the scripted model does with the next chat request. */
export type LlmReply =
  | { kind: "echo" }
  | { kind: "drop-line" }
  | { kind: "extra-line" }
  | { kind: "truncated" }
  | { kind: "raw"; content: string }
  | { kind: "http-error"; status: number; error: string }
  | { kind: "mid-stream-error"; error: string };

export interface ScriptedLlm {
  /** Every batch the model was asked to translate, in order (retries included). */
  batches: LlmBatch[];
  marker: string;
  /** Replies used before falling back to echo, one per chat request. */
  queue: LlmReply[];
  /** Batches with more lines than this come back truncated (`done_reason: "length"`). */
  maxLines: number | null;
  /** Batches with more lines than this come back a line short, every time (a small model merging lines). */
  mergesAbove: number | null;
}

export function createScriptedLlm(): ScriptedLlm {
  return { batches: [], marker: "T:", queue: [], maxLines: null, mergesAbove: null };
}

export function readBatch(messages: unknown): LlmBatch | null {
  if (!Array.isArray(messages)) return null;
  for (const m of messages) {
    if (!m || typeof m !== "object" || m.role !== "user" || typeof m.content !== "string") continue;
    try {
      const parsed = JSON.parse(m.content);
      if (parsed && typeof parsed === "object" && parsed.lines) return parsed as LlmBatch;
    } catch {
      // a correction message, not the batch
    }
  }
  return null;
}

export type ScriptOutcome =
  | { kind: "content"; content: string; truncated: boolean }
  | { kind: "http-error"; status: number; error: string }
  | { kind: "mid-stream-error"; content: string; error: string };

/** Decides the model's answer to one chat request. */
export function answer(llm: ScriptedLlm, messages: unknown): ScriptOutcome {
  const batch = readBatch(messages);
  if (batch) llm.batches.push(batch);
  const reply = llm.queue.shift() ?? { kind: "echo" };
  const entries = Object.entries(batch?.lines ?? {});
  const echoed = Object.fromEntries(entries.map(([k, v]) => [k, `${llm.marker}${v}`]));
  if (reply.kind === "http-error") return reply;
  if (reply.kind === "raw") return { kind: "content", content: reply.content, truncated: false };
  if (reply.kind === "mid-stream-error") {
    return { kind: "mid-stream-error", content: JSON.stringify(echoed).slice(0, 10), error: reply.error };
  }
  if (reply.kind === "truncated" || (llm.maxLines !== null && entries.length > llm.maxLines)) {
    return { kind: "content", content: JSON.stringify(echoed).slice(0, 12), truncated: true };
  }
  if (reply.kind === "drop-line" || (llm.mergesAbove !== null && entries.length > llm.mergesAbove))
    delete echoed[String(entries.length)];
  if (reply.kind === "extra-line") echoed[String(entries.length + 1)] = `${llm.marker}invented`;
  return { kind: "content", content: JSON.stringify(echoed), truncated: false };
}

export interface FakeOllama extends FakeService {
  llm: ScriptedLlm;
  /** Names as `/api/tags` lists them. */
  models: string[];
}

const ndjson = (chunks: unknown[]) =>
  new Response(chunks.map((c) => `${JSON.stringify(c)}\n`).join(""), {
    headers: { "Content-Type": "application/x-ndjson" },
  });

function tokens(content: string): string[] {
  return content.match(/.{1,7}/gs) ?? [];
}

export async function startFakeOllama(models: string[] = ["llama3.2:latest"]): Promise<FakeOllama> {
  const llm = createScriptedLlm();
  const installed = (name: string) => fake.models.some((m) => m === name || m === `${name}:latest`);
  const service = startFakeService({
    route: ({ req, url, body }) => {
      if (req.method === "GET" && url.pathname === "/") return new Response("Ollama is running");
      if (req.method === "GET" && url.pathname === "/api/version") return json({ version: "0.5.1" });
      if (req.method === "GET" && url.pathname === "/api/tags") {
        return json({
          models: fake.models.map((name) => ({
            name,
            model: name,
            modified_at: "2025-05-04T17:37:44.706015396-07:00",
            size: 2019393189,
            digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            details: {
              format: "gguf",
              family: "llama",
              parameter_size: "3.2B",
              quantization_level: "Q4_K_M",
            },
          })),
        });
      }
      if (req.method === "POST" && url.pathname === "/api/chat") {
        const request = body as { model?: string; messages?: unknown; stream?: boolean } | undefined;
        if (!request || typeof request !== "object") return json({ error: "invalid request body" }, 400);
        const model = request.model ?? "";
        if (!installed(model))
          return json({ error: `model "${model}" not found, try pulling it first` }, 404);
        const outcome = answer(llm, request.messages);
        if (outcome.kind === "http-error") return json({ error: outcome.error }, outcome.status);
        const base = { model, created_at: "2023-12-12T14:13:43.416799Z" };
        const stats = {
          total_duration: 5191566416,
          load_duration: 2154458,
          prompt_eval_count: 26,
          eval_count: 298,
        };
        if (outcome.kind === "mid-stream-error") {
          const first = { ...base, message: { role: "assistant", content: outcome.content }, done: false };
          return ndjson([first, { error: outcome.error }]);
        }
        const doneReason = outcome.truncated ? "length" : "stop";
        if (request.stream === false) {
          return json({
            ...base,
            message: { role: "assistant", content: outcome.content },
            done: true,
            done_reason: doneReason,
            ...stats,
          });
        }
        const chunks: unknown[] = tokens(outcome.content).map((content) => ({
          ...base,
          message: { role: "assistant", content },
          done: false,
        }));
        chunks.push({
          ...base,
          message: { role: "assistant", content: "" },
          done: true,
          done_reason: doneReason,
          ...stats,
        });
        return ndjson(chunks);
      }
      return new Response("404 page not found", { status: 404 });
    },
  });
  const fake: FakeOllama = { ...service, llm, models };
  return fake;
}
