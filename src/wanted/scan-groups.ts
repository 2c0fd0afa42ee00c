import { mergeSkipped } from "../library/arr-wire.ts";
import type { LibrarySource, SonarrSeries } from "../library/index.ts";
import type { Listing, MediaFile, SkippedRecords, UndecodableNames } from "../library/types.ts";
import { directoryStamp } from "../media/directory-stamp.ts";
import { readStoredMedia } from "./file-facts.ts";
import { episodesOfKey } from "./file-identity.ts";
import type { ScanScope } from "./scanner.ts";
import type { GroupSelector, SeriesStamp, StoredFile } from "./store/index.ts";

/** Groups that are written together: a series, a movie, a standalone folder. */
export interface Group {
  label: string;
  /**
   * Files the group is expected to hold, for progress: exact when the listing already named them
   * (Radarr, folders), Sonarr's `statistics.episodeFileCount` for a series (corrected once listed).
   */
  expectedFiles: number;
  /** Which stored files the group holds (read when the group is scanned, not before). */
  selector: GroupSelector;
  /**
   * What the arr says the group holds (Sonarr's series statistics): when the stored files add up
   * to the same count and size, an incremental scan need not list the group's files again.
   */
  totals?: {
    /** Sonarr's `episodeFileCount`: episodes that have a file (a double-episode file counts twice). */
    episodes: number;
    size: number;
    /** Whether what the listing says of the series (tags, series and season monitoring) is what a stored file holds. */
    sameFacts: (stored: StoredFile) => boolean;
    /** The same as one string, for a stamp (store/series-stamps.ts). */
    factsKey: string;
    /** The series' tag labels (its profile depends on them). */
    tags: readonly string[];
  };
  files: () => Promise<Listing<MediaFile>>;
}

export type ListedGroups =
  | {
      ok: true;
      groups: Group[];
      /** Parts that failed (a standalone root) while the rest could be scanned: nothing is removed. */
      problems: string[];
      undecodable: UndecodableNames | null;
      /** Arr records that did not read and were skipped: the listing is then not whole. */
      skipped: SkippedRecords | null;
    }
  | { ok: false; error: string };

export function isUnder(path: string, root: string): boolean {
  const r = root.endsWith("/") ? root.slice(0, -1) : root;
  return path === r || path.startsWith(`${r}/`);
}

export function inScope(file: MediaFile, scope: ScanScope): boolean {
  if (scope.seriesId !== undefined && file.seriesId !== scope.seriesId) return false;
  if (scope.movieId !== undefined && file.movieId !== scope.movieId) return false;
  if (scope.path !== undefined && !isUnder(file.path, scope.path)) return false;
  return true;
}

export function isScoped(scope: ScanScope): boolean {
  return scope.seriesId !== undefined || scope.movieId !== undefined || scope.path !== undefined;
}

export function mergeUndecodable(
  a: UndecodableNames | null,
  b: UndecodableNames | null | undefined,
): UndecodableNames | null {
  if (!b) return a;
  return a ? { count: a.count + b.count, example: a.example } : b;
}

/** An arr or a folder that answers "nothing" while the store holds its files is not believed. */
function emptyListing(what: string, stored: number): string {
  return `${what} listed nothing while ${stored} of its files are stored; treated as a failed listing, nothing is removed`;
}

function byFolder(files: MediaFile[], scope: ScanScope): Group[] {
  const byKey = new Map<string, MediaFile[]>();
  for (const file of files) {
    const key =
      file.source === "radarr" ? `movie:${file.movieId}` : file.path.slice(0, file.path.lastIndexOf("/"));
    const list = byKey.get(key);
    if (list) list.push(file);
    else byKey.set(key, [file]);
  }
  return [...byKey.values()].map((list) => {
    const first = list[0]!;
    const folder = first.path.slice(0, first.path.lastIndexOf("/"));
    return {
      label: first.source === "radarr" ? first.title : folder,
      expectedFiles: list.filter((f) => inScope(f, scope)).length,
      selector:
        first.source === "radarr"
          ? ({ kind: "movie", id: first.movieId } as const)
          : ({ kind: "folder", path: folder } as const),
      files: async () => ({ ok: true, items: list }),
    };
  });
}

/**
 * Lists one source into groups, after checking the listing against what is stored: `storedCount`
 * answers how many files of the instance (or, given a root, under that folder) are stored.
 */
