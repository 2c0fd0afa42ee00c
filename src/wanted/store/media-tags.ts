import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mediaFiles } from "../../db/schema.ts";
import { storedTags } from "../file-facts.ts";

/** The tags the last scan stored for a Sonarr series or a Radarr movie (its files all carry them). */
export function tagsOfMedia(db: Db, instance: string, kind: "series" | "movie", arrId: number): string[] {
  const row = db
    .select({ subtitlesJson: mediaFiles.subtitlesJson })
    .from(mediaFiles)
    .where(
      and(
        eq(mediaFiles.instance, instance),
        eq(kind === "series" ? mediaFiles.seriesId : mediaFiles.movieId, arrId),
      ),
    )
    .limit(1)
    .get();
  return row ? storedTags(row.subtitlesJson) : [];
}
