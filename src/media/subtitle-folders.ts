import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";

/**
 * Folder names (any case) whose subtitles a scan reads as a video's, beside it: `Subs/`, `Subtitles/`
 * (Kodi's and release groups' habit). `naming.folder` may name one of them, so what Subhound saves
 * there is read back by the next scan.
 */
export const SUBTITLE_FOLDER_NAMES: ReadonlySet<string> = new Set(["subs", "subtitles"]);

/** Whether a folder beside a video is one a scan reads subtitles from (`Subs`, `subtitles`, …). */
export function isSubtitleFolderName(name: string): boolean {
  return SUBTITLE_FOLDER_NAMES.has(name.normalize("NFC").toLowerCase());
}

/**
 * Whether `subtitlePath` is where Subhound saves `videoPath`'s subtitles: beside the video, or in a
 * subtitle folder beside it (`naming.folder`, whatever it was when the file was saved).
 */
export function inSubtitleLocation(videoPath: string, subtitlePath: string): boolean {
  const folder = dirname(subtitlePath);
  const videoFolder = dirname(videoPath);
  return (
    folder === videoFolder || (dirname(folder) === videoFolder && isSubtitleFolderName(basename(folder)))
  );
}

/**
 * `folder` as it is spelt beside the videos of `directory` already: `Subs` configured and a `subs/`
 * folder there gives `subs`, so one folder holds them all. A name there exactly wins; `folder` as
 * given when none is there (or the folder cannot be read: the save then says why).
 */
export async function folderAsSpelt(directory: string, folder: string): Promise<string> {
  if (folder === "") return folder;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const key = folder.normalize("NFC").toLowerCase();
  const variants = entries.filter((e) => e.name.normalize("NFC").toLowerCase() === key);
  if (variants.some((e) => e.name === folder)) return folder;
  return variants.find((e) => e.isDirectory())?.name ?? folder;
}
