import type { PathMapping } from "../config/schema.ts";
import {
  type ArrHttpClient,
  type ArrHttpDeps,
  type ArrInstance,
  type ArrResult,
  createArrHttpClient,
} from "./arr-http.ts";
import {
  type ArrFileLanguages,
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
  tagIds,
} from "./arr-wire.ts";
import { createPathMapper } from "./path-mapping.ts";
import { arrAudio } from "./sonarr.ts";
import type { Listing, MediaFile, SkippedRecords } from "./types.ts";
import {
  flagOr,
  int,
  intOr,
  nested,
  numberOr,
  positiveOrNull,
  record,
  string,
  text,
  timestamp,
  type WireRecord,
} from "./wire-read.ts";

export interface RadarrMovieFile extends ArrFileLanguages {
  id: number;
  relativePath: string | null;
  path: string | null;
  size: number;
  dateAdded: string | null;
  sceneName: string | null;
  releaseGroup: string | null;
}

export interface RadarrMovie {
  id: number;
  title: string;
  year: number | null;
  path: string | null;
  imdbId: string | null;
  tmdbId: number | null;
  monitored: boolean;
  tags: number[];
  movieFile: RadarrMovieFile | null;
  hasFile: boolean;
  /** 0 when the movie has no file. */
  movieFileId: number;
  statistics: { movieFileCount: number } | null;
  /** Radarr's `originalTitle` (when another) and `alternateTitles`: the names releases of it may carry. */
  alternateTitles: string[];
}

// Each reader takes only the fields the listing uses (wire-read.ts); the rest of a record is never read.

function readMovieFileRecord(r: WireRecord): RadarrMovieFile {
  return {
    id: int(r, "id"),
    relativePath: text(r, "relativePath"),
    path: text(r, "path"),
    size: numberOr(r, "size", 0),
    dateAdded: timestamp(r, "dateAdded"),
    sceneName: text(r, "sceneName"),
    releaseGroup: text(r, "releaseGroup"),
    ...fileLanguages(r),
  };
}

export const readMovieFile = (value: unknown) => readMovieFileRecord(record(value));
const readMovieStatistics = (r: WireRecord) => ({ movieFileCount: numberOr(r, "movieFileCount", 0) });

/** `originalTitle`, read as leniently as the alternate titles it joins ("Léon" for "Léon: The Professional"). */
const originalTitle = (r: WireRecord): string[] =>
  typeof r.originalTitle === "string" ? [r.originalTitle] : [];

export function readMovie(value: unknown): RadarrMovie {
  const r = record(value);
  // Read in this order, so a record wrong in both is named by its id.
  const id = int(r, "id");
  const title = string(r, "title");
  return {
    id,
    title,
    year: positiveOrNull(r, "year"),
    path: text(r, "path"),
    imdbId: text(r, "imdbId"),
    tmdbId: positiveOrNull(r, "tmdbId"),
    monitored: monitoredFlag(r),
    tags: tagIds(r),
    movieFile: nested(r, "movieFile", readMovieFileRecord),
    hasFile: flagOr(r, "hasFile", false),
    movieFileId: intOr(r, "movieFileId", 0),
    statistics: nested(r, "statistics", readMovieStatistics),
    alternateTitles: alternateTitles(r, title, originalTitle(r)).map((t) => t.title),
  };
}

export interface RadarrClient {
  readonly kind: "radarr";
  readonly instance: string;
  /** HTTP requests sent so far (retries included). */
  readonly requestCount: number;
  systemStatus(signal?: AbortSignal): Promise<ArrResult<ArrSystemStatus>>;
  /** Every movie with a file, from one `/movie` request (the file is embedded). */
  listMovies(signal?: AbortSignal): Promise<Listing<MediaFile>>;
  /** Same as {@link listMovies}; the name every library source shares. */
  listAllFiles(options?: { signal?: AbortSignal }): Promise<Listing<MediaFile>>;
  getMovieFile(id: number, signal?: AbortSignal): Promise<ArrResult<RadarrMovieFile>>;
}

export interface RadarrClientOptions {
  instance: ArrInstance & { pathMappings?: readonly PathMapping[] };
  globalPathMappings?: readonly PathMapping[];
  deps?: ArrHttpDeps;
  /** Whether tag labels are worth a `/tag` request (some tag assigns a profile); asked per listing, default yes. */
  resolveTags?: () => boolean;
}

