import {
  type ArrFakeControls,
  arrTimestamp,
  badRequest,
  intParam,
  intParams,
  json,
  minuteClock,
  notFound,
  startArrServer,
} from "./arr-server.ts";
import { createArrTags } from "./arr-tags.ts";

/**
 * A protocol-faithful Sonarr (external-apis.md §1) with a library tests can change: v4 shapes
 * by default, Sonarr v3 app shapes (`language` instead of `languages[]`, no tmdbId) on request.
 */

/**
 * An entry of a series' `alternateTitles` (AlternateTitleResource, from Sonarr's scene mappings):
 * a season of -1 or none is every season; nulls are omitted, so any field may be absent.
 */
export interface FakeAlternateTitle {
  title?: string | null;
  seasonNumber?: number | null;
  sceneSeasonNumber?: number | null;
  sceneOrigin?: string | null;
  comment?: string | null;
}

export interface FakeSeries {
  id: number;
  /** null: left out of the resource, as Sonarr omits nulls (the spec marks `title` nullable). */
  title: string | null;
  /** Sent as `alternateTitles`, in this order; [] by default. */
  alternateTitles: FakeAlternateTitle[];
  year: number;
  path: string;
  tvdbId: number;
  imdbId: string | null;
  tmdbId: number | null;
  seriesType: "standard" | "daily" | "anime";
  added: Date;
  tags: number[];
  monitored: boolean;
  /** Seasons whose `monitored` differs from the default (specials off, the others on). */
  seasonMonitored: Map<number, boolean>;
}

export interface FakeEpisode {
  id: number;
  seriesId: number;
  seasonNumber: number;
  episodeNumber: number;
  title: string;
  /** 0 when the episode has no file. */
  episodeFileId: number;
  tvdbId: number;
  monitored: boolean;
  /** Sonarr's absolute number (anime); omitted from the resource when unset, as Sonarr omits nulls. */
  absoluteEpisodeNumber?: number;
}

export interface FakeEpisodeFile {
  id: number;
  seriesId: number;
  seasonNumber: number;
  relativePath: string;
  size: number;
  dateAdded: Date;
  sceneName: string | null;
  releaseGroup: string | null;
  /** `mediaInfo.subtitles`; null = file not probed yet, so `mediaInfo` is omitted. */
  subtitles: string | null;
  /** `mediaInfo.audioLanguages`, `/`-joined ISO 639-2 ("eng/jpn"; "" when no track is tagged). */
  audioLanguages: string;
  /** The file's `languages` names as Sonarr parsed them (v3 sends the first as `language`). */
  languages: string[];
  quality: string;
}

export interface AddSeries {
  title: string | null;
  year?: number;
  tvdbId?: number;
  imdbId?: string | null;
  tmdbId?: number | null;
  seriesType?: FakeSeries["seriesType"];
  path?: string;
  monitored?: boolean;
  /** Tag labels, created in `/tag` as needed. */
  tags?: string[];
  alternateTitles?: FakeAlternateTitle[];
}

export interface AddEpisodeFile {
  season: number;
  /** Episode numbers; missing episodes are created. Several numbers make a multi-episode file. */
  episodes: number[];
  size?: number;
  subtitles?: string | null;
  audioLanguages?: string;
  languages?: string[];
  sceneName?: string | null;
  releaseGroup?: string | null;
  relativePath?: string;
  /** Absolute numbers of the episodes, in the same order (anime). */
  absolute?: number[];
}

export interface FileChanges {
  size?: number;
  subtitles?: string | null;
  sceneName?: string | null;
  releaseGroup?: string | null;
  relativePath?: string;
}

export interface FakeSonarrOptions {
  apiKey?: string;
  /** `v3` serves Sonarr v3 app shapes (version 3.0.10). */
  version?: "v3" | "v4";
  /** Clock for `dateAdded`; defaults to a fixed start advancing one minute per read. */
  now?: () => Date;
}

/**
 * Ways a real Sonarr has been seen to answer `200` with less than it holds (a half-started
 * instance, a database hiccup): the library stays the same, only the answers lie.
 */
