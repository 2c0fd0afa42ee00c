import { forEachConcurrent } from "../concurrency.ts";
import type { PathMapping } from "../config/schema.ts";
import {
  type ArrHttpClient,
  type ArrHttpDeps,
  type ArrInstance,
  type ArrResult,
  createArrHttpClient,
} from "./arr-http.ts";
import {
  type AlternateTitle,
  type ArrFileLanguages,
  type ArrListResult,
  type ArrSystemStatus,
  alternateTitles,
  fileLanguages,
  getParsed,
  getParsedList,
  getSystemStatus,
  getTagLabels,
  joinArrPath,
  labelsOf,
  mergeSkipped,
  monitoredFlag,
  type SkippedRecords,
  tagIds,
} from "./arr-wire.ts";
import { createPathMapper } from "./path-mapping.ts";
import type { Listing, MediaFile, Unmonitored } from "./types.ts";
import {
  flagOr,
  int,
  intOr,
  list,
  nested,
  numberOr,
  positiveOrNull,
  record,
  string,
  text,
  timestamp,
  type WireRecord,
} from "./wire-read.ts";

/** A series as listed; `tagLabels` are its tags resolved through `/tag` (absent when not resolved). */
export interface SonarrSeries {
  id: number;
  title: string;
  year: number | null;
  path: string | null;
  tvdbId: number | null;
  imdbId: string | null;
  tmdbId: number | null;
  monitored: boolean;
  tags: number[];
  seasons: { seasonNumber: number; monitored: boolean }[];
  statistics: { sizeOnDisk: number; episodeFileCount: number } | null;
  /** `seriesType` anime: Sonarr numbers its episodes absolutely too, as anime releases are named. */
  anime: boolean;
  /** Sonarr's `alternateTitles` (its scene mappings): the names releases of the series go by. */
  alternateTitles: AlternateTitle[];
  tagLabels?: string[];
}

export interface SonarrEpisode {
  id: number;
  /** 0 when the episode has no file. */
  episodeFileId: number;
  seasonNumber: number;
  episodeNumber: number;
  /** Sonarr's absolute number, when it has one (anime); null otherwise. */
  absoluteEpisodeNumber: number | null;
  hasFile: boolean;
  monitored: boolean;
}

export interface SonarrEpisodeFile extends ArrFileLanguages {
  id: number;
  seasonNumber: number | null;
  relativePath: string | null;
  path: string | null;
  size: number;
  dateAdded: string | null;
  sceneName: string | null;
  releaseGroup: string | null;
}

// Each reader takes only the fields the listing uses (wire-read.ts); the rest of a record is never read.

const readSeason = (value: unknown) => {
  const r = record(value);
  return { seasonNumber: int(r, "seasonNumber"), monitored: monitoredFlag(r) };
};

const readSeriesStatistics = (r: WireRecord) => ({
  sizeOnDisk: numberOr(r, "sizeOnDisk", 0),
  episodeFileCount: numberOr(r, "episodeFileCount", 0),
});

export function readSeries(value: unknown): SonarrSeries {
  const r = record(value);
  // Read in this order, so a record wrong in both is named by its id.
  const id = int(r, "id");
  const title = string(r, "title");
  return {
    id,
    title,
    year: positiveOrNull(r, "year"),
    path: text(r, "path"),
    tvdbId: positiveOrNull(r, "tvdbId"),
    imdbId: text(r, "imdbId"),
    tmdbId: positiveOrNull(r, "tmdbId"),
    monitored: monitoredFlag(r),
    tags: tagIds(r),
    seasons: list(r, "seasons", readSeason),
    statistics: nested(r, "statistics", readSeriesStatistics),
    anime: text(r, "seriesType") === "anime",
    alternateTitles: alternateTitles(r, title),
  };
}

export function readEpisode(value: unknown): SonarrEpisode {
  const r = record(value);
  return {
    id: int(r, "id"),
    episodeFileId: intOr(r, "episodeFileId", 0),
    seasonNumber: int(r, "seasonNumber"),
    episodeNumber: int(r, "episodeNumber"),
    absoluteEpisodeNumber: positiveOrNull(r, "absoluteEpisodeNumber"),
    hasFile: flagOr(r, "hasFile", false),
    monitored: monitoredFlag(r),
  };
}