/** Builds the MediaFile of a movie; null when it has no file (pure; exported for tests). */
export function radarrMediaFile(
  instance: string,
  movie: RadarrMovie,
  mapPath: (remote: string) => string,
  tagLabels: readonly string[] = [],
): MediaFile | null {
  const file = movie.movieFile;
  if (!file) return null;
  const arrPath =
    file.path ?? (movie.path && file.relativePath ? joinArrPath(movie.path, file.relativePath) : null);
  if (arrPath === null) return null;
  return {
    source: "radarr",
    instance,
    fileId: file.id,
    seriesId: null,
    movieId: movie.id,
    episodeIds: [],
    title: movie.title,
    ...(movie.alternateTitles.length > 0 ? { alternateTitles: [...movie.alternateTitles] } : {}),
    season: null,
    episodes: [],
    year: movie.year,
    imdbId: movie.imdbId,
    tvdbId: null,
    tmdbId: movie.tmdbId,
    sceneName: file.sceneName,
    releaseGroup: file.releaseGroup,
    arrPath,
    path: mapPath(arrPath),
    relativePath: file.relativePath,
    size: file.size,
    dateAdded: file.dateAdded,
    arrSubtitleLanguages: file.subtitleLanguages,
    tags: [...tagLabels],
    unmonitored: movie.monitored ? null : "movie",
    arrAudioLanguages: arrAudio(file),
  };
}

/** A movie Radarr says has a file but whose file it did not send: the listing is not whole. */
export function radarrMissingFile(movie: RadarrMovie): boolean {
  if (movie.movieFile) return false;
  return movie.hasFile || movie.movieFileId > 0 || (movie.statistics?.movieFileCount ?? 0) > 0;
}

/** Client for Radarr v4–v6 (all serve `/api/v3`). */
export function createRadarrClient(options: RadarrClientOptions): RadarrClient {
  const { instance } = options;
  const http: ArrHttpClient = createArrHttpClient("radarr", instance, options.deps);
  const mapPath = createPathMapper(instance.pathMappings ?? [], options.globalPathMappings ?? []);

  async function listMovies(signal?: AbortSignal): Promise<Listing<MediaFile>> {
    const movies = await getParsedList(http, "/movie", readMovie, undefined, signal);
    if (!movies.ok) return { ok: false, error: movies.error.message };
    let labels: ReadonlyMap<number, string> = new Map();
    if (movies.value.some((m) => m.tags.length > 0) && options.resolveTags?.() !== false) {
      const tags = await getTagLabels(http, signal);
      if (!tags.ok) return { ok: false, error: tags.error.message };
      labels = tags.value;
    }
    const items: MediaFile[] = [];
    let missing = 0;
    let example: RadarrMovie | null = null;
    // A file Radarr sent without a path cannot be looked at, but it is not gone either.
    let unplaced: SkippedRecords | null = null;
    for (const movie of movies.value) {
      if (radarrMissingFile(movie)) {
        missing++;
        example ??= movie;
        continue;
      }
      const file = radarrMediaFile(instance.name, movie, mapPath, labelsOf(movie.tags, labels));
      if (file) items.push(file);
      else if (movie.movieFile)
        unplaced = mergeSkipped(unplaced, {
          count: 1,
          example: `/movie (id ${movie.id}) at movieFile.path: the file has no path`,
        });
    }
    if (example !== null)
      return {
        ok: false,
        error: `radarr "${instance.name}": ${missing} movie(s) have a file but /movie sent none (e.g. "${example.title}", id ${example.id}); the listing is not trusted`,
      };
    const skipped = mergeSkipped(movies.skipped, unplaced);
    return skipped === null ? { ok: true, items } : { ok: true, items, skipped };
  }

  return {
    kind: "radarr",
    instance: instance.name,
    get requestCount() {
      return http.requestCount;
    },
    systemStatus: (signal) => getSystemStatus(http, signal),
    listMovies,
    listAllFiles: (opts) => listMovies(opts?.signal),
    getMovieFile: (id, signal) => getParsed(http, `/moviefile/${id}`, readMovieFile, undefined, signal),
  };
}
