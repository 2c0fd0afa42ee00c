import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, parseJson, type RemoteDeps, resolveDeps } from "../net/remote.ts";
import { audioBlob, looksLikeSrt, transportError, whisperLanguage } from "./audio-form.ts";
import { type WhisperBackend, WhisperError } from "./types.ts";

export interface WhisperOptions {
  healthTimeoutMs?: number;
}

const validationSchema = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string() })),
});

const openapiSchema = z.object({ paths: z.record(z.string(), z.unknown()) });

/** whisper-asr-webservice (external-apis.md §8): multipart `audio_file` to `POST /asr`, SRT back as text. */
export function createAsrWebserviceBackend(
  config: Pick<Config["whisper"], "url" | "timeoutMs">,
  deps: RemoteDeps = {},
  options: WhisperOptions = {},
): WhisperBackend {
  const d = resolveDeps(deps);
  const base = config.url.replace(/\/+$/, "");
  const headers = { "User-Agent": d.userAgent };

  return {
    name: "asr-webservice",
    async healthCheck(signal) {
      const timeoutMs = options.healthTimeoutMs ?? 10_000;
      const spec = await exchange(
        d,
        `${base}/openapi.json`,
        { method: "GET", headers },
        { timeoutMs, signal, maxBytes: BODY_CAPS.whisper },
      );
      if (!spec.ok) return { healthy: false, message: `whisper-asr-webservice at ${base}: ${spec.reason}` };
      if (spec.status === 200) {
        const parsed = parseJson(spec.text);
        const body = parsed.ok ? openapiSchema.safeParse(parsed.value) : null;
        if (body?.success && "/asr" in body.data.paths)
          return { healthy: true, message: "whisper-asr-webservice is up" };
        return { healthy: false, message: `${base} does not offer /asr` };
      }
      // A proxy may hide the spec but still serve the docs page.
      const docs = await exchange(
        d,
        `${base}/docs`,
        { method: "GET", headers },
        { timeoutMs, signal, maxBytes: BODY_CAPS.whisper },
      );
      if (docs.ok && docs.status === 200)
        return { healthy: true, message: "whisper-asr-webservice is up (docs only)" };
      return { healthy: false, message: `whisper-asr-webservice /openapi.json answered HTTP ${spec.status}` };
    },
    async transcribe(audio, { language, task = "transcribe", filename = "audio.wav" }, signal) {
      const query = new URLSearchParams({ task });
      const lang = whisperLanguage(language);
      if (lang) query.set("language", lang);
      query.set("output", "srt");
      query.set("encode", "true");
      const form = new FormData();
      form.append("audio_file", audioBlob(audio), filename);
      const result = await exchange(
        d,
        `${base}/asr?${query}`,
        { method: "POST", headers: { ...headers, Accept: "text/plain" }, body: form },
        { timeoutMs: config.timeoutMs, signal, maxBytes: BODY_CAPS.whisper },
      );
      if (!result.ok) throw transportError("asr-webservice", result);
      const { status, text } = result;
      const fail = (kind: WhisperError["kind"], message: string) =>
        new WhisperError(kind, "asr-webservice", `asr-webservice: ${message}`, status);
      if (status === 200) {
        if (!looksLikeSrt(text)) throw fail("invalid-response", "the reply is not SRT");
        return text;
      }
      const detail = bodyDetail(text);
      if (status === 422) {
        const parsed = parseJson(text);
        const validation = parsed.ok ? validationSchema.safeParse(parsed.value) : null;
        const aboutLanguage =
          validation?.success && validation.data.detail.some((e) => e.loc.includes("language"));
        if (aboutLanguage) throw fail("bad-language", `language "${lang}" is not supported: ${detail}`);
        throw fail("bad-request", `request rejected (HTTP 422): ${detail}`);
      }
      if (status === 413) throw fail("too-large", "the audio is too large (HTTP 413)");
      if (status >= 500) throw fail("http", `server error (HTTP ${status}): ${detail}`);
      throw fail("bad-request", `request rejected (HTTP ${status}): ${detail}`);
    },
  };
}
