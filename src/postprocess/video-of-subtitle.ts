import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { DbHandle } from "../db/client.ts";
import { videoStem } from "../library/video-files.ts";
import { inSubtitleLocation, isSubtitleFolderName } from "../media/subtitle-folders.ts";
import { ownNameEndings } from "../subtitles/save.ts";
import type { SavedSubtitle } from "../wanted/history-store.ts";
import { wantedRecord } from "../wanted/store/index.ts";

type Saved = Pick<SavedSubtitle, "wantedItemId" | "path" | "language" | "format">;

/**
 * The video a saved subtitle belongs to: its wanted item's file, else (an upload or extraction in a
 * language no item wants) the one video beside it, or beside its subtitle folder (`naming.folder`:
 * `Subs/`), whose name the subtitle's starts with, as `<video>.<lang>[.forced|.hi|.sdh|.cc].<ext>`
 * names it (`subtitlePath`, under any `naming`: `en` or `eng`). Null when neither tells (the item and
 * the video are gone, or two videos share the name).
 */
export async function videoOfSubtitle(db: Pick<DbHandle, "sqlite">, saved: Saved): Promise<string | null> {
  if (saved.wantedItemId !== null) {
    let item: ReturnType<typeof wantedRecord> = null;
    try {
      item = wantedRecord(db, saved.wantedItemId);
    } catch {
      // The database is closing: the folder still tells.
    }
    if (item && inSubtitleLocation(item.file.path, saved.path)) return item.file.path;
  }
  return videoBeside(saved);
}

async function videoBeside(saved: Saved): Promise<string | null> {
  const name = basename(saved.path);
  // Several endings can fit one name ("Movie.hi.hi.srt": Hindi HI, or Hindi of "Movie.hi"): the video says which.
  const stems = new Set(
    ownNameEndings(saved.language, saved.format)
      .map(({ ending }) => ending)
      .filter((ending) => name.endsWith(ending) && name.length > ending.length)
      .map((ending) => name.slice(0, -ending.length)),
  );
  if (stems.size === 0) return null;
  const folder = dirname(saved.path);
  const folders = isSubtitleFolderName(basename(folder)) ? [folder, dirname(folder)] : [folder];
  for (const where of folders) {
    let entries: string[];
    try {
      entries = await readdir(where);
    } catch {
      continue;
    }
    const videos = entries.filter((entry) => {
      const stem = videoStem(entry);
      return stem !== null && stems.has(stem);
    });
    if (videos.length > 0) return videos.length === 1 ? join(where, videos[0]!) : null;
  }
  return null;
}