export function readEpisodeFile(value: unknown): SonarrEpisodeFile {
  const r = record(value);
  return {
    id: int(r, "id"),
    seasonNumber: intOr(r, "seasonNumber", null),
    relativePath: text(r, "relativePath"),
    path: text(r, "path"),
    size: numberOr(r, "size", 0),
    dateAdded: timestamp(r, "dateAdded"),
    sceneName: text(r, "sceneName"),
    releaseGroup: text(r, "releaseGroup"),
    ...fileLanguages(r),
  };
}

export interface SonarrListOptions {
  signal?: AbortSignal;
  /** Series fetched at once by {@link SonarrClient.listAllFiles}; each costs two requests. */
  concurrency?: number;
}

export interface SonarrClient {
  readonly kind: "sonarr";
  readonly instance: string;
  /** HTTP requests sent so far (retries included). */
  readonly requestCount: number;
  systemStatus(signal?: AbortSignal): Promise<ArrResult<ArrSystemStatus>>;
  /** Records that do not read (a null title) are skipped and counted in `skipped`. */
  listSeries(signal?: AbortSignal): Promise<ArrListResult<SonarrSeries>>;
  listEpisodeFiles(seriesId: number, signal?: AbortSignal): Promise<ArrListResult<SonarrEpisodeFile>>;
  listEpisodes(seriesId: number, signal?: AbortSignal): Promise<ArrListResult<SonarrEpisode>>;
  /** The files of one series from exactly two requests (`/episodefile` and `/episode`). */
  listSeriesFiles(series: SonarrSeries, signal?: AbortSignal): Promise<Listing<MediaFile>>;
  /** Every file of every series; a failure if any request failed, never a partial list. */
  listAllFiles(options?: SonarrListOptions): Promise<Listing<MediaFile>>;
}

export interface SonarrClientOptions {
  instance: ArrInstance & { pathMappings?: readonly PathMapping[] };
  globalPathMappings?: readonly PathMapping[];
  deps?: ArrHttpDeps;
  /** Whether tag labels are worth a `/tag` request (some tag assigns a profile); asked per listing, default yes. */
  resolveTags?: () => boolean;
}

/** Builds MediaFiles from a series, its episode files and its episodes (pure; exported for tests). */
export function sonarrMediaFiles(
  instance: string,
  series: SonarrSeries,
  files: readonly SonarrEpisodeFile[],
  episodes: readonly SonarrEpisode[],
  mapPath: (remote: string) => string,
  /**
   * Told of each file that cannot be listed: Sonarr sent it without a path (none can be built from
   * the series' either), or no episode links to it.
   */
  onUnplaced?: (file: SonarrEpisodeFile, why: string) => void,
): MediaFile[] {
  const byFile = new Map<number, SonarrEpisode[]>();
  for (const ep of episodes) {
    if (ep.episodeFileId <= 0) continue;
    const list = byFile.get(ep.episodeFileId);
    if (list) list.push(ep);
    else byFile.set(ep.episodeFileId, [ep]);
  }
  const out: MediaFile[] = [];
  for (const file of files) {
    const linked = (byFile.get(file.id) ?? []).sort(
      (a, b) => a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber,
    );
    const arrPath =
      file.path ?? (series.path && file.relativePath ? joinArrPath(series.path, file.relativePath) : null);
    if (arrPath === null) {
      onUnplaced?.(file, "the file has no path");
      continue;
    }
    // Sonarr links every file to its episodes; a file none links to is mid-refresh (a renumbering
    // replaced the episodes) and Sonarr drops the row at its next rescan. Listed, it would key on its
    // file id instead of its episodes and pass for a new file beside the stored one.
    if (linked.length === 0) {
      onUnplaced?.(file, "no episode from /episode links to the file");
      continue;
    }
    const season = file.seasonNumber ?? linked[0]?.seasonNumber ?? null;
    out.push({
      source: "sonarr",
      instance,
      fileId: file.id,
      seriesId: series.id,
      movieId: null,
      episodeIds: linked.map((e) => e.id),
      title: series.title,
      ...seasonTitles(series, season),
      season,
      episodes: linked.map((e) => e.episodeNumber),
      ...absoluteOf(series, linked),
      year: series.year,
      imdbId: series.imdbId,
      tvdbId: series.tvdbId,
      tmdbId: series.tmdbId,
      sceneName: file.sceneName,
      releaseGroup: file.releaseGroup,
      arrPath,
      path: mapPath(arrPath),
      relativePath: file.relativePath,
      size: file.size,
      dateAdded: file.dateAdded,
      arrSubtitleLanguages: file.subtitleLanguages,
      tags: series.tagLabels ?? [],
      unmonitored: unmonitoredLevel(series, season, linked),
      arrAudioLanguages: arrAudio(file),
    });
  }
  return out;
}

