import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { DbHandle } from "../db/client.ts";
import { videoStem } from "../library/video-files.ts";
import type { SavedSubtitle } from "../wanted/history-store.ts";
import { wantedRecord } from "../wanted/store/index.ts";

type Saved = Pick<SavedSubtitle, "wantedItemId" | "path" | "language" | "format">;

/**
 * The video a saved subtitle belongs to: its wanted item's file, else (an upload or extraction in a
 * language no item wants) the one video beside it whose name the subtitle's starts with, as
 * `<video>.<lang>[.forced|.hi].<ext>` names it. Null when neither tells (the item and the video are
 * gone, or two videos share the name).
 */
export async function videoOfSubtitle(db: Pick<DbHandle, "sqlite">, saved: Saved): Promise<string | null> {
  if (saved.wantedItemId !== null) {
    let item: ReturnType<typeof wantedRecord> = null;
    try {
      item = wantedRecord(db, saved.wantedItemId);
    } catch {
      // The database is closing: the folder still tells.
    }
    if (item && dirname(item.file.path) === dirname(saved.path)) return item.file.path;
  }
  return videoBeside(saved);
}

async function videoBeside(saved: Saved): Promise<string | null> {
  const name = basename(saved.path);
  const stem = ["", ".forced", ".hi"]
    .map((flag) => `.${saved.language}${flag}.${saved.format}`)
    .filter((suffix) => name.endsWith(suffix) && name.length > suffix.length)
    .map((suffix) => name.slice(0, -suffix.length))[0];
  if (stem === undefined) return null;
  let entries: string[];
  try {
    entries = await readdir(dirname(saved.path));
  } catch {
    return null;
  }
  const videos = entries.filter((entry) => videoStem(entry) === stem);
  return videos.length === 1 ? join(dirname(saved.path), videos[0]!) : null;
}
