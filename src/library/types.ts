export type SourceKind = "sonarr" | "radarr" | "standalone";

/** The level the arr leaves unmonitored, the outermost first. */
export type Unmonitored = "series" | "season" | "episode" | "movie";

/** One video file of the library, from whichever source listed it. */
export interface MediaFile {
  source: SourceKind;
  /** Configured instance name; "standalone" for folder roots. */
  instance: string;
  /** Sonarr episodeFile id / Radarr movieFile id; null for standalone files. */
  fileId: number | null;
  seriesId: number | null;
  movieId: number | null;
  /** Sonarr episode ids sharing this file (multi-episode files have several). */
  episodeIds: number[];
  /** Series or movie title. */
  title: string;
  /**
   * Other titles releases of the series or movie go by: Sonarr's alternate titles for every season
   * and for this file's, Radarr's original and alternate titles. Absent when there are none.
   */
  alternateTitles?: string[];
  season: number | null;
  /** Episode numbers in this file, ascending; [] for movies. */
  episodes: number[];
  /** Sonarr's absolute episode numbers of an anime file, in the same order; absent otherwise. */
  absoluteEpisodes?: number[];
  year: number | null;
  imdbId: string | null;
  tvdbId: number | null;
  tmdbId: number | null;
  sceneName: string | null;
  releaseGroup: string | null;
  /** The path as the arr app sees it (before path mapping); equals `path` for standalone. */
  arrPath: string;
  /** The local path after path mapping. */
  path: string;
  /** Relative to the series/movie folder as the arr reports it (rename detection); null for standalone. */
  relativePath: string | null;
  size: number;
  /** ISO timestamp when the arr created this file row; mtime for standalone. */
  dateAdded: string | null;
  /** ISO 639-2 tags of embedded subtitles as the arr reports them; null when the arr has not probed the file. */
  arrSubtitleLanguages: string[] | null;
  /** Tag labels of the series or movie; absent for standalone files. */
  tags?: string[];
  /** Set when the series, the season, every episode of the file, or the movie is unmonitored. */
  unmonitored?: Unmonitored | null;
  /**
   * Audio languages as the arr reports them (`mediaInfo.audioLanguages`, else the file's
   * `languages`), as ISO 639 tags or names; null when the arr does not know.
   */
  arrAudioLanguages?: string[] | null;
}

/** Directory entries whose names are not valid UTF-8: the runtime cannot address them by path. */
export interface UndecodableNames {
  count: number;
  /** One such path, invalid bytes shown as U+FFFD. */
  example: string;
}

/** Records the arr sent that did not read (a null `title`…): skipped and counted, one shown. */
export interface SkippedRecords {
  count: number;
  example: string;
}

/**
 * A listing either succeeded or failed: a failure is never an empty list. A success with
 * `skipped` records is not whole: it must not be used to remove anything.
 */
export type Listing<T> =
  | { ok: true; items: T[]; undecodable?: UndecodableNames; skipped?: SkippedRecords }
  | { ok: false; error: string };
