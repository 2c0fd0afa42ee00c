import { type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * Both Whisper backends (external-apis.md §8) on one server: whisper-asr-webservice's
 * `POST /asr` (multipart `audio_file`, text/plain reply, FastAPI 422 on a bad language) and the
 * OpenAI-compatible `POST /v1/audio/transcriptions|translations` (multipart `file` + `model`),
 * with OpenAI's 25 MiB upload cap (413) and its `gpt-4o-*-transcribe` models that answer only
 * `json`/`text` (400 for `srt`).
 */

export interface FakeWhisper extends FakeService {
  /** Required as a Bearer key on `/v1/…` when set. */
  apiKey: string | null;
  /** The SRT every transcription returns. */
  srt: string;
  /** false: `/openapi.json` is hidden (404) but `/docs` still serves. */
  hasOpenApi: boolean;
  /** OpenAI's cap on `file`; larger uploads answer 413. */
  maxUploadBytes: number;
  /** The SRT for one OpenAI upload of `size` bytes; unset: {@link srt}. */
  srtFor: ((upload: { size: number }) => string) | null;
}

const OPENAI_UPLOAD_CAP = 25 * 1024 * 1024;
const TEXT_ONLY_MODELS = new Set(["gpt-4o-transcribe", "gpt-4o-mini-transcribe"]);

export const SAMPLE_SRT =
  "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi!\n";

/** Some of Whisper's own codes: Norwegian is `no` (no `nb`), Javanese `jw`, Tagalog/Filipino `tl`. */
const WHISPER_LANGUAGES = new Set([
  "en",
  "de",
  "fr",
  "es",
  "ja",
  "zh",
  "pt",
  "it",
  "nl",
  "no",
  "nn",
  "jw",
  "tl",
  "haw",
  "yue",
]);

const srtReply = (srt: string, filename = "audio") =>
  new Response(srt, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Asr-Engine": "faster_whisper",
      "Content-Disposition": `attachment; filename="${filename.replace(/\.[^.]+$/, "")}.srt"`,
    },
  });

function openAiError(status: number, message: string, param: string | null = null): Response {
  return json({ error: { message, type: "invalid_request_error", param, code: null } }, status);
}

export async function startFakeWhisper(): Promise<FakeWhisper> {
  const service = startFakeService({
    route: ({ req, url, body }) => {
      const form = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
      const file = (name: string) => {
        const value = form[name];
        return value && typeof value === "object" ? (value as { filename: string; size: number }) : null;
      };
      if (req.method === "GET" && url.pathname === "/") {
        return new Response(null, { status: 307, headers: { Location: "/docs" } });
      }
      if (req.method === "GET" && url.pathname === "/openapi.json") {
        if (!fake.hasOpenApi) return json({ detail: "Not Found" }, 404);
        return json({
          openapi: "3.1.0",
          info: { title: "Whisper Asr Webservice", version: "1.9.1" },
          paths: { "/asr": { post: {} }, "/detect-language": { post: {} } },
        });
      }
      if (req.method === "GET" && url.pathname === "/docs") {
        return new Response("<html><head><title>Whisper Asr Webservice - Swagger UI</title></head></html>", {
          headers: { "Content-Type": "text/html" },
        });
      }
      if (req.method === "POST" && url.pathname === "/asr") {
        const language = url.searchParams.get("language");
        if (language !== null && !WHISPER_LANGUAGES.has(language)) {
          return json(
            {
              detail: [
                {
                  type: "enum",
                  loc: ["query", "language"],
                  msg: "Input should be 'af', 'am', 'ar', … or 'zh'",
                  input: language,
                },
              ],
            },
            422,
          );
        }
        const audio = file("audio_file");
        if (!audio) {
          return json(
            { detail: [{ type: "missing", loc: ["body", "audio_file"], msg: "Field required" }] },
            422,
          );
        }
        return srtReply(fake.srt, audio.filename);
      }
      const v1 = /^\/v1\/audio\/(transcriptions|translations)$/.exec(url.pathname);
      if (v1 || url.pathname === "/v1/models") {
        const presented = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
        if (fake.apiKey !== null && presented !== fake.apiKey) {
          return openAiError(401, `Incorrect API key provided: ${presented}.`);
        }
        if (url.pathname === "/v1/models") {
          return json({
            object: "list",
            data: ["whisper-1", ...TEXT_ONLY_MODELS].map((id) => ({
              id,
              object: "model",
              owned_by: "system",
            })),
          });
        }
        const upload = file("file");
        if (!upload) return openAiError(400, "you must provide a file", "file");
        if (upload.size > fake.maxUploadBytes)
          return json(
            {
              error: {
                message: `Maximum content size limit (${fake.maxUploadBytes}) exceeded (${upload.size} bytes read)`,
                type: "server_error",
                param: null,
                code: null,
              },
            },
            413,
          );
        if (typeof form.model !== "string")
          return openAiError(400, "you must provide a model parameter", "model");
        if (
          TEXT_ONLY_MODELS.has(form.model) &&
          form.response_format !== undefined &&
          form.response_format !== "json" &&
          form.response_format !== "text"
        )
          return openAiError(
            400,
            `response_format '${String(form.response_format)}' is not compatible with model '${form.model}'. Use 'json' or 'text'.`,
            "response_format",
          );
        const language = form.language;
        if (typeof language === "string" && !WHISPER_LANGUAGES.has(language)) {
          return openAiError(
            400,
            `Invalid language '${language}'. Language parameter must be specified in ISO-639-1 format.`,
            "language",
          );
        }
        if (form.response_format === "srt") return srtReply(fake.srtFor?.(upload) ?? fake.srt);
        return json({ text: "Hello there. General Kenobi!" });
      }
      return json({ detail: "Not Found" }, 404);
    },
  });
  const fake: FakeWhisper = {
    ...service,
    apiKey: null,
    srt: SAMPLE_SRT,
    hasOpenApi: true,
    maxUploadBytes: OPENAI_UPLOAD_CAP,
    srtFor: null,
  };
  return fake;
}
