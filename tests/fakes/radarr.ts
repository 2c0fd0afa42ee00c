import {
  type ArrFakeControls,
  arrTimestamp,
  badRequest,
  intParams,
  json,
  minuteClock,
  notFound,
  startArrServer,
} from "./arr-server.ts";
import { createArrTags } from "./arr-tags.ts";

/** A protocol-faithful Radarr v5 (external-apis.md §2) with a library tests can change. */

/**
 * An entry of a movie's `alternateTitles` (AlternativeTitleResource, Radarr v5: `sourceType`,
 * `movieMetadataId`, `title`, `cleanTitle`); a null title is omitted, as Radarr omits nulls.
 */
export interface FakeAlternativeTitle {
  title: string | null;
  sourceType?: "tmdb" | "mappings" | "user" | "indexer";
}

export interface FakeMovie {
  id: number;
  /** null: left out of the resource, as Radarr omits nulls (the spec marks `title` nullable). */
  title: string | null;
  /** TMDb's title in the original language; the title by default, null omits it. */
  originalTitle: string | null;
  /** Sent as `alternateTitles`, in this order; [] by default. */
  alternateTitles: FakeAlternativeTitle[];
  year: number;
  path: string;
  imdbId: string | null;
  tmdbId: number;
  added: Date;
  /** 0 when the movie has no file. */
  movieFileId: number;
  monitored: boolean;
  /** Tag ids (resolved through `/tag`). */
  tags: number[];
}

export interface FakeMovieFile {
  id: number;
  movieId: number;
  relativePath: string;
  size: number;
  dateAdded: Date;
  sceneName: string | null;
  releaseGroup: string | null;
  /** `mediaInfo.subtitles`; null = not probed yet, so `mediaInfo` is omitted. */
  subtitles: string | null;
  /** `mediaInfo.audioLanguages`, `/`-joined ISO 639-2 ("eng/jpn"; "" when no track is tagged). */
  audioLanguages: string;
  /** The file's `languages` names as Radarr parsed them from the release. */
  languages: string[];
  quality: string;
}

export interface AddMovie {
  title: string | null;
  year?: number;
  imdbId?: string | null;
  tmdbId?: number;
  path?: string;
  monitored?: boolean;
  /** Tag labels, created in `/tag` as needed. */
  tags?: string[];
  originalTitle?: string | null;
  alternateTitles?: FakeAlternativeTitle[];
}

export interface MovieFileChanges {
  size?: number;
  subtitles?: string | null;
  audioLanguages?: string;
  languages?: string[];
  sceneName?: string | null;
  releaseGroup?: string | null;
  relativePath?: string;
}

export interface FakeRadarrOptions {
  apiKey?: string;
  /** Reported by `/system/status`; the API path is `/api/v3` in every version. */
  version?: string;
  now?: () => Date;
}

/** Ways a real Radarr has answered `200` with less than it holds; the library stays the same. */
export interface RadarrLies {
  /**
   * `empty`: `/movie` answers `[]`; `no-movie-file`: movies keep `hasFile`/`movieFileId`/statistics
   * but lose the embedded `movieFile`; `statistics-only`: only `statistics.movieFileCount` still
   * tells that a movie has a file.
   */
  movies?: "empty" | "no-movie-file" | "statistics-only";
}

