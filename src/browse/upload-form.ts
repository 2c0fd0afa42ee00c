import { z } from "@hono/zod-openapi";
import { ApiError } from "../http/problem.ts";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { canonicalLanguage } from "../media/languages.ts";
import { BodyTooLargeError, readCappedBytes } from "../net/capped-body.ts";

const MiB = 1024 * 1024;
/** The largest subtitle or archive accepted: what a provider's download may be (BODY_CAPS.subtitleDownload). */
export const MAX_UPLOAD_BYTES = 16 * MiB;
/** Room for the form's other fields and the multipart framing. */
const FORM_OVERHEAD = 64 * 1024;

const flag = z
  .union([z.literal("on"), z.stringbool()])
  .optional()
  .transform((v) => v === "on" || v === true);

const FieldsSchema = z.object({
  language: z.string().min(1, "the form needs a `language` field (e.g. de, pt-BR)"),
  forced: flag,
  hearingImpaired: flag,
});

export interface UploadForm {
  fileName: string;
  bytes: Uint8Array;
  language: string;
  forced: boolean;
  hearingImpaired: boolean;
}

const badRequest = (path: string, message: string) =>
  new ApiError(400, `${path}: ${message}`, { errors: [{ path, message }] });

/**
 * Reads a multipart upload without ever holding more than the cap: a declared length over it is
 * refused before reading, and the stream is cancelled as soon as more arrives (413 either way).
 */
export async function readUploadForm(request: Request): Promise<UploadForm> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type))
    throw new ApiError(415, "send the subtitle as multipart/form-data with the fields file and language");
  let body: Uint8Array;
  try {
    body = await readCappedBytes(
      new Response(request.body, { headers: request.headers }),
      MAX_UPLOAD_BYTES + FORM_OVERHEAD,
      {
        signal: request.signal,
      },
    );
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new ApiError(
        413,
        `the upload is larger than ${MAX_UPLOAD_BYTES / MiB} MiB; a subtitle or its archive is far smaller`,
      );
    throw new ApiError(400, `the upload could not be read: ${(error as Error).message}`);
  }
  let form: Awaited<ReturnType<Response["formData"]>>;
  try {
    const cappedBody = new Response(body, { headers: { "content-type": type } });
    form = await cappedBody.formData();
  } catch {
    throw new ApiError(400, "the body is not a readable multipart/form-data form");
  }
  const formFile = form.get("file");
  if (!(formFile instanceof Blob))
    throw badRequest("file", "the form needs a `file` field holding the subtitle or archive");
  if (formFile.size > MAX_UPLOAD_BYTES)
    throw new ApiError(
      413,
      `the file is larger than ${MAX_UPLOAD_BYTES / MiB} MiB; a subtitle or its archive is far smaller`,
    );
  if (formFile.size === 0) throw new ApiError(422, "the uploaded file is empty");
  const fields = FieldsSchema.safeParse({
    language: form.get("language") ?? undefined,
    forced: form.get("forced") ?? undefined,
    hearingImpaired: form.get("hearingImpaired") ?? undefined,
  });
  if (!fields.success) {
    const issue = fields.error.issues[0]!;
    throw badRequest(issue.path.map(String).join(".") || "(form)", issue.message);
  }
  const { language, forced, hearingImpaired } = fields.data;
  if (!isLanguageCode(language))
    throw badRequest("language", `${LANGUAGE_CODE_HINT}, got ${JSON.stringify(language)}`);
  return {
    fileName: (formFile as File).name || "upload",
    bytes: new Uint8Array(await formFile.arrayBuffer()),
    language: canonicalLanguage(language)!,
    forced,
    hearingImpaired,
  };
}
