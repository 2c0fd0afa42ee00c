import type { Database } from "bun:sqlite";
import { basename } from "node:path";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Profile } from "../profiles/profile.ts";
import type { ProfileTarget } from "../wanted/profile-resolver.ts";
import type { SubtitleTools } from "../wanted/search-types.ts";
import { libraryFile } from "../wanted/store/index.ts";
import { saveSidecarFor } from "./save-for-file.ts";

/** What a user may upload: subtitle files, and archives or compressed files holding them. */
export const UPLOAD_EXTENSIONS = ["srt", "ass", "ssa", "vtt", "sub", "zip", "7z", "rar", "gz", "xz"] as const;
const TEXT_FORMATS = ["srt", "ass", "ssa", "vtt", "sub"];

export interface UploadRequest {
  fileId: number;
  /** The uploaded file's own name (only its extension and, in archives, episode tags matter). */
  fileName: string;
  bytes: Uint8Array;
  /** Canonical code ("de", "pt-BR"). */
  language: string;
  forced: boolean;
  hearingImpaired: boolean;
}

export type UploadOutcome =
  | {
      ok: true;
      path: string;
      language: string;
      variant: "full" | "forced";
      hearingImpaired: boolean;
      format: string;
      encoding: string;
      historyId: number;
      wantedItemId: number | null;
      /** A subtitle Subhound saved earlier under that name (a download) was replaced by the upload. */
      replaced: boolean;
    }
  | { ok: false; status: 404 | 409 | 415 | 422 | 503; detail: string };

export interface UploaderDeps {
  sqlite: Database;
  db: Db;
  clock: Clock;
  tools: SubtitleTools;
  /** This process's owner id: the lease an upload holds on its item names it. */
  owner: string;
  profileOf: () => (target: ProfileTarget) => Profile;
  /** How long the lease on the item holds while the upload is unpacked and saved. */
  leaseMs?: number;
}

export const extensionOf = (name: string) => {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
};

/**
 * A subtitle the user uploads for one video file goes the way of a download: unpacked off the
 * event loop under the archive caps, its encoding detected and converted to UTF-8, validated,
 * written atomically beside the video under the name a download would get, recorded in history
 * (provider `upload`), and the item for that language and variant marked found. A file the user
 * already has under that name is never replaced: the upload is refused instead. One Subhound saved
 * there (a download) is: uploading one of that language says to use it; the answer says so.
 */
export function createUploader(deps: UploaderDeps) {
  const { tools } = deps;
  let counter = 0;

  return async function upload(request: UploadRequest): Promise<UploadOutcome> {
    const file = libraryFile(deps.db, request.fileId);
    if (!file) return { ok: false, status: 404, detail: `media file ${request.fileId} does not exist` };
    if (file.missingSince !== null)
      return { ok: false, status: 409, detail: `${file.path} is no longer in the library listing` };
    if (!(await Bun.file(file.path).exists()))
      return {
        ok: false,
        status: 409,
        detail: `the video ${file.path} is not found locally (path mapping?)`,
      };
    const extension = extensionOf(request.fileName);
    if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(extension))
      return {
        ok: false,
        status: 415,
        detail: `${JSON.stringify(request.fileName)} is not a subtitle or an archive: upload one of .${UPLOAD_EXTENSIONS.join(", .")}`,
      };

    const prepared = await tools.prepare(
      { fileName: basename(request.fileName), bytes: request.bytes },
      {
        season: file.season,
        episodes: JSON.parse(file.episodesJson) as number[],
        language: request.language,
        formats: TEXT_FORMATS,
        forced: request.forced,
      },
    );
    if (!prepared.ok)
      return {
        ok: false,
        status: 422,
        // The pipeline speaks of downloads; here the file came from the user.
        detail: `not saved: ${prepared.reason.replace(/\bdownload\b/g, "upload")}`,
      };

    const saved = await saveSidecarFor(
      deps,
      file,
      {
        text: prepared.text,
        format: prepared.format,
        encoding: prepared.encoding,
        language: request.language,
        forced: request.forced,
        hearingImpaired: request.hearingImpaired,
        provider: "upload",
        action: "uploaded",
        candidateId: basename(request.fileName),
        release: basename(request.fileName),
        keepResolved: false,
      },
      `upload-${file.id}-${++counter}`,
    );
    if (!saved.ok) return saved;
    return {
      ok: true,
      path: saved.path,
      language: request.language,
      variant: saved.variant,
      hearingImpaired: request.hearingImpaired,
      format: prepared.format,
      encoding: prepared.encoding,
      historyId: saved.historyId,
      wantedItemId: saved.wantedItemId,
      replaced: saved.replaced,
    };
  };
}

export type Uploader = ReturnType<typeof createUploader>;