/**
 * The series' alternate titles a file of `season` may be released under: those for every season, and
 * those Sonarr names for this one ("Show S2" is no name of the first season's releases).
 */
function seasonTitles(series: SonarrSeries, season: number | null): { alternateTitles?: string[] } {
  const titles = series.alternateTitles
    .filter((t) => t.seasons === null || (season !== null && t.seasons.includes(season)))
    .map((t) => t.title);
  return titles.length > 0 ? { alternateTitles: titles } : {};
}

/**
 * An anime file's absolute episode numbers, when Sonarr has one for each of its episodes: anime
 * releases and subtitle packs number episodes so ("[Group] Show - 1071"), not by season.
 */
function absoluteOf(series: SonarrSeries, linked: readonly SonarrEpisode[]): { absoluteEpisodes?: number[] } {
  if (!series.anime) return {};
  const absolute = linked.map((e) => e.absoluteEpisodeNumber);
  return absolute.every((n) => n !== null) ? { absoluteEpisodes: absolute as number[] } : {};
}

/** The outermost level Sonarr leaves unmonitored: a file is wanted while one of its episodes is monitored. */
function unmonitoredLevel(
  series: SonarrSeries,
  season: number | null,
  episodes: readonly SonarrEpisode[],
): Unmonitored | null {
  if (!series.monitored) return "series";
  if (season !== null && series.seasons.some((s) => s.seasonNumber === season && !s.monitored))
    return "season";
  if (episodes.length > 0 && episodes.every((e) => !e.monitored)) return "episode";
  return null;
}

/** `mediaInfo.audioLanguages` when Sonarr probed the file, else the languages it parsed for the release. */
export function arrAudio(file: { audioLanguages: string[] | null; languages: string[] }): string[] | null {
  if (file.audioLanguages !== null && file.audioLanguages.length > 0) return file.audioLanguages;
  const named = file.languages.filter((n) => !/^(unknown|any|original)$/i.test(n));
  return named.length > 0 ? named : null;
}

const STATISTICS_SHORTFALL = "/episodefile listed";

/**
 * Why the files Sonarr listed for a series cannot be the whole truth, or null. Sonarr answers
 * `200 []` for `/episodefile` in states where the series has files (an unknown or half-loaded
 * series, a database hiccup); believing it would delete the series' wanted items.
 */
export function sonarrListingProblem(
  series: SonarrSeries,
  files: readonly SonarrEpisodeFile[],
  episodes: readonly SonarrEpisode[],
): string | null {
  const listed = new Set(files.map((f) => f.id));
  const unlisted = new Set(
    episodes
      .filter((e) => e.hasFile && e.episodeFileId > 0 && !listed.has(e.episodeFileId))
      .map((e) => e.episodeFileId),
  );
  if (unlisted.size > 0)
    return `/episode names ${unlisted.size} episode file(s) that /episodefile did not list`;
  // Sonarr's `episodeFileCount` counts episodes that have a file (a double episode counts twice).
  const counted = series.statistics?.episodeFileCount ?? 0;
  const withFile = episodes.filter((e) => e.episodeFileId > 0 && listed.has(e.episodeFileId)).length;
  if (withFile < counted)
    return `${STATISTICS_SHORTFALL} ${files.length} file(s) where the series statistics count ${counted} episode(s) with a file (the listed files hold ${withFile})`;
  return null;
}

