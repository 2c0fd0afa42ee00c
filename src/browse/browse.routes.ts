import { basename, dirname } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { MountGuard } from "../media/mount-guard.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import { HistoryEntrySchema } from "../wanted/history.routes.ts";
import { historyOfFile } from "../wanted/history-store.ts";
import {
  itemsOfFiles,
  type LibraryFileRow,
  libraryFile,
  listMovies,
  listSeries,
  seriesFiles,
  seriesOverrideId,
  standaloneShowFiles,
  wantedRecord,
} from "../wanted/store/index.ts";
import { explainerFor } from "../wanted/wanted.routes.ts";
import { IdParamSchema, WantedItemSchema, WantedReasonSchema } from "../wanted/wanted.schemas.ts";
import { toWantedDetail } from "../wanted/wanted-view.ts";
import {
  LibraryFileSchema,
  MovieListQuerySchema,
  MoviePageSchema,
  SeriesDetailSchema,
  SeriesListQuerySchema,
  SeriesPageSchema,
  SeriesParamsSchema,
  StandaloneShowParamsSchema,
} from "./browse.schemas.ts";
import { examples } from "./examples.ts";
import { fileView, sidecarPrefixes } from "./file-view.ts";
import { profileOriginOf } from "./library-profile.ts";
import { standaloneShowKey, titleOfShowKey } from "./show-key.ts";

export interface BrowseRouteDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  /** Asked before a video's folder is read (on a share that does not answer, the read would block). */
  mounts: MountGuard;
  scheduler: { nextRun(name: string): string | null };
}

const tags = ["Library"];

/** The subtitle folder beside the video as spelt on disk (`subs/`), when one of its sidecars is in one. */
function subtitleFolderOf(videoPath: string, sidecars: readonly { path: string }[]): string | null {
  const videoFolder = dirname(videoPath);
  const inFolder = sidecars.find((s) => dirname(dirname(s.path)) === videoFolder);
  return inFolder ? basename(dirname(inFolder.path)) : null;
}

const listSeriesRoute = createRoute({
  method: "get",
  path: "/library/series",
  operationId: "listLibrarySeries",
  tags,
  summary: "Series as Subhound sees them, with counts",
  description:
    "Sonarr series whose files the scans stored and standalone shows (episode files of standalone folders grouped by the title in their file names), one page, sorted and filtered alike, each with its seasons, episodes, files and how many wanted subtitles are missing (`wanted`) or there (`have`). `key` names the show in its detail route.",
  request: { query: SeriesListQuerySchema },
  responses: {
    200: jsonResponse(SeriesPageSchema, "A page of series", {
      items: [examples.series, examples.standaloneShow],
      page: 1,
      pageSize: 50,
      total: 2,
    }),
    ...problems(400, 401),
  },
});

const getSeriesRoute = createRoute({
  method: "get",
  path: "/library/series/{instance}/{seriesId}",
  operationId: "getLibrarySeries",
  tags,
  summary: "One series: seasons, episode files, their subtitles and wanted items",
  description:
    "Sidecars are read from disk now; embedded streams come from the last probe. `ownedBySubhound` compares sizes here; GET /library/files/{id} compares hashes.",
  request: { params: SeriesParamsSchema },
  responses: {
    200: jsonResponse(SeriesDetailSchema, "The series", {
      ...examples.series,
      seasons: [{ season: 1, files: [examples.file], wanted: 1, have: 1, ignored: 0 }],
    }),
    ...problems(400, 401, 404),
  },
});

const getStandaloneShowRoute = createRoute({
  method: "get",
  path: "/library/shows/standalone/{key}",
  operationId: "getLibraryStandaloneShow",
  tags,
  summary: "One standalone show: seasons, episode files, their subtitles and wanted items",
  description:
    "Episode files of standalone folders whose file names give this title (`key` from GET /library/series), shaped like a Sonarr series. `seriesId`, `overrideId` and the external ids are null: profile overrides are per Sonarr series and do not apply here.",
  request: { params: StandaloneShowParamsSchema },
  responses: {
    200: jsonResponse(SeriesDetailSchema, "The show", {
      ...examples.standaloneShow,
      seasons: [{ season: 2, files: [examples.standaloneFile], wanted: 1, have: 0, ignored: 0 }],
    }),
    ...problems(400, 401, 404),
  },
});

