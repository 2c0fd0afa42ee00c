import { createRoute } from "@hono/zod-openapi";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, PROBLEM_TYPE, ProblemSchema, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { canonicalLanguage } from "../media/languages.ts";
import { IdParamSchema } from "../wanted/wanted.schemas.ts";
import {
  DeleteResultSchema,
  DeleteSubtitleQuerySchema,
  ExtractRequestSchema,
  ExtractResultSchema,
  UploadResultSchema,
} from "./browse.schemas.ts";
import type { SubtitleDeleter } from "./delete-subtitle.ts";
import { type Extractor, SUBTITLE_IN_PLACE } from "./extract-embedded.ts";
import { UPLOAD_EXTENSIONS, type Uploader } from "./upload.ts";
import { MAX_UPLOAD_BYTES, readUploadForm } from "./upload-form.ts";

export interface LibraryEditor {
  upload: Uploader;
  extract: Extractor;
  deleteSubtitle: SubtitleDeleter;
}

export interface SubtitlesRouteDeps {
  library: LibraryEditor;
}

const tags = ["Library"];
const problem = (description: string) => ({
  description,
  content: { [PROBLEM_TYPE]: { schema: ProblemSchema } },
});

const upload = createRoute({
  method: "post",
  path: "/library/files/{id}/subtitles",
  operationId: "uploadSubtitle",
  tags,
  summary: "Upload a subtitle for one video file",
  description: `Multipart form: \`file\` (.${UPLOAD_EXTENSIONS.join(", .")}; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB, refused while it streams in), \`language\` (en, de, pt-BR or a name), \`forced\` and \`hearingImpaired\` (true/false). It goes the way of a download: archives are unpacked off the event loop under the same caps (size, members, ratio), the member for this episode is chosen, the encoding is detected and the text saved as UTF-8 after validation, beside the video as \`<video>.<lang>[.forced|.hi].<ext>\` (tag, code form and folder as \`[naming]\` says). Recorded in history (provider \`upload\`, action \`uploaded\`); the item for that language and variant becomes \`found\`. If a file of yours already has that name the upload is refused (409) and your file stays as it is.`,
  request: {
    params: IdParamSchema,
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file", "language"],
            properties: {
              file: { type: "string", format: "binary", description: "The subtitle or archive" },
              language: { type: "string", example: "de" },
              forced: { type: "boolean", default: false },
              hearingImpaired: { type: "boolean", default: false },
            },
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(UploadResultSchema, "Saved", {
      path: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
      language: "de",
      variant: "full",
      hearingImpaired: false,
      format: "srt",
      encoding: "windows-1252",
      historyId: 52,
      wantedItemId: 42,
      replaced: false,
    }),
    ...problems(400, 401, 403, 404, 409, 422, 503),
    413: problem("The upload is larger than the cap"),
    415: problem("Not sent as multipart/form-data, or the file is neither a subtitle nor an archive"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/library/files/{id}/subtitles",
  operationId: "deleteSubtitle",
  tags,
  summary: "Delete a subtitle Subhound wrote",
  description:
    "Only while the file's bytes are exactly what Subhound recorded writing (SHA-256): anything else is your file and the answer is 403. Recorded in history (action `deleted`); the file's items are decided again, so that language is wanted again unless another subtitle has it.",
  request: { params: IdParamSchema, query: DeleteSubtitleQuerySchema },
  responses: {
    200: jsonResponse(DeleteResultSchema, "Deleted", {
      path: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
      historyId: 53,
      reopened: [42],
    }),
    ...problems(400, 401, 404, 409, 503),
    403: problem(
      "The file is the user's: Subhound did not write it, or it changed since (or a cross-origin browser request)",
    ),
  },
});

const extract = createRoute({
  method: "post",
  path: "/library/files/{id}/extract",
  operationId: "extractEmbeddedSubtitle",
  tags,
  summary: "Write an embedded text subtitle stream as a sidecar",
  description:
    "For players that cannot show embedded tracks. ffmpeg reads the stream (a child process; it reads the whole video, so it is stopped only after 2 minutes plus the video read at 20 MB/s, at most 3 hours, and the answer waits for it): SubRip, WebVTT and mov_text become SRT, ASS and SSA keep their format and styling; at most 2 run at once. The text is validated like a download (a track of blank cues, or text that is not UTF-8, is refused: 422) and saved beside the video as `<video>.<lang>[.forced|.hi].<ext>` (tag, code form and folder as `[naming]` says), with the language and flags a scan reads from the stream (its title included) unless the body gives them. Recorded in history (provider `embedded`, action `extracted`); the item for that language and variant becomes `found` unless the profile already counts the stream. Image streams (PGS, VobSub, DVB) are refused (422); a file of yours under that name is never replaced (409). A subtitle Subhound saved there earlier (another track of the language, a download) is replaced only with `replace: true`: without it the answer is 409 with `type` `urn:subhound:problem:subtitle-in-place`, and `replaced` in the answer says when one was. A video that changed while ffmpeg read it is not used (409). Without ffmpeg (`sync.ffmpegPath` or PATH) the answer is 503.",
  request: {
    params: IdParamSchema,
    body: { required: true, content: { "application/json": { schema: ExtractRequestSchema } } },
  },
  responses: {
    201: jsonResponse(ExtractResultSchema, "Saved", {
      path: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.hi.ass",
      streamIndex: 3,
      codec: "ass",
      language: "de",
      variant: "full",
      hearingImpaired: true,
      format: "ass",
      historyId: 54,
      wantedItemId: 42,
      replaced: false,
    }),
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
});

export const subtitlesRouter = createRouter<SubtitlesRouteDeps>()
  .openapi(upload, async (c) => {
    const { id } = c.req.valid("param");
    const form = await readUploadForm(c.req.raw);
    const result = await c.get("deps").library.upload({ fileId: id, ...form });
    if (!result.ok) throw new ApiError(result.status, result.detail);
    const { ok: _ok, ...saved } = result;
    return c.json(saved, 201);
  })
  .openapi(extract, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (body.language !== undefined && !isLanguageCode(body.language))
      throw new ApiError(400, `language: ${LANGUAGE_CODE_HINT}, got ${JSON.stringify(body.language)}`);
    // ffmpeg may read a large video for many minutes without a byte sent: Bun.serve's idle timeout
    // (listen.ts) would close the connection and the answer would never arrive.
    (c.env as { timeout?: (request: Request, seconds: number) => void } | undefined)?.timeout?.(c.req.raw, 0);
    const result = await c.get("deps").library.extract({
      fileId: id,
      streamIndex: body.streamIndex,
      ...(body.language !== undefined ? { language: canonicalLanguage(body.language)! } : {}),
      ...(body.forced !== undefined ? { forced: body.forced } : {}),
      ...(body.hearingImpaired !== undefined ? { hearingImpaired: body.hearingImpaired } : {}),
      ...(body.replace !== undefined ? { replace: body.replace } : {}),
    });
    if (!result.ok)
      throw new ApiError(result.status, result.detail, result.replaceable ? { type: SUBTITLE_IN_PLACE } : {});
    const { ok: _ok, ...saved } = result;
    return c.json(saved, 201);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const result = await c.get("deps").library.deleteSubtitle(id, c.req.valid("query").path);
    if (!result.ok) throw new ApiError(result.status, result.detail);
    const { ok: _ok, ...deleted } = result;
    return c.json(deleted, 200);
  });