/** Client for a Sonarr v3 or v4 app (both serve `/api/v3`). */
export function createSonarrClient(options: SonarrClientOptions): SonarrClient {
  const { instance } = options;
  const http: ArrHttpClient = createArrHttpClient("sonarr", instance, options.deps);
  const mapPath = createPathMapper(instance.pathMappings ?? [], options.globalPathMappings ?? []);

  async function listSeries(signal?: AbortSignal): Promise<ArrListResult<SonarrSeries>> {
    const list = await getParsedList(http, "/series", readSeries, undefined, signal);
    if (!list.ok || !list.value.some((s) => s.tags.length > 0) || options.resolveTags?.() === false)
      return list;
    const labels = await getTagLabels(http, signal);
    if (!labels.ok) return labels;
    return { ...list, value: list.value.map((s) => ({ ...s, tagLabels: labelsOf(s.tags, labels.value) })) };
  }
  const listEpisodeFiles = (seriesId: number, signal?: AbortSignal) =>
    getParsedList(http, "/episodefile", readEpisodeFile, { seriesId }, signal);
  const listEpisodes = (seriesId: number, signal?: AbortSignal) =>
    getParsedList(http, "/episode", readEpisode, { seriesId }, signal);

  async function seriesFiles(
    series: SonarrSeries,
    signal?: AbortSignal,
  ): Promise<Listing<MediaFile> & { gone?: boolean }> {
    const [files, episodes] = await Promise.all([
      listEpisodeFiles(series.id, signal),
      listEpisodes(series.id, signal),
    ]);
    if (!files.ok) return { ok: false, error: files.error.message, gone: files.error.status === 404 };
    if (!episodes.ok)
      return { ok: false, error: episodes.error.message, gone: episodes.error.status === 404 };
    let problem = sonarrListingProblem(series, files.value, episodes.value);
    if (problem?.startsWith(STATISTICS_SHORTFALL)) {
      // The statistics may predate a deletion made while the scan worked through other series.
      const fresh = await getParsed(http, `/series/${series.id}`, readSeries, undefined, signal);
      if (fresh.ok) problem = sonarrListingProblem(fresh.value, files.value, episodes.value);
    }
    if (problem !== null)
      return {
        ok: false,
        error: `sonarr "${instance.name}": series "${series.title}" (id ${series.id}): ${problem}; the listing is not trusted`,
      };
    // A file without a path cannot be looked at, but it is not gone either: the listing is not whole.
    let unplaced: SkippedRecords | null = null;
    const items = sonarrMediaFiles(
      instance.name,
      series,
      files.value,
      episodes.value,
      mapPath,
      (file, why) => {
        unplaced = mergeSkipped(unplaced, {
          count: 1,
          example: `/episodefile (id ${file.id}) of series ${series.id}: ${why}`,
        });
      },
    );
    const skipped = mergeSkipped(mergeSkipped(files.skipped, episodes.skipped), unplaced);
    return skipped === null ? { ok: true, items } : { ok: true, items, skipped };
  }

  async function listAllFiles(opts: SonarrListOptions = {}): Promise<Listing<MediaFile>> {
    const seriesList = await listSeries(opts.signal);
    if (!seriesList.ok) return { ok: false, error: seriesList.error.message };
    const items: MediaFile[] = [];
    let skipped: SkippedRecords | null = seriesList.skipped;
    let failure: string | null = null;
    await forEachConcurrent(
      seriesList.value,
      opts.concurrency ?? 4,
      async (series) => {
        const result = await seriesFiles(series, opts.signal);
        if (result.ok) {
          items.push(...result.items);
          skipped = mergeSkipped(skipped, result.skipped);
        }
        // A series deleted between the two calls answers 404: it simply has no files any more.
        else if (!result.gone) failure ??= result.error;
      },
      { stop: () => failure !== null },
    );
    if (failure !== null) return { ok: false, error: failure };
    return skipped === null ? { ok: true, items } : { ok: true, items, skipped };
  }

  return {
    kind: "sonarr",
    instance: instance.name,
    get requestCount() {
      return http.requestCount;
    },
    systemStatus: (signal) => getSystemStatus(http, signal),
    listSeries,
    listEpisodeFiles,
    listEpisodes,
    listSeriesFiles: (series, signal) => seriesFiles(series, signal).then(stripGone),
    listAllFiles,
  };
}

function stripGone(listing: Listing<MediaFile> & { gone?: boolean }): Listing<MediaFile> {
  if (!listing.ok) return { ok: false, error: listing.error };
  return listing.skipped
    ? { ok: true, items: listing.items, skipped: listing.skipped }
    : { ok: true, items: listing.items };
}