export async function listGroups(
  source: LibrarySource,
  scope: ScanScope,
  signal: AbortSignal,
  storedCount: (root?: string) => number,
): Promise<ListedGroups> {
  if (source.kind === "sonarr") {
    const series = await source.listSeries(signal);
    if (!series.ok) return { ok: false, error: series.error.message };
    if (series.value.length === 0 && storedCount() > 0)
      return { ok: false, error: emptyListing(`sonarr "${source.instance}": /series`, storedCount()) };
    return {
      ok: true,
      problems: [],
      undecodable: null,
      skipped: series.skipped,
      groups: series.value
        .filter((s) => scope.seriesId === undefined || s.id === scope.seriesId)
        .map((s) => ({
          label: s.title,
          expectedFiles: s.statistics?.episodeFileCount ?? 0,
          selector: { kind: "series", id: s.id } as const,
          ...(s.statistics
            ? {
                totals: {
                  episodes: s.statistics.episodeFileCount,
                  size: s.statistics.sizeOnDisk,
                  sameFacts: seriesFactsMatch(s),
                  factsKey: seriesFactsKey(s),
                  tags: s.tagLabels ?? [],
                },
              }
            : {}),
          files: () => source.listSeriesFiles(s, signal),
        })),
    };
  }
  if (source.kind === "radarr") {
    const listing = await source.listAllFiles({ signal });
    if (!listing.ok) return listing;
    if (listing.items.length === 0 && storedCount() > 0)
      return { ok: false, error: emptyListing(`radarr "${source.instance}": /movie`, storedCount()) };
    return {
      ok: true,
      problems: [],
      undecodable: null,
      skipped: listing.skipped ?? null,
      groups: byFolder(listing.items, scope),
    };
  }
  const problems: string[] = [];
  const files: MediaFile[] = [];
  let undecodable: UndecodableNames | null = null;
  let skipped: SkippedRecords | null = null;
  for (const root of source.roots) {
    if (scope.path !== undefined && !isUnder(scope.path, root) && !isUnder(root, scope.path)) continue;
    const listing = await source.listRoot(root, signal);
    if (!listing.ok) {
      problems.push(listing.error);
      continue;
    }
    if (listing.items.length === 0) {
      const under = storedCount(root);
      if (under > 0) {
        problems.push(emptyListing(`standalone root ${root} (unmounted?)`, under));
        continue;
      }
    }
    files.push(...listing.items);
    undecodable = mergeUndecodable(undecodable, listing.undecodable);
    skipped = mergeSkipped(skipped, listing.skipped);
  }
  if (problems.length === source.roots.length && problems.length > 0)
    return { ok: false, error: problems.join("; ") };
  return { ok: true, problems, undecodable, skipped, groups: byFolder(files, scope) };
}

/**
 * Whether a group's stored files are still what the arr describes, so an incremental scan may work
 * from them instead of listing the group again (the quick filter external-apis.md names): the same
 * file count and total size, no file held back as missing, and every stored video still in its
 * folder (a rename changes neither count nor size). A full scan always lists.
 */
export function unchangedGroup(
  totals: Group["totals"],
  stored: Iterable<StoredFile>,
  hasVideo: (path: string) => boolean,
): boolean {
  if (!totals) return false;
  let files = 0;
  let episodes = 0;
  let size = 0;
  for (const file of stored) {
    if (file.missingSince !== null || !hasVideo(file.path) || !totals.sameFacts(file)) return false;
    files++;
    episodes += episodesOfKey(file.mediaKey);
    size += file.size;
  }
  return files > 0 && episodes === totals.episodes && size === totals.size;
}

/** What the listing says of a series that its files' stored facts depend on: tags, series and season monitoring. */
function seriesFactsKey(series: SonarrSeries): string {
  return JSON.stringify([
    [...(series.tagLabels ?? [])].sort(),
    series.monitored,
    series.seasons
      .filter((season) => !season.monitored)
      .map((season) => season.seasonNumber)
      .sort((a, b) => a - b),
  ]);
}

/**
 * Whether a listed series ends up whole, as an unchanged one would be found: every file Sonarr counts
 * listed (the same count and total size), each stored or written now (`stands` of them), and no
 * stored file left that the listing lacks. (The caller checks that each video not read in the scan
 * is still in its folder.)
 */
export function wholeListing(
  files: readonly MediaFile[],
  totals: NonNullable<Group["totals"]>,
  stands: number,
  listedKeys: ReadonlySet<string>,
  storedKeys: Iterable<string>,
): boolean {
  if (stands !== files.length) return false;
  let episodes = 0;
  let size = 0;
  for (const file of files) {
    episodes += file.episodeIds.length;
    size += file.size;
  }
  if (episodes !== totals.episodes) return false;
  if (size !== totals.size) return false;
  for (const key of storedKeys) if (!listedKeys.has(key)) return false;
  return true;
}

/**
 * Whether a series a scan stamped as unchanged (scan-run.ts) still is: the stamp was left at the
 * series' current change count (no stored file of it changed since), Sonarr lists the same totals,
 * tags and monitoring, the profile is the same, and no folder its subtitles are looked for in has
 * gained, lost or renamed an entry. Then every episode would be found unchanged: the stamp's file
 * count is returned; null when the series must be looked at episode by episode.
 */
export function stampHolds(
  stamp: SeriesStamp | null,
  totals: NonNullable<Group["totals"]>,
  profile: string,
  nowMs: number,
): number | null {
  if (
    stamp === null ||
    (stamp.episodes ?? stamp.files) !== totals.episodes ||
    stamp.size !== totals.size ||
    stamp.facts !== totals.factsKey ||
    stamp.profile !== profile
  )
    return null;
  for (const folder in stamp.folders)
    if (directoryStamp(folder, nowMs) !== stamp.folders[folder]) return null;
  return stamp.files;
}

/**
 * Whether a stored file's library facts still hold for the series as now listed: the same tags, and
 * the same series- and season-level monitoring. (An episode unmonitored on its own shows only in the
 * episode listing: a full scan or a change of the series' files brings that.)
 */
function seriesFactsMatch(series: SonarrSeries): (stored: StoredFile) => boolean {
  const tags = [...(series.tagLabels ?? [])].sort().join("\u0000");
  return (stored) => {
    const facts = readStoredMedia(stored.subtitlesJson).library;
    if (facts === null || [...facts.tags].sort().join("\u0000") !== tags) return false;
    const expected = !series.monitored
      ? "series"
      : series.seasons.some((season) => season.seasonNumber === stored.season && !season.monitored)
        ? "season"
        : null;
    return expected === null
      ? facts.unmonitored === null || facts.unmonitored === "episode"
      : facts.unmonitored === expected;
  };
}