const listMoviesRoute = createRoute({
  method: "get",
  path: "/library/movies",
  operationId: "listLibraryMovies",
  tags,
  summary: "Movies as Subhound sees them, each with its file and subtitles",
  request: { query: MovieListQuerySchema },
  responses: {
    200: jsonResponse(MoviePageSchema, "A page of movies", {
      items: [examples.movie],
      page: 1,
      pageSize: 50,
      total: 1,
    }),
    ...problems(400, 401),
  },
});

const FileDetailSchema = LibraryFileSchema.extend({
  kind: z.enum(["episode", "movie"]),
  source: z.enum(["sonarr", "radarr", "standalone"]),
  instance: z.string(),
  seriesId: z.number().int().nullable(),
  movieId: z.number().int().nullable(),
  year: z.number().int().nullable(),
  wanted: z.array(WantedItemSchema).openapi({ description: "Its wanted items in full, each saying why" }),
  notWanted: z
    .array(
      z.object({
        language: z.string(),
        languageName: z.string(),
        variant: z.enum(["full", "forced"]),
        reason: WantedReasonSchema,
      }),
    )
    .openapi({
      description:
        "Languages × variants the file's profile names but this file does not want, and why: an unmonitored or special file (monitoredOnly, skipSpecials), an audio rule, or the profile's cutoff met by another language",
    }),
  history: z
    .array(HistoryEntrySchema)
    .openapi({ description: "What Subhound saved or deleted for this file, newest first (at most 100)" }),
}).openapi("LibraryFileDetail");

const getFileRoute = createRoute({
  method: "get",
  path: "/library/files/{id}",
  operationId: "getLibraryFile",
  tags,
  summary: "One video file: sidecars (whose they are), embedded streams, wanted items, history",
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(FileDetailSchema, "The file", examples.fileDetail),
    ...problems(400, 401, 404),
  },
});

/** Each file's folder: null when it may be read now, else why not (mount-guard.ts). */
async function folderSilences(mounts: MountGuard, files: readonly LibraryFileRow[]) {
  const answers = await mounts.checkAll(files.map((f) => dirname(f.path)));
  return (file: LibraryFileRow) => answers.get(dirname(file.path)) ?? null;
}

/** A show's files as seasons with their counts (Sonarr series and standalone shows alike). */
async function showDetail({ db, mounts }: Pick<BrowseRouteDeps, "db" | "mounts">, files: LibraryFileRow[]) {
  const items = itemsOfFiles(
    db.db,
    files.map((f) => f.id),
  );
  const finder = createSidecarFinder();
  const silence = await folderSilences(mounts, files);
  const views = await Promise.all(
    files.map((f) => fileView(db.db, finder, f, items.get(f.id) ?? [], "size", silence(f))),
  );
  const tally = (list: typeof views) => {
    const all = list.flatMap((v) => v.items);
    return {
      wanted: all.filter((i) => ["wanted", "searching", "not_found", "failed"].includes(i.status)).length,
      have: all.filter((i) => i.status === "resolved" || i.status === "found").length,
      ignored: all.filter((i) => i.status === "ignored").length,
    };
  };
  const seasons = new Map<number | null, typeof views>();
  for (const view of views) seasons.set(view.season, [...(seasons.get(view.season) ?? []), view]);
  const first = files[0]!;
  return {
    title: first.title,
    year: first.year,
    tvdbId: first.tvdbId,
    imdbId: first.imdbId,
    episodes: views.reduce((n, v) => n + v.episodes.length, 0),
    files: views.length,
    ...tally(views),
    seasons: [...seasons].map(([season, list]) => ({ season, files: list, ...tally(list) })),
  };
}

const defaultOrder = (sort: string): "asc" | "desc" => (sort === "title" || sort === "year" ? "asc" : "desc");