export interface SonarrLies {
  /** `/series` answers `[]`. */
  series?: "empty";
  /** `/episodefile?seriesId=` answers `[]` for every series. */
  episodeFiles?: "empty";
  /** `/episode?seriesId=` shows no episode with a file (series statistics still count them). */
  episodes?: "no-files";
}

export interface FakeSonarr extends ArrFakeControls {
  /** Makes the answers lie until called again with `{}`. */
  lie(lies: SonarrLies): void;
  version: "v3" | "v4";
  readonly series: ReadonlyMap<number, FakeSeries>;
  readonly episodeFiles: ReadonlyMap<number, FakeEpisodeFile>;
  episodesOf(seriesId: number): FakeEpisode[];
  addSeries(init: AddSeries): FakeSeries;
  addEpisode(seriesId: number, season: number, episode: number, title?: string): FakeEpisode;
  addEpisodeFile(seriesId: number, init: AddEpisodeFile): FakeEpisodeFile;
  /** Upgrade import: the old row is deleted and a new row with a new id and dateAdded replaces it. */
  upgradeFile(fileId: number, changes?: FileChanges): FakeEpisodeFile;
  /** Rename: same id and dateAdded, new relativePath (and so path). */
  renameFile(fileId: number, relativePath: string): FakeEpisodeFile;
  /** Disk rescan after an outside replacement: same id and dateAdded, new size (and mediaInfo). */
  resizeFile(fileId: number, size: number, subtitles?: string | null): FakeEpisodeFile;
  deleteFile(fileId: number): void;
  deleteSeries(seriesId: number): void;
  setSeriesMonitored(seriesId: number, monitored: boolean): void;
  /** As Sonarr's season toggle does: the season and every episode in it follow. */
  setSeasonMonitored(seriesId: number, season: number, monitored: boolean): void;
  setEpisodeMonitored(episodeId: number, monitored: boolean): void;
  /** Replaces a series' tags by these labels. */
  tagSeries(seriesId: number, labels: string[]): void;
  /** `seriesCount` series sharing `episodes` episodes, each with its own file; cheap for thousands. */
  generateLibrary(options: {
    seriesCount: number;
    episodes: number;
    seasons?: number;
    subtitles?: string | null;
  }): void;
}

const pad = (n: number) => String(n).padStart(2, "0");

