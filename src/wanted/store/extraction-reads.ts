import { and, asc, eq, gt, isNull, like } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mediaFiles } from "../../db/schema.ts";
import type { LibraryFileRow } from "./library-reads.ts";

/** Files a scan saw that hold an embedded text stream, a page at a time by id: what automatic extraction looks at. */
export function filesWithTextStreams(
  db: Db,
  scanId: number,
  afterId: number,
  limit: number,
): LibraryFileRow[] {
  return db
    .select()
    .from(mediaFiles)
    .where(
      and(
        gt(mediaFiles.id, afterId),
        eq(mediaFiles.lastScanId, scanId),
        isNull(mediaFiles.missingSince),
        like(mediaFiles.subtitlesJson, '%"textBased":true%'),
      ),
    )
    .orderBy(asc(mediaFiles.id))
    .limit(limit)
    .all();
}
