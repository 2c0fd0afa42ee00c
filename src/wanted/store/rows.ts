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
 * What a scan reads of every stored file of a group: the change key to tell whether it changed, what
 * names its profile, and what its items were decided on.
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
  | "season"
  | "path"
  | "relativePath"
  | "size"
  | "mtimeMs"
  | "subtitlesJson"
  | "missingSince"
>;

/**
 * The rest of what the listing said of a stored file, so a series that need not be listed again can be
 * rewritten from what is stored (read only for the files such a scan writes).
 */
export type StoredListing = StoredFile &
  Pick<
    MediaFileRow,
    | "episodeIdsJson"
    | "title"
    | "episodesJson"
    | "year"
    | "imdbId"
    | "tvdbId"
    | "tmdbId"
    | "sceneName"
    | "releaseGroup"
    | "arrPath"
    | "dateAdded"
  >;

/** What the scanner compares an item against. */
export type ScanItemRow = Pick<
  WantedItemRow,
  "id" | "mediaFileId" | "language" | "variant" | "status" | "satisfiedBy" | "upgradeCandidate"
>;
