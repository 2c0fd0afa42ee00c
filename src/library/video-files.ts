/** Which directory entries of a standalone root are library videos. */

const VIDEO_EXTENSIONS = new Set(["mkv", "mp4", "m4v", "webm", "avi", "ts", "m2ts", "wmv", "mov"]);

/** Plex/Jellyfin "local extras" folders, NAS housekeeping folders. */
const SKIPPED_FOLDERS = new Set([
  "sample",
  "samples",
  "extras",
  "featurettes",
  "trailers",
  "behind the scenes",
  "deleted scenes",
  "interviews",
  "shorts",
  "other",
  "@eadir",
  "#recycle",
  "#snapshot",
  "lost+found",
  "$recycle.bin",
  "system volume information",
]);

const EXTRA_STEM =
  /^(?:sample|trailer)$|[-.]sample$|-(?:trailer|featurette|behindthescenes|deleted|interview|scene|short|theme|other)$/i;

export function isSkippedFolder(name: string): boolean {
  return name.startsWith(".") || SKIPPED_FOLDERS.has(name.toLowerCase());
}

/** The stem of a library video ("Show - S01E02" for "Show - S01E02.mkv"); null for anything else. */
export function videoStem(fileName: string): string | null {
  if (fileName.startsWith(".")) return null;
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return null;
  if (!VIDEO_EXTENSIONS.has(fileName.slice(dot + 1).toLowerCase())) return null;
  const stem = fileName.slice(0, dot);
  return EXTRA_STEM.test(stem) ? null : stem;
}
