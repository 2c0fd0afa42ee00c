import { isAbsolute } from "node:path";
import { createStandaloneSource } from "../library/index.ts";

export interface FolderTestResult {
  ok: boolean;
  message: string;
  videos: number | null;
}

/** The Test of a standalone folder: lists it as a scan would and says how many videos it holds. */
export async function testFolder(path: string, signal: AbortSignal): Promise<FolderTestResult> {
  const root = path.trim();
  if (!isAbsolute(root))
    return { ok: false, message: "expected an absolute path, e.g. /srv/media", videos: null };
  const listing = await createStandaloneSource({ roots: [root] }).listRoot(root, signal);
  if (!listing.ok) return { ok: false, message: listing.error, videos: null };
  const videos = listing.items.length;
  return {
    ok: videos > 0,
    message:
      videos > 0
        ? `${videos} ${videos === 1 ? "video" : "videos"} found`
        : "readable, but no video file in it",
    videos,
  };
}
