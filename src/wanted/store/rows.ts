import type { mediaFiles, wantedItems } from "../../db/schema.ts";

/** A wanted_items row as drizzle reads it (booleans as booleans, camelCase names). */
export type WantedItemRow = typeof wantedItems.$inferSelect;
/** A media_files row as drizzle reads it. */
export type MediaFileRow = typeof mediaFiles.$inferSelect;

/** A wanted item with its file: the one shape every read of an item returns. */
export type WantedRecord = WantedItemRow & {
  file: MediaFileRow;
  /** The action of the item's latest subtitle_history row (null: none). */
  lastAction: string | null;
};

/** A wanted item with the file columns its list row shows. */
export type WantedListRecord = WantedItemRow & {
  file: Pick<
    MediaFileRow,
    | "title"
    | "season"
    | "episodesJson"
    | "year"
    | "seriesId"
    | "movieId"
    | "path"
    | "subtitlesJson"
    | "source"
    | "missingSince"
  >;
  lastAction: string | null;
};

/**
 * What the scanner remembers of a file: the change key to tell whether it changed, and the rest of
 * what the listing said, so an unchanged series need not be listed again.
 */
export type StoredFile = Pick<
  MediaFileRow,
  | "id"
  | "source"
  | "instance"
  | "mediaKey"
  | "arrFileId"
  | "seriesId"
  | "movieId"
  | "episodeIdsJson"
  | "title"
  | "season"
  | "episodesJson"
  | "year"
  | "imdbId"
  | "tvdbId"
  | "tmdbId"
  | "sceneName"
  | "releaseGroup"
  | "arrPath"
  | "path"
  | "relativePath"
  | "size"
  | "mtimeMs"
  | "dateAdded"
  | "subtitlesJson"
  | "missingSince"
>;

/** What the scanner compares an item against. */
export type ScanItemRow = Pick<
  WantedItemRow,
  "id" | "mediaFileId" | "language" | "variant" | "status" | "satisfiedBy" | "upgradeCandidate"
>;