export interface FakeRadarr extends ArrFakeControls {
  /** Makes the answers lie until called again with `{}`. */
  lie(lies: RadarrLies): void;
  readonly movies: ReadonlyMap<number, FakeMovie>;
  readonly movieFiles: ReadonlyMap<number, FakeMovieFile>;
  addMovie(init: AddMovie): FakeMovie;
  addMovieFile(movieId: number, changes?: MovieFileChanges): FakeMovieFile;
  /** Upgrade: old row deleted, new id and dateAdded. */
  upgradeFile(fileId: number, changes?: MovieFileChanges): FakeMovieFile;
  /** Rename: same id and dateAdded. */
  renameFile(fileId: number, relativePath: string): FakeMovieFile;
  /** Rescan after an outside replacement: same id and dateAdded, new size. */
  resizeFile(fileId: number, size: number, subtitles?: string | null): FakeMovieFile;
  deleteFile(fileId: number): void;
  deleteMovie(movieId: number): void;
  setMonitored(movieId: number, monitored: boolean): void;
  /** Replaces a movie's tags by these labels. */
  tagMovie(movieId: number, labels: string[]): void;
  /** `count` movies, every `withoutFileEvery`-th one without a file. */
  generateLibrary(options: { count: number; withoutFileEvery?: number; subtitles?: string | null }): void;
}