export async function startFakeSonarr(options: FakeSonarrOptions = {}): Promise<FakeSonarr> {
  const version = options.version ?? "v4";
  const apiKey = options.apiKey ?? "0123456789abcdef0123456789abcdef";
  const now = options.now ?? minuteClock();
  const series = new Map<number, FakeSeries>();
  const episodes = new Map<number, FakeEpisode[]>();
  const files = new Map<number, FakeEpisodeFile>();
  const filesBySeries = new Map<number, Set<number>>();
  let nextSeriesId = 1;
  let nextEpisodeId = 1;
  let nextFileId = 1;
  let lies: SonarrLies = {};
  const tags = createArrTags();
  const seasonMonitored = (s: FakeSeries, n: number) => s.seasonMonitored.get(n) ?? n > 0;

  const mustSeries = (id: number) => {
    const s = series.get(id);
    if (!s) throw new Error(`fake sonarr: no series ${id}`);
    return s;
  };
  const mustFile = (id: number) => {
    const f = files.get(id);
    if (!f) throw new Error(`fake sonarr: no episode file ${id}`);
    return f;
  };

  function seriesResource(s: FakeSeries) {
    const own = [...(filesBySeries.get(s.id) ?? [])].map((id) => mustFile(id));
    const eps = episodes.get(s.id) ?? [];
    const seasonNumbers = [...new Set(eps.map((e) => e.seasonNumber))].sort((a, b) => a - b);
    const stats = (list: FakeEpisodeFile[], epList: FakeEpisode[]) => ({
      // As Sonarr's SeriesStatisticsRepository counts it: episodes with a file, so a multi-episode
      // file counts once per episode (`SUM(CASE WHEN EpisodeFileId > 0 THEN 1 ELSE 0 END)`).
      episodeFileCount: epList.filter((e) => e.episodeFileId > 0).length,
      episodeCount: epList.filter((e) => e.episodeFileId > 0).length,
      totalEpisodeCount: epList.length,
      sizeOnDisk: list.reduce((sum, f) => sum + f.size, 0),
      releaseGroups: [...new Set(list.map((f) => f.releaseGroup).filter((g): g is string => !!g))],
      percentOfEpisodes:
        epList.length === 0 ? 0 : (100 * epList.filter((e) => e.episodeFileId > 0).length) / epList.length,
    });
    return {
      id: s.id,
      title: s.title,
      alternateTitles: s.alternateTitles.map((t) => ({ ...t })),
      sortTitle: s.title?.toLowerCase() ?? null,
      status: "continuing",
      ended: false,
      overview: `${s.title ?? ""} overview`,
      network: "HBO",
      images: [],
      originalLanguage: version === "v4" ? { id: 1, name: "English" } : null,
      seasons: seasonNumbers.map((n) => ({
        seasonNumber: n,
        monitored: seasonMonitored(s, n),
        statistics: stats(
          own.filter((f) => f.seasonNumber === n),
          eps.filter((e) => e.seasonNumber === n),
        ),
      })),
      year: s.year,
      path: s.path,
      qualityProfileId: 1,
      languageProfileId: 1,
      seasonFolder: true,
      monitored: s.monitored,
      monitorNewItems: version === "v4" ? "all" : null,
      useSceneNumbering: false,
      runtime: 45,
      tvdbId: s.tvdbId,
      tvRageId: 0,
      tvMazeId: 0,
      tmdbId: version === "v4" ? s.tmdbId : null,
      firstAired: arrTimestamp(new Date(Date.UTC(s.year, 0, 1))),
      seriesType: s.seriesType,
      cleanTitle: s.title?.toLowerCase().replace(/[^a-z0-9]/g, "") ?? null,
      imdbId: s.imdbId,
      titleSlug: s.title?.toLowerCase().replace(/[^a-z0-9]+/g, "-") ?? null,
      rootFolderPath: "/tv/",
      genres: [],
      tags: s.tags,
      added: arrTimestamp(s.added),
      ratings: { votes: 0, value: 0 },
      statistics: { seasonCount: seasonNumbers.filter((n) => n > 0).length, ...stats(own, eps) },
    };
  }

  function episodeFileResource(f: FakeEpisodeFile) {
    const s = mustSeries(f.seriesId);
    const mediaInfo =
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
            runTime: "45:00",
            scanType: "Progressive",
            subtitles: f.subtitles,
          };
    const quality = {
      quality: { id: 3, name: f.quality, source: "web", resolution: 1080 },
      revision: { version: 1, real: 0, isRepack: false },
    };
    const common = {
      id: f.id,
      seriesId: f.seriesId,
      seasonNumber: f.seasonNumber,
      relativePath: f.relativePath,
      path: `${s.path}/${f.relativePath}`,
      size: f.size,
      dateAdded: arrTimestamp(f.dateAdded),
      sceneName: f.sceneName,
      releaseGroup: f.releaseGroup,
      quality,
      mediaInfo,
      qualityCutoffNotMet: false,
    };
    if (version === "v3")
      return {
        ...common,
        language: { id: 1, name: f.languages[0] ?? "Unknown" },
        languageCutoffNotMet: false,
      };
    const count = (episodes.get(f.seriesId) ?? []).filter((e) => e.episodeFileId === f.id).length;
    return {
      ...common,
      languages: f.languages.map((name, i) => ({ id: i + 1, name })),
      customFormats: [],
      customFormatScore: 0,
      indexerFlags: 0,
      releaseType: count > 1 ? "multiEpisode" : "singleEpisode",
    };
  }

  function episodeResource(e: FakeEpisode, includeFile: boolean, includeSeries: boolean) {
    const s = mustSeries(e.seriesId);
    const airDate = new Date(Date.UTC(s.year + e.seasonNumber - 1, 0, 1 + 7 * e.episodeNumber));
    const file = includeFile && e.episodeFileId > 0 ? files.get(e.episodeFileId) : undefined;
    return {
      id: e.id,
      seriesId: e.seriesId,
      tvdbId: e.tvdbId,
      episodeFileId: lies.episodes === "no-files" ? 0 : e.episodeFileId,
      seasonNumber: e.seasonNumber,
      episodeNumber: e.episodeNumber,
      ...(e.absoluteEpisodeNumber === undefined ? {} : { absoluteEpisodeNumber: e.absoluteEpisodeNumber }),
      title: e.title,
      airDate: airDate.toISOString().slice(0, 10),
      airDateUtc: arrTimestamp(airDate),
      runtime: 45,
      overview: `${e.title} overview`,
      hasFile: e.episodeFileId > 0 && lies.episodes !== "no-files",
      monitored: e.monitored,
      unverifiedSceneNumbering: false,
      episodeFile: file ? episodeFileResource(file) : null,
      series: includeSeries ? seriesResource(s) : null,
    };
  }

  const bool = (url: URL, name: string) => url.searchParams.get(name)?.toLowerCase() === "true";

  function route(req: Request, url: URL): Response {
    if (req.method !== "GET") return new Response(null, { status: 405 });
    const path = url.pathname.slice("/api/v3".length);
    if (path === "/system/status") {
      return json({
        appName: "Sonarr",
        instanceName: "Sonarr",
        version: version === "v4" ? "4.0.14.2939" : "3.0.10.1567",
        buildTime: "2025-03-01T00:00:00Z",
        isDebug: false,
        isProduction: true,
        isAdmin: false,
        isUserInteractive: false,
        startupPath: "/app/sonarr/bin",
        appData: "/config",
        osName: "ubuntu",
        isLinux: true,
        isDocker: true,
        mode: "console",
        branch: "main",
        authentication: "forms",
        sqliteVersion: "3.44.2",
        urlBase: "",
        runtimeVersion: "8.0.12",
        runtimeName: ".NET",
        startTime: "2025-03-02T10:00:00Z",
      });
    }
    const tagAnswer = tags.route(path);
    if (tagAnswer) return tagAnswer;
    if (path === "/series") {
      const tvdbId = intParam(url, "tvdbId");
      const list = [...series.values()].filter((s) => tvdbId === null || s.tvdbId === tvdbId);
      return json(lies.series === "empty" ? [] : list.map(seriesResource));
    }
    let m = /^\/series\/(\d+)$/.exec(path);
    if (m) {
      const s = series.get(Number(m[1]));
      return s ? json(seriesResource(s)) : notFound("Series", Number(m[1]));
    }
    if (path === "/episodefile") {
      const seriesId = intParam(url, "seriesId");
      const ids = intParams(url, "episodeFileIds");
      if (seriesId !== null) {
        if (!series.has(seriesId)) return notFound("Series", seriesId);
        const own = [...(filesBySeries.get(seriesId) ?? [])].map(mustFile);
        return json(lies.episodeFiles === "empty" ? [] : own.map(episodeFileResource));
      }
      if (ids.length > 0) {
        return json(ids.flatMap((id) => (files.has(id) ? [episodeFileResource(mustFile(id))] : [])));
      }
      return badRequest("seriesId or episodeFileIds must be provided");
    }
    m = /^\/episodefile\/(\d+)$/.exec(path);
    if (m) {
      const f = files.get(Number(m[1]));
      return f ? json(episodeFileResource(f)) : notFound("EpisodeFile", Number(m[1]));
    }
    if (path === "/episode") {
      const seriesId = intParam(url, "seriesId");
      const ids = intParams(url, "episodeIds");
      const fileId = intParam(url, "episodeFileId");
      const season = intParam(url, "seasonNumber");
      const includeFile = bool(url, "includeEpisodeFile");
      const includeSeries = bool(url, "includeSeries");
      let list: FakeEpisode[];
      if (seriesId !== null) {
        // Real Sonarr answers an unknown seriesId here with 200 [] (not 404, unlike /episodefile).
        list = (episodes.get(seriesId) ?? []).filter((e) => season === null || e.seasonNumber === season);
      } else if (ids.length > 0) {
        const wanted = new Set(ids);
        list = [...episodes.values()].flat().filter((e) => wanted.has(e.id));
      } else if (fileId !== null) {
        list = [...episodes.values()].flat().filter((e) => e.episodeFileId === fileId);
      } else {
        return badRequest("seriesId or episodeIds must be provided");
      }
      return json(list.map((e) => episodeResource(e, includeFile, includeSeries)));
    }
    m = /^\/episode\/(\d+)$/.exec(path);
    if (m) {
      const id = Number(m[1]);
      const e = [...episodes.values()].flat().find((x) => x.id === id);
      return e ? json(episodeResource(e, true, true)) : notFound("Episode", id);
    }
    return new Response(null, { status: 404 });
  }

  const controls = startArrServer({ apiKey, route });

  function addSeries(init: AddSeries): FakeSeries {
    const id = nextSeriesId++;
    const year = init.year ?? 2020;
    const s: FakeSeries = {
      id,
      title: init.title,
      alternateTitles: [...(init.alternateTitles ?? [])],
      year,
      path: init.path ?? `/tv/${init.title ?? `Series ${id}`} (${year})`,
      tvdbId: init.tvdbId ?? 100_000 + id,
      imdbId: init.imdbId === undefined ? `tt${String(1_000_000 + id)}` : init.imdbId,
      tmdbId: init.tmdbId === undefined ? 50_000 + id : init.tmdbId,
      seriesType: init.seriesType ?? "standard",
      added: now(),
      tags: (init.tags ?? []).map((label) => tags.idOf(label)),
      monitored: init.monitored ?? true,
      seasonMonitored: new Map(),
    };
    series.set(id, s);
    episodes.set(id, []);
    filesBySeries.set(id, new Set());
    return s;
  }

  function addEpisode(seriesId: number, season: number, episode: number, title?: string): FakeEpisode {
    mustSeries(seriesId);
    const list = episodes.get(seriesId) ?? [];
    const existing = list.find((e) => e.seasonNumber === season && e.episodeNumber === episode);
    if (existing) return existing;
    const id = nextEpisodeId++;
    const e: FakeEpisode = {
      id,
      seriesId,
      seasonNumber: season,
      episodeNumber: episode,
      title: title ?? `Episode ${episode}`,
      episodeFileId: 0,
      tvdbId: 900_000 + id,
      monitored: seasonMonitored(mustSeries(seriesId), season),
    };
    list.push(e);
    episodes.set(seriesId, list);
    return e;
  }

  function linkedEpisodes(fileId: number, seriesId: number): FakeEpisode[] {
    return (episodes.get(seriesId) ?? []).filter((e) => e.episodeFileId === fileId);
  }

  function insertFile(f: FakeEpisodeFile, linked: FakeEpisode[]) {
    files.set(f.id, f);
    filesBySeries.get(f.seriesId)?.add(f.id);
    for (const e of linked) e.episodeFileId = f.id;
  }

  function removeFile(fileId: number): FakeEpisode[] {
    const f = mustFile(fileId);
    const linked = linkedEpisodes(fileId, f.seriesId);
    for (const e of linked) e.episodeFileId = 0;
    files.delete(fileId);
    filesBySeries.get(f.seriesId)?.delete(fileId);
    return linked;
  }

  function addEpisodeFile(seriesId: number, init: AddEpisodeFile): FakeEpisodeFile {
    const s = mustSeries(seriesId);
    const linked = init.episodes.map((n) => addEpisode(seriesId, init.season, n));
    init.absolute?.forEach((absolute, i) => {
      if (linked[i]) linked[i].absoluteEpisodeNumber = absolute;
    });
    for (const e of linked) if (e.episodeFileId > 0) removeFile(e.episodeFileId);
    const marker = `S${pad(init.season)}${init.episodes.map((n) => `E${pad(n)}`).join("")}`;
    const f: FakeEpisodeFile = {
      id: nextFileId++,
      seriesId,
      seasonNumber: init.season,
      relativePath:
        init.relativePath ??
        `Season ${pad(init.season)}/${s.title ?? "Series"} - ${marker} - WEBDL-1080p.mkv`,
      size: init.size ?? 1_000_000_000 + (linked[0]?.id ?? 0),
      dateAdded: now(),
      sceneName:
        init.sceneName === undefined
          ? `${(s.title ?? "Series").replace(/ /g, ".")}.${marker}.1080p.WEB.h264-GRP`
          : init.sceneName,
      releaseGroup: init.releaseGroup === undefined ? "GRP" : init.releaseGroup,
      subtitles: init.subtitles === undefined ? "eng" : init.subtitles,
      audioLanguages: init.audioLanguages ?? "eng",
      languages: init.languages ?? ["English"],
      quality: "WEBDL-1080p",
    };
    insertFile(f, linked);
    return f;
  }

  function upgradeFile(fileId: number, changes: FileChanges = {}): FakeEpisodeFile {
    const old = mustFile(fileId);
    const linked = removeFile(fileId);
    const f: FakeEpisodeFile = {
      ...old,
      ...changes,
      id: nextFileId++,
      dateAdded: now(),
      size: changes.size ?? old.size + 1,
      relativePath: changes.relativePath ?? old.relativePath.replace(/WEBDL-1080p/, "Bluray-1080p"),
      quality: "Bluray-1080p",
    };
    insertFile(f, linked);
    return f;
  }

  function renameFile(fileId: number, relativePath: string): FakeEpisodeFile {
    const f = mustFile(fileId);
    f.relativePath = relativePath;
    return f;
  }

  function resizeFile(fileId: number, size: number, subtitles?: string | null): FakeEpisodeFile {
    const f = mustFile(fileId);
    f.size = size;
    if (subtitles !== undefined) f.subtitles = subtitles;
    return f;
  }

  function deleteSeries(seriesId: number) {
    for (const id of [...(filesBySeries.get(seriesId) ?? [])]) removeFile(id);
    series.delete(seriesId);
    episodes.delete(seriesId);
    filesBySeries.delete(seriesId);
  }

  function generateLibrary(opts: {
    seriesCount: number;
    episodes: number;
    seasons?: number;
    subtitles?: string | null;
  }) {
    const seasons = Math.max(1, opts.seasons ?? 1);
    const perSeries = Math.ceil(opts.episodes / opts.seriesCount);
    let left = opts.episodes;
    for (let i = 0; i < opts.seriesCount && left > 0; i++) {
      const s = addSeries({ title: `Generated Show ${i + 1}`, year: 2000 + (i % 25) });
      const count = Math.min(perSeries, left);
      left -= count;
      const perSeason = Math.ceil(count / seasons);
      for (let n = 0; n < count; n++) {
        addEpisodeFile(s.id, {
          season: 1 + Math.floor(n / perSeason),
          episodes: [1 + (n % perSeason)],
          subtitles: opts.subtitles === undefined ? "eng" : opts.subtitles,
        });
      }
    }
  }

  return {
    ...controls,
    lie: (next) => {
      lies = { ...next };
    },
    version,
    series,
    episodeFiles: files,
    episodesOf: (seriesId) => [...(episodes.get(seriesId) ?? [])],
    addSeries,
    addEpisode,
    addEpisodeFile,
    upgradeFile,
    renameFile,
    resizeFile,
    deleteFile: (fileId) => {
      removeFile(fileId);
    },
    deleteSeries,
    setSeriesMonitored(seriesId, monitored) {
      mustSeries(seriesId).monitored = monitored;
    },
    setSeasonMonitored(seriesId, season, monitored) {
      mustSeries(seriesId).seasonMonitored.set(season, monitored);
      for (const e of episodes.get(seriesId) ?? []) if (e.seasonNumber === season) e.monitored = monitored;
    },
    setEpisodeMonitored(episodeId, monitored) {
      const e = [...episodes.values()].flat().find((x) => x.id === episodeId);
      if (!e) throw new Error(`fake sonarr: no episode ${episodeId}`);
      e.monitored = monitored;
    },
    tagSeries(seriesId, labels) {
      mustSeries(seriesId).tags = labels.map((label) => tags.idOf(label));
    },
    generateLibrary,
  };
}
