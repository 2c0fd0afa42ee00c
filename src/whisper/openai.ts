import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import type { WhisperOptions } from "./asr-webservice.ts";
import { audioBlob, looksLikeSrt, transportError, whisperLanguage } from "./audio-form.ts";
import { type WhisperBackend, WhisperError } from "./types.ts";

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * OpenAI-compatible speech-to-text (external-apis.md §8): OpenAI, speaches, LocalAI… The
 * `translate` task uses `/v1/audio/translations`, OpenAI's endpoint for English output.
 */
export function createOpenAiWhisperBackend(
  config: Pick<Config["whisper"], "url" | "timeoutMs" | "apiKey" | "model">,
  deps: RemoteDeps = {},
  options: WhisperOptions = {},
): WhisperBackend {
  const d = resolveDeps(deps);
  const base = config.url.replace(/\/+$/, "").replace(/\/v1$/, "");
  const scrub = scrubber(config.apiKey);
  const headers: Record<string, string> = {
    "User-Agent": d.userAgent,
    ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}),
  };

  return {
    name: "openai",
    async healthCheck(signal) {
      const result = await exchange(
        d,
        `${base}/v1/models`,
        { method: "GET", headers: { ...headers, Accept: "application/json" } },
        { timeoutMs: options.healthTimeoutMs ?? 10_000, signal, maxBytes: BODY_CAPS.whisper },
      );
      if (!result.ok) return { healthy: false, message: scrub(`Whisper at ${base}: ${result.reason}`) };
      if (result.status === 401 || result.status === 403) {
        return { healthy: false, message: `Whisper at ${base} rejected the API key (HTTP ${result.status})` };
      }
      if (result.status !== 200)
        return { healthy: false, message: `Whisper /v1/models answered HTTP ${result.status}` };
      const parsed = parseJson(result.text);
      const models = parsed.ok ? modelsSchema.safeParse(parsed.value) : null;
      if (!models?.success)
        return { healthy: false, message: `${base} does not look like an OpenAI-compatible API` };
      const listed = models.data.data.some((m) => m.id === config.model);
      const message = listed
        ? `model "${config.model}" available`
        : `reachable; model "${config.model}" is not in /v1/models`;
      return { healthy: true, message, details: { model: config.model, listed } };
    },
    async transcribe(audio, { language, task = "transcribe", filename = "audio.wav" }, signal) {
      const form = new FormData();
      form.append("file", audioBlob(audio), filename);
      form.append("model", config.model);
      form.append("response_format", "srt");
      const lang = whisperLanguage(language);
      if (lang && task === "transcribe") form.append("language", lang);
      const endpoint = task === "translate" ? "translations" : "transcriptions";
      const result = await exchange(
        d,
        `${base}/v1/audio/${endpoint}`,
        { method: "POST", headers: { ...headers, Accept: "text/plain" }, body: form },
        { timeoutMs: config.timeoutMs, signal, maxBytes: BODY_CAPS.whisper },
      );
      if (!result.ok) throw transportError("openai", result);
      const { status, text } = result;
      const fail = (kind: WhisperError["kind"], message: string) =>
        new WhisperError(kind, "openai", scrub(`openai: ${message}`), status);
      if (status === 200) {
        if (!looksLikeSrt(text)) throw fail("invalid-response", "the reply is not SRT");
        return text;
      }
      const detail = bodyDetail(text);
      if (status === 401 || status === 403) throw fail("auth", `API key rejected (HTTP ${status})`);
      if (status === 413) throw fail("too-large", "the audio is too large (HTTP 413)");
      if (status === 429) throw fail("rate-limited", `rate limited (HTTP 429): ${detail}`);
      if (status >= 500) throw fail("http", `server error (HTTP ${status}): ${detail}`);
      if (status === 400 && /language/i.test(detail))
        throw fail("bad-language", `language "${lang}" rejected: ${detail}`);
      throw fail("bad-request", `request rejected (HTTP ${status}): ${detail}`);
    },
  };
}