export async function startFakeRadarr(options: FakeRadarrOptions = {}): Promise<FakeRadarr> {
  const apiKey = options.apiKey ?? "fedcba9876543210fedcba9876543210";
  const version = options.version ?? "5.14.0.9383";
  const now = options.now ?? minuteClock();
  const movies = new Map<number, FakeMovie>();
  const files = new Map<number, FakeMovieFile>();
  let nextMovieId = 1;
  let nextFileId = 1;
  let lies: RadarrLies = {};
  const tags = createArrTags();

  const mustMovie = (id: number) => {
    const m = movies.get(id);
    if (!m) throw new Error(`fake radarr: no movie ${id}`);
    return m;
  };
  const mustFile = (id: number) => {
    const f = files.get(id);
    if (!f) throw new Error(`fake radarr: no movie file ${id}`);
    return f;
  };

  function movieFileResource(f: FakeMovieFile) {
    const movie = mustMovie(f.movieId);
    return {
      id: f.id,
      movieId: f.movieId,
      relativePath: f.relativePath,
      path: `${movie.path}/${f.relativePath}`,
      size: f.size,
      dateAdded: arrTimestamp(f.dateAdded),
      sceneName: f.sceneName,
      releaseGroup: f.releaseGroup,
      edition: "",
      languages: f.languages.map((name, i) => ({ id: i + 1, name })),
      quality: {
        quality: { id: 7, name: f.quality, source: "bluray", resolution: 1080, modifier: "none" },
        revision: { version: 1, real: 0, isRepack: false },
      },
      customFormats: [],
      customFormatScore: 0,
      indexerFlags: 0,
      mediaInfo:
        f.subtitles === null
          ? null
          : {
              audioBitrate: 640000,
              audioChannels: 5.1,
              audioCodec: "AC3",
              audioLanguages: f.audioLanguages,
              audioStreamCount: Math.max(1, f.audioLanguages.split("/").length),
              videoBitDepth: 8,
              videoBitrate: 0,
              videoCodec: "x264",
              videoFps: 23.976,
              videoDynamicRange: "",
              videoDynamicRangeType: "",
              resolution: "1920x1080",
              runTime: "2:16:00",
              scanType: "Progressive",
              subtitles: f.subtitles,
            },
      qualityCutoffNotMet: false,
    };
  }

  function movieResource(m: FakeMovie) {
    const file = m.movieFileId > 0 ? files.get(m.movieFileId) : undefined;
    const size = file?.size ?? 0;
    return {
      id: m.id,
      title: m.title,
      originalTitle: m.originalTitle,
      originalLanguage: { id: 1, name: "English" },
      alternateTitles: m.alternateTitles.map((t) => ({
        sourceType: t.sourceType ?? "tmdb",
        movieMetadataId: m.id,
        title: t.title,
        cleanTitle:
          t.title
            ?.normalize("NFKD")
            .replace(/[\u0300-\u036f]/g, "")
            .toLowerCase()
            .replace(/[^a-z0-9]/g, "") ?? null,
      })),
      secondaryYearSourceId: 0,
      sortTitle: m.title?.toLowerCase() ?? null,
      sizeOnDisk: size,
      status: "released",
      overview: `${m.title ?? ""} overview`,
      inCinemas: arrTimestamp(new Date(Date.UTC(m.year, 2, 31))),
      images: [],
      website: "",
      year: m.year,
      youTubeTrailerId: "",
      studio: "Studio",
      path: m.path,
      qualityProfileId: 1,
      hasFile: file !== undefined && lies.movies !== "statistics-only",
      movieFileId: file && lies.movies !== "statistics-only" ? file.id : 0,
      monitored: m.monitored,
      minimumAvailability: "released",
      isAvailable: true,
      folderName: m.path,
      runtime: 120,
      cleanTitle: m.title?.toLowerCase().replace(/[^a-z0-9]/g, "") ?? null,
      imdbId: m.imdbId,
      tmdbId: m.tmdbId,
      titleSlug: String(m.tmdbId),
      rootFolderPath: "/movies/",
      genres: [],
      keywords: [],
      tags: m.tags,
      added: arrTimestamp(m.added),
      ratings: { tmdb: { votes: 100, value: 7.5, type: "user" } },
      movieFile: file && lies.movies === undefined ? movieFileResource(file) : null,
      popularity: 10,
      statistics: {
        movieFileCount: file ? 1 : 0,
        sizeOnDisk: size,
        releaseGroups: file?.releaseGroup ? [file.releaseGroup] : [],
      },
    };
  }

  function route(req: Request, url: URL): Response {
    if (req.method !== "GET") return new Response(null, { status: 405 });
    const path = url.pathname.slice("/api/v3".length);
    if (path === "/system/status") {
      return json({
        appName: "Radarr",
        instanceName: "Radarr",
        version,
        buildTime: "2025-03-01T00:00:00Z",
        isDebug: false,
        isProduction: true,
        startupPath: "/app/radarr/bin",
        appData: "/config",
        osName: "ubuntu",
        isLinux: true,
        isDocker: true,
        branch: "master",
        authentication: "forms",
        urlBase: "",
        runtimeVersion: "8.0.12",
        runtimeName: ".NET",
        startTime: "2025-03-02T10:00:00Z",
      });
    }
    const tagAnswer = tags.route(path);
    if (tagAnswer) return tagAnswer;
    if (path === "/movie") {
      const tmdbId = url.searchParams.get("tmdbId");
      const list = [...movies.values()].filter((m) => tmdbId === null || String(m.tmdbId) === tmdbId);
      return json(lies.movies === "empty" ? [] : list.map(movieResource));
    }
    let match = /^\/movie\/(\d+)$/.exec(path);
    if (match) {
      const m = movies.get(Number(match[1]));
      return m ? json(movieResource(m)) : notFound("Movie", Number(match[1]));
    }
    if (path === "/moviefile") {
      const movieIds = intParams(url, "movieId");
      const fileIds = intParams(url, "movieFileIds");
      if (movieIds.length > 0) {
        const wanted = new Set(movieIds);
        return json([...files.values()].filter((f) => wanted.has(f.movieId)).map(movieFileResource));
      }
      if (fileIds.length > 0) {
        return json(fileIds.flatMap((id) => (files.has(id) ? [movieFileResource(mustFile(id))] : [])));
      }
      return badRequest("movieId or movieFileIds must be provided");
    }
    match = /^\/moviefile\/(\d+)$/.exec(path);
    if (match) {
      const f = files.get(Number(match[1]));
      return f ? json(movieFileResource(f)) : notFound("MovieFile", Number(match[1]));
    }
    return new Response(null, { status: 404 });
  }

  const controls = startArrServer({ apiKey, route });

  function addMovie(init: AddMovie): FakeMovie {
    const id = nextMovieId++;
    const year = init.year ?? 2010;
    const m: FakeMovie = {
      id,
      title: init.title,
      originalTitle: init.originalTitle === undefined ? init.title : init.originalTitle,
      alternateTitles: [...(init.alternateTitles ?? [])],
      year,
      path: init.path ?? `/movies/${init.title ?? `Movie ${id}`} (${year})`,
      imdbId: init.imdbId === undefined ? `tt${String(2_000_000 + id)}` : init.imdbId,
      tmdbId: init.tmdbId ?? 10_000 + id,
      added: now(),
      movieFileId: 0,
      monitored: init.monitored ?? true,
      tags: (init.tags ?? []).map((label) => tags.idOf(label)),
    };
    movies.set(id, m);
    return m;
  }

  function removeFile(fileId: number): FakeMovieFile {
    const f = mustFile(fileId);
    files.delete(fileId);
    const m = movies.get(f.movieId);
    if (m && m.movieFileId === fileId) m.movieFileId = 0;
    return f;
  }

  function addMovieFile(movieId: number, changes: MovieFileChanges = {}): FakeMovieFile {
    const m = mustMovie(movieId);
    if (m.movieFileId > 0) removeFile(m.movieFileId);
    const f: FakeMovieFile = {
      id: nextFileId++,
      movieId,
      relativePath: changes.relativePath ?? `${m.title ?? "Movie"} (${m.year}) Bluray-1080p.mkv`,
      size: changes.size ?? 8_000_000_000 + movieId,
      dateAdded: now(),
      sceneName:
        changes.sceneName === undefined
          ? `${(m.title ?? "Movie").replace(/ /g, ".")}.${m.year}.1080p.BluRay.x264-FGT`
          : changes.sceneName,
      releaseGroup: changes.releaseGroup === undefined ? "FGT" : changes.releaseGroup,
      subtitles: changes.subtitles === undefined ? "eng" : changes.subtitles,
      audioLanguages: changes.audioLanguages ?? "eng",
      languages: changes.languages ?? ["English"],
      quality: "Bluray-1080p",
    };
    files.set(f.id, f);
    m.movieFileId = f.id;
    return f;
  }

  function upgradeFile(fileId: number, changes: MovieFileChanges = {}): FakeMovieFile {
    const old = removeFile(fileId);
    const f: FakeMovieFile = {
      ...old,
      ...changes,
      id: nextFileId++,
      dateAdded: now(),
      size: changes.size ?? old.size + 1,
      relativePath: changes.relativePath ?? old.relativePath.replace("Bluray-1080p", "Remux-2160p"),
      quality: "Remux-2160p",
    };
    files.set(f.id, f);
    mustMovie(f.movieId).movieFileId = f.id;
    return f;
  }

  return {
    ...controls,
    lie: (next) => {
      lies = { ...next };
    },
    movies,
    movieFiles: files,
    addMovie,
    addMovieFile,
    upgradeFile,
    renameFile(fileId, relativePath) {
      const f = mustFile(fileId);
      f.relativePath = relativePath;
      return f;
    },
    resizeFile(fileId, size, subtitles) {
      const f = mustFile(fileId);
      f.size = size;
      if (subtitles !== undefined) f.subtitles = subtitles;
      return f;
    },
    deleteFile: (fileId) => {
      removeFile(fileId);
    },
    setMonitored(movieId, monitored) {
      mustMovie(movieId).monitored = monitored;
    },
    tagMovie(movieId, labels) {
      mustMovie(movieId).tags = labels.map((label) => tags.idOf(label));
    },
    deleteMovie(movieId) {
      const m = mustMovie(movieId);
      if (m.movieFileId > 0) removeFile(m.movieFileId);
      movies.delete(movieId);
    },
    generateLibrary({ count, withoutFileEvery, subtitles }) {
      for (let i = 0; i < count; i++) {
        const m = addMovie({ title: `Generated Movie ${i + 1}`, year: 1980 + (i % 45) });
        if (withoutFileEvery && (i + 1) % withoutFileEvery === 0) continue;
        addMovieFile(m.id, { subtitles: subtitles === undefined ? "eng" : subtitles });
      }
    },
  };
}
