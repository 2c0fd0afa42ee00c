import { join, posix } from "node:path";
import type { DbHandle } from "../db/client.ts";
import { createWantedStore, type LibraryFileRow, libraryFile } from "../wanted/store/index.ts";

/**
 * Finds the video of a Bazarr record in Subhound's library. Bazarr keeps paths as Sonarr and Radarr
 * report them (it maps them back before writing its history), as Subhound keeps each file's `arrPath`:
 * the two compare directly, whatever either app's path mappings are. The local path of a subtitle is
 * then its place beside that video, as Subhound sees the video.
 */
export interface LibraryLookup {
  /** The files Subhound lists of a Sonarr series or Radarr movie, in every instance of that kind. */
  filesOf(kind: "sonarr" | "radarr", arrId: number): LibraryFileRow[];
}

export function createLibraryLookup(
  handle: Pick<DbHandle, "sqlite" | "db">,
  instances: { sonarr: readonly string[]; radarr: readonly string[] },
): LibraryLookup {
  const store = createWantedStore(handle);
  const cache = new Map<string, LibraryFileRow[]>();
  return {
    filesOf(kind, arrId) {
      const key = `${kind}|${arrId}`;
      let files = cache.get(key);
      if (!files) {
        files = instances[kind]
          .flatMap((instance) => store.filesOfMedia(instance, kind, arrId))
          .map((id) => libraryFile(handle.db, id))
          // A tombstone (a vanished file kept for its history) has no video to take subtitles over for.
          .filter((f): f is LibraryFileRow => f !== null && f.missingSince === null && f.lastScanId !== null);
        cache.set(key, files);
      }
      return files;
    },
  };
}

const slashed = (p: string) => p.replace(/\\/g, "/");
/** A path as arr paths compare: forward slashes; Windows paths (an arr on Windows) case-insensitively, as their file system does. */
export const comparable = (p: string) =>
  /^[A-Za-z]:\//.test(slashed(p)) ? slashed(p).toLowerCase() : slashed(p);

/**
 * The file Bazarr's `videoPath` names among `files`: the same arr path (or local path), else the one
 * file of that name (a root folder moved in the arr since Bazarr wrote the record).
 */
export function matchVideo(files: readonly LibraryFileRow[], videoPath: string): LibraryFileRow | null {
  const wanted = comparable(videoPath);
  const exact = files.find((f) => comparable(f.arrPath) === wanted || comparable(f.path) === wanted);
  if (exact) return exact;
  const name = posix.basename(wanted);
  const named = files.filter((f) => posix.basename(comparable(f.arrPath)) === name);
  return named.length === 1 ? named[0]! : null;
}

/**
 * Where the subtitle Bazarr recorded at `subtitlePath` for `videoPath` is on this machine: at the same
 * place relative to the video, beside `file`. Null when Bazarr wrote it elsewhere (its "absolute
 * folder" setting): Subhound only reads subtitles beside their video.
 */
export function localSubtitlePath(
  file: LibraryFileRow,
  videoPath: string,
  subtitlePath: string,
): string | null {
  const folder = comparable(posix.dirname(slashed(videoPath)));
  const subtitle = slashed(subtitlePath);
  if (!comparable(subtitle).startsWith(`${folder}/`)) return null;
  const rest = subtitle.slice(folder.length + 1);
  if (rest === "" || rest.split("/").some((part) => part === ".." || part === ".")) return null;
  return join(posix.dirname(file.path), rest);
}