export const browseRouter = createRouter<BrowseRouteDeps>()
  .openapi(listSeriesRoute, (c) => {
    const query = c.req.valid("query");
    const { items, total } = listSeries(c.get("deps").db, {
      ...query,
      order: query.order ?? defaultOrder(query.sort),
    });
    const deps = c.get("deps");
    const shows = items.map((s) => ({
      ...s,
      key: s.seriesId === null ? standaloneShowKey(s.title) : String(s.seriesId),
      profile: profileOriginOf(deps, { ...s, movieId: null }),
    }));
    return c.json({ items: shows, page: query.page, pageSize: query.pageSize, total }, 200);
  })
  .openapi(getSeriesRoute, async (c) => {
    const { instance, seriesId } = c.req.valid("param");
    const { db } = c.get("deps");
    const files = seriesFiles(db.db, instance, seriesId);
    if (files.length === 0) throw new ApiError(404, `no series ${seriesId} in instance "${instance}"`);
    const show = await showDetail(c.get("deps"), files);
    return c.json(
      {
        ...show,
        source: "sonarr" as const,
        key: String(seriesId),
        instance,
        seriesId,
        overrideId: seriesOverrideId(db.db, instance, seriesId),
        profile: profileOriginOf(c.get("deps"), { source: "sonarr", instance, seriesId, movieId: null }),
      },
      200,
    );
  })
  .openapi(getStandaloneShowRoute, async (c) => {
    const { key } = c.req.valid("param");
    const { db } = c.get("deps");
    const title = titleOfShowKey(key);
    const files = title === null ? [] : standaloneShowFiles(db.db, "standalone", title);
    if (files.length === 0) throw new ApiError(404, `no standalone show with the key "${key}"`);
    const show = await showDetail(c.get("deps"), files);
    return c.json(
      {
        ...show,
        source: "standalone" as const,
        key,
        instance: "standalone",
        seriesId: null,
        overrideId: null,
        profile: { via: "default" as const },
      },
      200,
    );
  })
  .openapi(listMoviesRoute, async (c) => {
    const query = c.req.valid("query");
    const { db } = c.get("deps");
    const { items, total } = listMovies(db, {
      ...query,
      order: query.order ?? defaultOrder(query.sort),
    });
    const files = items.map((m) => libraryFile(db.db, m.id)!);
    const itemRows = itemsOfFiles(
      db.db,
      files.map((f) => f.id),
    );
    const finder = createSidecarFinder();
    const silence = await folderSilences(c.get("deps").mounts, files);
    const movies = await Promise.all(
      items.map(async (m, i) => ({
        instance: m.instance,
        source: m.source as "radarr" | "standalone",
        movieId: m.movieId,
        year: m.year,
        imdbId: m.imdbId,
        wanted: m.wanted,
        have: m.have,
        ignored: m.ignored,
        overrideId: m.overrideId,
        profile: profileOriginOf(c.get("deps"), { ...m, seriesId: null }),
        file: await fileView(db.db, finder, files[i]!, itemRows.get(m.id) ?? [], "size", silence(files[i]!)),
      })),
    );
    return c.json({ items: movies, page: query.page, pageSize: query.pageSize, total }, 200);
  })
  .openapi(getFileRoute, async (c) => {
    const { id } = c.req.valid("param");
    const deps = c.get("deps");
    const file = libraryFile(deps.db.db, id);
    if (!file) throw new ApiError(404, `media file ${id} does not exist`);
    const items = itemsOfFiles(deps.db.db, [id]).get(id) ?? [];
    const silence = await folderSilences(deps.mounts, [file]);
    const view = await fileView(deps.db.db, createSidecarFinder(), file, items, "hash", silence(file));
    const explain = explainerFor(deps);
    const wanted = items.flatMap((i) => {
      const record = wantedRecord(deps.db, i.id);
      if (!record) return [];
      const { file: _file, ...item } = toWantedDetail(record, explain);
      return [item];
    });
    return c.json(
      {
        ...view,
        kind: file.kind as "episode" | "movie",
        source: file.source as "sonarr" | "radarr" | "standalone",
        instance: file.instance,
        seriesId: file.seriesId,
        movieId: file.movieId,
        year: file.year,
        wanted,
        notWanted: explain.notWanted({
          source: file.source as "sonarr" | "radarr" | "standalone",
          instance: file.instance,
          seriesId: file.seriesId,
          movieId: file.movieId,
          season: file.season,
          subtitlesJson: file.subtitlesJson,
        }),
        history: historyOfFile(
          deps.db.db,
          items.map((i) => i.id),
          sidecarPrefixes(file.path, subtitleFolderOf(file.path, view.sidecars) ?? deps.config.naming.folder),
        ),
      },
      200,
    );
  });
