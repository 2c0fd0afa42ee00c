/**
 * The wanted-items aggregate (wanted_items with their media_files): the only module that holds
 * their queries. Other code imports from here, never from the files behind it.
 */
export {
  claimForBatch,
  claimForManual,
  eligibleItemIds,
  itemStatus,
  type LeaseClaim,
  releaseClaim,
  releaseDeadLeases,
  type Settlement,
  settleClaim,
} from "./claims.ts";
export { filesWithTextStreams } from "./extraction-reads.ts";
export {
  deleteWanted,
  existingWantedIds,
  setIgnored,
  updateWanted,
  wantedIdsOf,
  wantedIdsUnder,
} from "./item-by-id.ts";
export {
  itemsOfFiles,
  type LibraryFileRow,
  type LibraryItemRow,
  libraryFile,
  listMovies,
  listSeries,
  type MovieRow,
  type MovieSort,
  movieOverrideId,
  type Paging,
  type SeriesSort,
  type SeriesSummaryRow,
  seriesFiles,
  seriesOverrideId,
  standaloneShowFiles,
} from "./library-reads.ts";
export { type AppliedState, applyFileSubtitles } from "./library-writes.ts";
export { adoptOrders, currentOrders, type SharedOrder } from "./list-order.ts";
export { listWanted, parseStatusFilter, searchWords, sortDirection } from "./list-reads.ts";
export { tagsOfMedia } from "./media-tags.ts";
export { wantedListRecords, wantedRecord, wantedRecords } from "./records.ts";
export type {
  MediaFileRow,
  ScanItemRow,
  StoredFile,
  StoredListing,
  WantedItemRow,
  WantedListRecord,
  WantedRecord,
} from "./rows.ts";
export type { GroupSelector } from "./scan-reads.ts";
export {
  createWantedStore,
  type FileWrite,
  type HeldRemovals,
  type RemovalCounts,
  type VanishedFile,
  type WantedStore,
  type WriteCounts,
} from "./scan-writes.ts";
export { indexPendingFiles } from "./search-index.ts";
export { type SeriesGenSpan, type SeriesStamp, type SeriesStampRead, seriesKey } from "./series-stamps.ts";
export { type MediaKind, WANTED_STATUSES, type WantedStatus } from "./statuses.ts";
export { summarizeWanted } from "./summary.ts";
