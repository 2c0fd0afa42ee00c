import { detectArchiveKind } from "../subtitles/archive-kind.ts";
import { detectFormat } from "../subtitles/validate.ts";

const ARCHIVE_EXTENSIONS = { zip: "zip", gzip: "gz", xz: "xz", rar: "rar", "7z": "7z" } as const;
const SUBTITLE_EXTENSION = /\.(srt|ass|ssa|vtt|sub)$/i;
/** Enough of a subtitle to see its header or first cue. */
const SNIFF_BYTES = 4096;

/**
 * A download's file name with the extension its bytes call for: providers name files blindly
 * (Gestdown serves season packs as archives; OpenSubtitles' `file_name` has no extension), so
 * an archive is named by its magic, a subtitle by its content, and only then by `hint` (a name
 * the reply gave). Without any of them the base name stays bare and validation decides.
 */
export function nameByContent(base: string, bytes: Uint8Array, hint?: string | null): string {
  const stem = base.replace(SUBTITLE_EXTENSION, "");
  const archive = detectArchiveKind(bytes);
  if (archive !== null) return `${stem}.${ARCHIVE_EXTENSIONS[archive]}`;
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, SNIFF_BYTES));
  const format = detectFormat(head);
  if (format !== null) return `${stem}.${format}`;
  const hinted = hint ? SUBTITLE_EXTENSION.exec(hint)?.[1]?.toLowerCase() : undefined;
  return hinted === undefined ? stem : `${stem}.${hinted}`;
}

/** The file name a `Content-Disposition` header gives, if any (only a hint: it is never trusted). */
export function dispositionName(headers: Headers): string | null {
  const header = headers.get("content-disposition");
  const match = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
