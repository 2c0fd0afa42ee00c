/** Which directory entries of a standalone root are library videos. */

import { isExtraVideoStem } from "../media/extra-videos.ts";

const VIDEO_EXTENSIONS = new Set(["mkv", "mp4", "m4v", "webm", "avi", "ts", "m2ts", "wmv", "mov"]);

/**
 * Extras folders of Plex ("Behind The Scenes", "Deleted Scenes", "Featurettes", "Interviews",
 * "Scenes", "Shorts", "Trailers", "Other"), Jellyfin (those, "extras", "samples", "clips",
 * "backdrops", "theme-music") and Kodi ("Extras"); disc structures (a Blu-ray's `BDMV` holds
 * hundreds of `.m2ts` clips that are one film, which no sidecar can be given); NAS housekeeping.
 */
const SKIPPED_FOLDERS = new Set([
  "sample",
  "samples",
  "extras",
  "featurettes",
  "trailers",
  "behind the scenes",
  "deleted scenes",
  "interviews",
  "scenes",
  "shorts",
  "clips",
  "backdrops",
  "theme-music",
  "other",
  "bdmv",
  "video_ts",
  "hvdvd_ts",
  "@eadir",
  "#recycle",
  "#snapshot",
  "lost+found",
  "$recycle.bin",
  "system volume information",
]);

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
  return isExtraVideoStem(stem) ? null : stem;
}
