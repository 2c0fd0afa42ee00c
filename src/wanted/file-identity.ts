import type { MediaFile } from "../library/types.ts";
import { readStoredMedia } from "./file-facts.ts";
import type { MediaKind, StoredFile, StoredListing } from "./store/index.ts";

/**
 * Identity that survives upgrades and renames: the episodes a Sonarr file holds, the Radarr
 * movie, or the path of a standalone file. Item state (ignore, history) hangs off it.
 */
export function mediaKeyOf(file: MediaFile): string {
  if (file.source === "sonarr") {
    return file.episodeIds.length > 0
      ? `episodes:${[...file.episodeIds].sort((a, b) => a - b).join(",")}`
      : `file:${file.fileId}`;
  }
  if (file.source === "radarr") return `movie:${file.movieId ?? `file-${file.fileId}`}`;
  return `path:${file.path}`;
}

/** How many Sonarr episodes a stored file holds, read off its media key (`episodes:7,8` → 2). */
export function episodesOfKey(mediaKey: string): number {
  return mediaKey.startsWith("episodes:") ? mediaKey.split(",").length : 0;
}

export function kindOf(file: MediaFile): MediaKind {
  if (file.source === "radarr") return "movie";
  if (file.source === "sonarr") return "episode";
  return file.season !== null || file.episodes.length > 0 ? "episode" : "movie";
}

/** The change key: arr file id + size + relative path; mtime + size for standalone files. */
export function fileChanged(stored: StoredFile, file: MediaFile, mtimeMs: number | null): boolean {
  if (stored.size !== file.size || stored.path !== file.path) return true;
  if (file.source === "standalone") return mtimeMs !== null && stored.mtimeMs !== mtimeMs;
  return stored.arrFileId !== file.fileId || stored.relativePath !== file.relativePath;
}

export function isReplaced(stored: StoredFile, file: MediaFile): boolean {
  return file.source !== "standalone" && stored.arrFileId !== null && stored.arrFileId !== file.fileId;
}

/**
 * The file as its last listing described it, rebuilt from what is stored: what a scan works on for
 * a series it need not list again, with what the last listing said of its series (tags, monitoring,
 * audio). `arrSubtitleLanguages` is not stored; the scan's own inspection of the streams decides.
 */
export function storedMediaFile(stored: StoredListing): MediaFile {
  const library = readStoredMedia(stored.subtitlesJson).library;
  return {
    source: stored.source,
    instance: stored.instance,
    fileId: stored.arrFileId,
    seriesId: stored.seriesId,
    movieId: stored.movieId,
    episodeIds: JSON.parse(stored.episodeIdsJson) as number[],
    title: stored.title,
    season: stored.season,
    episodes: JSON.parse(stored.episodesJson) as number[],
    year: stored.year,
    imdbId: stored.imdbId,
    tvdbId: stored.tvdbId,
    tmdbId: stored.tmdbId,
    sceneName: stored.sceneName,
    releaseGroup: stored.releaseGroup,
    arrPath: stored.arrPath,
    path: stored.path,
    relativePath: stored.relativePath,
    size: stored.size,
    dateAdded: stored.dateAdded,
    arrSubtitleLanguages: null,
    ...(library
      ? { tags: library.tags, unmonitored: library.unmonitored, arrAudioLanguages: library.arrAudio }
      : {}),
    // Kept, or re-deciding the file (a sidecar came) would store it without them until its series is
    // listed again: its searches would lose the anime numbering and the scene titles meanwhile.
    ...(library?.absolute?.length ? { absoluteEpisodes: library.absolute } : {}),
    ...(library?.alternateTitles?.length ? { alternateTitles: library.alternateTitles } : {}),
  };
}
