import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import type { WhisperOptions } from "./asr-webservice.ts";
import { audioBlob, looksLikeSrt, transportError, whisperLanguage } from "./audio-form.ts";
import { joinPieceSrts } from "./srt-join.ts";
import { type TranscribeOptions, type WhisperBackend, WhisperError } from "./types.ts";
import { readWavLayout, splitWav, type WavPiece } from "./wav-split.ts";

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** OpenAI refuses uploads over 25 MiB; the margin leaves room for the multipart fields. */
export const OPENAI_UPLOAD_LIMIT = 25 * 1024 * 1024 - 64 * 1024;
const OVERLAP_SECONDS = 5;

export interface OpenAiWhisperOptions extends WhisperOptions {
  /** Audio above this is split into overlapping WAV pieces. Default {@link OPENAI_UPLOAD_LIMIT}. */
  maxUploadBytes?: number;
  overlapSeconds?: number;
}

/** `gpt-4o-transcribe` and `gpt-4o-mini-transcribe` answer only `json`/`text`: no timings, so no SRT. */
export function textOnlyModel(model: string): boolean {
  return /^gpt-4o(?:-mini)?-transcribe/i.test(model.split("/").at(-1) ?? "");
}

const textOnlyMessage = (model: string) =>
  `model "${model}" returns text without timings (only json), so no subtitle can be made from it; use whisper-1`;

/**
 * OpenAI-compatible speech-to-text (external-apis.md §8): OpenAI, speaches, LocalAI… The
 * `translate` task uses `/v1/audio/translations`, OpenAI's endpoint for English output.
 */
export function createOpenAiWhisperBackend(
  config: Pick<Config["whisper"], "url" | "timeoutMs" | "apiKey" | "model">,
  deps: RemoteDeps = {},
  options: OpenAiWhisperOptions = {},
): WhisperBackend {
  const maxUploadBytes = options.maxUploadBytes ?? OPENAI_UPLOAD_LIMIT;
  const d = resolveDeps(deps);
  const base = config.url.replace(/\/+$/, "").replace(/\/v1$/, "");
  const scrub = scrubber(config.apiKey);
  const headers: Record<string, string> = {
    "User-Agent": d.userAgent,
    ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}),
  };

  async function transcribeOnce(
    audio: Blob | Uint8Array,
    { language, task = "transcribe", filename = "audio.wav" }: TranscribeOptions,
    signal?: AbortSignal,
  ): Promise<string> {
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
  }

  /**
   * Audio over the upload limit goes as overlapping WAV pieces, one after the other, and their
   * SRTs are joined; audio that is not a WAV cannot be split and fails clearly.
   */
  async function transcribeSplit(audio: Blob, request: TranscribeOptions, signal?: AbortSignal) {
    const layout = await readWavLayout(audio);
    if (layout === null) {
      const mib = (audio.size / 1024 / 1024).toFixed(1);
      throw new WhisperError(
        "too-large",
        "openai",
        `openai: the audio is ${mib} MiB, over the upload limit, and not a WAV that can be split`,
      );
    }
    const parts: { piece: WavPiece; srt: string }[] = [];
    const overlap = options.overlapSeconds ?? OVERLAP_SECONDS;
    for (const piece of splitWav(audio, layout, maxUploadBytes, overlap)) {
      parts.push({ piece, srt: await transcribeOnce(piece.audio, request, signal) });
    }
    return joinPieceSrts(parts);
  }

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
      if (textOnlyModel(config.model)) return { healthy: false, message: textOnlyMessage(config.model) };
      const listed = models.data.data.some((m) => m.id === config.model);
      const message = listed
        ? `model "${config.model}" available`
        : `reachable; model "${config.model}" is not in /v1/models`;
      return { healthy: true, message, details: { model: config.model, listed } };
    },
    async transcribe(audio, options, signal) {
      if (textOnlyModel(config.model))
        throw new WhisperError("bad-request", "openai", `openai: ${textOnlyMessage(config.model)}`);
      const blob = audioBlob(audio);
      if (blob.size <= maxUploadBytes) return transcribeOnce(blob, options, signal);
      return transcribeSplit(blob, options, signal);
    },
  };
}
